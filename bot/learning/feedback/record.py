"""One piece of feedback, as stored and published."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedbackRecord:
    feedback_id: int
    run_id: str | None
    kind: str
    signal: int
