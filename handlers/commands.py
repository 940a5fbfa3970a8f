"""The four slash commands: ack at once with the answer (ephemeral)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.app import Services
from bot.commands import answer_command

COMMANDS = ("/improve", "/undo", "/prefs", "/stats")


class CommandListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        is_admin = self._services.settings.is_admin(str(command.get("user_id", "")))
        text = str(command.get("text") or "")
        answer = answer_command(str(command["command"]), text, is_admin=is_admin)
        await ack(text=answer, response_type="ephemeral")


def register(app: AsyncApp, services: Services) -> None:
    listeners = CommandListeners(services)
    for name in COMMANDS:
        app.command(name)(listeners.on_command)
