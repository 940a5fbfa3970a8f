"""The learning loop's knobs (SPEC §8), read from `bot.config.Settings`.

| variable | field | default |
|---|---|---|
| `KAIZEN_LEARN_INTERVAL` | seconds between scheduled cycles | 3600 |
| `KAIZEN_MIN_TRACES` | new finished runs a cycle needs | 10 |
| `KAIZEN_PATTERN_CONFIDENCE` | confidence a pattern needs to change a prompt | 0.7 |
| `KAIZEN_CANARY_SHARE` | share of runs a canary version serves | 0.2 |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

DEFAULT_INTERVAL_SECONDS = 3600
DEFAULT_MIN_TRACES = 10
DEFAULT_PATTERN_CONFIDENCE = 0.7
DEFAULT_CANARY_SHARE = 0.2
MAX_CYCLE_TRACES = 200_000  # newest finished runs one cycle analyses at most
LEASE_TTL = timedelta(minutes=15)


@dataclass(frozen=True)
class LearningConfig:
    learn_interval: timedelta = timedelta(seconds=DEFAULT_INTERVAL_SECONDS)
    min_traces: int = DEFAULT_MIN_TRACES
    pattern_confidence: float = DEFAULT_PATTERN_CONFIDENCE
    canary_share: float = DEFAULT_CANARY_SHARE
    max_traces: int = MAX_CYCLE_TRACES
    lease_ttl: timedelta = LEASE_TTL

    def __post_init__(self) -> None:
        if not 0.0 <= self.canary_share <= 1.0:
            raise ValueError("the canary share must be between 0 and 1")
        if not 0.0 < self.pattern_confidence <= 1.0:
            raise ValueError("the pattern confidence must be in (0, 1]")
        if self.min_traces < 1:
            raise ValueError("a cycle needs at least one new trace")

    @classmethod
    def from_settings(cls, settings: Any) -> LearningConfig:
        """From `Settings`; fields it doesn't have yet keep their defaults."""
        return cls(
            learn_interval=timedelta(
                seconds=float(getattr(settings, "learn_interval_seconds", DEFAULT_INTERVAL_SECONDS))
            ),
            min_traces=int(getattr(settings, "min_traces", DEFAULT_MIN_TRACES)),
            pattern_confidence=float(
                getattr(settings, "pattern_confidence", DEFAULT_PATTERN_CONFIDENCE)
            ),
            canary_share=float(getattr(settings, "canary_share", DEFAULT_CANARY_SHARE)),
        )

    def interval_text(self) -> str:
        seconds = int(self.learn_interval.total_seconds())
        if seconds % 3600 == 0:
            hours = seconds // 3600
            return "hour" if hours == 1 else f"{hours} hours"
        if seconds % 60 == 0:
            minutes = seconds // 60
            return "minute" if minutes == 1 else f"{minutes} minutes"
        return f"{seconds} seconds"
