"""Labels that point at versions (a prompt's production and canary, a workflow's current).

Labels move only with a compare-and-set on the version they point at, so two writers
(a cycle and an admin's click) never both win.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.base import utcnow
from storage.models.learning import LearningLabel
from storage.repositories._affected import affected_rows
from storage.repositories._upsert import insert_for


async def labels_of(session: AsyncSession, *, team_id: str, subject: str) -> dict[str, int]:
    result = await session.execute(
        select(col(LearningLabel.label), col(LearningLabel.version)).where(
            col(LearningLabel.team_id) == team_id, col(LearningLabel.subject) == subject
        )
    )
    return {str(label): int(version) for label, version in result.all()}


async def labels_with_prefix(
    session: AsyncSession, *, team_id: str, prefix: str
) -> list[LearningLabel]:
    result = await session.execute(
        select(LearningLabel).where(
            col(LearningLabel.team_id) == team_id, col(LearningLabel.subject).startswith(prefix)
        )
    )
    return list(result.scalars())


async def move_label(
    session: AsyncSession,
    *,
    team_id: str,
    subject: str,
    label: str,
    version: int,
    by: str,
    expected: int | None,
) -> bool:
    """Point `label` at `version` if it still points at `expected` (None: it must not exist).

    The condition makes concurrent changes (an admin's click during a cycle) safe: the
    second writer sees False and leaves the label alone.
    """
    now = utcnow()
    if expected is None:
        result = await session.execute(
            insert_for(session, LearningLabel)
            .values(
                team_id=team_id,
                subject=subject,
                label=label,
                version=version,
                updated_by=by,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["team_id", "subject", "label"])
            .returning(col(LearningLabel.id))
        )
        return result.scalar_one_or_none() is not None
    moved = await session.execute(
        update(LearningLabel)
        .where(
            col(LearningLabel.team_id) == team_id,
            col(LearningLabel.subject) == subject,
            col(LearningLabel.label) == label,
            col(LearningLabel.version) == expected,
        )
        .values(version=version, updated_by=by, updated_at=now)
    )
    return bool(affected_rows(moved))


async def drop_label(
    session: AsyncSession, *, team_id: str, subject: str, label: str, expected: int
) -> bool:
    result = await session.execute(
        delete(LearningLabel).where(
            col(LearningLabel.team_id) == team_id,
            col(LearningLabel.subject) == subject,
            col(LearningLabel.label) == label,
            col(LearningLabel.version) == expected,
        )
    )
    return bool(affected_rows(result))


async def count_canaries(session: AsyncSession, *, team_id: str) -> int:
    """Specialist prompts with a version in canary now."""
    result = await session.execute(
        select(func.count()).where(
            col(LearningLabel.team_id) == team_id,
            col(LearningLabel.label) == "canary",
            col(LearningLabel.subject).startswith("prompt:"),
        )
    )
    return int(result.scalar_one())
