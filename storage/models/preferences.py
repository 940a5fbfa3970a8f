"""What the bot learns about each member: decisions, explicit settings, profile, activity."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import optional_timestamp, timestamp


class PreferenceDecision(SQLModel, table=True):
    """One decision of a member on an action pattern: confirm, cancel, undo, or done unasked."""

    __table_args__ = (
        Index("ix_preferencedecision_member", "team_id", "user_id", "pattern", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    pattern: str = Field(max_length=96)  # a tool's qualified name: slack.archive_channel
    decision: str = Field(max_length=16)  # confirm, cancel, undo, auto
    run_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = timestamp(nullable=False)


class MemberPreference(SQLModel, table=True):
    """An explicit setting by the member (`/prefs set`, "Always do this"): beats what is learned."""

    __table_args__ = (UniqueConstraint("team_id", "user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    key: str = Field(max_length=128)  # confirm:slack.archive_channel, style, emoji, ...
    value: str = Field(max_length=64)
    updated_at: datetime = timestamp(nullable=False)


class MemberProfile(SQLModel, table=True):
    """What the member's own messages say about them: style counters, feedback, time zone."""

    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    messages: int = 0
    chars: int = 0
    emoji_messages: int = 0
    verbosity_feedback: str | None = Field(default=None, max_length=16)  # concise, detailed
    verbosity_phrase: str | None = Field(default=None, max_length=64)
    verbosity_at: datetime | None = optional_timestamp()
    emoji_feedback: str | None = Field(default=None, max_length=16)  # on, off
    emoji_phrase: str | None = Field(default=None, max_length=64)
    emoji_at: datetime | None = optional_timestamp()
    tz: str | None = Field(default=None, max_length=64)  # IANA name from users.info
    tz_offset: int | None = None  # seconds east of UTC, from users.info
    tz_checked_at: datetime | None = optional_timestamp()
    last_seen: datetime | None = optional_timestamp()
    updated_at: datetime = timestamp(nullable=False)


class MemberActivity(SQLModel, table=True):
    """How often the member was active in one hour of the week, in their own time zone."""

    __table_args__ = (UniqueConstraint("team_id", "user_id", "weekday", "hour"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    weekday: int  # 0 = Monday
    hour: int  # 0-23, local
    count: int = 0
    last_seen: datetime = timestamp(nullable=False)
