"""The member's runs and how they went, for the preferred specialist and the Home tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.actions import UndoEntry
from storage.models.audit import AuditEntry
from storage.models.runs import FINISHED, Run


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    task_kind: str
    specialist: str
    status: str
    started_at: datetime
    undone: bool


async def run_outcomes(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    task_kind: str | None = None,
    since: datetime | None = None,
    limit: int = 300,
) -> list[RunOutcome]:
    """The member's finished runs (newest first), each with whether an action of it was undone."""
    undone = (
        select(col(UndoEntry.run_id))
        .where(col(UndoEntry.team_id) == team_id, col(UndoEntry.status) == "undone")
        .where(col(UndoEntry.run_id).is_not(None))
    )
    statement = select(
        col(Run.id),
        col(Run.task_kind),
        col(Run.specialist),
        col(Run.status),
        col(Run.started_at),
        col(Run.id).in_(undone),
    ).where(col(Run.team_id) == team_id, col(Run.user_id) == user_id, col(Run.status).in_(FINISHED))
    if task_kind is not None:
        statement = statement.where(col(Run.task_kind) == task_kind)
    if since is not None:
        statement = statement.where(col(Run.started_at) >= since)
    result = await session.execute(statement.order_by(col(Run.started_at).desc()).limit(limit))
    return [
        RunOutcome(run_id, kind, specialist, status, started, bool(was_undone))
        for run_id, kind, specialist, status, started, was_undone in result.all()
    ]


async def down_voted_runs(session: AsyncSession, *, team_id: str, run_ids: list[str]) -> set[str]:
    """Of `run_ids`, those with negative feedback (`feedback_received` with a negative score)."""
    if not run_ids:
        return set()
    result = await session.execute(
        select(col(AuditEntry.detail)).where(
            col(AuditEntry.team_id) == team_id, col(AuditEntry.action) == "feedback_received"
        )
    )
    wanted = set(run_ids)
    found: set[str] = set()
    for (detail,) in result.all():
        if not isinstance(detail, dict) or detail.get("run_id") not in wanted:
            continue
        if _is_negative(detail):
            found.add(str(detail["run_id"]))
    return found


def _is_negative(detail: dict[str, Any]) -> bool:
    for key in ("score", "rating", "value"):
        value = detail.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value < 0
    if detail.get("positive") is False:
        return True
    return str(detail.get("sentiment") or detail.get("reaction") or "") in (
        "negative",
        "-1",
        "thumbsdown",
    )


async def recent_runs(
    session: AsyncSession, *, team_id: str, user_id: str, limit: int = 10
) -> list[Run]:
    result = await session.execute(
        select(Run)
        .where(col(Run.team_id) == team_id, col(Run.user_id) == user_id)
        .order_by(col(Run.started_at).desc())
        .limit(limit)
    )
    return list(result.scalars())
