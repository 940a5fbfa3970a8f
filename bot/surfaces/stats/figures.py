"""Workspace figures for `/stats`, the daily digest and `kaizen stats`, and the health score.

The numbers come from SQL aggregations in `storage.repositories.analytics`; this
module turns them into rates, the health score and a comparison with the
previous window of the same length. Times are UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.repositories import analytics as store

DEFAULT_DAYS = 7
MAX_DAYS = 365

# --- the health score: its formula lives here and only here ------------------------------

HEALTH_WEIGHTS: dict[str, float] = {
    "success": 0.50,
    "latency": 0.20,
    "undo": 0.15,
    "feedback": 0.15,
}
LATENCY_TARGET_MS = 10_000.0
HEALTH_FORMULA = (
    "health = 0.5 × success rate + 0.2 × (1 − min(1, P95 latency ÷ 10 s))"
    " + 0.15 × (1 − undo rate) + 0.15 × (feedback balance + 1) ÷ 2"
)
HEALTH_TERMS = (
    "success rate = succeeded ÷ finished runs; P95 latency = 95th percentile of run time; "
    "undo rate = undone ÷ undoable actions (0 when there were none); "
    "feedback balance = (👍 − 👎) ÷ (👍 + 👎), from −1 to +1 (0 when there was none). "
    "No finished runs in the window: no score."
)
LEARNING_NOT_RUNNING = (
    "The learning loop is not running yet: cycles, patterns, prompt versions and canaries "
    "appear here once it does."
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class HealthScore:
    """The score in [0, 1] (None without finished runs) and each part in [0, 1]."""

    score: float | None
    parts: dict[str, float] = field(default_factory=dict)
    formula: str = HEALTH_FORMULA

    def to_json(self) -> dict[str, Any]:
        return {
            "score": _round(self.score, 4),
            "formula": self.formula,
            "parts": {
                name: {"value": _round(self.parts.get(name), 4), "weight": weight}
                for name, weight in HEALTH_WEIGHTS.items()
            },
        }


def health_score(
    *,
    finished: int,
    succeeded: int,
    p95_ms: float | None,
    undoable: int,
    undone: int,
    positive: int,
    negative: int,
) -> HealthScore:
    """The health score; see HEALTH_FORMULA and HEALTH_TERMS."""
    if finished <= 0:
        return HealthScore(score=None)
    latency = 1.0 - min(1.0, (p95_ms or 0.0) / LATENCY_TARGET_MS)
    parts = {
        "success": succeeded / finished,
        "latency": latency,
        "undo": 1.0 - (undone / undoable if undoable else 0.0),
        "feedback": (feedback_balance(positive, negative) + 1.0) / 2.0,
    }
    score = sum(HEALTH_WEIGHTS[name] * value for name, value in parts.items())
    return HealthScore(score=min(1.0, max(0.0, score)), parts=parts)


def feedback_balance(positive: int, negative: int) -> float:
    total = positive + negative
    return (positive - negative) / total if total else 0.0


# --- figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Latency:
    samples: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None

    @classmethod
    def of(cls, found: store.Percentiles) -> Latency:
        return cls(found.count, found.get(50), found.get(95), found.get(99))

    def to_json(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "p50_ms": _round(self.p50_ms, 3),
            "p95_ms": _round(self.p95_ms, 3),
            "p99_ms": _round(self.p99_ms, 3),
        }


@dataclass(frozen=True)
class SpecialistFigures:
    name: str
    runs: int
    finished: int
    succeeded: int
    success_rate: float | None
    latency: Latency
    cost_usd: float

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "runs": self.runs,
            "finished": self.finished,
            "succeeded": self.succeeded,
            "success_rate": _round(self.success_rate, 4),
            "latency": self.latency.to_json(),
            "cost_usd": round(self.cost_usd, 6),
        }


@dataclass(frozen=True)
class ToolFigures:
    tool: str
    calls: int
    succeeded: int
    failed: int
    success_rate: float | None
    p50_ms: float | None
    p95_ms: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "calls": self.calls,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "success_rate": _round(self.success_rate, 4),
            "p50_ms": _round(self.p50_ms, 3),
            "p95_ms": _round(self.p95_ms, 3),
        }


@dataclass(frozen=True)
class ErrorFigures:
    error_class: str
    count: int
    tool: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"error_class": self.error_class, "count": self.count, "tool": self.tool}


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


@dataclass(frozen=True)
class DayFigures:
    day: date
    runs: int
    finished: int
    succeeded: int
    latency: Latency
    cost_usd: float

    @property
    def success_rate(self) -> float | None:
        return _rate(self.succeeded, self.finished)

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "runs": self.runs,
            "finished": self.finished,
            "succeeded": self.succeeded,
            "success_rate": _round(self.success_rate, 4),
            "latency": self.latency.to_json(),
            "cost_usd": round(self.cost_usd, 6),
        }


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


@dataclass(frozen=True)
class PeriodSummary:
    """The headline numbers of one window, for comparisons."""

    since: datetime
    until: datetime
    runs: int
    finished: int
    succeeded: int
    p95_ms: float | None
    cost_usd: float
    health: float | None

    @property
    def success_rate(self) -> float | None:
        return _rate(self.succeeded, self.finished)

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "runs": self.runs,
            "finished": self.finished,
            "succeeded": self.succeeded,
            "success_rate": _round(self.success_rate, 4),
            "p95_ms": _round(self.p95_ms, 3),
            "cost_usd": round(self.cost_usd, 6),
            "health": _round(self.health, 4),
        }


@dataclass(frozen=True)
class WorkspaceFigures:
    team_id: str
    days: int
    since: datetime
    until: datetime
    runs: int
    finished: int
    succeeded: int
    failed: int
    retries: int
    latency: Latency
    specialists: list[SpecialistFigures]
    tools: list[ToolFigures]
    errors: list[ErrorFigures]
    tool_errors: list[ErrorFigures]
    confirmations: Confirmations
    undos: Undos
    feedback: Feedback
    costs: Costs
    usage: Usage
    per_day: list[DayFigures]
    health: HealthScore
    learning: LearningStatus
    previous: PeriodSummary

    @property
    def success_rate(self) -> float | None:
        return _rate(self.succeeded, self.finished)

    @property
    def is_empty(self) -> bool:
        return self.runs == 0

    @property
    def current(self) -> PeriodSummary:
        return PeriodSummary(
            since=self.since,
            until=self.until,
            runs=self.runs,
            finished=self.finished,
            succeeded=self.succeeded,
            p95_ms=self.latency.p95_ms,
            cost_usd=self.costs.usd,
            health=self.health.score,
        )

    def slowest_tools(self, count: int = 3) -> list[ToolFigures]:
        timed = [tool for tool in self.tools if tool.p95_ms is not None]
        return sorted(timed, key=lambda tool: (-(tool.p95_ms or 0.0), tool.tool))[:count]

    def failing_tools(self, count: int = 3) -> list[ToolFigures]:
        failing = [tool for tool in self.tools if tool.failed > 0]
        return sorted(failing, key=lambda tool: (-tool.failed, tool.tool))[:count]

    def changes(self) -> list[str]:
        """What changed since the previous window, in words."""
        return describe_changes(self.previous, self.current, days=self.days)

    def to_json(self) -> dict[str, Any]:
        return {
            "team_id": self.team_id,
            "days": self.days,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "runs": self.runs,
            "finished": self.finished,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "success_rate": _round(self.success_rate, 4),
            "retries": self.retries,
            "latency": self.latency.to_json(),
            "health": self.health.to_json(),
            "specialists": [item.to_json() for item in self.specialists],
            "tools": [item.to_json() for item in self.tools],
            "errors": [item.to_json() for item in self.errors],
            "tool_errors": [item.to_json() for item in self.tool_errors],
            "confirmations": self.confirmations.to_json(),
            "undos": self.undos.to_json(),
            "feedback": self.feedback.to_json(),
            "costs": self.costs.to_json(),
            "usage": self.usage.to_json(),
            "per_day": [item.to_json() for item in self.per_day],
            "learning": self.learning.to_json(),
            "previous": self.previous.to_json(),
            "changes": self.changes(),
        }


# --- computing them ----------------------------------------------------------------------


async def compute_figures(
    database: Database,
    *,
    team_id: str,
    days: int = DEFAULT_DAYS,
    now: datetime | None = None,
    learning: LearningStatus | None = None,
) -> WorkspaceFigures:
    """The figures of `team_id` over the `days` before `now`, and the window before that."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    until = (now or datetime.now(UTC)).astimezone(UTC)
    since = until - timedelta(days=days)
    async with database.read() as session:
        return await _figures(session, team_id, days, since, until, learning or LearningStatus())


async def _figures(
    session: AsyncSession,
    team_id: str,
    days: int,
    since: datetime,
    until: datetime,
    learning: LearningStatus,
) -> WorkspaceFigures:
    window = {"team_id": team_id, "since": since, "until": until}
    runs = await store.run_report(session, **window)
    steps = await store.step_report(session, **window)
    undo_counts = await store.undo_counts(session, **window)
    feedback_counts = await store.feedback_counts(session, **window)
    by_status = await store.confirmation_counts(session, **window)
    totals = runs.totals
    latency = Latency.of(runs.latency)
    health = health_score(
        finished=totals.finished,
        succeeded=totals.succeeded,
        p95_ms=latency.p95_ms,
        undoable=undo_counts.recorded,
        undone=undo_counts.undone,
        positive=feedback_counts.positive,
        negative=feedback_counts.negative,
    )
    return WorkspaceFigures(
        team_id=team_id,
        days=days,
        since=since,
        until=until,
        runs=totals.runs,
        finished=totals.finished,
        succeeded=totals.succeeded,
        failed=totals.failed,
        retries=totals.retries,
        latency=latency,
        specialists=[_specialist(row) for row in runs.specialists],
        tools=[_tool(row) for row in steps.tools],
        errors=[ErrorFigures(row.error_class, row.count) for row in runs.errors],
        tool_errors=[ErrorFigures(row.error_class, row.count, row.tool) for row in steps.errors],
        confirmations=Confirmations(
            asked=sum(by_status.values()),
            confirmed=by_status.get("confirmed", 0),
            cancelled=by_status.get("cancelled", 0),
            expired=by_status.get("expired", 0),
            pending=by_status.get("pending", 0),
            saved=steps.saved,
        ),
        undos=Undos(undoable=undo_counts.recorded, undone=undo_counts.undone),
        feedback=Feedback(feedback_counts.positive, feedback_counts.negative),
        costs=Costs(totals.cost_usd, totals.prompt_tokens, totals.completion_tokens),
        usage=Usage.of(await store.usage_by_weekday_hour(session, **window)),
        per_day=_every_day(runs.days, since, until),
        health=health,
        learning=learning,
        previous=await _summary(session, team_id, since - (until - since), since),
    )


async def _summary(
    session: AsyncSession, team_id: str, since: datetime, until: datetime
) -> PeriodSummary:
    window = {"team_id": team_id, "since": since, "until": until}
    totals = await store.run_totals(session, **window)
    latency = await store.run_latency(session, **window, timed=totals.timed)
    undo_counts = await store.undo_counts(session, **window)
    feedback_counts = await store.feedback_counts(session, **window)
    health = health_score(
        finished=totals.finished,
        succeeded=totals.succeeded,
        p95_ms=latency.get(95),
        undoable=undo_counts.recorded,
        undone=undo_counts.undone,
        positive=feedback_counts.positive,
        negative=feedback_counts.negative,
    )
    return PeriodSummary(
        since=since,
        until=until,
        runs=totals.runs,
        finished=totals.finished,
        succeeded=totals.succeeded,
        p95_ms=latency.get(95),
        cost_usd=totals.cost_usd,
        health=health.score,
    )


def _specialist(row: store.SpecialistRow) -> SpecialistFigures:
    return SpecialistFigures(
        name=row.specialist,
        runs=row.totals.runs,
        finished=row.totals.finished,
        succeeded=row.totals.succeeded,
        success_rate=_rate(row.totals.succeeded, row.totals.finished),
        latency=Latency.of(row.latency),
        cost_usd=row.totals.cost_usd,
    )


def _tool(row: store.ToolRow) -> ToolFigures:
    return ToolFigures(
        tool=row.tool,
        calls=row.calls,
        succeeded=row.succeeded,
        failed=row.failed,
        success_rate=_rate(row.succeeded, row.calls),
        p50_ms=row.latency.get(50),
        p95_ms=row.latency.get(95),
    )


def _every_day(rows: list[store.DayRow], since: datetime, until: datetime) -> list[DayFigures]:
    """One entry per UTC day of the window, days without runs included."""
    found = {row.day: row for row in rows}
    first, last = since.date(), (until - timedelta(microseconds=1)).date()
    series: list[DayFigures] = []
    day = first
    while day <= last:
        row = found.get(day.isoformat())
        totals = row.totals if row else store.RunTotals()
        series.append(
            DayFigures(
                day=day,
                runs=totals.runs,
                finished=totals.finished,
                succeeded=totals.succeeded,
                latency=Latency.of(row.latency) if row else Latency(),
                cost_usd=totals.cost_usd,
            )
        )
        day += timedelta(days=1)
    return series


# --- comparing two windows ---------------------------------------------------------------


def describe_changes(before: PeriodSummary, after: PeriodSummary, *, days: int) -> list[str]:
    """Lines such as "Runs: 120 (+20 since yesterday)"; empty when both windows are empty."""
    if before.runs == 0 and after.runs == 0:
        return []
    since = "since yesterday" if days == 1 else f"vs the previous {days} days"
    lines = [f"Runs: {after.runs:,} ({_signed(after.runs - before.runs)} {since})"]
    if after.success_rate is not None and before.success_rate is not None:
        points = (after.success_rate - before.success_rate) * 100
        lines.append(f"Success rate: {percent(after.success_rate)} ({points:+.1f} pp)")
    elif after.success_rate is not None:
        lines.append(f"Success rate: {percent(after.success_rate)} (no finished runs before)")
    if after.p95_ms is not None and before.p95_ms is not None:
        lines.append(
            f"P95 latency: {duration(after.p95_ms)} ({_signed_ms(after.p95_ms - before.p95_ms)})"
        )
    if after.cost_usd or before.cost_usd:
        lines.append(
            f"Model cost: {usd(after.cost_usd)} ({_signed_usd(after.cost_usd - before.cost_usd)})"
        )
    if after.health is not None and before.health is not None:
        lines.append(f"Health: {after.health:.2f} ({after.health - before.health:+.2f})")
    return lines


# --- formatting, shared by Slack and the terminal ------------------------------------------


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def duration(ms: float | None) -> str:
    if ms is None:
        return "—"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{ms:.0f} ms"


def usd(value: float) -> str:
    if value == 0:
        return "$0.00"
    return f"${value:,.4f}" if value < 1 else f"${value:,.2f}"


def _signed(value: int) -> str:
    return f"{value:+,}"


def _signed_ms(value: float) -> str:
    sign = "+" if value >= 0 else "-"
    return f"{sign}{duration(abs(value))}"


def _signed_usd(value: float) -> str:
    sign = "+" if value >= 0 else "-"
    return f"{sign}{usd(abs(value))}"


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
