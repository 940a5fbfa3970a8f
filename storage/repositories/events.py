"""Claims on Slack deliveries: each `(team_id, event_id)` is processed once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import ProcessedEvent, utcnow
from storage.repositories._affected import affected_rows
from storage.repositories._upsert import insert_for

PROCESSING, DONE, FAILED, ABANDONED = "processing", "done", "failed", "abandoned"


async def claim_event(
    session: AsyncSession, *, team_id: str, event_id: str, kind: str, retry_num: int = 0
) -> bool:
    """Insert-or-ignore the claim; True only for the one caller that inserted it."""
    statement = (
        insert_for(session, ProcessedEvent)
        .values(
            team_id=team_id,
            event_id=event_id,
            kind=kind,
            status=PROCESSING,
            retry_num=retry_num,
            received_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["team_id", "event_id"])
        .returning(col(ProcessedEvent.id))
    )
    inserted = (await session.execute(statement)).scalar_one_or_none()
    return inserted is not None


async def finish_event(
    session: AsyncSession, *, team_id: str, event_id: str, status: str, error: str | None = None
) -> None:
    await session.execute(
        update(ProcessedEvent)
        .where(col(ProcessedEvent.team_id) == team_id, col(ProcessedEvent.event_id) == event_id)
        .values(status=status, error=error, finished_at=utcnow())
    )


async def abandon_stale_events(session: AsyncSession, *, older_than: timedelta) -> int:
    """Mark claims still `processing` after `older_than` as abandoned (a process died)."""
    cutoff: datetime = utcnow() - older_than
    result = await session.execute(
        update(ProcessedEvent)
        .where(col(ProcessedEvent.status) == PROCESSING, col(ProcessedEvent.received_at) < cutoff)
        .values(status=ABANDONED, finished_at=utcnow(), error="the process stopped mid-work")
    )
    return affected_rows(result) or 0


async def get_event(session: AsyncSession, *, team_id: str, event_id: str) -> ProcessedEvent | None:
    result = await session.execute(
        select(ProcessedEvent).where(
            col(ProcessedEvent.team_id) == team_id, col(ProcessedEvent.event_id) == event_id
        )
    )
    return result.scalar_one_or_none()


async def count_events_by_status(session: AsyncSession) -> dict[str, int]:
    result = await session.execute(
        select(col(ProcessedEvent.status), func.count()).group_by(col(ProcessedEvent.status))
    )
    return {status: count for status, count in result.all()}
