"""Workspaces the bot serves, their OAuth installations and one-time OAuth states."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel

from storage.models.base import timestamp


class Workspace(SQLModel, table=True):
    """A Slack workspace the bot serves (single-workspace mode or an OAuth install)."""

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=255)
    bot_user_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = timestamp(nullable=False)
    updated_at: datetime = timestamp(nullable=False)


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
    installed_at: datetime = timestamp(nullable=False)


class OAuthState(SQLModel, table=True):
    """A one-time OAuth `state` value, consumed by the redirect."""

    state: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
