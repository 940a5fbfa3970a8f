"""What became of one step: its status, summary, undo record, and what a resume needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DONE, FAILED, AWAITING, CANCELLED, SKIPPED = (
    "done",
    "failed",
    "awaiting_confirmation",
    "cancelled",
    "skipped",
)

# The fields a waiting run stores per step, to rebuild its outcomes when it resumes.
STATE_FIELDS = (
    "key",
    "tool",
    "status",
    "summary",
    "error_class",
    "undo_entry_id",
    "undo_label",
    "auto_reason",
)


@dataclass
class StepOutcome:
    key: str
    tool: str
    status: str
    summary: str = ""
    error_class: str | None = None
    undo_entry_id: int | None = None
    undo_label: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    confirmation: tuple[str, str] | None = None  # (description, reason) while awaiting
    auto_reason: str | None = None  # done without asking, because of the member's policy

    def as_state(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in STATE_FIELDS}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> StepOutcome:
        values: dict[str, Any] = {name: state.get(name) for name in STATE_FIELDS}
        return cls(**values)
