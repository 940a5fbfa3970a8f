"""Orchestrator runs and their traces: the run, its steps, and how each pattern has done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import json_column, optional_timestamp, timestamp

FINISHED = ("succeeded", "failed", "cancelled", "refused")  # the statuses a run ends in


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
    routing: dict[str, Any] = json_column(dict)
    planner: str = Field(default="model", max_length=16)  # model, offline, static
    pattern: str = Field(default="direct", max_length=16)  # direct, parallel, graph
    degradations: list[str] = json_column(list)
    reasoning: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    answer: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    retries: int = 0
    tainted: bool = False
    status: str = Field(default="running", max_length=16, index=True)  # running, waiting, FINISHED
    error_class: str | None = Field(default=None, max_length=64)
    prompt_version: int | None = None
    started_at: datetime = timestamp(nullable=False)
    finished_at: datetime | None = optional_timestamp()
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
    arguments: dict[str, Any] = json_column(dict)
    depends_on: list[str] = json_column(list)
    result_summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default="done", max_length=24)  # done, failed, awaiting_confirmation, ...
    success: bool = False
    error_class: str | None = Field(default=None, max_length=64)
    duration_ms: float = 0.0
    started_at: datetime = timestamp(nullable=False)


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
    updated_at: datetime = timestamp(nullable=False)
