"""The four slash commands. Each acks at once; `/undo` then works and responds."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.feedback import IMPROVE_CALLBACK, improve_modal, modal_errors
from bot.learning.loop import post_admin_notes
from bot.messages.learning import NO_RUN_HERE
from bot.services import Services
from bot.surfaces.commands import answer_command
from bot.surfaces.prefs import quick_prefs_answer, run_prefs_command
from bot.surfaces.stats.command import run_stats_command, stats_quick_answer
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
        """`/improve <text>` records feedback on the latest run here; no text opens the modal."""
        text = str(command.get("text") or "").strip()
        learning = self._services.learning
        if learning is None or text.lower() in {"help", "-h", "--help", "?"}:
            await ack(
                text=answer_command("/improve", text, is_admin=False), response_type="ephemeral"
            )
            return
        await ack()
        team_id = str(command.get("team_id", ""))
        user_id = str(command.get("user_id", ""))
        channel_id = str(command.get("channel_id", ""))
        if text:
            answer = await learning.improve(
                team_id=team_id, user_id=user_id, channel_id=channel_id, thread_ts=None, text=text
            )
            await respond(text=answer, response_type="ephemeral")
            return
        summary = await learning.feedback.improve_target(
            team_id=team_id, user_id=user_id, channel_id=channel_id
        )
        if summary is None:
            await respond(text=NO_RUN_HERE, response_type="ephemeral")
            return
        await client.views_open(trigger_id=command["trigger_id"], view=improve_modal(summary))

    async def on_improve_submitted(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        errors = modal_errors(view)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        learning = self._services.learning
        if learning is None:
            return
        user_id = str((body.get("user") or {}).get("id", ""))
        team_id = str((body.get("team") or {}).get("id") or view.get("team_id") or "")
        outcome = await learning.feedback.record_modal_submission(
            team_id=team_id, user_id=user_id, view=view
        )
        if outcome.channel_id:
            await client.chat_postEphemeral(
                channel=outcome.channel_id, user=user_id, text=outcome.message
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
        words = text.split()
        learning = self._services.learning
        if is_admin and learning is not None and words and words[0].lower() == "prompts":
            await ack()
            reply = await learning.prompts.command(
                team_id=str(command.get("team_id", "")),
                user_id=user_id,
                text=text.split(None, 1)[1] if len(words) > 1 else "",
            )
            await respond(text=reply.text, blocks=reply.blocks or None, response_type="ephemeral")
            await post_admin_notes(client, self._services.settings.admin_channel, reply.notes)
            return
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
            learning=(
                await learning.status(str(command.get("team_id", "")))
                if learning is not None
                else None
            ),
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
    app.command("/improve")(listeners.on_improve)
    app.view(IMPROVE_CALLBACK)(listeners.on_improve_submitted)
    app.command("/undo")(listeners.on_undo)
    app.command("/stats")(listeners.on_stats)
    app.command("/prefs")(listeners.on_prefs)
    for name in COMMANDS:
        if name not in ("/improve", "/undo", "/stats", "/prefs"):
            app.command(name)(listeners.on_command)
