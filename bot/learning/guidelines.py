"""Guidelines: turning confident patterns and feedback into small edits of a specialist's prompt.

Only patterns whose confidence reaches `KAIZEN_PATTERN_CONFIDENCE` (0.7) propose edits,
and a version carries at most `MAX_EDITS` (3) of them — never a rewrite:

- **add** a guideline for a *slot* the prompt has no guideline for. Slots:
  `approach:<kind of task>` (from a `contrast`, `feedback` or `routing` pattern, in that
  order of preference) and `failure:<kind>:<tool>:<error class>` (a failure point);
- **reword** a slot's guideline when a better-founded pattern speaks about it (a contrast
  replaces a quoted request, a different tool or error class) — the slot stays;
- **retire** a guideline that did not help: after `RETIRE_MIN_RUNS` (20) runs of its kind
  of task under it, P(it lowered the rejection rate by 5 points or more) ≤ 0.1 (Beta
  posteriors of the rejection rate before it and under it).

Each edit cites its evidence (the pattern, its counts, sample runs, feedback ids). The
words come from templates; with a model configured, the model rewrites the drafted
sentences (it may only rephrase the proposed edits; anything it returns that fails the
checks falls back to the template text).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

from bot.learning import analysis as kinds
from bot.learning.estimators import probability_greater
from bot.llm import ChatModel, ModelUnavailable

logger = logging.getLogger(__name__)

MAX_EDITS = 3
MAX_GUIDELINES = 12
MAX_TEXT = 300
RETIRE_MIN_RUNS = 20
RETIRE_PROBABILITY = 0.1  # retire when P(helped by ≥ RETIRE_MARGIN) is at most this
RETIRE_MARGIN = 0.05
PRIORITY = {kinds.CONTRAST: 3, kinds.FEEDBACK: 2, kinds.ROUTING: 1, kinds.FAILURE: 2}
ADD, REWORD, RETIRE = "add", "reword", "retire"

ERROR_HINTS: tuple[tuple[str, str], ...] = (
    ("not_in_channel", "join the channel or ask the member to invite me before calling it"),
    (
        "channel_not_found",
        "look the channel up with `slack_list_channels` first and pass its ID",
    ),
    ("archived", "check whether the channel is archived already before calling it"),
    ("ratelimit", "make fewer calls at once and tell the member when I have to wait"),
    ("rate_limit", "make fewer calls at once and tell the member when I have to wait"),
    ("timeout", "keep each request small and tell the member if it keeps timing out"),
    ("invalid", "check the arguments against the tool's schema before calling it"),
    ("not_found", "check the target exists (list or search first) before calling it"),
    ("permission", "say which permission is missing instead of retrying"),
    ("scope", "say which permission is missing instead of retrying"),
)
DEFAULT_HINT = "check its arguments first, and if it fails, say why instead of retrying blindly"


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
            return f"add “{self.new}”"
        if self.op == REWORD:
            return f"reword “{self.old}” → “{self.new}”"
        return f"retire “{self.old}”"


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


# --- from patterns to edits --------------------------------------------------------------------


def slot_for(pattern: kinds.PatternUpdate) -> str:
    if pattern.kind == kinds.FAILURE:
        detail = pattern.detail
        return f"failure:{pattern.task_kind}:{detail.get('tool')}:{detail.get('error_class')}"
    return f"approach:{pattern.task_kind}"


def template(pattern: kinds.PatternUpdate) -> str:
    """The guideline a pattern suggests, in words, with its numbers."""
    detail = pattern.detail
    task = pattern.task_kind
    if pattern.kind == kinds.CONTRAST:
        good_ok, good_n = detail["good_counts"]
        bad_no, bad_n = detail["bad_counts"]
        return _fit(
            f"For {task} requests, use {kinds.sequence_text(detail['good'])} (accepted in "
            f"{good_ok} of {good_n} runs); avoid {kinds.sequence_text(detail['bad'])} "
            f"(undone, down-voted or failed in {bad_no} of {bad_n})."
        )
    if pattern.kind == kinds.FAILURE:
        tool, error = str(detail.get("tool")), str(detail.get("error_class"))
        return _fit(
            f"For {task} requests, `{kinds.function_name(tool)}` failed with `{error}` in "
            f"{detail.get('failures')} of {detail.get('calls')} calls: {hint_for(error)}."
        )
    if pattern.kind == kinds.FEEDBACK:
        return _fit(f"For {task} requests, members asked: “{clean_quote(detail['chosen'])}”")
    better = detail.get("better")
    text = (
        f"For {task} requests, {detail.get('rejected')} of {detail.get('runs')} runs were undone, "
        "down-voted or failed: say exactly what you will do and check the target with the "
        "member before acting"
    )
    if better:
        text += f"; if it is really a {better} request, say that the {better} specialist handles it"
    return _fit(text + ".")


def hint_for(error_class: str) -> str:
    lowered = error_class.lower()
    return next((hint for needle, hint in ERROR_HINTS if needle in lowered), DEFAULT_HINT)


def clean_quote(text: str, limit: int = 240) -> str:
    """A member's words made safe to quote in a prompt: no mentions, links or markup."""
    text = re.sub(r"<[^>]*>", " ", text)
    text = text.replace("@channel", "").replace("@here", "").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip().strip("“”\"'")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _fit(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _substance(text: str) -> str:
    return re.sub(r"\d+", "", text)


@dataclass
class Proposal:
    edits: list[Edit]
    decisions: list[str]


def propose(
    specialist: str,
    current: list[Guideline],
    patterns: list[kinds.PatternUpdate],
    *,
    threshold: float,
    guided: dict[str, tuple[int, int]],
    kind_counts: dict[tuple[str, str], tuple[int, int]],
    blocked: set[str],
    max_edits: int = MAX_EDITS,
    max_guidelines: int = MAX_GUIDELINES,
) -> Proposal:
    """The small edits the evidence asks for (see the module docstring), best first."""
    decisions: list[str] = []
    retire = _retirements(current, guided, decisions)
    best: dict[str, kinds.PatternUpdate] = {}
    for pattern in patterns:
        if pattern.specialist != specialist or pattern.kind not in kinds.ACTIONABLE:
            continue
        if pattern.confidence < threshold:
            continue
        if pattern.key in blocked:
            decisions.append(
                f"{specialist}: not proposing {pattern.kind} {pattern.key} again: a version with "
                "it was rolled back and there is no new evidence yet"
            )
            continue
        slot = slot_for(pattern)
        other = best.get(slot)
        if other is None or (PRIORITY[pattern.kind], pattern.confidence) > (
            PRIORITY[other.kind],
            other.confidence,
        ):
            best[slot] = pattern
    by_slot = {g.slot: g for g in current}
    retired = {edit.slot for edit in retire}
    changes: list[Edit] = []
    count = len(current) - len(retire)
    for slot, pattern in sorted(best.items(), key=lambda item: -item[1].confidence):
        if slot in retired:
            continue
        text = template(pattern)
        existing = by_slot.get(slot)
        edit_base = {
            "slot": slot,
            "kind": pattern.kind,
            "task_kind": pattern.task_kind,
            "pattern": pattern.key,
            "confidence": pattern.confidence,
            "evidence": _evidence(pattern),
            "baseline": kind_counts.get((specialist, pattern.task_kind or "")),
        }
        if existing is None:
            if count >= max_guidelines:
                decisions.append(f"{specialist}: prompt full ({max_guidelines}); not adding {slot}")
                continue
            changes.append(Edit(op=ADD, old=None, new=text, **edit_base))
            count += 1
        elif _should_reword(existing, pattern, text):
            changes.append(Edit(op=REWORD, old=existing.text, new=text, **edit_base))
    edits = (retire + changes)[:max_edits]
    for edit in (retire + changes)[max_edits:]:
        decisions.append(f"{specialist}: {edit.op} {edit.slot} waits: at most {max_edits} edits")
    return Proposal(edits, decisions)


def _should_reword(existing: Guideline, pattern: kinds.PatternUpdate, text: str) -> bool:
    if existing.kind == "admin":
        return False  # an admin's own words are theirs to change
    if PRIORITY.get(pattern.kind, 0) > PRIORITY.get(existing.kind, 0):
        return True
    if pattern.kind != existing.kind or pattern.kind in (kinds.FEEDBACK, kinds.ROUTING):
        return False
    return _substance(existing.text) != _substance(text) and existing.pattern != pattern.key


def _retirements(
    current: list[Guideline], guided: dict[str, tuple[int, int]], decisions: list[str]
) -> list[Edit]:
    edits: list[Edit] = []
    for guideline in current:
        if guideline.baseline is None or guideline.kind == "admin":
            continue
        bad, runs = guided.get(guideline.slot, (0, 0))
        if runs < RETIRE_MIN_RUNS:
            continue
        before_bad, before_runs = guideline.baseline
        # P(rejection before it > rejection under it + margin): that it helped, uniform priors
        p_helped = probability_greater(
            1 + before_bad,
            1 + before_runs - before_bad,
            1 + bad,
            1 + runs - bad,
            shift=-RETIRE_MARGIN,
        )
        if p_helped <= RETIRE_PROBABILITY:
            edits.append(
                Edit(
                    op=RETIRE,
                    slot=guideline.slot,
                    old=guideline.text,
                    new=None,
                    kind=guideline.kind,
                    task_kind=guideline.task_kind,
                    pattern=guideline.pattern,
                    confidence=1.0 - p_helped,
                    evidence={
                        "under_it": {"rejected": bad, "runs": runs},
                        "before_it": {"rejected": before_bad, "runs": before_runs},
                        "p_helped": round(p_helped, 3),
                    },
                )
            )
            decisions.append(
                f"retire {guideline.slot}: {bad} of {runs} runs rejected under it, "
                f"{before_bad} of {before_runs} before (P(it helped) = {p_helped:.2f})"
            )
    return edits


def _evidence(pattern: kinds.PatternUpdate) -> dict[str, Any]:
    return {
        "pattern": pattern.key,
        "kind": pattern.kind,
        "description": pattern.description[:400],
        "frequency": pattern.frequency,
        "confidence": round(pattern.confidence, 3),
        **{k: v for k, v in pattern.evidence.items() if isinstance(v, list)},
    }


# --- the writer -------------------------------------------------------------------------------

WRITER_PROMPT = """You edit the learned guidelines of one specialist of Kaizen, a Slack \
operations assistant. You get its current guidelines and a few proposed changes, each with \
a drafted sentence and the evidence behind it. Rewrite each drafted sentence as one short, \
clear, imperative guideline for the assistant (at most 300 characters). Keep its meaning, its \
kind of task (like slack:topic), the tool names in backticks and the numbers. Do not propose \
other changes and do not rewrite the other guidelines. Answer with JSON only: \
{"edits": [{"id": <id of the change>, "text": "<the guideline>"}]}"""


class GuidelineWriter:
    """Words for the edits: the model's rephrasing where one is configured, else templates."""

    def __init__(self, model: ChatModel | None = None) -> None:
        self._model = model

    async def write(
        self, specialist: str, current: list[Guideline], edits: list[Edit]
    ) -> tuple[list[Edit], str]:
        """The edits with their final text, and who wrote it ("model" or "templates")."""
        drafts = [(i, e) for i, e in enumerate(edits) if e.op != RETIRE]
        if self._model is None or not drafts:
            return edits, "templates"
        request = {
            "specialist": specialist,
            "current_guidelines": [g.text for g in current],
            "changes": [
                {
                    "id": i,
                    "op": e.op,
                    "draft": e.new,
                    "replaces": e.old,
                    "evidence": e.evidence.get("description", ""),
                }
                for i, e in drafts
            ],
        }
        try:
            reply = await self._model.complete(
                [
                    {"role": "system", "content": WRITER_PROMPT},
                    {"role": "user", "content": json.dumps(request, ensure_ascii=False)},
                ],
                temperature=0.2,
            )
        except ModelUnavailable as error:
            logger.info("guideline writer unavailable (%s); using templates", error)
            return edits, "templates"
        rewritten = _parse_rewrites(reply.text)
        result = list(edits)
        used = 0
        for index, edit in drafts:
            text = rewritten.get(index)
            if text is not None and _acceptable(text, edit.new or ""):
                result[index] = replace(edit, new=text, written_by="model")
                used += 1
        return result, "model" if used else "templates"


def _parse_rewrites(text: str) -> dict[int, str]:
    match = re.search(r"\{.*\}", text, re.DOTALL)
    if not match:
        return {}
    try:
        data = json.loads(match.group(0))
    except ValueError:
        return {}
    found: dict[int, str] = {}
    for item in data.get("edits", []) if isinstance(data, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), int):
            value = item.get("text")
            if isinstance(value, str):
                found[item["id"]] = re.sub(r"\s+", " ", value).strip()
    return found


def _acceptable(text: str, draft: str) -> bool:
    """The model's sentence keeps the draft's kind of task and tools, and nothing unsafe."""
    if not 10 <= len(text) <= MAX_TEXT:
        return False
    if "<!" in text or "@channel" in text or "@here" in text or "<@" in text:
        return False
    for token in re.findall(r"\b[a-z]+:[a-z_]+\b", draft):
        if token not in text:
            return False
    return all(name in text for name in re.findall(r"`([a-z0-9_]+)`", draft))
