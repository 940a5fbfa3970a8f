"""What the learning loop has done, as `/stats learning` and the digest show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.messages.stats import LEARNING_NOT_RUNNING


@dataclass(frozen=True)
class LearningStatus:
    """What the learning loop has done. Zeros until the learning loop exists."""

    running: bool = False
    cycles: int = 0
    patterns: int = 0
    prompt_versions: int = 0
    canaries: int = 0
    last_cycle_at: datetime | None = None
    changes: tuple[str, ...] = ()  # what the last cycles changed, in words
    note: str = LEARNING_NOT_RUNNING

    def to_json(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "cycles": self.cycles,
            "patterns": self.patterns,
            "prompt_versions": self.prompt_versions,
            "canaries": self.canaries,
            "last_cycle_at": self.last_cycle_at.isoformat() if self.last_cycle_at else None,
            "changes": list(self.changes),
            "note": self.note,
        }
