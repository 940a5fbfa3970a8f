"""Workflow versions: immutable, numbered per member and name; the `current` label runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.learning.workflows.names import CURRENT, subject_of
from storage.models.learning import SavedWorkflow
from storage.repositories import learning as store


async def add_version(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    name: str,
    steps: list[dict[str, Any]],
    parent: int | None,
    evidence: dict[str, Any],
    author: str,
    note: str,
    state: str,
    created_at: datetime,
    diff: list[dict[str, Any]] | None = None,
) -> SavedWorkflow:
    """The next version of `name` (1 for a new workflow); `current` when `state` is."""
    versions = await store.workflow_versions(session, team_id=team_id, user_id=user_id, name=name)
    number = max((v.number for v in versions), default=0) + 1
    workflow = await store.add_workflow_version(
        session,
        SavedWorkflow(
            team_id=team_id,
            user_id=user_id,
            name=name,
            number=number,
            parent=parent,
            steps=steps,
            diff=diff or [],
            evidence=evidence,
            author=author,
            note=note[:2000],
            state=state,
            created_at=created_at,
        ),
    )
    if state == CURRENT:
        await store.move_label(
            session,
            team_id=team_id,
            subject=subject_of(user_id, name),
            label=CURRENT,
            version=number,
            by=author,
            expected=None,
        )
    return workflow
