"""App Home: the Home tab's view, and the one-time greeting in the Messages tab."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from storage.db import Database
from storage.repositories import audit

GREETED = "greeted"


class AppHome:
    def __init__(self, database: Database, *, model_enabled: bool) -> None:
        self._database = database
        self._model_enabled = model_enabled

    async def publish(self, client: AsyncWebClient, *, user_id: str, is_admin: bool) -> None:
        view = home_view(is_admin=is_admin, model_enabled=self._model_enabled)
        await client.views_publish(user_id=user_id, view=view)

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
            text=messages.messages_tab_greeting(),
            unfurl_links=False,
            unfurl_media=False,
        )
        return True


def home_view(*, is_admin: bool, model_enabled: bool) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": messages.HOME_TITLE}},
        _section(messages.HOME_INTRO),
        _section(messages.HOME_HOW_TO),
        {"type": "divider"},
        _section(f"*What I can do*\n{messages.CAPABILITIES}"),
    ]
    if not model_enabled:
        blocks.append(
            _context(
                "No language model is connected: I answer with this overview until an admin sets "
                "`OPENAI_API_KEY`."
            )
        )
    if is_admin:
        blocks.append(_context("You are an admin: `/stats` is open to you."))
    return {"type": "home", "blocks": blocks}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
