"""(d) `/stats` on a large history: `compute_figures` over 100,000 runs on SQLite.

Seeds a temporary SQLite database with 100,000 runs in the last 7 days (two tool
steps each, plus confirmations, undo entries and feedback) using bulk inserts,
then times `bot.analytics.compute_figures` for the 7-day window (median of a few
runs; target < 2 s) and its peak Python memory with tracemalloc, and draws the
overview chart. The baseline, measured in the same run, is loading the same
window's runs as ORM objects (`storage.repositories.runs.runs_started_since`),
which is what the SQL aggregation avoids.

`python -m bench.stats` runs it alone.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from bench.common import (
    Figure,
    median,
    migrated_sqlite,
    note,
    print_table,
    profiled,
    ratio,
    temporary_directory,
)
from bot.surfaces.stats import charts
from bot.surfaces.stats.compute import compute_figures
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.formatting import duration, percent
from storage.db import Database
from storage.models import AuditEntry, PendingAction, Run, RunStep, UndoEntry
from storage.repositories import runs as runs_store

NAME = "stats"
TITLE = "(d) /stats figures over 100,000 runs (SQLite)"

RUNS = 100_000
STEPS_PER_RUN = 2
DAYS = 7
REPEATS = 3
TARGET_SECONDS = 2.0
TARGET_PEAK_MB = 64.0
TEAM = "T0BENCH"
CHUNK = 5_000

SPECIALISTS = ("slack", "general", "github", "jira", "notion")
TOOLS = (
    "slack.archive_channel",
    "slack.post_message",
    "slack.set_topic",
    "slack.invite",
    "slack.pin",
    "slack.read_history",
    "github.close_issue",
    "github.list_pulls",
    "jira.transition",
    "jira.search",
    "notion.create_page",
    "notion.query",
)
ERRORS = ("SlackApiError", "TimeoutError", "RateLimited", "ToolError")


async def seed_history(
    database: Database,
    *,
    team_id: str,
    runs: int,
    now: datetime,
    days: int = DAYS,
    steps_per_run: int = STEPS_PER_RUN,
    seed: int = 7,
) -> None:
    """`runs` finished runs over the `days` before `now`, inserted in bulk.

    As in production, run ids are random UUIDs and rows arrive in start order
    (runs are written as they start), each run's steps right after it.
    """
    rng = random.Random(seed)
    step = days * 86_400.0 / runs
    first = now - timedelta(days=days)
    for start in range(0, runs, CHUNK):
        count = min(CHUNK, runs - start)
        run_rows: list[dict[str, Any]] = []
        step_rows: list[dict[str, Any]] = []
        for number in range(start, start + count):
            run_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            started = first + timedelta(seconds=(number + rng.random()) * step)
            ok = rng.random() < 0.9
            took = rng.lognormvariate(6.5, 0.8)  # median ≈ 665 ms
            run_rows.append(
                {
                    "id": run_id,
                    "team_id": team_id,
                    "user_id": f"U{number % 40:04d}",
                    "channel_id": f"C{number % 25:04d}",
                    "request": "archive #old-launch and tell #general that we are done with it",
                    "task_kind": "slack:archive",
                    "specialist": SPECIALISTS[number % len(SPECIALISTS)],
                    "routing": {"slack": 0.81, "general": 0.42},
                    "degradations": [],
                    "answer": "Archived #old-launch and told #general.",
                    "status": "succeeded" if ok else "failed",
                    "error_class": None if ok else rng.choice(ERRORS),
                    "prompt_tokens": rng.randrange(200, 2_000),
                    "completion_tokens": rng.randrange(20, 400),
                    "cost_usd": round(rng.random() * 0.002, 6),
                    "retries": 1 if rng.random() < 0.05 else 0,
                    "started_at": started,
                    "finished_at": started + timedelta(milliseconds=took),
                    "duration_ms": round(took, 3),
                }
            )
            for position in range(steps_per_run):
                step_ok = ok or position < steps_per_run - 1
                step_rows.append(
                    {
                        "run_id": run_id,
                        "position": position + 1,
                        "kind": "tool",
                        "tool": TOOLS[(number + position) % len(TOOLS)],
                        "arguments": {"channel": "C0OLDLAUNCH"},
                        "depends_on": [],
                        "result_summary": "Archived #old-launch" if step_ok else "not_in_channel",
                        "status": "done" if step_ok else "failed",
                        "success": step_ok,
                        "error_class": None if step_ok else rng.choice(ERRORS),
                        "duration_ms": round(rng.lognormvariate(5.0, 0.7), 3),
                        "started_at": started,
                    }
                )
        async with database.transaction() as session:
            await session.execute(insert(Run), run_rows)
            await session.execute(insert(RunStep), step_rows)
            await session.execute(insert(PendingAction), _pending(rng, run_rows[::50], team_id))
            await session.execute(insert(UndoEntry), _undos(rng, run_rows[::10], team_id))
            await session.execute(insert(AuditEntry), _feedback(rng, run_rows[::40], team_id))


def _pending(rng: random.Random, rows: list[dict[str, Any]], team_id: str) -> list[dict[str, Any]]:
    statuses = ("confirmed", "confirmed", "cancelled", "expired")
    return [
        {
            "run_id": row["id"],
            "team_id": team_id,
            "requester": row["user_id"],
            "channel_id": row["channel_id"],
            "tool": "slack.archive_channel",
            "arguments": {},
            "description": "Archive #old",
            "risk": "destructive",
            "status": rng.choice(statuses),
            "resume": {},
            "created_at": row["started_at"],
            "expires_at": row["started_at"] + timedelta(minutes=15),
        }
        for row in rows
    ]


def _undos(rng: random.Random, rows: list[dict[str, Any]], team_id: str) -> list[dict[str, Any]]:
    return [
        {
            "team_id": team_id,
            "user_id": row["user_id"],
            "run_id": row["id"],
            "tool": "slack.archive_channel",
            "summary": "Archived #old",
            "description": "unarchive #old",
            "params": {},
            "before": {},
            "after": {},
            "status": "undone" if rng.random() < 0.08 else "active",
            "created_at": row["started_at"],
            "expires_at": row["started_at"] + timedelta(hours=1),
        }
        for row in rows
    ]


def _feedback(rng: random.Random, rows: list[dict[str, Any]], team_id: str) -> list[dict[str, Any]]:
    return [
        {
            "team_id": team_id,
            "actor": row["user_id"],
            "action": "feedback_received",
            "detail": {"run_id": row["id"], "score": 1 if rng.random() < 0.75 else -1},
            "created_at": row["started_at"],
        }
        for row in rows
    ]


async def _time_figures(
    database: Database, now: datetime
) -> tuple[list[float], list[float], WorkspaceFigures]:
    """Wall times and CPU times (this process, all threads) of `compute_figures`."""
    timings: list[float] = []
    cpu: list[float] = []
    figures: WorkspaceFigures | None = None
    for _ in range(REPEATS):
        started, started_cpu = time.perf_counter(), time.process_time()
        figures = await compute_figures(database, team_id=TEAM, days=DAYS, now=now)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert figures is not None
    return timings, cpu, figures


async def _peak_memory(database: Database, now: datetime) -> float:
    tracemalloc.start()
    try:
        await compute_figures(database, team_id=TEAM, days=DAYS, now=now)
        return tracemalloc.get_traced_memory()[1] / 1_048_576
    finally:
        tracemalloc.stop()


async def _baseline(database: Database, now: datetime) -> tuple[float, float, int]:
    """Seconds and peak MB to load the window's runs as objects, and how many there were."""
    tracemalloc.start()
    try:
        started = time.perf_counter()
        async with database.read() as session:
            loaded = await runs_store.runs_started_since(
                session, team_id=TEAM, since=now - timedelta(days=DAYS)
            )
        elapsed = time.perf_counter() - started
        return elapsed, tracemalloc.get_traced_memory()[1] / 1_048_576, len(loaded)
    finally:
        tracemalloc.stop()


async def run() -> list[Figure]:
    now = datetime.now(UTC)
    with temporary_directory(NAME) as directory:
        url = await migrated_sqlite(directory)
        database = Database(url)
        try:
            started = time.perf_counter()
            await seed_history(database, team_id=TEAM, runs=RUNS, now=now)
            seeding = time.perf_counter() - started
            await compute_figures(database, team_id=TEAM, days=DAYS, now=now)  # warm the cache
            with profiled("compute_figures over 100,000 runs"):
                timings, cpu, figures = await _time_figures(database, now)
            peak_mb = await _peak_memory(database, now)
            started = time.perf_counter()
            png = await charts.render(charts.overview_chart, figures)
            chart_seconds = time.perf_counter() - started
            base_seconds, base_mb, loaded = await _baseline(database, now)
        finally:
            await database.dispose()
    seconds = median(timings)
    print_table(
        TITLE,
        ["figure", "value"],
        [
            ["runs / tool steps seeded", f"{RUNS:,} / {RUNS * STEPS_PER_RUN:,}"],
            ["seeding (bulk insert)", f"{seeding:.1f} s"],
            ["compute_figures, median of 3", f"{seconds * 1000:.0f} ms"],
            ["compute_figures, each", ", ".join(f"{t * 1000:.0f} ms" for t in timings)],
            ["compute_figures CPU time, median", f"{median(cpu) * 1000:.0f} ms"],
            ["peak Python memory (tracemalloc)", f"{peak_mb:.1f} MB"],
            ["overview chart", f"{chart_seconds * 1000:.0f} ms, {len(png) / 1024:.0f} KiB PNG"],
            [
                f"baseline: load {loaded:,} runs as objects",
                f"{base_seconds * 1000:.0f} ms, {base_mb:.0f} MB",
            ],
            ["runs counted", f"{figures.runs:,}"],
            ["success rate", percent(figures.success_rate)],
            [
                "latency P50 / P95 / P99",
                f"{duration(figures.latency.p50_ms)} / {duration(figures.latency.p95_ms)} / "
                f"{duration(figures.latency.p99_ms)}",
            ],
            ["health", f"{figures.health.score:.3f}" if figures.health.score is not None else "—"],
            ["tools / specialists", f"{len(figures.tools)} / {len(figures.specialists)}"],
        ],
    )
    note(
        "compute_figures aggregates in SQLite (GROUP BY, window functions); only aggregated "
        "rows reach Python. The baseline loads every run of the window instead."
    )
    return [
        Figure(NAME, "compute_figures, 100k runs", seconds, "s", TARGET_SECONDS),
        Figure(NAME, "compute_figures CPU time", median(cpu), "s"),
        Figure(NAME, "compute_figures peak memory", peak_mb, "MB", TARGET_PEAK_MB),
        Figure(NAME, "compute_figures / load-all baseline", ratio(seconds, base_seconds), "×"),
        Figure(NAME, "overview chart render", chart_seconds, "s"),
    ]


def main() -> int:
    figures = asyncio.run(run())
    rows = [[f.name, f.value_text, f.target_text, f.verdict] for f in figures]
    print_table("Summary", ["figure", "value", "target", "verdict"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
