"""Guidelines: the lines of a specialist's prompt version, and the edits that change them.

An edit adds a guideline for a *slot*, rewords a slot's guideline, or retires one;
`bot.learning.proposals` decides which edits the evidence asks for and
`bot.learning.writer` words them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.messages import learning_prompts as say

ADD, REWORD, RETIRE = "add", "reword", "retire"


@dataclass(frozen=True)
class Guideline:
    """One line of a prompt version, with where it came from."""

    text: str
    slot: str
    kind: str  # contrast, failure, feedback, routing, admin
    task_kind: str | None = None
    pattern: str | None = None
    confidence: float | None = None
    baseline: tuple[int, int] | None = None  # (rejected, runs) of its kind when added

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "slot": self.slot,
            "kind": self.kind,
            "task_kind": self.task_kind,
            "pattern": self.pattern,
            "confidence": self.confidence,
            "baseline": list(self.baseline) if self.baseline else None,
        }

    @classmethod
    def of(cls, value: Any) -> Guideline:
        if isinstance(value, str):
            return cls(text=value, slot=f"text:{value[:60]}", kind="admin")
        baseline = value.get("baseline")
        return cls(
            text=str(value.get("text", "")),
            slot=str(value.get("slot") or f"text:{str(value.get('text', ''))[:60]}"),
            kind=str(value.get("kind") or "admin"),
            task_kind=value.get("task_kind"),
            pattern=value.get("pattern"),
            confidence=value.get("confidence"),
            baseline=(int(baseline[0]), int(baseline[1])) if baseline else None,
        )


@dataclass(frozen=True)
class Edit:
    op: str  # add, reword, retire
    slot: str
    old: str | None
    new: str | None
    kind: str
    task_kind: str | None = None
    pattern: str | None = None
    confidence: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    baseline: tuple[int, int] | None = None
    written_by: str = "template"

    def as_dict(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "slot": self.slot,
            "old": self.old,
            "new": self.new,
            "kind": self.kind,
            "task_kind": self.task_kind,
            "pattern": self.pattern,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "evidence": self.evidence,
            "written_by": self.written_by,
        }

    def describe(self) -> str:
        if self.op == ADD:
            return say.edit_added(self.new)
        if self.op == REWORD:
            return say.edit_reworded(self.old, self.new)
        return say.edit_retired(self.old)


def apply_edits(current: list[Guideline], edits: list[Edit]) -> list[Guideline]:
    """The guidelines after the edits: add appends, reword replaces in place, retire drops."""
    result = list(current)
    for edit in edits:
        index = next((i for i, g in enumerate(result) if g.slot == edit.slot), None)
        if edit.op == RETIRE:
            if index is not None:
                result.pop(index)
            continue
        guideline = Guideline(
            text=edit.new or "",
            slot=edit.slot,
            kind=edit.kind,
            task_kind=edit.task_kind,
            pattern=edit.pattern,
            confidence=edit.confidence,
            baseline=edit.baseline,
        )
        if index is None:
            result.append(guideline)
        else:
            result[index] = guideline
    return result
