"""`kaizen stats [--json] [--days N] [--team T]`: the admin figures in the terminal.

The same figures as `/stats`, for every workspace with runs in the window (or
one), as rich tables or as JSON with stable keys.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table

from bot.messages import stats as words
from bot.messages.stats import HEALTH_FORMULA, HEALTH_TERMS
from bot.surfaces.stats.compute import compute_figures
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.formatting import duration, percent, usd
from storage.db import Database
from storage.repositories.analytics import teams_with_runs

JSON_VERSION = 1


async def collect(
    database: Database, *, days: int, team_id: str | None = None, now: datetime | None = None
) -> list[WorkspaceFigures]:
    """Figures for `team_id`, or for every workspace that started runs in the window."""
    until = (now or datetime.now(UTC)).astimezone(UTC)
    if team_id:
        teams = [team_id]
    else:
        async with database.read() as session:
            teams = await teams_with_runs(session, since=until - timedelta(days=days), until=until)
    return [await compute_figures(database, team_id=team, days=days, now=until) for team in teams]


def as_json(figures: list[WorkspaceFigures], *, days: int, now: datetime) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "generated_at": now.isoformat(),
        "days": days,
        "health_formula": HEALTH_FORMULA,
        "workspaces": [item.to_json() for item in figures],
    }


async def run_stats_cli(
    database_url: str,
    *,
    days: int,
    team_id: str | None = None,
    as_json_output: bool = False,
    console: Console | None = None,
) -> int:
    now = datetime.now(UTC)
    database = Database(database_url)
    try:
        figures = await collect(database, days=days, team_id=team_id, now=now)
    finally:
        await database.dispose()
    if as_json_output:
        print(json.dumps(as_json(figures, days=days, now=now), indent=2, ensure_ascii=False))
        return 0
    show(figures, days=days, console=console or Console())
    return 0


def show(figures: list[WorkspaceFigures], *, days: int, console: Console) -> None:
    if not figures:
        console.print(words.no_runs_in(days))
    for item in figures:
        console.print(_summary_table(item))
        if item.specialists:
            console.print(_specialists_table(item))
        if item.tools:
            console.print(_tools_table(item))
        if item.errors or item.tool_errors:
            console.print(_errors_table(item))
        for line in item.changes():
            console.print(f"  • {line}")
        console.print(f"[dim]{item.learning.note if not item.learning.running else ''}[/dim]")
    console.print(f"[dim]{HEALTH_FORMULA}. {HEALTH_TERMS}[/dim]")


def _summary_table(item: WorkspaceFigures) -> Table:
    table = Table(title=words.summary_table_title(item.team_id, item.days))
    table.add_column("figure")
    table.add_column("value", justify="right")
    health = item.health.score
    confirmations = item.confirmations
    busiest = item.usage.busiest
    rows = [
        ("runs", f"{item.runs:,} ({item.finished:,} finished)"),
        ("success rate", percent(item.success_rate)),
        ("latency P50", duration(item.latency.p50_ms)),
        ("latency P95", duration(item.latency.p95_ms)),
        ("latency P99", duration(item.latency.p99_ms)),
        ("health (0–1)", "—" if health is None else f"{health:.3f}"),
        *((f"  health: {name}", f"{value:.3f}") for name, value in item.health.parts.items()),
        ("confirmations asked", f"{confirmations.asked:,}"),
        ("confirmations decided", f"{confirmations.decided:,}"),
        ("confirmations expired", f"{confirmations.expired:,}"),
        ("confirmations saved", f"{confirmations.saved:,}"),
        ("undos", f"{item.undos.undone:,} of {item.undos.undoable:,}"),
        ("feedback 👍 / 👎", f"{item.feedback.positive:,} / {item.feedback.negative:,}"),
        ("retries", f"{item.retries:,}"),
        ("model cost", usd(item.costs.usd)),
        (
            "tokens (prompt / completion)",
            f"{item.costs.prompt_tokens:,} / {item.costs.completion_tokens:,}",
        ),
        ("busiest hour", "—" if busiest is None else f"{busiest[0]} {busiest[1]:02d}:00 UTC"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    return table


def _specialists_table(item: WorkspaceFigures) -> Table:
    table = Table(title="Specialists")
    for column in ("specialist", "runs", "success", "P50", "P95", "P99", "cost"):
        table.add_column(column, justify="left" if column == "specialist" else "right")
    for row in item.specialists:
        table.add_row(
            row.name,
            f"{row.runs:,}",
            percent(row.success_rate),
            duration(row.latency.p50_ms),
            duration(row.latency.p95_ms),
            duration(row.latency.p99_ms),
            usd(row.cost_usd),
        )
    return table


def _tools_table(item: WorkspaceFigures) -> Table:
    table = Table(title="Tools")
    for column in ("tool", "calls", "success", "failed", "P50", "P95"):
        table.add_column(column, justify="left" if column == "tool" else "right")
    for row in item.tools:
        table.add_row(
            row.tool,
            f"{row.calls:,}",
            percent(row.success_rate),
            f"{row.failed:,}",
            duration(row.p50_ms),
            duration(row.p95_ms),
        )
    return table


def _errors_table(item: WorkspaceFigures) -> Table:
    table = Table(title="Errors")
    for column in ("where", "error class", "count"):
        table.add_column(column, justify="right" if column == "count" else "left")
    for row in item.errors:
        table.add_row("run", row.error_class, f"{row.count:,}")
    for row in item.tool_errors:
        table.add_row(row.tool or "tool", row.error_class, f"{row.count:,}")
    return table
