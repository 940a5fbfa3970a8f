"""The undo registry's storage: undoable actions, newest first, per member."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import UndoEntry, utcnow
from storage.repositories._affected import affected_rows

KEEP_PER_MEMBER = 20


async def add_undo_entry(session: AsyncSession, entry: UndoEntry) -> int:
    """Store the entry and retire this member's entries beyond the newest 20."""
    session.add(entry)
    await session.flush()
    assert entry.id is not None
    kept = await session.execute(
        select(col(UndoEntry.id))
        .where(
            col(UndoEntry.team_id) == entry.team_id,
            col(UndoEntry.user_id) == entry.user_id,
            col(UndoEntry.status) == "active",
        )
        .order_by(col(UndoEntry.id).desc())
        .offset(KEEP_PER_MEMBER)
    )
    surplus = [row[0] for row in kept.all()]
    if surplus:
        await session.execute(
            update(UndoEntry).where(col(UndoEntry.id).in_(surplus)).values(status="pruned")
        )
    return entry.id


async def get_undo_entry(session: AsyncSession, *, team_id: str, entry_id: int) -> UndoEntry | None:
    entry = await session.get(UndoEntry, entry_id)
    return entry if entry is not None and entry.team_id == team_id else None


async def latest_active(
    session: AsyncSession, *, team_id: str, user_id: str, now: datetime | None = None
) -> UndoEntry | None:
    result = await session.execute(
        select(UndoEntry)
        .where(
            col(UndoEntry.team_id) == team_id,
            col(UndoEntry.user_id) == user_id,
            col(UndoEntry.status) == "active",
            col(UndoEntry.expires_at) > (now or utcnow()),
        )
        .order_by(col(UndoEntry.id).desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def recent_entries(
    session: AsyncSession, *, team_id: str, user_id: str, limit: int = KEEP_PER_MEMBER
) -> list[UndoEntry]:
    result = await session.execute(
        select(UndoEntry)
        .where(
            col(UndoEntry.team_id) == team_id,
            col(UndoEntry.user_id) == user_id,
            col(UndoEntry.status) != "pruned",
        )
        .order_by(col(UndoEntry.id).desc())
        .limit(limit)
    )
    return list(result.scalars())


async def mark_undone(session: AsyncSession, *, entry_id: int, undone_by: str) -> bool:
    """Mark undone once; False if it was undone (or retired) already."""
    result = await session.execute(
        update(UndoEntry)
        .where(col(UndoEntry.id) == entry_id, col(UndoEntry.status) == "active")
        .values(status="undone", undone_at=utcnow(), undone_by=undone_by)
    )
    return bool(affected_rows(result))


async def reactivate(session: AsyncSession, *, entry_id: int) -> None:
    """Undo failed after the entry was claimed: make it undoable again."""
    await session.execute(
        update(UndoEntry)
        .where(col(UndoEntry.id) == entry_id)
        .values(status="active", undone_at=None, undone_by=None)
    )
