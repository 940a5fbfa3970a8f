"""Per-workspace budgets: runs in flight and the day's model cost."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.orchestrator.budgets import (
    Admission,
    BudgetLimits,
    WorkspaceBudgets,
    cost_of,
    utc_midnight,
)
from storage.db import Database
from storage.models import Run
from storage.repositories.runs_budget import cost_since

NOW = datetime(2025, 3, 14, 15, 30, tzinfo=UTC)
MIDNIGHT = datetime(2025, 3, 14, tzinfo=UTC)
IN_FLIGHT_REFUSAL = (
    "Kaizen is already working on 2 requests for this workspace; try again in a minute."
)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.dispose()


def budgets_for(
    database: Database, *, max_runs_in_flight: int = 20, daily_cost_usd: float = 5.0
) -> WorkspaceBudgets:
    limits = BudgetLimits(max_runs_in_flight=max_runs_in_flight, daily_cost_usd=daily_cost_usd)
    return WorkspaceBudgets(database, limits, clock=lambda: NOW)


async def seed_runs(database: Database, *runs: tuple[str, float, datetime]) -> None:
    """Insert runs as (team_id, cost_usd, started_at)."""
    async with database.transaction() as session:
        for team_id, cost, started_at in runs:
            session.add(
                Run(
                    id=str(uuid.uuid4()),
                    team_id=team_id,
                    user_id="U0ALICE",
                    channel_id="C0GENERAL",
                    request="archive #old",
                    cost_usd=cost,
                    started_at=started_at,
                )
            )


def test_cost_of_uses_per_million_prices() -> None:
    cost = cost_of(2_000, 500, input_per_million=2.5, output_per_million=10.0)
    assert cost == pytest.approx(0.005 + 0.005)
    assert cost_of(0, 0, input_per_million=2.5, output_per_million=10.0) == 0.0


def test_utc_midnight() -> None:
    assert utc_midnight(NOW) == MIDNIGHT


async def test_in_flight_limit_and_release(database: Database) -> None:
    budgets = budgets_for(database, max_runs_in_flight=2)

    assert await budgets.admit("T1") == Admission(allowed=True)
    assert (await budgets.admit("T1")).allowed
    refused = await budgets.admit("T1")
    assert refused == Admission(allowed=False, reason=IN_FLIGHT_REFUSAL)
    assert budgets.in_flight("T1") == 2

    await budgets.release("T1")
    assert (await budgets.admit("T1")).allowed
    assert budgets.in_flight("T1") == 2


async def test_in_flight_limit_holds_under_concurrent_admissions(database: Database) -> None:
    budgets = budgets_for(database, max_runs_in_flight=5)
    admissions = await asyncio.gather(*(budgets.admit("T1") for _ in range(12)))
    assert sum(admission.allowed for admission in admissions) == 5
    assert budgets.in_flight("T1") == 5


async def test_release_never_goes_below_zero(database: Database) -> None:
    budgets = budgets_for(database, max_runs_in_flight=1)
    await budgets.release("T1")
    assert budgets.in_flight("T1") == 0
    assert (await budgets.admit("T1")).allowed
    assert not (await budgets.admit("T1")).allowed


async def test_in_flight_limit_is_per_workspace(database: Database) -> None:
    budgets = budgets_for(database, max_runs_in_flight=1)
    assert (await budgets.admit("T1")).allowed
    assert not (await budgets.admit("T1")).allowed
    assert (await budgets.admit("T2")).allowed


async def test_daily_cost_limit_from_todays_runs(database: Database) -> None:
    await seed_runs(
        database,
        ("T1", 3.0, MIDNIGHT + timedelta(hours=1)),
        ("T1", 2.0, NOW - timedelta(minutes=5)),
    )
    budgets = budgets_for(database, daily_cost_usd=5.0)

    refused = await budgets.admit("T1")

    assert refused == Admission(
        allowed=False,
        reason=(
            "This workspace has used its daily model budget ($5.00); it resets at midnight UTC."
        ),
    )
    assert budgets.in_flight("T1") == 0


async def test_cost_before_midnight_and_other_workspaces_do_not_count(
    database: Database,
) -> None:
    await seed_runs(
        database,
        ("T1", 4.0, MIDNIGHT - timedelta(seconds=1)),  # yesterday
        ("T1", 0.75, MIDNIGHT),  # today, from the first instant
        ("T2", 50.0, NOW - timedelta(hours=1)),  # another workspace
    )
    budgets = budgets_for(database, daily_cost_usd=1.0)

    assert await budgets.spent_today("T1") == pytest.approx(0.75)
    assert (await budgets.admit("T1")).allowed
    assert not (await budgets.admit("T2")).allowed
    assert (await budgets.admit("T3")).allowed


async def test_cost_since_sums_a_team_and_is_zero_without_runs(database: Database) -> None:
    await seed_runs(
        database,
        ("T1", 0.25, MIDNIGHT + timedelta(hours=2)),
        ("T1", 0.5, MIDNIGHT + timedelta(hours=3)),
    )
    async with database.read() as session:
        assert await cost_since(session, team_id="T1", since=MIDNIGHT) == pytest.approx(0.75)
        assert await cost_since(session, team_id="T9", since=MIDNIGHT) == 0.0
        later = MIDNIGHT + timedelta(hours=2, minutes=30)
        assert await cost_since(session, team_id="T1", since=later) == pytest.approx(0.5)


def test_default_limits() -> None:
    assert BudgetLimits() == BudgetLimits(max_runs_in_flight=20, daily_cost_usd=5.0)
