"""Leases: a job takes one before it works, so it runs once across processes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Lease, utcnow
from storage.repositories._affected import affected_rows
from storage.repositories._upsert import insert_for


async def acquire_lease(
    session: AsyncSession,
    *,
    name: str,
    holder: str,
    ttl: timedelta,
    period_key: str = "",
    now: datetime | None = None,
) -> bool:
    """Take the lease if it is free, expired, or ours; with `period_key`, only once per period.

    Returns True for exactly one caller per period even when several processes race:
    the row is created with insert-or-ignore, then claimed with a conditional update.
    """
    moment = now or utcnow()
    await session.execute(
        insert_for(session, Lease)
        .values(name=name, holder="", expires_at=moment - timedelta(seconds=1), period_key="")
        .on_conflict_do_nothing(index_elements=["name"])
    )
    conditions = [
        col(Lease.name) == name,
        or_(col(Lease.expires_at) < moment, col(Lease.holder) == holder),
    ]
    if period_key:
        conditions.append(col(Lease.period_key) != period_key)
    result = await session.execute(
        update(Lease)
        .where(*conditions)
        .values(holder=holder, expires_at=moment + ttl, period_key=period_key)
    )
    return bool(affected_rows(result))


async def release_lease(session: AsyncSession, *, name: str, holder: str) -> None:
    await session.execute(
        update(Lease)
        .where(col(Lease.name) == name, col(Lease.holder) == holder)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
