"""Saved workflows: offers made to members, immutable versions, and the runs that used them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.base import utcnow
from storage.models.learning import SavedWorkflow, WorkflowOffer, WorkflowRun
from storage.repositories._affected import affected_rows
from storage.repositories._upsert import insert_for


async def add_offer(session: AsyncSession, **values: Any) -> int | None:
    """Record an offer; None when this member was offered this sequence already."""
    values.setdefault("created_at", utcnow())
    result = await session.execute(
        insert_for(session, WorkflowOffer)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["team_id", "user_id", "signature"])
        .returning(col(WorkflowOffer.id))
    )
    return result.scalar_one_or_none()


async def offer_signatures(session: AsyncSession, *, team_id: str) -> set[tuple[str, str]]:
    result = await session.execute(
        select(col(WorkflowOffer.user_id), col(WorkflowOffer.signature)).where(
            col(WorkflowOffer.team_id) == team_id
        )
    )
    return {(str(user), str(signature)) for user, signature in result.all()}


async def get_offer(session: AsyncSession, *, offer_id: int) -> WorkflowOffer | None:
    return await session.get(WorkflowOffer, offer_id)


async def decide_offer(session: AsyncSession, *, offer_id: int, status: str) -> bool:
    """Save or dismiss an offer once; False when it was decided already."""
    result = await session.execute(
        update(WorkflowOffer)
        .where(col(WorkflowOffer.id) == offer_id, col(WorkflowOffer.status) == "offered")
        .values(status=status, decided_at=utcnow())
    )
    return bool(affected_rows(result))


async def workflow_versions(
    session: AsyncSession, *, team_id: str, user_id: str, name: str
) -> list[SavedWorkflow]:
    result = await session.execute(
        select(SavedWorkflow)
        .where(
            col(SavedWorkflow.team_id) == team_id,
            col(SavedWorkflow.user_id) == user_id,
            col(SavedWorkflow.name) == name,
        )
        .order_by(col(SavedWorkflow.number))
    )
    return list(result.scalars())


async def workflows_of(session: AsyncSession, *, team_id: str, user_id: str) -> list[SavedWorkflow]:
    result = await session.execute(
        select(SavedWorkflow)
        .where(col(SavedWorkflow.team_id) == team_id, col(SavedWorkflow.user_id) == user_id)
        .order_by(col(SavedWorkflow.name), col(SavedWorkflow.number))
    )
    return list(result.scalars())


async def add_workflow_version(session: AsyncSession, version: SavedWorkflow) -> SavedWorkflow:
    session.add(version)
    await session.flush()
    return version


async def set_workflow_state(
    session: AsyncSession, *, team_id: str, user_id: str, name: str, number: int, state: str
) -> None:
    await session.execute(
        update(SavedWorkflow)
        .where(
            col(SavedWorkflow.team_id) == team_id,
            col(SavedWorkflow.user_id) == user_id,
            col(SavedWorkflow.name) == name,
            col(SavedWorkflow.number) == number,
        )
        .values(state=state)
    )


async def link_workflow_run(session: AsyncSession, **values: Any) -> None:
    values.setdefault("created_at", utcnow())
    await session.execute(
        insert_for(session, WorkflowRun)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["run_id"])
    )


async def workflow_of_run(session: AsyncSession, *, run_id: str) -> WorkflowRun | None:
    return await session.get(WorkflowRun, run_id)
