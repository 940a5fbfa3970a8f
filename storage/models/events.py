"""Claimed Slack deliveries, so a redelivered event is handled once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import optional_timestamp, timestamp


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
    received_at: datetime = timestamp(nullable=False)
    finished_at: datetime | None = optional_timestamp()
