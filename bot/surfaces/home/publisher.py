"""App Home: publishing the member's Home tab, and the one-time greeting in the Messages tab."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.preferences.service import MemberPreferences, PreferenceService
from bot.messages.chat import messages_tab_greeting
from bot.surfaces.home.view import RECENT_RUNS, home_view
from bot.surfaces.undo_entries import is_undoable
from storage.db import Database
from storage.models import Run, UndoEntry
from storage.repositories import audit
from storage.repositories import preferences as preference_store
from storage.repositories import undo as undo_store

logger = logging.getLogger(__name__)

GREETED = "greeted"

HealthLookup = Callable[[str], Awaitable[str | None]]


class AppHome:
    """Args:
    model_enabled: whether a language model answers (else the tab says so).
    preferences: what was learned about each member, shown with edit buttons.
    health: the admins' health line for a workspace; without it the tab says it is coming.
    """

    def __init__(
        self,
        database: Database,
        *,
        model_enabled: bool,
        preferences: PreferenceService | None = None,
        health: HealthLookup | None = None,
    ) -> None:
        self._database = database
        self._model_enabled = model_enabled
        self._preferences = preferences
        self._health = health

    async def publish(
        self,
        client: AsyncWebClient,
        *,
        user_id: str,
        is_admin: bool,
        team_id: str = "",
        notice: str | None = None,
    ) -> None:
        """Build the member's Home tab from their data in this workspace and publish it."""
        runs: list[Run] = []
        undoables: list[UndoEntry] = []
        learned: MemberPreferences | None = None
        health: str | None = None
        if team_id:
            async with self._database.read() as session:
                runs = await preference_store.recent_runs(
                    session, team_id=team_id, user_id=user_id, limit=RECENT_RUNS
                )
                entries = await undo_store.recent_entries(session, team_id=team_id, user_id=user_id)
            undoables = [e for e in entries if is_undoable(e)]
            if self._preferences is not None:
                learned = await self._preferences.summary(team_id, user_id)
            if is_admin:
                health = await self._health_summary(team_id)
        view = home_view(
            is_admin=is_admin,
            model_enabled=self._model_enabled,
            runs=runs,
            undoables=undoables,
            learned=learned,
            health=health,
            notice=notice,
            personal=bool(team_id),
        )
        await client.views_publish(user_id=user_id, view=view)

    async def _health_summary(self, team_id: str) -> str | None:
        if self._health is None:
            return None
        try:
            return await self._health(team_id)
        except Exception:  # the Home tab must open even when analytics can't answer
            logger.exception("health summary failed for %s", team_id)
            return None

    async def greet_once(
        self, client: AsyncWebClient, *, team_id: str, user_id: str, channel_id: str
    ) -> bool:
        """Say hello the first time a member opens the Messages tab; True if we did."""
        async with self._database.transaction() as session:
            if await audit.has_audit(session, team_id=team_id, actor=user_id, action=GREETED):
                return False
            await audit.record_audit(session, team_id=team_id, actor=user_id, action=GREETED)
        await client.chat_postMessage(
            channel=channel_id,
            text=messages_tab_greeting(),
            unfurl_links=False,
            unfurl_media=False,
        )
        return True
