"""When people use Kaizen: runs per weekday and hour (UTC)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storage.repositories import analytics as store

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Usage:
    """Runs started per weekday (row 0 = Monday) and hour (column 0 = 00:00–00:59 UTC)."""

    grid: tuple[tuple[int, ...], ...] = tuple((0,) * 24 for _ in range(7))

    @classmethod
    def of(cls, cells: Iterable[store.UsageCell]) -> Usage:
        grid = [[0] * 24 for _ in range(7)]
        for cell in cells:
            grid[(cell.weekday + 6) % 7][cell.hour % 24] += cell.runs  # 0 = Sunday in SQL
        return cls(tuple(tuple(row) for row in grid))

    @property
    def by_hour(self) -> list[int]:
        return [sum(row[hour] for row in self.grid) for hour in range(24)]

    @property
    def by_weekday(self) -> list[int]:
        return [sum(row) for row in self.grid]

    @property
    def busiest(self) -> tuple[str, int, int] | None:
        """(weekday name, hour, runs) of the busiest cell; None without runs."""
        best = max(
            (
                (runs, -day, -hour)
                for day, row in enumerate(self.grid)
                for hour, runs in enumerate(row)
            ),
            default=(0, 0, 0),
        )
        if best[0] <= 0:
            return None
        return WEEKDAYS[-best[1]], -best[2], best[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "by_hour_utc": self.by_hour,
            "by_weekday": dict(zip(WEEKDAYS, self.by_weekday, strict=True)),
            "grid_weekday_by_hour_utc": [list(row) for row in self.grid],
        }
