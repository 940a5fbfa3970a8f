"""Bolt's async installation and OAuth state stores, on our database.

Installations are sealed (encrypted) as a whole, so no token is ever stored in
clear; only the ids needed to find them are plain columns.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy import delete, select
from sqlalchemy.sql import Select
from sqlmodel import col

from storage.db import Database
from storage.models import Installation as InstallationRow
from storage.models import OAuthState, utcnow
from storage.repositories.workspaces import upsert_workspace
from storage.sealing import Sealer

logger = logging.getLogger(__name__)


class DatabaseInstallationStore(AsyncInstallationStore):
    def __init__(self, database: Database, sealer: Sealer) -> None:
        self._database = database
        self._sealer = sealer

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_save(self, installation: Installation) -> None:
        async with self._database.transaction() as session:
            session.add(
                InstallationRow(
                    enterprise_id=installation.enterprise_id,
                    team_id=installation.team_id,
                    is_enterprise_install=bool(installation.is_enterprise_install),
                    user_id=installation.user_id,
                    bot_user_id=installation.bot_user_id,
                    bot_scopes=",".join(installation.bot_scopes or []),
                    sealed=self._sealer.seal(_to_json(installation.to_dict())),
                )
            )
            if installation.team_id:
                await upsert_workspace(
                    session,
                    team_id=installation.team_id,
                    name=installation.team_name or "",
                    bot_user_id=installation.bot_user_id,
                )

    async def async_save_bot(self, bot: Bot) -> None:
        # Bots are saved as part of their installation; nothing separate to keep.
        return None

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        installation = await self.async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if installation is None or installation.bot_token is None:
            return None
        return installation.to_bot()

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        statement = _matching(enterprise_id, team_id, is_enterprise_install)
        if user_id is not None:
            statement = statement.where(col(InstallationRow.user_id) == user_id)
        async with self._database.read() as session:
            row = (await session.execute(statement.limit(1))).scalar_one_or_none()
        if row is None:
            return None
        return Installation(**json.loads(self._sealer.open(row.sealed)))

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        statement = delete(InstallationRow).where(
            col(InstallationRow.enterprise_id) == enterprise_id,
            col(InstallationRow.team_id) == team_id,
        )
        if user_id is not None:
            statement = statement.where(col(InstallationRow.user_id) == user_id)
        async with self._database.transaction() as session:
            await session.execute(statement)


class DatabaseOAuthStateStore(AsyncOAuthStateStore):
    """One-time `state` values, shared by every process on the same database."""

    def __init__(self, database: Database, *, expiration_seconds: int = 600) -> None:
        self._database = database
        self._lifetime = timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        async with self._database.transaction() as session:
            session.add(OAuthState(state=state, expires_at=utcnow() + self._lifetime))
        return state

    async def async_consume(self, state: str) -> bool:
        async with self._database.transaction() as session:
            row = await session.get(OAuthState, state)
            if row is None:
                return False
            await session.delete(row)
            return _aware(row.expires_at) > utcnow()


def _matching(
    enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None
) -> Select[InstallationRow]:
    statement = select(InstallationRow).order_by(col(InstallationRow.id).desc())
    statement = statement.where(col(InstallationRow.enterprise_id) == enterprise_id)
    if not is_enterprise_install:
        statement = statement.where(col(InstallationRow.team_id) == team_id)
    return statement


def _to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, default=_encode_datetime)


def _encode_datetime(value: object) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"cannot seal a {type(value).__name__}")


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes even for timezone-aware columns."""
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
