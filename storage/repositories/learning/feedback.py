"""Feedback on runs, and the bot's replies a reaction on them leads back to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.base import utcnow
from storage.models.learning import Feedback, RunReply
from storage.models.runs import Run
from storage.repositories._upsert import insert_for


async def remember_reply(
    session: AsyncSession, *, team_id: str, channel_id: str, ts: str, run_id: str
) -> None:
    await session.execute(
        insert_for(session, RunReply)
        .values(team_id=team_id, channel_id=channel_id, ts=ts, run_id=run_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["team_id", "channel_id", "ts"])
    )


async def run_for_reply(
    session: AsyncSession, *, team_id: str, channel_id: str, ts: str
) -> str | None:
    result = await session.execute(
        select(col(RunReply.run_id)).where(
            col(RunReply.team_id) == team_id,
            col(RunReply.channel_id) == channel_id,
            col(RunReply.ts) == ts,
        )
    )
    return result.scalar_one_or_none()


async def add_feedback(session: AsyncSession, **values: Any) -> int | None:
    """Insert one feedback row; None when its `dedupe_key` was recorded already."""
    values.setdefault("created_at", utcnow())
    values.setdefault("status", "active")
    values.setdefault("text", "")
    result = await session.execute(
        insert_for(session, Feedback)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["team_id", "dedupe_key"])
        .returning(col(Feedback.id))
    )
    return result.scalar_one_or_none()


async def set_feedback_status(
    session: AsyncSession, *, team_id: str, dedupe_key: str, status: str, only_if: str
) -> int | None:
    """Move a feedback row from `only_if` to `status`; its id when it moved."""
    result = await session.execute(
        update(Feedback)
        .where(
            col(Feedback.team_id) == team_id,
            col(Feedback.dedupe_key) == dedupe_key,
            col(Feedback.status) == only_if,
        )
        .values(status=status, created_at=utcnow())
        .returning(col(Feedback.id))
    )
    return result.scalar_one_or_none()


async def get_feedback(session: AsyncSession, *, feedback_id: int) -> Feedback | None:
    return await session.get(Feedback, feedback_id)


async def feedback_of_run(session: AsyncSession, *, team_id: str, run_id: str) -> list[Feedback]:
    result = await session.execute(
        select(Feedback)
        .where(col(Feedback.team_id) == team_id, col(Feedback.run_id) == run_id)
        .order_by(col(Feedback.id))
    )
    return list(result.scalars())


async def latest_run_for(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    thread_ts: str | None = None,
) -> Run | None:
    """The member's latest run in the thread (if given and it has one), else in the channel."""
    base = select(Run).where(
        col(Run.team_id) == team_id, col(Run.user_id) == user_id, col(Run.channel_id) == channel_id
    )
    newest_first = col(Run.started_at).desc()
    if thread_ts:
        result = await session.execute(
            base.where(col(Run.thread_ts) == thread_ts).order_by(newest_first).limit(1)
        )
        run = result.scalar_one_or_none()
        if run is not None:
            return run
    result = await session.execute(base.order_by(newest_first).limit(1))
    return result.scalar_one_or_none()
