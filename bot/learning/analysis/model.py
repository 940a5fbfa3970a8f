"""What an analysis reads (earlier patterns, `/improve` texts) and what it produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.learning.analysis.kinds import ACTIONABLE, GUIDELINE, SEQUENCE, TOOL


@dataclass(frozen=True)
class Previous:
    """What an earlier cycle stored for a pattern (its accumulated counts)."""

    detail: dict[str, Any]
    evidence: dict[str, Any]
    frequency: int
    confidence: float


@dataclass(frozen=True)
class ImproveText:
    feedback_id: int
    run_id: str | None
    user_id: str
    text: str
    signal: int
    specialist: str | None
    task_kind: str | None


@dataclass
class PatternUpdate:
    kind: str
    key: str
    specialist: str | None
    task_kind: str | None
    description: str
    evidence: dict[str, Any]
    detail: dict[str, Any]
    frequency: int
    confidence: float
    seen: int  # observations in this window
    is_new: bool

    def as_row(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "specialist": self.specialist,
            "task_kind": self.task_kind,
            "description": self.description[:4000],
            "evidence": self.evidence,
            "detail": self.detail,
            "frequency": self.frequency,
            "confidence": round(self.confidence, 4),
        }

    def summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "description": self.description[:300],
            "frequency": self.frequency,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class OfferCandidate:
    user_id: str
    signature: str
    tools: tuple[str, ...]
    run_id: str  # the latest accepted run with this sequence: its steps become the workflow
    runs: tuple[str, ...]
    count: int
    times: tuple[str, ...]  # ISO start times of the latest runs (to name it weekly, daily)


@dataclass
class Analysis:
    patterns: dict[tuple[str, str], PatternUpdate] = field(default_factory=dict)
    offers: list[OfferCandidate] = field(default_factory=list)
    # accumulated (rejected, runs) per (specialist, kind of task): guidelines' baselines
    kind_counts: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    traces: int = 0
    accepted: int = 0

    def add(self, update: PatternUpdate) -> None:
        self.patterns[(update.kind, update.key)] = update

    def of_kind(self, *kinds: str) -> list[PatternUpdate]:
        return [p for p in self.patterns.values() if p.kind in kinds]

    def notable(self, threshold: float) -> list[PatternUpdate]:
        """New patterns worth an event: actionable or confident ones."""
        return [
            p
            for p in self.patterns.values()
            if p.is_new
            and p.kind not in (SEQUENCE, TOOL, GUIDELINE)
            and (p.confidence >= threshold or p.kind in ACTIONABLE)
        ]
