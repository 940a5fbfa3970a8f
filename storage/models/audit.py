"""The audit trail: what the bot or an operator did."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.models.base import json_column, timestamp


class AuditEntry(SQLModel, table=True):
    """Something the bot or an operator did that someone may later need to explain."""

    __table_args__ = (Index("ix_auditentry_team_created", "team_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str | None = Field(default=None, max_length=32)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    detail: dict[str, Any] = json_column(dict)
    created_at: datetime = timestamp(nullable=False)
