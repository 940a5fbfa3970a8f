"""What members did with Kaizen's work: confirmations, undos, feedback, and what it cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.surfaces.stats.health import feedback_balance


@dataclass(frozen=True)
class Confirmations:
    asked: int = 0
    confirmed: int = 0
    cancelled: int = 0
    expired: int = 0
    pending: int = 0
    saved: int = 0  # done without asking, because a learned policy allowed it

    @property
    def decided(self) -> int:
        return self.confirmed + self.cancelled

    def to_json(self) -> dict[str, Any]:
        return {
            "asked": self.asked,
            "decided": self.decided,
            "confirmed": self.confirmed,
            "cancelled": self.cancelled,
            "expired": self.expired,
            "pending": self.pending,
            "saved": self.saved,
        }


@dataclass(frozen=True)
class Undos:
    undoable: int = 0
    undone: int = 0

    @property
    def rate(self) -> float:
        return self.undone / self.undoable if self.undoable else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"undoable": self.undoable, "undone": self.undone, "rate": round(self.rate, 4)}


@dataclass(frozen=True)
class Feedback:
    positive: int = 0
    negative: int = 0

    @property
    def balance(self) -> float:
        return feedback_balance(self.positive, self.negative)

    def to_json(self) -> dict[str, Any]:
        return {
            "positive": self.positive,
            "negative": self.negative,
            "balance": round(self.balance, 4),
        }


@dataclass(frozen=True)
class Costs:
    usd: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "usd": round(self.usd, 6),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }
