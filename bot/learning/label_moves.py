"""Moving a prompt's labels: promote a version to production, roll back a canary or production.

Each move is a conditional update inside the caller's transaction, so a cycle and an
admin acting at the same moment can't both win; each returns what changed."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.learning.version_changes import CANARY, PRODUCTION, VersionChange, subject_of
from bot.messages import learning_prompts as say
from storage.repositories import learning as store


async def promote(
    session: AsyncSession,
    *,
    team_id: str,
    specialist: str,
    number: int,
    by: str,
    reason: str,
) -> VersionChange | None:
    """Make `number` production (from canary or any earlier version); None if it can't."""
    subject = subject_of(specialist)
    labels = await store.labels_of(session, team_id=team_id, subject=subject)
    version = await store.get_prompt_version(
        session, team_id=team_id, specialist=specialist, number=number
    )
    if version is None or labels.get(PRODUCTION) == number:
        return None
    previous = labels.get(PRODUCTION)
    if not await store.move_label(
        session,
        team_id=team_id,
        subject=subject,
        label=PRODUCTION,
        version=number,
        by=by,
        expected=previous,
    ):
        return None
    if labels.get(CANARY) == number:
        await store.drop_label(
            session, team_id=team_id, subject=subject, label=CANARY, expected=number
        )
    await store.set_prompt_state(
        session,
        team_id=team_id,
        specialist=specialist,
        number=number,
        state=PRODUCTION,
        decision=reason,
    )
    if previous is not None:
        await store.set_prompt_state(
            session,
            team_id=team_id,
            specialist=specialist,
            number=previous,
            state="superseded",
            decision=say.replaced_by(number),
        )
    return VersionChange(
        kind="promoted",
        team_id=team_id,
        specialist=specialist,
        number=number,
        by=by,
        reason=reason,
        parent=version.parent,
        detail={"previous": previous},
    )


async def roll_back(
    session: AsyncSession,
    *,
    team_id: str,
    specialist: str,
    number: int | None,
    by: str,
    reason: str,
) -> list[VersionChange]:
    """Roll back the canary `number`, or production `number` (back to its parent).

    With `number` None: the canary if there is one, else production.
    """
    subject = subject_of(specialist)
    labels = await store.labels_of(session, team_id=team_id, subject=subject)
    if number is None:
        number = labels.get(CANARY) or labels.get(PRODUCTION)
    if number is None:
        return []
    changes: list[VersionChange] = []
    if labels.get(CANARY) == number:
        if await store.drop_label(
            session, team_id=team_id, subject=subject, label=CANARY, expected=number
        ):
            await store.set_prompt_state(
                session,
                team_id=team_id,
                specialist=specialist,
                number=number,
                state="rolled_back",
                decision=reason,
            )
            changes.append(
                VersionChange(
                    kind="rolled_back",
                    team_id=team_id,
                    specialist=specialist,
                    number=number,
                    by=by,
                    reason=reason,
                    detail={"label": CANARY},
                )
            )
        return changes
    if labels.get(PRODUCTION) != number:
        return []
    version = await store.get_prompt_version(
        session, team_id=team_id, specialist=specialist, number=number
    )
    target = version.parent if version else None
    if target is None:
        return []  # the built-in prompt has nothing to go back to
    if not await store.move_label(
        session,
        team_id=team_id,
        subject=subject,
        label=PRODUCTION,
        version=target,
        by=by,
        expected=number,
    ):
        return []
    await store.set_prompt_state(
        session,
        team_id=team_id,
        specialist=specialist,
        number=number,
        state="rolled_back",
        decision=reason,
    )
    await store.set_prompt_state(
        session,
        team_id=team_id,
        specialist=specialist,
        number=target,
        state=PRODUCTION,
        decision=say.restored_when(number),
    )
    changes.append(
        VersionChange(
            kind="rolled_back",
            team_id=team_id,
            specialist=specialist,
            number=number,
            by=by,
            reason=reason,
            parent=target,
            detail={"label": PRODUCTION, "restored": target},
        )
    )
    canary = labels.get(CANARY)
    if canary is not None:  # a canary built on the version rolled back goes with it
        changes += await roll_back(
            session,
            team_id=team_id,
            specialist=specialist,
            number=canary,
            by=by,
            reason=say.base_rolled_back(number),
        )
    return changes
