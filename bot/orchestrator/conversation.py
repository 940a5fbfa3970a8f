"""Threads the bot takes part in: remembered so replies there reach it without a mention."""

from __future__ import annotations

from bot.orchestrator.request import Request
from bot.runtime.redaction import Redactor
from bot.surfaces.text import clean_text
from storage.db import Database
from storage.repositories import conversations

STORED_TEXT_LIMIT = 40_000


class ConversationService:
    def __init__(self, database: Database, redactor: Redactor) -> None:
        self._database = database
        self._redact = redactor

    async def is_bot_thread(self, *, team_id: str, channel_id: str, thread_ts: str) -> bool:
        async with self._database.read() as session:
            found = await conversations.find_conversation_id(
                session, team_id=team_id, channel_id=channel_id, thread_ts=thread_ts
            )
        return found is not None

    async def remember(self, request: Request) -> None:
        """Record the request in its thread, so the bot answers later replies there."""
        text = self._redact(clean_text(request.text))[:STORED_TEXT_LIMIT]
        async with self._database.transaction() as session:
            conversation_id = await conversations.open_conversation(
                session,
                team_id=request.team_id,
                channel_id=request.channel_id,
                thread_ts=request.reply_thread_ts,
                started_by=request.user_id,
            )
            await conversations.add_message(
                session,
                conversation_id=conversation_id,
                role="user",
                text=text,
                user_id=request.user_id,
                ts=request.ts,
            )
