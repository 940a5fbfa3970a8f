"""One member of one workspace: the scope of every preference query, and forgetting it all.

Every query is scoped by `(team_id, user_id)`: one member's rows never feed another's
policy, and one workspace never sees another's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.preferences import (
    MemberActivity,
    MemberPreference,
    MemberProfile,
    PreferenceDecision,
)


def member_rows(table: Any, team_id: str, user_id: str) -> tuple[Any, Any]:
    """The WHERE conditions that pick one member's rows of a preference table."""
    return table.team_id == team_id, table.user_id == user_id


async def reset_member(session: AsyncSession, *, team_id: str, user_id: str) -> None:
    """Forget everything learned about and set by this member in this workspace."""
    for table in (PreferenceDecision, MemberPreference, MemberProfile, MemberActivity):
        await session.execute(delete(table).where(*member_rows(table, team_id, user_id)))
