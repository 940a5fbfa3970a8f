"""SQLModel tables. Every row that belongs to a workspace carries its `team_id`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, MetaData, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Stable constraint names, so Alembic's batch mode on SQLite can find them again.
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _timestamp(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kwargs))


class Workspace(SQLModel, table=True):
    """A Slack workspace the bot serves (single-workspace mode or an OAuth install)."""

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=255)
    bot_user_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = _timestamp(nullable=False)
    updated_at: datetime = _timestamp(nullable=False)


class Installation(SQLModel, table=True):
    """One OAuth installation. Tokens live only in `sealed`, encrypted at rest."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: str | None = Field(default=None, max_length=32, index=True)
    team_id: str | None = Field(default=None, max_length=32, index=True)
    is_enterprise_install: bool = False
    user_id: str = Field(max_length=32)
    bot_user_id: str | None = Field(default=None, max_length=32)
    bot_scopes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    sealed: str = Field(sa_column=Column(Text, nullable=False))
    installed_at: datetime = _timestamp(nullable=False)


class OAuthState(SQLModel, table=True):
    """A one-time OAuth `state` value, consumed by the redirect."""

    state: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ProcessedEvent(SQLModel, table=True):
    """A claimed Slack delivery: claimed once, then done, failed or abandoned."""

    __table_args__ = (UniqueConstraint("team_id", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    event_id: str = Field(max_length=64)
    kind: str = Field(max_length=64)
    status: str = Field(default="processing", max_length=16, index=True)
    retry_num: int = 0
    error: str | None = Field(default=None, sa_column=Column(Text))
    received_at: datetime = _timestamp(nullable=False)
    finished_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class Conversation(SQLModel, table=True):
    """A Slack thread (or DM thread) the bot takes part in."""

    __table_args__ = (UniqueConstraint("team_id", "channel_id", "thread_ts"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    thread_ts: str = Field(max_length=32)
    started_by: str = Field(max_length=32)
    created_at: datetime = _timestamp(nullable=False)
    updated_at: datetime = _timestamp(nullable=False)


class ConversationMessage(SQLModel, table=True):
    """One message of a conversation, the member's or the bot's."""

    __table_args__ = (Index("ix_conversationmessage_conversation", "conversation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", ondelete="CASCADE")
    role: str = Field(max_length=16)
    user_id: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _timestamp(nullable=False)


class AuditEntry(SQLModel, table=True):
    """Something the bot or an operator did that someone may later need to explain."""

    __table_args__ = (Index("ix_auditentry_team_created", "team_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str | None = Field(default=None, max_length=32)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _timestamp(nullable=False)


# --- orchestrator runs and their traces -------------------------------------------------


class Run(SQLModel, table=True):
    """One request turned into work: the head of its trace."""

    __table_args__ = (
        Index("ix_run_team_started", "team_id", "started_at"),
        Index("ix_run_team_kind", "team_id", "task_kind", "specialist"),
        Index("ix_run_team_user_channel", "team_id", "user_id", "channel_id"),
    )

    id: str = Field(primary_key=True, max_length=36)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    source: str = Field(default="message", max_length=32)  # message, mention, assistant, action
    request: str = Field(sa_column=Column(Text, nullable=False))
    task_kind: str = Field(default="chat", max_length=64)
    specialist: str = Field(default="general", max_length=64)
    routing: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    planner: str = Field(default="model", max_length=16)  # model, offline, static
    pattern: str = Field(default="direct", max_length=16)  # direct, parallel, graph
    degradations: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reasoning: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    answer: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    retries: int = 0
    tainted: bool = False
    status: str = Field(default="running", max_length=16, index=True)
    error_class: str | None = Field(default=None, max_length=64)
    prompt_version: int | None = None
    started_at: datetime = _timestamp(nullable=False)
    finished_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    duration_ms: float | None = None


class RunStep(SQLModel, table=True):
    """One step of a run: a model turn or a tool call, with what happened."""

    __table_args__ = (Index("ix_runstep_run", "run_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="run.id", max_length=36, ondelete="CASCADE")
    position: int = 0
    step_key: str = Field(default="", max_length=32)
    kind: str = Field(max_length=16)  # tool, model, aggregate
    tool: str | None = Field(default=None, max_length=96)
    arguments: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    depends_on: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    result_summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default="done", max_length=24)  # done, failed, awaiting_confirmation, ...
    success: bool = False
    error_class: str | None = Field(default=None, max_length=64)
    duration_ms: float = 0.0
    started_at: datetime = _timestamp(nullable=False)


class PendingAction(SQLModel, table=True):
    """A write or destructive call waiting for the member's confirmation."""

    __table_args__ = (Index("ix_pendingaction_team_status", "team_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="run.id", max_length=36, ondelete="CASCADE")
    step_key: str = Field(default="", max_length=32)
    team_id: str = Field(max_length=32)
    requester: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    tool: str = Field(max_length=96)
    arguments: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False))
    risk: str = Field(max_length=16)
    status: str = Field(default="pending", max_length=16)  # pending, confirmed, cancelled, expired
    resume: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    message_ts: str | None = Field(default=None, max_length=32)
    decided_by: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = _timestamp(nullable=False)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class UndoEntry(SQLModel, table=True):
    """An undoable action: its before-state and the compensating call's parameters."""

    __table_args__ = (Index("ix_undoentry_team_user", "team_id", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    run_id: str | None = Field(default=None, max_length=36)
    tool: str = Field(max_length=96)
    summary: str = Field(sa_column=Column(Text, nullable=False))  # what was done
    description: str = Field(sa_column=Column(Text, nullable=False))  # what undo will do
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    before: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    after: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    channel_id: str | None = Field(default=None, max_length=32)  # where the result was posted
    status: str = Field(default="active", max_length=16)  # active, undone, pruned
    created_at: datetime = _timestamp(nullable=False)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    undone_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    undone_by: str | None = Field(default=None, max_length=32)


class ExecutionStat(SQLModel, table=True):
    """How an execution pattern has done for a kind of task: feeds the recommendation."""

    __table_args__ = (UniqueConstraint("team_id", "task_kind", "pattern"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    task_kind: str = Field(max_length=64)
    pattern: str = Field(max_length=16)
    runs: int = 0
    successes: int = 0
    failures: int = 0
    total_ms: float = 0.0
    updated_at: datetime = _timestamp(nullable=False)


class Lease(SQLModel, table=True):
    """A named lease, so a scheduled job runs once per period across processes."""

    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    period_key: str = Field(default="", max_length=64)  # e.g. the day a digest was posted for


# --- what the bot learns about each member (preferences) ------------------------------


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
    created_at: datetime = _timestamp(nullable=False)


class MemberPreference(SQLModel, table=True):
    """An explicit setting by the member (`/prefs set`, "Always do this"): beats what is learned."""

    __table_args__ = (UniqueConstraint("team_id", "user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    key: str = Field(max_length=128)  # confirm:slack.archive_channel, style, emoji, ...
    value: str = Field(max_length=64)
    updated_at: datetime = _timestamp(nullable=False)


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
    verbosity_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    emoji_feedback: str | None = Field(default=None, max_length=16)  # on, off
    emoji_phrase: str | None = Field(default=None, max_length=64)
    emoji_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    tz: str | None = Field(default=None, max_length=64)  # IANA name from users.info
    tz_offset: int | None = None  # seconds east of UTC, from users.info
    tz_checked_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    last_seen: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = _timestamp(nullable=False)


class MemberActivity(SQLModel, table=True):
    """How often the member was active in one hour of the week, in their own time zone."""

    __table_args__ = (UniqueConstraint("team_id", "user_id", "weekday", "hour"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    weekday: int  # 0 = Monday
    hour: int  # 0-23, local
    count: int = 0
    last_seen: datetime = _timestamp(nullable=False)


# The learning loop's tables (feedback, cycles, patterns, prompt and workflow versions) live
# in their own module; importing it here puts them on this metadata for Alembic.
import storage.learning_models  # noqa: E402, F401
