"""Workspace figures from SQL aggregations, on SQLite and PostgreSQL, against known answers."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import event

from bench.stats import seed_history
from bot.messages.stats import HEALTH_FORMULA, LEARNING_NOT_RUNNING
from bot.orchestrator.events import Event, EventName
from bot.runtime.metrics import Metrics
from bot.surfaces.stats import charts
from bot.surfaces.stats.compute import compute_figures
from bot.surfaces.stats.health import health_score
from storage.db import Database
from storage.migrate import upgrade_async
from storage.repositories.analytics import nearest_rank
from tests.analytics_history import (
    EXPECTED_HEALTH,
    EXPECTED_PREVIOUS_HEALTH,
    OTHER_TEAM,
    TEAM,
    seed_known_history,
)

NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)  # a Wednesday
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def database(any_database_url: str) -> AsyncIterator[Database]:
    await upgrade_async(any_database_url)
    db = Database(any_database_url)
    yield db
    await db.dispose()


def test_nearest_rank_percentiles() -> None:
    assert [nearest_rank(100, p) for p in (50, 95, 99)] == [50, 95, 99]
    assert [nearest_rank(20, p) for p in (50, 95, 99)] == [10, 19, 20]
    assert [nearest_rank(1, p) for p in (50, 95, 99)] == [1, 1, 1]


def test_the_health_score_formula() -> None:
    perfect = health_score(
        finished=10, succeeded=10, p95_ms=0, undoable=0, undone=0, positive=5, negative=0
    )
    assert perfect.score == pytest.approx(1.0)
    worst = health_score(
        finished=10, succeeded=0, p95_ms=60_000, undoable=4, undone=4, positive=0, negative=3
    )
    assert worst.score == pytest.approx(0.0)
    no_feedback = health_score(
        finished=4, succeeded=2, p95_ms=5_000, undoable=0, undone=0, positive=0, negative=0
    )
    assert no_feedback.parts == {"success": 0.5, "latency": 0.5, "undo": 1.0, "feedback": 0.5}
    assert no_feedback.score == pytest.approx(0.25 + 0.1 + 0.15 + 0.075)
    assert (
        health_score(
            finished=0, succeeded=0, p95_ms=None, undoable=0, undone=0, positive=0, negative=0
        ).score
        is None
    )
    assert "0.5 × success rate" in HEALTH_FORMULA


async def test_figures_match_a_seeded_history(database: Database) -> None:
    await seed_known_history(database, now=NOW)
    figures = await compute_figures(database, team_id=TEAM, days=7, now=NOW)

    assert (figures.runs, figures.finished, figures.succeeded, figures.failed) == (21, 20, 16, 4)
    assert figures.success_rate == pytest.approx(0.8)
    latency = figures.latency
    assert (latency.samples, latency.p50_ms, latency.p95_ms, latency.p99_ms) == (
        20,
        1000.0,
        1900.0,
        2000.0,
    )

    slack, general = figures.specialists
    assert (slack.name, slack.runs, slack.finished, slack.succeeded) == ("slack", 11, 10, 9)
    assert (slack.latency.p50_ms, slack.latency.p95_ms, slack.latency.p99_ms) == (
        500.0,
        1000.0,
        1000.0,
    )
    assert (general.name, general.success_rate) == ("general", pytest.approx(0.7))
    assert (general.latency.p50_ms, general.latency.p95_ms) == (1500.0, 2000.0)

    tools = {tool.tool: tool for tool in figures.tools}
    assert set(tools) == {"slack.archive", "slack.post", "slack.pin"}
    archive = tools["slack.archive"]
    assert (archive.calls, archive.succeeded, archive.failed) == (10, 9, 1)
    assert (archive.p50_ms, archive.p95_ms) == (50.0, 100.0)
    assert (tools["slack.post"].p50_ms, tools["slack.post"].p95_ms) == (15.0, 35.0)
    assert figures.slowest_tools(1)[0].tool == "slack.archive"
    assert [tool.tool for tool in figures.failing_tools()] == ["slack.archive"]

    assert [(e.error_class, e.count) for e in figures.errors] == [
        ("SlackApiError", 2),
        ("TimeoutError", 2),
    ]
    assert [(e.tool, e.error_class, e.count) for e in figures.tool_errors] == [
        ("slack.archive", "SlackApiError", 1)
    ]

    confirmations = figures.confirmations
    assert (confirmations.asked, confirmations.decided, confirmations.expired) == (5, 3, 1)
    assert (confirmations.pending, confirmations.saved) == (1, 1)
    assert (figures.undos.undoable, figures.undos.undone, figures.undos.rate) == (4, 1, 0.25)
    assert (figures.feedback.positive, figures.feedback.negative) == (3, 1)
    assert figures.feedback.balance == pytest.approx(0.5)
    assert figures.costs.usd == pytest.approx(0.21)
    assert (figures.costs.prompt_tokens, figures.costs.completion_tokens) == (2100, 210)

    health = figures.health
    assert health.score == pytest.approx(EXPECTED_HEALTH)
    assert health.parts == pytest.approx(
        {"success": 0.8, "latency": 0.81, "undo": 0.75, "feedback": 0.75}
    )

    assert figures.usage.by_weekday == [0, 9, 12, 0, 0, 0, 0]  # Tue 15–23 h, Wed 0–11 h
    assert figures.usage.by_hour == [1] * 12 + [0] * 3 + [1] * 9
    assert figures.usage.busiest == ("Tue", 15, 1)

    assert [day.day for day in figures.per_day] == [
        date(2026, 3, 4) + timedelta(days=n) for n in range(8)
    ]
    tuesday, wednesday = figures.per_day[-2:]
    assert (tuesday.runs, tuesday.finished, tuesday.succeeded) == (9, 8, 5)
    assert (tuesday.latency.p50_ms, tuesday.latency.p95_ms) == (1600.0, 2000.0)
    assert (wednesday.runs, wednesday.latency.p50_ms, wednesday.latency.p95_ms) == (
        12,
        600.0,
        1200.0,
    )
    assert sum(day.runs for day in figures.per_day) == 21

    previous = figures.previous
    assert (previous.runs, previous.succeeded, previous.p95_ms) == (4, 4, 100.0)
    assert previous.health == pytest.approx(EXPECTED_PREVIOUS_HEALTH)
    changes = figures.changes()
    assert changes[0] == "Runs: 21 (+17 vs the previous 7 days)"
    assert "Success rate: 80.0% (-20.0 pp)" in changes

    assert not figures.learning.running
    assert figures.learning.note == LEARNING_NOT_RUNNING
    document = figures.to_json()
    assert document["success_rate"] == 0.8
    assert document["latency"] == {
        "samples": 20,
        "p50_ms": 1000.0,
        "p95_ms": 1900.0,
        "p99_ms": 2000.0,
    }
    assert document["health"]["score"] == EXPECTED_HEALTH
    assert "Leak" not in str(document)


async def test_one_workspace_never_sees_another(database: Database) -> None:
    await seed_known_history(database, now=NOW)
    other = await compute_figures(database, team_id=OTHER_TEAM, days=7, now=NOW)
    assert (other.runs, other.failed, other.confirmations.asked) == (3, 3, 1)
    assert other.feedback.negative == 1 and other.feedback.positive == 0
    assert [e.error_class for e in other.errors] == ["Leak"]
    assert other.undos.undoable == 0


async def test_a_one_day_window_compares_with_the_day_before(database: Database) -> None:
    await seed_known_history(database, now=NOW)
    day = await compute_figures(database, team_id=TEAM, days=1, now=NOW)
    assert day.runs == 21  # all within the last 24 hours
    assert day.previous.runs == 0
    assert day.changes()[0] == "Runs: 21 (+21 since yesterday)"


async def test_an_empty_history_has_zeros_and_no_score(database: Database) -> None:
    figures = await compute_figures(database, team_id=TEAM, days=7, now=NOW)
    assert figures.is_empty
    assert (figures.runs, figures.success_rate, figures.latency.p95_ms) == (0, None, None)
    assert figures.health.score is None
    assert figures.specialists == [] and figures.tools == [] and figures.errors == []
    assert len(figures.per_day) == 8 and all(day.runs == 0 for day in figures.per_day)
    assert figures.changes() == []
    assert figures.usage.busiest is None
    assert figures.to_json()["health"]["score"] is None
    assert (await charts.render(charts.overview_chart, figures)).startswith(PNG)


async def test_days_must_be_sensible(database: Database) -> None:
    for days in (0, 366):
        with pytest.raises(ValueError):
            await compute_figures(database, team_id=TEAM, days=days, now=NOW)


async def test_charts_are_png_images(database: Database) -> None:
    await seed_known_history(database, now=NOW)
    figures = await compute_figures(database, team_id=TEAM, days=7, now=NOW)
    for image in (
        charts.overview_chart(figures),
        charts.latency_chart(figures.per_day),
        charts.success_by_specialist_chart(figures.specialists),
        charts.usage_heatmap(figures.usage),
    ):
        assert image.startswith(PNG) and 5_000 < len(image) < 1_000_000


async def test_a_large_history_is_aggregated_in_the_database(database_url: str) -> None:
    """20,000 runs and 40,000 steps: a handful of queries, little memory, quickly."""
    db = Database(database_url)
    now = datetime.now(UTC)
    try:
        await seed_history(db, team_id="T0BIG", runs=20_000, now=now)
        statements: list[str] = []

        @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
        def count(*args: object) -> None:
            statements.append(str(args[2]))

        tracemalloc.start()
        started = time.perf_counter()
        try:
            figures = await compute_figures(db, team_id="T0BIG", days=7, now=now)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        elapsed = time.perf_counter() - started
    finally:
        await db.dispose()
    assert figures.runs == 20_000
    assert sum(day.runs for day in figures.per_day) == 20_000
    assert sum(item.runs for item in figures.specialists) == 20_000
    assert sum(tool.calls for tool in figures.tools) == 40_000
    latency = figures.latency
    assert latency.p50_ms is not None and latency.p95_ms is not None
    assert latency.p99_ms is not None and latency.p50_ms < latency.p95_ms < latency.p99_ms
    assert 0.0 <= (figures.health.score or 0.0) <= 1.0
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 20
    assert peak < 16 * 1024 * 1024  # no run is ever loaded into Python
    assert elapsed < 30


async def test_metrics_expose_pending_actions_learning_cycles_and_cost(
    database: Database,
) -> None:
    await seed_known_history(database, now=NOW)
    metrics = Metrics()
    await metrics.refresh(database)
    await metrics.observe(
        Event(
            name=EventName.RUN_COMPLETED,
            team_id=TEAM,
            actor="orchestrator",
            data={"specialist": "slack", "status": "succeeded", "cost_usd": 0.25},
        )
    )
    families = {
        family.name: family for family in text_string_to_metric_families(metrics.render().decode())
    }
    (pending,) = families["kaizen_pending_actions"].samples
    assert pending.value == 2  # one in each workspace
    cycles = [s for s in families["kaizen_learning_cycles"].samples if s.name.endswith("_total")]
    assert cycles[0].value == 0
    cost = [s for s in families["kaizen_model_cost_usd"].samples if s.name.endswith("_total")]
    assert cost[0].value == pytest.approx(0.25)


async def test_metrics_still_render_when_the_database_is_gone() -> None:
    metrics = Metrics()
    await metrics.refresh(Database("postgresql+asyncpg://nobody@127.0.0.1:1/none"))
    assert b"kaizen_pending_actions 0.0" in metrics.render()
