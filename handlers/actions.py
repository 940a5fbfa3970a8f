"""Buttons: Confirm / Cancel / Always on pending actions, Undo on results and in App Home,
preference edits, the `/prefs reset` question, prompt versions and saved workflows.
Each listener acks first, reads the payload, and hands over to `bot.surfaces.buttons`."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.loop import post_admin_notes
from bot.messages.prefs import KEPT_EVERYTHING
from bot.services import Services
from bot.surfaces.blocks import (
    ALWAYS_ACTION,
    CANCEL_ACTION,
    CONFIRM_ACTION,
    PREF_EDIT_ACTION_PATTERN,
    PREFS_RESET_ACTION,
    PREFS_RESET_CANCEL_ACTION,
    UNDO_ACTION,
)
from bot.surfaces.buttons.confirm import decide_from_button
from bot.surfaces.buttons.learning import (
    PROMPT_ACTION_PATTERN,
    WORKFLOW_ACTIONS,
    prompt_button,
    workflow_button,
)
from bot.surfaces.buttons.prefs import edit_from_button, reset_from_button
from bot.surfaces.buttons.undo import undo_from_button
from handlers._payload import click_of


class ActionListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_confirm(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        click = click_of(body, action, self._services.settings)
        await decide_from_button(self._services.orchestrator, client, click, confirm=True)

    async def on_cancel(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        click = click_of(body, action, self._services.settings)
        await decide_from_button(self._services.orchestrator, client, click, confirm=False)

    async def on_always(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """ "Always do this": confirm, and stop asking the requester for this kind of action."""
        await ack()
        click = click_of(body, action, self._services.settings)
        await decide_from_button(
            self._services.orchestrator, client, click, confirm=True, always=True
        )

    async def on_undo(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        click = click_of(body, action, self._services.settings)
        await undo_from_button(self._services.undo, self._services.home, client, click)

    async def on_pref_edit(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A preference edit button (App Home): its value is a `/prefs set` line."""
        await ack()
        click = click_of(body, action, self._services.settings)
        await edit_from_button(self._services.preferences, self._services.home, client, click)

    async def on_prefs_reset(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        click = click_of(body, action, self._services.settings)
        answer = await reset_from_button(self._services.preferences, click)
        await respond(text=answer, replace_original=True)

    async def on_prefs_keep(self, ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(text=KEPT_EVERYTHING, replace_original=True)

    async def on_prompt_button(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        """Prompt versions (admins): diff, promote, roll back."""
        await ack()
        learning = self._services.learning
        if learning is None:
            return
        click = click_of(body, action, self._services.settings)
        reply = await prompt_button(learning, click, action_id=str(action.get("action_id", "")))
        await respond(
            text=reply.text,
            blocks=reply.blocks or None,
            response_type="ephemeral",
            replace_original=False,
        )
        await post_admin_notes(client, self._services.settings.admin_channel, reply.notes)

    async def on_workflow_button(
        self, ack: AsyncAck, respond: AsyncRespond, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        """Saved workflows (the member): save or dismiss an offer, accept a new version."""
        await ack()
        learning = self._services.learning
        if learning is None:
            return
        click = click_of(body, action, self._services.settings)
        text = await workflow_button(learning, click, action_id=str(action.get("action_id", "")))
        await respond(text=text, replace_original=True)


def register(app: AsyncApp, services: Services) -> None:
    listeners = ActionListeners(services)
    app.action(re.compile(PROMPT_ACTION_PATTERN))(listeners.on_prompt_button)
    for action_id in WORKFLOW_ACTIONS:
        app.action(action_id)(listeners.on_workflow_button)
    app.action(CONFIRM_ACTION)(listeners.on_confirm)
    app.action(CANCEL_ACTION)(listeners.on_cancel)
    app.action(ALWAYS_ACTION)(listeners.on_always)
    app.action(UNDO_ACTION)(listeners.on_undo)
    app.action(re.compile(PREF_EDIT_ACTION_PATTERN))(listeners.on_pref_edit)
    app.action(PREFS_RESET_ACTION)(listeners.on_prefs_reset)
    app.action(PREFS_RESET_CANCEL_ACTION)(listeners.on_prefs_keep)
