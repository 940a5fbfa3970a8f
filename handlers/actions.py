"""Buttons: Confirm / Cancel / Always on pending actions, Undo on results and in App Home,
preference edits and the `/prefs reset` question. Ack first, then work."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.loop import post_admin_notes
from bot.learning.workflows import ACCEPT_ACTION as WORKFLOW_ACCEPT_ACTION
from bot.learning.workflows import DISMISS_ACTION as WORKFLOW_DISMISS_ACTION
from bot.learning.workflows import SAVE_ACTION as WORKFLOW_SAVE_ACTION
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
from bot.surfaces.prefs import apply_set, confirm_reset

NO_PREFERENCES = "Preferences aren't switched on in this installation."


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

    async def on_always(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """ "Always do this": confirm, and stop asking the requester for this kind of action."""
        await ack()
        await self._decide(body, action, client, confirm=True, always=True)

    async def on_undo(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        user_id, channel_id = _clicker(body)
        entry_id = _number_after("undo", str(action.get("value", "")))
        from_home = _in_home_tab(body)
        if entry_id is None:
            if from_home:
                await self._republish_home(body, client, "That Undo button is not one of mine.")
                return
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
        if from_home:  # no channel to answer in: the refreshed Home tab says what happened
            await self._republish_home(body, client, outcome.message)
            return
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

    async def on_pref_edit(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A preference edit button (App Home): its value is a `/prefs set` line."""
        await ack()
        user_id, channel_id = _clicker(body)
        preferences = _preferences(self._services)
        if preferences is None:
            answer = NO_PREFERENCES
        else:
            _ok, answer = await apply_set(
                preferences, _team_of(body), user_id, str(action.get("value", "")).split()
            )
        if _in_home_tab(body):
            await self._republish_home(body, client, answer)
        else:
            await _tell(client, channel_id, user_id, answer)

    async def on_prefs_reset(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        user_id, _ = _clicker(body)
        preferences = _preferences(self._services)
        if preferences is None:
            await respond(text=NO_PREFERENCES, replace_original=True)
            return
        answer = await confirm_reset(
            preferences,
            team_id=_team_of(body),
            user_id=user_id,
            value=str(action.get("value", "")),
        )
        await respond(text=answer, replace_original=True)

    async def on_prefs_keep(self, ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(text="OK — I kept everything. `/prefs` shows it.", replace_original=True)

    async def _republish_home(
        self, body: dict[str, Any], client: AsyncWebClient, notice: str
    ) -> None:
        user_id, _ = _clicker(body)
        await self._services.home.publish(
            client,
            user_id=user_id,
            is_admin=self._services.settings.is_admin(user_id),
            team_id=_team_of(body),
            notice=notice,
        )

    async def _decide(
        self,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        *,
        confirm: bool,
        always: bool = False,
    ) -> None:
        user_id, channel_id = _clicker(body)
        action_id = _number_after("pending", str(action.get("value", "")))
        if action_id is None:
            await _tell(client, channel_id, user_id, "That button is not one of mine.")
            return
        refusal = await self._services.orchestrator.decide(
            action_id=action_id, user_id=user_id, confirm=confirm, client=client, always=always
        )
        if refusal:
            await _tell(client, channel_id, user_id, refusal)


def _clicker(body: dict[str, Any]) -> tuple[str, str]:
    user = body.get("user") or {}
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    return str(user.get("id", "")), str(channel.get("id") or container.get("channel_id") or "")


def _in_home_tab(body: dict[str, Any]) -> bool:
    container = body.get("container") or {}
    return container.get("type") == "view" or (
        not body.get("channel") and (body.get("view") or {}).get("type") == "home"
    )


def _preferences(services: Services) -> Any:
    """The preference learner, once the composition root provides it."""
    return getattr(services, "preferences", None)


def _team_of(body: dict[str, Any]) -> str:
    team = body.get("team") or {}
    return str(team.get("id") or (body.get("user") or {}).get("team_id") or "")


async def _tell(client: AsyncWebClient, channel_id: str, user_id: str, text: str) -> None:
    """An ephemeral note for the clicker only."""
    await client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)


class LearningListeners:
    """Prompt-version buttons (admins) and saved-workflow buttons (the member)."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_prompt_button(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        await ack()
        learning = self._services.learning
        if learning is None:
            return
        user_id, _ = _clicker(body)
        reply = await learning.prompts.on_button(
            action_id=str(action.get("action_id", "")),
            value=str(action.get("value", "")),
            team_id=_team_of(body),
            user_id=user_id,
            is_admin=self._services.settings.is_admin(user_id),
        )
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
        await ack()
        learning = self._services.learning
        if learning is None:
            return
        user_id, _ = _clicker(body)
        team_id = _team_of(body)
        action_id, value = str(action.get("action_id", "")), str(action.get("value", ""))
        head, _, tail = value.partition(":")
        if action_id == WORKFLOW_SAVE_ACTION and head.isdigit():
            text = await learning.workflows.save_offer(
                team_id=team_id, user_id=user_id, offer_id=int(head), name=tail or None
            )
        elif action_id == WORKFLOW_DISMISS_ACTION and head.isdigit():
            text = await learning.workflows.dismiss_offer(
                team_id=team_id, user_id=user_id, offer_id=int(head)
            )
        elif action_id == WORKFLOW_ACCEPT_ACTION and tail.isdigit():
            text = await learning.workflows.accept(
                team_id=team_id, user_id=user_id, name=head, number=int(tail)
            )
        else:
            text = "That button is out of date."
        await respond(text=text, replace_original=True)


def register(app: AsyncApp, services: Services) -> None:
    listeners = ActionListeners(services)
    learning = LearningListeners(services)
    app.action(re.compile(r"^kaizen_prompt_(diff|promote|rollback)$"))(learning.on_prompt_button)
    for action_id in (WORKFLOW_SAVE_ACTION, WORKFLOW_DISMISS_ACTION, WORKFLOW_ACCEPT_ACTION):
        app.action(action_id)(learning.on_workflow_button)
    app.action(CONFIRM_ACTION)(listeners.on_confirm)
    app.action(CANCEL_ACTION)(listeners.on_cancel)
    app.action(ALWAYS_ACTION)(listeners.on_always)
    app.action(UNDO_ACTION)(listeners.on_undo)
    app.action(re.compile(PREF_EDIT_ACTION_PATTERN))(listeners.on_pref_edit)
    app.action(PREFS_RESET_ACTION)(listeners.on_prefs_reset)
    app.action(PREFS_RESET_CANCEL_ACTION)(listeners.on_prefs_keep)
