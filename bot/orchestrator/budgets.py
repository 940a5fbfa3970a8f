"""Per-workspace budgets, checked before a run starts (SPEC §5.5).

Two limits: runs in flight and the day's model cost. The in-flight count lives
in memory, per process, guarded by an `asyncio.Lock`; when several `kaizen
serve` processes share a database, each applies the limit to its own runs, so
a workspace may have up to (processes × limit) runs in flight in all. The
daily cost is read from the database (the sum of `Run.cost_usd` since UTC
midnight), so it is shared by every process.

Usage: `admission = await budgets.admit(team_id)`; when `admission.allowed`,
run, then `await budgets.release(team_id)` in a `finally`; otherwise reply
with `admission.reason`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.messages.run import busy_workspace, daily_budget_spent
from storage.db import Database
from storage.models import utcnow
from storage.repositories.runs_budget import cost_since

TOKENS_PER_MILLION = 1_000_000


@dataclass(frozen=True)
class BudgetLimits:
    max_runs_in_flight: int = 20
    daily_cost_usd: float = 5.0


@dataclass(frozen=True)
class Admission:
    """Whether a run may start; `reason` says why not, in a sentence for Slack."""

    allowed: bool
    reason: str | None = None


ADMITTED = Admission(allowed=True)


def utc_midnight(now: datetime) -> datetime:
    """The start of `now`'s UTC day (`now` must be timezone-aware, in UTC)."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def cost_of(
    prompt_tokens: int,
    completion_tokens: int,
    *,
    input_per_million: float,
    output_per_million: float,
) -> float:
    """The price in US dollars of one model call, from per-million-token prices."""
    return (
        prompt_tokens * input_per_million + completion_tokens * output_per_million
    ) / TOKENS_PER_MILLION


class WorkspaceBudgets:
    """Admits or refuses runs per workspace; see the module docstring for the process caveat."""

    def __init__(
        self,
        database: Database,
        limits: BudgetLimits | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.limits = limits or BudgetLimits()
        self._clock = clock
        self._in_flight: dict[str, int] = {}
        self._lock = asyncio.Lock()

    def in_flight(self, team_id: str) -> int:
        return self._in_flight.get(team_id, 0)

    async def spent_today(self, team_id: str) -> float:
        since = utc_midnight(self._clock())
        async with self.database.read() as session:
            return await cost_since(session, team_id=team_id, since=since)

    async def admit(self, team_id: str) -> Admission:
        """Check both limits; when allowed, the run counts as in flight until `release`."""
        if await self.spent_today(team_id) >= self.limits.daily_cost_usd:
            return Admission(allowed=False, reason=daily_budget_spent(self.limits.daily_cost_usd))
        async with self._lock:
            if self.in_flight(team_id) >= self.limits.max_runs_in_flight:
                return Admission(
                    allowed=False, reason=busy_workspace(self.limits.max_runs_in_flight)
                )
            self._in_flight[team_id] = self.in_flight(team_id) + 1
        return ADMITTED

    async def release(self, team_id: str) -> None:
        """The admitted run has ended (whatever its outcome)."""
        async with self._lock:
            remaining = self.in_flight(team_id) - 1
            if remaining > 0:
                self._in_flight[team_id] = remaining
            else:
                self._in_flight.pop(team_id, None)
