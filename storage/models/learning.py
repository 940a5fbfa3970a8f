"""Tables of the learning loop (SPEC §8): feedback, cycles, patterns, prompt and workflow versions.

Versions are immutable: a version's guidelines or steps, diff and evidence never change
once written; only its lifecycle fields (`state`, `decided_at`, `decision`) do. Labels
(`production`, `canary`, a workflow's `current`) point at versions and move.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import json_column, optional_timestamp, timestamp


class RunReply(SQLModel, table=True):
    """A message the bot posted for a run, so a 👍/👎 on it finds the run."""

    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "ts"),
        Index("ix_runreply_run", "run_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    run_id: str = Field(max_length=36)
    created_at: datetime = timestamp(nullable=False)


class Feedback(SQLModel, table=True):
    """One piece of feedback on a run: `/improve`, a reaction, a decision, an undo, a failure."""

    __table_args__ = (
        UniqueConstraint("team_id", "dedupe_key"),
        Index("ix_feedback_team_created", "team_id", "created_at"),
        Index("ix_feedback_run", "run_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    run_id: str | None = Field(default=None, max_length=36)
    kind: str = Field(max_length=16)  # improve, reaction, confirm, cancel, undo, failure
    signal: int = 0  # +1 good, -1 bad, 0 neutral
    explicit: bool = False  # said by the member (improve, reaction) rather than observed
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    specialist: str | None = Field(default=None, max_length=64)
    task_kind: str | None = Field(default=None, max_length=64)
    prompt_version: int | None = None
    workflow: str | None = Field(default=None, max_length=64)
    workflow_version: int | None = None
    dedupe_key: str = Field(max_length=128)  # one row per source event (redeliveries)
    status: str = Field(default="active", max_length=16)  # active, retracted
    created_at: datetime = timestamp(nullable=False)


class LearningCycle(SQLModel, table=True):
    """One learning cycle of one workspace: inputs, patterns, changes and decisions."""

    __table_args__ = (Index("ix_learningcycle_team", "team_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    holder: str = Field(max_length=64)
    trigger: str = Field(default="schedule", max_length=16)  # schedule, command
    status: str = Field(default="done", max_length=16)  # done, failed
    window_start: datetime | None = optional_timestamp()
    window_end: datetime | None = optional_timestamp()
    traces: int = 0
    inputs: dict[str, Any] = json_column(dict)
    patterns: list[Any] = json_column(list)
    changes: list[Any] = json_column(list)
    decisions: list[Any] = json_column(list)
    error: str | None = Field(default=None, sa_column=Column(Text))
    started_at: datetime = timestamp(nullable=False)
    finished_at: datetime | None = optional_timestamp()
    duration_ms: float = 0.0


class LearnedPattern(SQLModel, table=True):
    """Something the traces show, with counts accumulated over cycles and a confidence."""

    __table_args__ = (UniqueConstraint("team_id", "kind", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    kind: str = Field(max_length=24)  # sequence, contrast, failure, tool, routing, feedback, ...
    key: str = Field(max_length=255)
    specialist: str | None = Field(default=None, max_length=64)
    task_kind: str | None = Field(default=None, max_length=64)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    evidence: dict[str, Any] = json_column(dict)
    detail: dict[str, Any] = json_column(dict)
    frequency: int = 0
    confidence: float = 0.0
    first_cycle_id: int | None = None
    last_cycle_id: int | None = None
    created_at: datetime = timestamp(nullable=False)
    updated_at: datetime = timestamp(nullable=False)


class PromptVersion(SQLModel, table=True):
    """An immutable version of a specialist's learned guidelines."""

    __table_args__ = (UniqueConstraint("team_id", "specialist", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    specialist: str = Field(max_length=64)
    number: int
    parent: int | None = None
    guidelines: list[Any] = json_column(list)  # [{"text", "key", "task_kind", ...}]
    diff: list[Any] = json_column(list)  # [{"op": add|reword|retire, "old", "new", "key", ...}]
    evidence: list[Any] = json_column(list)  # [{"pattern", "kind", "confidence", "runs", ...}]
    author: str = Field(default="system", max_length=64)  # system, admin:<user id>
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    state: str = Field(default="canary", max_length=16)
    cycle_id: int | None = None
    created_at: datetime = timestamp(nullable=False)
    decided_at: datetime | None = optional_timestamp()
    decision: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class LearningLabel(SQLModel, table=True):
    """A label pointing at a version: a prompt's production/canary, a workflow's current."""

    __table_args__ = (UniqueConstraint("team_id", "subject", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    subject: str = Field(max_length=160)
    label: str = Field(max_length=16)
    version: int
    updated_by: str = Field(default="system", max_length=64)
    updated_at: datetime = timestamp(nullable=False)


class SavedWorkflow(SQLModel, table=True):
    """An immutable version of a member's saved workflow: the steps it runs."""

    __table_args__ = (UniqueConstraint("team_id", "user_id", "name", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    name: str = Field(max_length=64)
    number: int
    parent: int | None = None
    steps: list[Any] = json_column(list)
    diff: list[Any] = json_column(list)
    evidence: dict[str, Any] = json_column(dict)
    author: str = Field(default="system", max_length=64)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    state: str = Field(default="current", max_length=16)  # current, proposed, superseded, ...
    created_at: datetime = timestamp(nullable=False)


class WorkflowOffer(SQLModel, table=True):
    """A repeated tool sequence offered back to the member as a workflow to save (once)."""

    __table_args__ = (UniqueConstraint("team_id", "user_id", "signature"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    signature: str = Field(max_length=255)
    name: str = Field(max_length=64)
    steps: list[Any] = json_column(list)
    runs: list[Any] = json_column(list)
    count: int = 0
    status: str = Field(default="offered", max_length=16)  # offered, saved, dismissed
    created_at: datetime = timestamp(nullable=False)
    decided_at: datetime | None = optional_timestamp()


class WorkflowRun(SQLModel, table=True):
    """Which saved workflow version a run executed (for `/improve` on it)."""

    run_id: str = Field(primary_key=True, max_length=36)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    name: str = Field(max_length=64)
    version: int
    created_at: datetime = timestamp(nullable=False)
