"""Immutable versions of each specialist's learned guidelines, and how each has done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, case, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.actions import UndoEntry
from storage.models.base import utcnow
from storage.models.learning import Feedback, LearningLabel, PromptVersion
from storage.models.runs import Run
from storage.repositories.learning.window import FINISHED


async def prompt_versions(
    session: AsyncSession, *, team_id: str, specialist: str | None = None
) -> list[PromptVersion]:
    statement = select(PromptVersion).where(col(PromptVersion.team_id) == team_id)
    if specialist is not None:
        statement = statement.where(col(PromptVersion.specialist) == specialist)
    result = await session.execute(
        statement.order_by(col(PromptVersion.specialist), col(PromptVersion.number))
    )
    return list(result.scalars())


async def get_prompt_version(
    session: AsyncSession, *, team_id: str, specialist: str, number: int
) -> PromptVersion | None:
    result = await session.execute(
        select(PromptVersion).where(
            col(PromptVersion.team_id) == team_id,
            col(PromptVersion.specialist) == specialist,
            col(PromptVersion.number) == number,
        )
    )
    return result.scalar_one_or_none()


async def served_guidelines(
    session: AsyncSession, *, team_id: str, specialist: str
) -> list[tuple[str, int, list[Any]]]:
    """(label, version, guidelines) for each label of the specialist's prompt: one query."""
    result = await session.execute(
        select(col(LearningLabel.label), col(LearningLabel.version), col(PromptVersion.guidelines))
        .join(
            PromptVersion,
            and_(
                col(PromptVersion.team_id) == col(LearningLabel.team_id),
                col(PromptVersion.specialist) == specialist,
                col(PromptVersion.number) == col(LearningLabel.version),
            ),
        )
        .where(
            col(LearningLabel.team_id) == team_id,
            col(LearningLabel.subject) == f"prompt:{specialist}",
        )
    )
    # A JSON column takes select() past its typed overloads; the rows' shape, spelled out:
    rows: Sequence[tuple[str, int, list[Any] | None]] = result.all()
    return [(str(label), int(version), list(lines or [])) for label, version, lines in rows]


async def next_prompt_number(session: AsyncSession, *, team_id: str, specialist: str) -> int:
    result = await session.execute(
        select(func.max(col(PromptVersion.number))).where(
            col(PromptVersion.team_id) == team_id, col(PromptVersion.specialist) == specialist
        )
    )
    return int(result.scalar_one() or 0) + 1


async def add_prompt_version(session: AsyncSession, version: PromptVersion) -> PromptVersion:
    session.add(version)
    await session.flush()
    return version


async def set_prompt_state(
    session: AsyncSession,
    *,
    team_id: str,
    specialist: str,
    number: int,
    state: str,
    decision: str = "",
) -> None:
    await session.execute(
        update(PromptVersion)
        .where(
            col(PromptVersion.team_id) == team_id,
            col(PromptVersion.specialist) == specialist,
            col(PromptVersion.number) == number,
        )
        .values(state=state, decided_at=utcnow(), decision=decision[:4000])
    )


async def count_prompt_versions(session: AsyncSession, *, team_id: str) -> int:
    """Learned prompt versions (every version after the built-in v1)."""
    result = await session.execute(
        select(func.count()).where(
            col(PromptVersion.team_id) == team_id, col(PromptVersion.number) > 1
        )
    )
    return int(result.scalar_one())


async def acceptance(
    session: AsyncSession,
    *,
    team_id: str,
    specialist: str,
    version: int,
    since: datetime,
) -> tuple[int, int]:
    """(accepted, finished) model-planned runs served `version` of the prompt since `since`.

    Accepted = succeeded, no active negative feedback, no undone action.
    """
    negative = exists().where(
        col(Feedback.run_id) == col(Run.id),
        col(Feedback.signal) < 0,
        col(Feedback.status) == "active",
    )
    undone = exists().where(col(UndoEntry.run_id) == col(Run.id), col(UndoEntry.status) == "undone")
    accepted = func.sum(
        case((and_(col(Run.status) == "succeeded", ~negative, ~undone), 1), else_=0)
    ).cast(Integer)
    result = await session.execute(
        select(func.count(), accepted).where(
            col(Run.team_id) == team_id,
            col(Run.specialist) == specialist,
            col(Run.prompt_version) == version,
            col(Run.planner) == "model",
            col(Run.status).in_(FINISHED),
            col(Run.started_at) >= since,
        )
    )
    total, good = result.one()
    return int(good or 0), int(total or 0)
