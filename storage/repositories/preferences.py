"""What the bot learns about each member: decisions, explicit settings, style, activity.

Every query is scoped by `(team_id, user_id)`: one member's rows never feed another's
policy, and one workspace never sees another's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditEntry,
    MemberActivity,
    MemberPreference,
    MemberProfile,
    PreferenceDecision,
    Run,
    UndoEntry,
    utcnow,
)
from storage.repositories._upsert import insert_for

KEEP_PER_PATTERN = 200  # decisions kept per member and pattern (older ones barely weigh)
FINISHED = ("succeeded", "failed", "cancelled", "refused")


# --- decisions on action patterns -----------------------------------------------------


async def add_decision(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    pattern: str,
    decision: str,
    at: datetime | None = None,
    run_id: str | None = None,
) -> None:
    """Store one decision and drop this member's oldest beyond the newest 200 for the pattern."""
    session.add(
        PreferenceDecision(
            team_id=team_id,
            user_id=user_id,
            pattern=pattern,
            decision=decision,
            run_id=run_id,
            created_at=at or utcnow(),
        )
    )
    await session.flush()
    surplus = await session.execute(
        select(PreferenceDecision.id)
        .where(
            *_member(PreferenceDecision, team_id, user_id), PreferenceDecision.pattern == pattern
        )
        .order_by(PreferenceDecision.created_at.desc(), PreferenceDecision.id.desc())
        .offset(KEEP_PER_PATTERN)
    )
    ids = [row[0] for row in surplus.all()]
    if ids:
        await session.execute(delete(PreferenceDecision).where(PreferenceDecision.id.in_(ids)))


@dataclass(frozen=True)
class DecisionRow:
    pattern: str
    decision: str
    created_at: datetime


async def decisions(
    session: AsyncSession, *, team_id: str, user_id: str, pattern: str | None = None
) -> list[DecisionRow]:
    """The member's kept decisions (one pattern, or all), newest first."""
    statement = select(
        PreferenceDecision.pattern, PreferenceDecision.decision, PreferenceDecision.created_at
    ).where(*_member(PreferenceDecision, team_id, user_id))
    if pattern is not None:
        statement = statement.where(PreferenceDecision.pattern == pattern)
    result = await session.execute(
        statement.order_by(PreferenceDecision.created_at.desc(), PreferenceDecision.id.desc())
    )
    return [DecisionRow(p, d, at) for p, d, at in result.all()]


async def forget_decisions(
    session: AsyncSession, *, team_id: str, user_id: str, pattern: str
) -> int:
    result = await session.execute(
        delete(PreferenceDecision).where(
            *_member(PreferenceDecision, team_id, user_id), PreferenceDecision.pattern == pattern
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# --- explicit settings -------------------------------------------------------------------


async def get_setting(session: AsyncSession, *, team_id: str, user_id: str, key: str) -> str | None:
    result = await session.execute(
        select(MemberPreference.value).where(
            *_member(MemberPreference, team_id, user_id), MemberPreference.key == key
        )
    )
    return result.scalar_one_or_none()


async def settings_of(session: AsyncSession, *, team_id: str, user_id: str) -> dict[str, str]:
    result = await session.execute(
        select(MemberPreference.key, MemberPreference.value).where(
            *_member(MemberPreference, team_id, user_id)
        )
    )
    return {key: value for key, value in result.all()}


async def set_setting(
    session: AsyncSession, *, team_id: str, user_id: str, key: str, value: str
) -> None:
    now = utcnow()
    statement = insert_for(session, MemberPreference).values(
        team_id=team_id, user_id=user_id, key=key, value=value, updated_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "user_id", "key"], set_={"value": value, "updated_at": now}
    )
    await session.execute(statement)


async def delete_setting(session: AsyncSession, *, team_id: str, user_id: str, key: str) -> bool:
    result = await session.execute(
        delete(MemberPreference).where(
            *_member(MemberPreference, team_id, user_id), MemberPreference.key == key
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --- the member's profile: style counters, feedback, time zone ---------------------------


async def get_profile(session: AsyncSession, *, team_id: str, user_id: str) -> MemberProfile | None:
    result = await session.execute(
        select(MemberProfile).where(*_member(MemberProfile, team_id, user_id))
    )
    return result.scalar_one_or_none()


async def count_message(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    chars: int,
    has_emoji: bool,
    at: datetime,
) -> None:
    """Add one message to the member's style counters (created on first use)."""
    statement = insert_for(session, MemberProfile).values(
        team_id=team_id,
        user_id=user_id,
        messages=1,
        chars=chars,
        emoji_messages=int(has_emoji),
        last_seen=at,
        updated_at=at,
    )
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "user_id"],
        set_={
            "messages": MemberProfile.messages + 1,
            "chars": MemberProfile.chars + excluded.chars,
            "emoji_messages": MemberProfile.emoji_messages + excluded.emoji_messages,
            "last_seen": excluded.last_seen,
            "updated_at": excluded.updated_at,
        },
    )
    await session.execute(statement)


async def update_profile(
    session: AsyncSession, *, team_id: str, user_id: str, **values: Any
) -> None:
    """Set profile fields, creating the profile if the member has none yet."""
    now = utcnow()
    await session.execute(
        insert_for(session, MemberProfile)
        .values(team_id=team_id, user_id=user_id, updated_at=now)
        .on_conflict_do_nothing(index_elements=["team_id", "user_id"])
    )
    await session.execute(
        update(MemberProfile)
        .where(*_member(MemberProfile, team_id, user_id))
        .values(**values, updated_at=now)
    )


async def reset_style(session: AsyncSession, *, team_id: str, user_id: str) -> None:
    await session.execute(
        update(MemberProfile)
        .where(*_member(MemberProfile, team_id, user_id))
        .values(
            messages=0,
            chars=0,
            emoji_messages=0,
            verbosity_feedback=None,
            verbosity_phrase=None,
            verbosity_at=None,
            emoji_feedback=None,
            emoji_phrase=None,
            emoji_at=None,
            updated_at=utcnow(),
        )
    )


# --- activity by hour of the week ---------------------------------------------------------


async def count_activity(
    session: AsyncSession, *, team_id: str, user_id: str, weekday: int, hour: int, at: datetime
) -> None:
    statement = insert_for(session, MemberActivity).values(
        team_id=team_id, user_id=user_id, weekday=weekday, hour=hour, count=1, last_seen=at
    )
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "user_id", "weekday", "hour"],
        set_={"count": MemberActivity.count + 1, "last_seen": statement.excluded.last_seen},
    )
    await session.execute(statement)


async def activity_of(
    session: AsyncSession, *, team_id: str, user_id: str
) -> dict[tuple[int, int], int]:
    result = await session.execute(
        select(MemberActivity.weekday, MemberActivity.hour, MemberActivity.count).where(
            *_member(MemberActivity, team_id, user_id)
        )
    )
    return {(weekday, hour): count for weekday, hour, count in result.all()}


async def forget_activity(session: AsyncSession, *, team_id: str, user_id: str) -> None:
    await session.execute(delete(MemberActivity).where(*_member(MemberActivity, team_id, user_id)))


# --- the member's runs, for the preferred specialist and the Home tab --------------------


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    task_kind: str
    specialist: str
    status: str
    started_at: datetime
    undone: bool


async def run_outcomes(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    task_kind: str | None = None,
    since: datetime | None = None,
    limit: int = 300,
) -> list[RunOutcome]:
    """The member's finished runs (newest first), each with whether an action of it was undone."""
    undone = (
        select(UndoEntry.run_id)
        .where(UndoEntry.team_id == team_id, UndoEntry.status == "undone")
        .where(UndoEntry.run_id.is_not(None))
    )
    statement = select(
        Run.id, Run.task_kind, Run.specialist, Run.status, Run.started_at, Run.id.in_(undone)
    ).where(Run.team_id == team_id, Run.user_id == user_id, Run.status.in_(FINISHED))
    if task_kind is not None:
        statement = statement.where(Run.task_kind == task_kind)
    if since is not None:
        statement = statement.where(Run.started_at >= since)
    result = await session.execute(statement.order_by(Run.started_at.desc()).limit(limit))
    return [
        RunOutcome(run_id, kind, specialist, status, started, bool(was_undone))
        for run_id, kind, specialist, status, started, was_undone in result.all()
    ]


async def down_voted_runs(session: AsyncSession, *, team_id: str, run_ids: list[str]) -> set[str]:
    """Of `run_ids`, those with negative feedback (`feedback_received` with a negative score)."""
    if not run_ids:
        return set()
    result = await session.execute(
        select(AuditEntry.detail).where(
            AuditEntry.team_id == team_id, AuditEntry.action == "feedback_received"
        )
    )
    wanted = set(run_ids)
    found: set[str] = set()
    for (detail,) in result.all():
        if not isinstance(detail, dict) or detail.get("run_id") not in wanted:
            continue
        if _is_negative(detail):
            found.add(str(detail["run_id"]))
    return found


def _is_negative(detail: dict[str, Any]) -> bool:
    for key in ("score", "rating", "value"):
        value = detail.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value < 0
    if detail.get("positive") is False:
        return True
    return str(detail.get("sentiment") or detail.get("reaction") or "") in (
        "negative",
        "-1",
        "thumbsdown",
    )


async def recent_runs(
    session: AsyncSession, *, team_id: str, user_id: str, limit: int = 10
) -> list[Run]:
    result = await session.execute(
        select(Run)
        .where(Run.team_id == team_id, Run.user_id == user_id)
        .order_by(Run.started_at.desc())
        .limit(limit)
    )
    return list(result.scalars())


# --- forgetting everything ------------------------------------------------------------------


async def reset_member(session: AsyncSession, *, team_id: str, user_id: str) -> None:
    """Forget everything learned about and set by this member in this workspace."""
    for table in (PreferenceDecision, MemberPreference, MemberProfile, MemberActivity):
        await session.execute(delete(table).where(*_member(table, team_id, user_id)))


def _member(table: Any, team_id: str, user_id: str) -> tuple[Any, Any]:
    return table.team_id == team_id, table.user_id == user_id
