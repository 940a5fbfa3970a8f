"""The health score: its formula lives here and only here (its wording in bot/messages/stats)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.messages.stats import HEALTH_FORMULA
from bot.surfaces.stats.numbers import rounded

HEALTH_WEIGHTS: dict[str, float] = {
    "success": 0.50,
    "latency": 0.20,
    "undo": 0.15,
    "feedback": 0.15,
}
LATENCY_TARGET_MS = 10_000.0


@dataclass(frozen=True)
class HealthScore:
    """The score in [0, 1] (None without finished runs) and each part in [0, 1]."""

    score: float | None
    parts: dict[str, float] = field(default_factory=dict)
    formula: str = HEALTH_FORMULA

    def to_json(self) -> dict[str, Any]:
        return {
            "score": rounded(self.score, 4),
            "formula": self.formula,
            "parts": {
                name: {"value": rounded(self.parts.get(name), 4), "weight": weight}
                for name, weight in HEALTH_WEIGHTS.items()
            },
        }


def health_score(
    *,
    finished: int,
    succeeded: int,
    p95_ms: float | None,
    undoable: int,
    undone: int,
    positive: int,
    negative: int,
) -> HealthScore:
    """The health score; see HEALTH_FORMULA and HEALTH_TERMS in bot/messages/stats."""
    if finished <= 0:
        return HealthScore(score=None)
    latency = 1.0 - min(1.0, (p95_ms or 0.0) / LATENCY_TARGET_MS)
    parts = {
        "success": succeeded / finished,
        "latency": latency,
        "undo": 1.0 - (undone / undoable if undoable else 0.0),
        "feedback": (feedback_balance(positive, negative) + 1.0) / 2.0,
    }
    score = sum(HEALTH_WEIGHTS[name] * value for name, value in parts.items())
    return HealthScore(score=min(1.0, max(0.0, score)), parts=parts)


def feedback_balance(positive: int, negative: int) -> float:
    """(👍 − 👎) ÷ (👍 + 👎), from −1 to +1; 0 without feedback."""
    total = positive + negative
    return (positive - negative) / total if total else 0.0
