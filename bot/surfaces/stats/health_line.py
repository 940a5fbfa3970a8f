"""The one-line 7-day health summary the Home tab shows admins."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.messages import home as words
from bot.surfaces.stats.compute import compute_figures
from storage.db import Database

DAYS = 7


async def health_line(database: Database, team_id: str) -> str:
    """ "21 runs in the last 7 days · 80% succeeded · P95 1.2 s · health 0.81"."""
    figures = await compute_figures(database, team_id=team_id, days=DAYS)
    return words.health_line(
        runs=figures.runs,
        success_rate=figures.success_rate,
        p95_ms=figures.latency.p95_ms,
        health=figures.health.score,
    )


def health_lookup(database: Database) -> Callable[[str], Awaitable[str | None]]:
    """`health_line` for one database, as App Home takes it."""

    async def lookup(team_id: str) -> str | None:
        return await health_line(database, team_id)

    return lookup
