"""Messages meant for the bot: @mentions, DMs, and replies in threads it takes part in."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.orchestrator.request import Request
from bot.services import Services
from bot.surfaces.text import strip_mentions
from handlers._delivery import event_id_of, retry_num, team_id_of

# Edits, joins, bot posts and the like are not requests to the bot.
IGNORED_SUBTYPES = {
    "message_changed",
    "message_deleted",
    "channel_join",
    "channel_leave",
    "bot_message",
    "message_replied",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "thread_broadcast",
}


class MessageListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_app_mention(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await self._answer_once(body, event, request, client, context, kind="app_mention")

    async def on_message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if event.get("subtype") in IGNORED_SUBTYPES or event.get("bot_id"):
            return
        bot_user_id = context.bot_user_id or ""
        if bot_user_id and f"<@{bot_user_id}>" in (event.get("text") or ""):
            return  # the app_mention event for the same message answers it
        if event.get("channel_type") != "im" and not await self._in_bot_thread(
            body, event, context
        ):
            return
        await self._answer_once(body, event, request, client, context, kind="message")

    async def _in_bot_thread(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> bool:
        thread_ts = event.get("thread_ts")
        if not thread_ts:
            return False
        return await self._services.conversations.is_bot_thread(
            team_id=team_id_of(body, context), channel_id=event["channel"], thread_ts=thread_ts
        )

    async def _answer_once(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
        *,
        kind: str,
    ) -> None:
        message = request_from_event(body, event, context, source=kind)
        if message is None:
            return

        async def answer() -> None:
            await self._services.conversations.remember(message)
            await self._services.orchestrator.handle(message, client)

        await self._services.deliveries.process_once(
            team_id=message.team_id,
            event_id=event_id_of(body),
            kind=kind,
            retry_num=retry_num(request),
            work=answer,
        )


def request_from_event(
    body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext, *, source: str
) -> Request | None:
    """The request in a message event, or None when the event lacks what we need."""
    user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
    if not (user and channel and ts):
        return None
    return Request(
        team_id=team_id_of(body, context),
        channel_id=str(channel),
        user_id=str(user),
        text=strip_mentions(str(event.get("text") or ""), context.bot_user_id),
        ts=str(ts),
        thread_ts=event.get("thread_ts"),
        source=source,
    )


def register(app: AsyncApp, services: Services) -> None:
    listeners = MessageListeners(services)
    app.event("app_mention")(listeners.on_app_mention)
    app.event("message")(listeners.on_message)
