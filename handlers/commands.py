"""The four slash commands. Each answers in the ack when it can; otherwise it acks at once,
hands over to its surface in `bot/surfaces/`, and responds with what comes back."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.feedback import IMPROVE_CALLBACK
from bot.learning.loop import post_admin_notes
from bot.services import Services
from bot.surfaces.commands import answer_command
from bot.surfaces.improve import (
    answer_improve,
    improve_ack_answer,
    improve_form_errors,
    record_improve_form,
)
from bot.surfaces.prefs.command import prefs_ack_answer, run_prefs_command
from bot.surfaces.reply import CommandReply
from bot.surfaces.stats.command import answer_stats, stats_ack_answer
from bot.surfaces.undo import run_undo_command

COMMANDS = ("/improve", "/undo", "/prefs", "/stats")


class CommandListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        is_admin = self._services.settings.is_admin(str(command.get("user_id", "")))
        text = str(command.get("text") or "")
        answer = answer_command(str(command["command"]), text, is_admin=is_admin)
        await ack(text=answer, response_type="ephemeral")

    async def on_improve(
        self, ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """`/improve <text>` records feedback on the latest run here; no text opens the form."""
        text = str(command.get("text") or "")
        learning = self._services.learning
        quick = improve_ack_answer(text, learning)
        if quick is not None:  # help, or no learning loop: answered in the ack
            await ack(text=quick, response_type="ephemeral")
            return
        await ack()
        if learning is None:  # not reached: without a learning loop the ack answered
            return
        answer = await answer_improve(
            learning,
            client,
            text=text,
            team_id=str(command.get("team_id", "")),
            user_id=str(command.get("user_id", "")),
            channel_id=str(command.get("channel_id", "")),
            trigger_id=str(command.get("trigger_id", "")),
        )
        if answer is not None:
            await respond(text=answer, response_type="ephemeral")

    async def on_improve_submitted(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        errors = improve_form_errors(view)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        learning = self._services.learning
        if learning is None:
            return
        await record_improve_form(
            learning,
            client,
            team_id=str((body.get("team") or {}).get("id") or view.get("team_id") or ""),
            user_id=str((body.get("user") or {}).get("id", "")),
            view=view,
        )

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
        await _respond(respond, reply)

    async def on_stats(
        self, ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user_id = str(command.get("user_id", ""))
        text = str(command.get("text") or "")
        is_admin = self._services.settings.is_admin(user_id)
        learning = self._services.learning
        quick = stats_ack_answer(text, is_admin=is_admin, learning=learning)
        if quick is not None:  # refusal, help, bad input: answered in the ack
            await ack(text=quick, response_type="ephemeral")
            return
        await ack()
        reply = await answer_stats(
            self._services.database,
            learning,
            text=text,
            team_id=str(command.get("team_id", "")),
            user_id=user_id,
            channel_id=str(command.get("channel_id", "")),
            client=client,
            is_admin=is_admin,
        )
        await _respond(respond, reply)
        await post_admin_notes(client, self._services.settings.admin_channel, reply.notes)

    async def on_prefs(
        self, ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        text = str(command.get("text") or "")
        preferences = self._services.preferences
        quick = prefs_ack_answer(text, preferences)  # help and unknown sub-commands need no data
        if quick is not None:
            await ack(text=quick, response_type="ephemeral")
            return
        await ack()
        if preferences is None:  # not reached: without preferences the ack answered
            return
        reply = await run_prefs_command(
            preferences,
            text=text,
            team_id=str(command.get("team_id", "")),
            user_id=str(command.get("user_id", "")),
            client=client,
        )
        await _respond(respond, reply)


async def _respond(respond: AsyncRespond, reply: CommandReply) -> None:
    await respond(
        text=reply.text,
        blocks=reply.blocks or None,
        response_type="in_channel" if reply.public else "ephemeral",
    )


def register(app: AsyncApp, services: Services) -> None:
    listeners = CommandListeners(services)
    app.command("/improve")(listeners.on_improve)
    app.view(IMPROVE_CALLBACK)(listeners.on_improve_submitted)
    app.command("/undo")(listeners.on_undo)
    app.command("/stats")(listeners.on_stats)
    app.command("/prefs")(listeners.on_prefs)
    for name in COMMANDS:
        if name not in ("/improve", "/undo", "/stats", "/prefs"):
            app.command(name)(listeners.on_command)
