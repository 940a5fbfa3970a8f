"""What each line typed at the console does: talk, run a slash command, press, switch.

The console plays Slack's part: what the person types becomes an Events API
event, a slash command or a button click, signed and sent over HTTP to the
bot's `/slack/events` exactly as Slack would send it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from bot.messages import console as words
from bot.sandbox.console.pacing import REPLY_WAIT_SECONDS, Pacing
from bot.sandbox.console.screen import Screen
from bot.sandbox.console.session import ConsoleSession
from bot.sandbox.emulator.server import SlackEmulator
from bot.sandbox.slack_requests import (
    SlackRequestSender,
    WorkspaceIdentity,
    app_home_opened_event,
    app_mention_event,
    block_action_payload,
    event_callback,
    message_event,
    slash_command_form,
)
from bot.sandbox.workspace.models import Channel, Message

SLASH_COMMANDS = ("/improve", "/undo", "/prefs", "/stats")
_HTTP_BODY_SHOWN = 200


class Console:
    """One person at the terminal, acting in the emulator's workspace."""

    def __init__(
        self,
        emulator: SlackEmulator,
        sender: SlackRequestSender,
        session: ConsoleSession,
        out: TextIO,
    ) -> None:
        self._emulator = emulator
        self._workspace = emulator.workspace
        self._sender = sender
        self._session = session
        self._identity = WorkspaceIdentity(
            team_id=emulator.workspace.team_id, bot_user_id=emulator.bot_user_id
        )
        self._pacing = Pacing(emulator.workspace)
        self.screen = Screen(emulator.workspace, session, self._pacing, out)

    async def handle(self, line: str) -> bool:
        """Act on one line; False when the person wants to leave."""
        line = line.strip()
        if not line:
            return True
        word, _, rest = line.partition(" ")
        if word in ("/quit", "/exit"):
            return False
        if word in SLASH_COMMANDS:
            await self._slash_command(word, rest.strip())
        elif word.startswith("/"):
            await self._console_command(word, rest.strip())
        else:
            await self._message(line)
        return True

    def prompt(self) -> str:
        user = self._workspace.users[self._session.user_id].name
        channel = self._session.channel_id
        where = "dm" if channel is None else f"#{self._workspace.channels[channel].name}"
        return f"{user}@{where}> "

    # --- console commands -----------------------------------------------------------

    async def _console_command(self, word: str, argument: str) -> None:
        commands: dict[str, Callable[[str], Awaitable[None]]] = {
            "/in": self._switch_channel,
            "/dm": self._switch_to_dm,
            "/as": self._switch_user,
            "/press": self._press,
            "/home": self._open_home,
            "/help": self._help,
        }
        action = commands.get(word)
        if action is None:
            self.screen.say(words.unknown_command(word))
            return
        await action(argument)

    async def _help(self, _argument: str) -> None:
        self.screen.say(words.HELP)

    async def _switch_channel(self, argument: str) -> None:
        channel = self._workspace.channel_by_name(argument.lstrip("#"))
        if channel is None:
            names = ", ".join(f"#{c.name}" for c in self._public_channels())
            self.screen.say(words.no_such_channel(argument or words.NONE_GIVEN, names))
            return
        self._session.channel_id = channel.id
        self.screen.say(words.now_in_channel(channel.name))

    async def _switch_to_dm(self, _argument: str) -> None:
        self._session.channel_id = None
        self.screen.say(words.BACK_IN_DM)

    async def _switch_user(self, argument: str) -> None:
        user = self._workspace.user_by_name(argument.lstrip("@"))
        if user is None or user.is_bot:
            names = ", ".join(u.name for u in self._workspace.users.values() if not u.is_bot)
            self.screen.say(words.no_such_member(argument or words.NONE_GIVEN, names))
            return
        self._session.user_id = user.id
        self._session.buttons.clear()
        self.screen.say(words.now_acting_as(user.name))

    async def _open_home(self, _argument: str) -> None:
        user = self._session.user_id
        channel = self._workspace.open_im(user).id
        event = app_home_opened_event(user=user, channel=channel)
        await self._sender.send_json(event_callback(event, self._identity))
        await self._pacing.settle(wait_first=True)

    # --- what Slack would send ------------------------------------------------------

    async def _message(self, text: str) -> None:
        """A DM to the bot, or in a channel a message that @mentions it."""
        user = self._session.user_id
        if self._session.channel_id is None:
            channel = self._workspace.open_im(user).id
            ts = self._workspace.post_message(channel, text, user=user).ts
            event = message_event(
                user=user, channel=channel, text=text, ts=ts, team_id=self._identity.team_id
            )
        else:
            channel = self._session.channel_id
            text = f"<@{self._emulator.bot_user_id}> {text}"
            ts = self._workspace.post_message(channel, text, user=user).ts
            event = app_mention_event(
                user=user, channel=channel, text=text, ts=ts, team_id=self._identity.team_id
            )
        response = await self._sender.send_json(event_callback(event, self._identity))
        if response.status != 200:
            body = response.text[:_HTTP_BODY_SHOWN]
            self.screen.say(words.bot_answered_http(response.status, body))
            return
        await self._pacing.wait_for_reply(channel, ts)

    async def _slash_command(self, command: str, text: str) -> None:
        channel = self._current_channel()
        user = self._workspace.users[self._session.user_id]
        form = slash_command_form(
            command=command,
            text=text,
            user_id=user.id,
            user_name=user.name,
            channel_id=channel.id,
            channel_name=channel.name,
            workspace=self._identity,
            response_url=self._emulator.new_response_url(channel_id=channel.id, user_id=user.id),
        )
        response = await self._sender.send_form(form)
        if response.status != 200:
            self.screen.say(words.bot_answered_http(response.status))
            return
        if response.text:
            self.screen.show_immediate_answer(response.text)
            await self._pacing.settle()
        else:  # acknowledged now, answered through the response URL in a moment
            await self._pacing.settle(wait_first=True, patience=REPLY_WAIT_SECONDS)

    async def _press(self, argument: str) -> None:
        buttons = self._session.buttons
        if not argument.isdigit() or not 1 <= int(argument) <= len(buttons):
            self.screen.say(words.press_by_number(len(buttons)) if buttons else words.NO_BUTTON_YET)
            return
        button = buttons[int(argument) - 1]
        user = self._workspace.users[self._session.user_id]
        channel = self._workspace.channels[button.message.channel]
        payload = block_action_payload(
            user_id=user.id,
            user_name=user.name,
            workspace=self._identity,
            channel_id=channel.id,
            channel_name=channel.name,
            message=_message_payload(button.message),
            action=button.action,
            response_url=self._emulator.new_response_url(
                channel_id=channel.id, user_id=user.id, message_ts=button.message.ts
            ),
        )
        response = await self._sender.send_interaction(payload)
        if response.status != 200:
            self.screen.say(words.bot_answered_http(response.status))
        await self._pacing.settle()

    def _current_channel(self) -> Channel:
        if self._session.channel_id is None:
            return self._workspace.open_im(self._session.user_id)
        return self._workspace.channels[self._session.channel_id]

    def _public_channels(self) -> list[Channel]:
        return [c for c in self._workspace.channels.values() if not c.is_im and not c.is_private]


def _message_payload(message: Message) -> dict[str, Any]:
    """The message a button sits on, as a block_actions payload carries it."""
    return {
        "type": "message",
        "user": message.user,
        "bot_id": message.bot_id,
        "ts": message.ts,
        "text": message.text,
        "blocks": message.blocks or [],
    }
