"""Answering a member's message in its thread: with the model, or offline."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.llm import ChatModel, ModelUnavailable
from bot.metrics import Metrics
from bot.prompts import BASE_SYSTEM_PROMPT
from bot.redaction import Redactor
from bot.text import clean_text, split_for_slack
from storage.db import Database
from storage.repositories import conversations

logger = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 12_000
HISTORY_MESSAGES = 20
HISTORY_CHARS = 24_000

StatusCallback = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class IncomingMessage:
    """A member's message the bot should answer, already stripped of the bot's mention."""

    team_id: str
    channel_id: str
    user_id: str
    text: str
    ts: str
    thread_ts: str | None = None

    @property
    def reply_thread_ts(self) -> str:
        return self.thread_ts or self.ts


@dataclass(frozen=True)
class Reply:
    text: str
    source: str  # "model" or "offline"


class ConversationService:
    def __init__(
        self, database: Database, metrics: Metrics, model: ChatModel | None, redactor: Redactor
    ) -> None:
        self._database = database
        self._metrics = metrics
        self._model = model
        self._redact = redactor

    async def is_bot_thread(self, *, team_id: str, channel_id: str, thread_ts: str) -> bool:
        """Whether the bot takes part in this thread, so replies there are meant for it."""
        async with self._database.read() as session:
            found = await conversations.find_conversation_id(
                session, team_id=team_id, channel_id=channel_id, thread_ts=thread_ts
            )
        return found is not None

    async def answer(
        self,
        message: IncomingMessage,
        client: AsyncWebClient,
        *,
        set_status: StatusCallback | None = None,
    ) -> Reply:
        text = self._redact(clean_text(message.text)).strip()
        conversation_id = await self._remember(message, text)
        if set_status is not None:
            await set_status(messages.WORKING_STATUS)
        reply = await self._compose(conversation_id, text)
        posted_ts = await self._post(client, message, reply.text)
        async with self._database.transaction() as session:
            await conversations.add_message(
                session,
                conversation_id=conversation_id,
                role="assistant",
                text=reply.text,
                ts=posted_ts,
            )
        self._metrics.replies.labels(source=reply.source).inc()
        return reply

    async def _remember(self, message: IncomingMessage, text: str) -> int:
        async with self._database.transaction() as session:
            conversation_id = await conversations.open_conversation(
                session,
                team_id=message.team_id,
                channel_id=message.channel_id,
                thread_ts=message.reply_thread_ts,
                started_by=message.user_id,
            )
            await conversations.add_message(
                session,
                conversation_id=conversation_id,
                role="user",
                text=text[: MAX_REQUEST_CHARS * 4],
                user_id=message.user_id,
                ts=message.ts,
            )
        return conversation_id

    async def _compose(self, conversation_id: int, text: str) -> Reply:
        if not text:
            return Reply(messages.empty_message_reply(), "offline")
        if len(text) > MAX_REQUEST_CHARS:
            return Reply(messages.message_too_long(MAX_REQUEST_CHARS), "offline")
        if self._model is None:
            return Reply(messages.offline_help(text), "offline")
        history = await self._history(conversation_id)
        try:
            answer = await self._model.complete(history)
        except ModelUnavailable:
            return Reply(messages.model_unavailable_help(), "offline")
        return Reply(self._redact(clean_text(answer.text)), "model")

    async def _history(self, conversation_id: int) -> list[dict[str, Any]]:
        async with self._database.read() as session:
            stored = await conversations.recent_messages(
                session, conversation_id=conversation_id, limit=HISTORY_MESSAGES
            )
        turns: list[dict[str, Any]] = []
        budget = HISTORY_CHARS
        for item in reversed(stored):  # newest first, so the budget keeps the latest turns
            if len(item.text) > budget:
                break
            budget -= len(item.text)
            turns.append(
                {"role": "assistant" if item.role == "assistant" else "user", "content": item.text}
            )
        return [{"role": "system", "content": BASE_SYSTEM_PROMPT}, *reversed(turns)]

    async def _post(self, client: AsyncWebClient, message: IncomingMessage, text: str) -> str:
        last_ts = ""
        for piece in split_for_slack(text):
            response = await client.chat_postMessage(
                channel=message.channel_id,
                thread_ts=message.reply_thread_ts,
                text=piece,
                unfurl_links=False,
                unfurl_media=False,
            )
            last_ts = str(response.get("ts", ""))
        return last_ts
