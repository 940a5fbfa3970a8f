"""Buttons: Confirm / Cancel on pending actions, Undo on results. Ack first, then work."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.blocks import CANCEL_ACTION, CONFIRM_ACTION, UNDO_ACTION


def _number_after(prefix: str, value: str) -> int | None:
    head, _, number = value.partition(":")
    return int(number) if head == prefix and number.isdigit() else None


class ActionListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_confirm(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await self._decide(body, action, client, confirm=True)

    async def on_cancel(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await self._decide(body, action, client, confirm=False)

    async def on_undo(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        user_id, channel_id = _clicker(body)
        entry_id = _number_after("undo", str(action.get("value", "")))
        if entry_id is None:
            await _tell(client, channel_id, user_id, "That Undo button is not one of mine.")
            return
        outcome = await self._services.undo.undo_by_id(
            entry_id=entry_id,
            team_id=_team_of(body),
            user_id=user_id,
            channel_id=channel_id,
            client=client,
            is_admin=self._services.settings.is_admin(user_id),
        )
        if not outcome.ok:
            await _tell(client, channel_id, user_id, outcome.message)
            return
        message = body.get("message") or {}
        await client.chat_postMessage(
            channel=channel_id,
            thread_ts=message.get("thread_ts") or message.get("ts"),
            text=f"{outcome.message} (undone by <@{user_id}>)",
            unfurl_links=False,
            unfurl_media=False,
        )

    async def _decide(
        self, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient, *, confirm: bool
    ) -> None:
        user_id, channel_id = _clicker(body)
        action_id = _number_after("pending", str(action.get("value", "")))
        if action_id is None:
            await _tell(client, channel_id, user_id, "That button is not one of mine.")
            return
        refusal = await self._services.orchestrator.decide(
            action_id=action_id, user_id=user_id, confirm=confirm, client=client
        )
        if refusal:
            await _tell(client, channel_id, user_id, refusal)


def _clicker(body: dict[str, Any]) -> tuple[str, str]:
    user = body.get("user") or {}
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    return str(user.get("id", "")), str(channel.get("id") or container.get("channel_id") or "")


def _team_of(body: dict[str, Any]) -> str:
    team = body.get("team") or {}
    return str(team.get("id") or (body.get("user") or {}).get("team_id") or "")


async def _tell(client: AsyncWebClient, channel_id: str, user_id: str, text: str) -> None:
    """An ephemeral note for the clicker only."""
    await client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)


def register(app: AsyncApp, services: Services) -> None:
    listeners = ActionListeners(services)
    app.action(CONFIRM_ACTION)(listeners.on_confirm)
    app.action(CANCEL_ACTION)(listeners.on_cancel)
    app.action(UNDO_ACTION)(listeners.on_undo)
