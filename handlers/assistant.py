"""Slack's assistant panel (agent view): greeting, suggested prompts, status while working."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.say.async_say import AsyncSay
from slack_bolt.context.set_status.async_set_status import AsyncSetStatus
from slack_bolt.context.set_suggested_prompts.async_set_suggested_prompts import (
    AsyncSetSuggestedPrompts,
)
from slack_bolt.middleware.assistant.async_assistant import AsyncAssistant
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.services import Services
from handlers._delivery import event_id_of, retry_num, team_id_of
from handlers.messages import request_from_event


class AssistantListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_thread_started(
        self,
        body: dict[str, Any],
        request: AsyncBoltRequest,
        context: AsyncBoltContext,
        say: AsyncSay,
        set_suggested_prompts: AsyncSetSuggestedPrompts,
    ) -> None:
        async def greet() -> None:
            await say(messages.assistant_greeting())
            await set_suggested_prompts(prompts=messages.ASSISTANT_SUGGESTED_PROMPTS)

        await self._services.deliveries.process_once(
            team_id=team_id_of(body, context),
            event_id=event_id_of(body),
            kind="assistant_thread_started",
            retry_num=retry_num(request),
            work=greet,
        )

    async def on_user_message(
        self,
        body: dict[str, Any],
        payload: dict[str, Any],
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
        set_status: AsyncSetStatus,
    ) -> None:
        message = request_from_event(body, payload, context, source="assistant")
        if message is None:
            return

        async def show_status(status: str) -> None:
            await set_status(status)

        async def answer() -> None:
            await self._services.conversations.remember(message)
            await self._services.orchestrator.handle(message, client, progress=show_status)

        await self._services.deliveries.process_once(
            team_id=message.team_id,
            event_id=event_id_of(body),
            kind="assistant_message",
            retry_num=retry_num(request),
            work=answer,
        )


def register(app: AsyncApp, services: Services) -> None:
    listeners = AssistantListeners(services)
    assistant = AsyncAssistant()
    assistant.thread_started(listeners.on_thread_started)
    assistant.user_message(listeners.on_user_message)
    app.assistant(assistant)
