"""The four slash commands. Each acks at once; `/undo` then works and responds."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.commands import answer_command
from bot.prefs_command import quick_prefs_answer, run_prefs_command
from bot.stats_command import run_stats_command, stats_quick_answer
from bot.undo_command import run_undo_command

COMMANDS = ("/improve", "/undo", "/prefs", "/stats")


class CommandListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        is_admin = self._services.settings.is_admin(str(command.get("user_id", "")))
        text = str(command.get("text") or "")
        answer = answer_command(str(command["command"]), text, is_admin=is_admin)
        await ack(text=answer, response_type="ephemeral")

    async def on_undo(
        self, ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        user_id = str(command.get("user_id", ""))
        reply = await run_undo_command(
            self._services.undo,
            text=str(command.get("text") or ""),
            team_id=str(command.get("team_id", "")),
            user_id=user_id,
            channel_id=str(command.get("channel_id", "")),
            client=client,
            is_admin=self._services.settings.is_admin(user_id),
        )
        await respond(
            text=reply.text,
            blocks=reply.blocks or None,
            response_type="in_channel" if reply.public else "ephemeral",
        )

    async def on_stats(
        self, ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user_id = str(command.get("user_id", ""))
        text = str(command.get("text") or "")
        is_admin = self._services.settings.is_admin(user_id)
        quick = stats_quick_answer(text, is_admin=is_admin)
        if quick is not None:  # refusal, help, bad input: answered in the ack
            await ack(text=quick, response_type="ephemeral")
            return
        await ack()
        reply = await run_stats_command(
            self._services.database,
            text=text,
            team_id=str(command.get("team_id", "")),
            user_id=user_id,
            channel_id=str(command.get("channel_id", "")),
            client=client,
            is_admin=is_admin,
        )
        await respond(text=reply.text, blocks=reply.blocks or None, response_type="ephemeral")

    async def on_prefs(
        self, ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        text = str(command.get("text") or "")
        quick = quick_prefs_answer(text)  # help and unknown sub-commands need no database
        if quick is not None or self._services.preferences is None:
            await ack(text=quick or "Preferences are not available.", response_type="ephemeral")
            return
        await ack()
        reply = await run_prefs_command(
            self._services.preferences,
            text=text,
            team_id=str(command.get("team_id", "")),
            user_id=str(command.get("user_id", "")),
            client=client,
        )
        await respond(text=reply.text, blocks=reply.blocks or None, response_type="ephemeral")


def register(app: AsyncApp, services: Services) -> None:
    listeners = CommandListeners(services)
    app.command("/undo")(listeners.on_undo)
    app.command("/stats")(listeners.on_stats)
    app.command("/prefs")(listeners.on_prefs)
    for name in COMMANDS:
        if name not in ("/undo", "/stats", "/prefs"):
            app.command(name)(listeners.on_command)
