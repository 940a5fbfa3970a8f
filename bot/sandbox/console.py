"""Console mode: the bot against the bundled Slack emulator, driven from a terminal.

The console plays Slack's part: what the person types becomes an Events API
event, a slash command or a button click, signed and sent over HTTP to the
bot's `/slack/events` exactly as Slack would send it. The bot answers through
the emulator's Web API, and the console prints what a member would see.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from bot.app import build_kaizen
from bot.config import Settings
from bot.runtime.server import build_web_app
from bot.sandbox.emulator import SlackEmulator
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
from bot.sandbox.workspace import Message, WorkspaceChange

SLASH_COMMANDS = ("/improve", "/undo", "/prefs", "/stats")
REPLY_WAIT_SECONDS = 60.0
SETTLE_SECONDS = 0.3

CONSOLE_HELP = """Type a message to talk to Kaizen in your DM. Console commands:
  /improve, /undo, /prefs, /stats …   Kaizen's slash commands (try `/undo help`)
  /in #channel                        talk in a channel (your messages @mention Kaizen)
  /dm                                 back to your DM with Kaizen
  /as <name>                          act as another member (alice, bob, carol)
  /press <n>                          press button n of the messages shown
  /home                               open Kaizen's Home tab
  /quit                               leave"""


@dataclass
class Button:
    message: Message
    action: dict[str, Any]


@dataclass
class ConsoleSession:
    """What the person at the terminal is doing: who they are, where they talk."""

    user_id: str
    channel_id: str | None = None  # None: the DM with the bot
    buttons: list[Button] = field(default_factory=list)


class Console:
    def __init__(
        self,
        emulator: SlackEmulator,
        sender: SlackRequestSender,
        session: ConsoleSession,
        out: TextIO,
    ) -> None:
        self._emulator = emulator
        self._sender = sender
        self._session = session
        self._out = out
        self._identity = WorkspaceIdentity(
            team_id=emulator.workspace.team_id, bot_user_id=emulator.bot_user_id
        )
        self._last_bot_activity = 0.0

    # --- input ------------------------------------------------------------------

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
            self._say(f"Unknown console command {word}.\n{CONSOLE_HELP}")
            return
        await action(argument)

    async def _help(self, _argument: str) -> None:
        self._say(CONSOLE_HELP)

    async def _switch_channel(self, argument: str) -> None:
        channel = self._emulator.workspace.channel_by_name(argument.lstrip("#"))
        if channel is None:
            names = ", ".join(f"#{c.name}" for c in self._channels())
            self._say(f"No channel {argument or '(none given)'} here. Channels: {names}")
            return
        self._session.channel_id = channel.id
        self._say(f"Now in #{channel.name}: your messages there @mention Kaizen.")

    async def _switch_to_dm(self, _argument: str) -> None:
        self._session.channel_id = None
        self._say("Back in your DM with Kaizen.")

    async def _switch_user(self, argument: str) -> None:
        user = self._emulator.workspace.user_by_name(argument.lstrip("@"))
        if user is None or user.is_bot:
            names = ", ".join(
                u.name for u in self._emulator.workspace.users.values() if not u.is_bot
            )
            self._say(f"No member {argument or '(none given)'}. Members: {names}")
            return
        self._session.user_id = user.id
        self._session.buttons.clear()
        self._say(f"You are now {user.name}.")

    async def _message(self, text: str) -> None:
        workspace = self._emulator.workspace
        user = self._session.user_id
        if self._session.channel_id is None:
            channel = workspace.open_im(user).id
            ts = workspace.post_message(channel, text, user=user).ts
            event = message_event(
                user=user, channel=channel, text=text, ts=ts, team_id=self._identity.team_id
            )
        else:
            channel = self._session.channel_id
            text = f"<@{self._emulator.bot_user_id}> {text}"
            ts = workspace.post_message(channel, text, user=user).ts
            event = app_mention_event(
                user=user, channel=channel, text=text, ts=ts, team_id=self._identity.team_id
            )
        response = await self._sender.send_json(event_callback(event, self._identity))
        if response.status != 200:
            self._say(f"(the bot answered HTTP {response.status}: {response.text[:200]})")
            return
        await self._wait_for_reply(channel, ts)

    async def _slash_command(self, command: str, text: str) -> None:
        channel = self._current_channel()
        user = self._emulator.workspace.users[self._session.user_id]
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
            self._say(f"(the bot answered HTTP {response.status})")
            return
        if response.text:
            self._show_immediate_answer(response.text)
            await self._settle()
        else:  # acknowledged now, answered through the response URL in a moment
            await self._settle(wait_first=True, patience=REPLY_WAIT_SECONDS)

    async def _press(self, argument: str) -> None:
        buttons = self._session.buttons
        if not argument.isdigit() or not 1 <= int(argument) <= len(buttons):
            self._say(
                f"Press a button by its number: 1 to {len(buttons)}."
                if buttons
                else "There is no button to press yet."
            )
            return
        button = buttons[int(argument) - 1]
        user = self._emulator.workspace.users[self._session.user_id]
        channel = self._emulator.workspace.channels[button.message.channel]
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
            self._say(f"(the bot answered HTTP {response.status})")
        await self._settle()

    async def _open_home(self, _argument: str) -> None:
        user = self._session.user_id
        channel = self._emulator.workspace.open_im(user).id
        event = app_home_opened_event(user=user, channel=channel)
        await self._sender.send_json(event_callback(event, self._identity))
        await self._settle(wait_first=True)

    # --- output -----------------------------------------------------------------

    def show(self, change: WorkspaceChange) -> None:
        """Print a workspace change if the current member would see it."""
        if change.kind == "view_published" and change.data.get("user_id") == self._session.user_id:
            self._last_bot_activity = time.monotonic()
            self._print_blocks("Home tab", change.data.get("view", {}).get("blocks") or [])
            return
        if change.kind == "status_set" and change.data.get("status"):
            self._say(f"  · Kaizen {change.data['status']}")
            return
        message = change.message
        if message is None or change.kind not in (
            "message_posted",
            "message_updated",
            "ephemeral_posted",
        ):
            return
        if not self._visible(message):
            return
        self._last_bot_activity = time.monotonic()
        label = "kaizen (only visible to you)" if message.is_ephemeral else "kaizen"
        if change.kind == "message_updated":
            label += " (edited)"
        self._print_message(label, message)

    def _visible(self, message: Message) -> bool:
        if message.user != self._emulator.bot_user_id and message.bot_id is None:
            return False
        if message.is_ephemeral:
            return message.ephemeral_user == self._session.user_id
        channel = self._emulator.workspace.channels.get(message.channel)
        if channel is None:
            return False
        return self._session.user_id in channel.members

    def _print_message(self, label: str, message: Message) -> None:
        text = message.text
        if message.blocks:
            self._print_blocks(label, message.blocks, message)
            return
        where = self._where(message)
        self._say(f"{label}{where}> {text}")

    def _print_blocks(
        self, label: str, blocks: list[dict[str, Any]], message: Message | None = None
    ) -> None:
        lines: list[str] = []
        for block in blocks:
            lines.extend(self._render_block(block, message))
        where = self._where(message) if message else ""
        self._say(f"{label}{where}>\n" + "\n".join(f"  {line}" for line in lines))

    def _render_block(self, block: dict[str, Any], message: Message | None) -> list[str]:
        kind = block.get("type")
        if kind in ("section", "header"):
            text = (block.get("text") or {}).get("text", "")
            fields = [f.get("text", "") for f in block.get("fields") or []]
            lines = [line for line in [text, *fields] if line]
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button" and message is not None:
                lines.append("    " + self._render_buttons({"elements": [accessory]}, message))
            return lines
        if kind == "context":
            return [" ".join(e.get("text", "") for e in block.get("elements", []))]
        if kind == "divider":
            return ["────────"]
        if kind == "actions" and message is not None:
            return [self._render_buttons(block, message)]
        if kind == "image":
            return [f"[image: {block.get('alt_text', '')}]"]
        return []

    def _render_buttons(self, block: dict[str, Any], message: Message) -> str:
        labels = []
        for element in block.get("elements", []):
            if element.get("type") != "button":
                continue
            self._session.buttons.append(Button(message, element))
            number = len(self._session.buttons)
            labels.append(f"[{number}] {element.get('text', {}).get('text', '?')}")
        return "  ".join(labels) + "   (type /press <n>)"

    def _where(self, message: Message) -> str:
        channel = self._emulator.workspace.channels.get(message.channel)
        if channel is None or channel.is_im:
            return ""
        return f" in #{channel.name}"

    def _show_immediate_answer(self, body: str) -> None:
        import json

        try:
            answer = json.loads(body)
        except ValueError:
            answer = {"text": body}
        self._say(f"kaizen (only visible to you)> {answer.get('text', '')}")

    def _say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    # --- pacing -------------------------------------------------------------------

    async def _wait_for_reply(self, channel: str, ts: str) -> None:
        """Wait until the bot has answered in the thread (or for a while), then settle."""
        deadline = time.monotonic() + REPLY_WAIT_SECONDS
        while time.monotonic() < deadline and not self._bot_replied(channel, ts):
            await asyncio.sleep(0.02)
        await self._settle()

    def _bot_replied(self, channel: str, ts: str) -> bool:
        return any(
            m.user == self._emulator.bot_user_id and m.ts != ts
            for m in self._emulator.workspace.messages_in(channel, thread_ts=ts)
        )

    async def _settle(self, *, wait_first: bool = False, patience: float = 5.0) -> None:
        """Let follow-up output arrive before the next prompt is shown."""
        started = time.monotonic()
        if wait_first:
            while self._last_bot_activity < started and time.monotonic() - started < patience:
                await asyncio.sleep(0.02)
        quiet_since = time.monotonic()
        while time.monotonic() - max(quiet_since, self._last_bot_activity) < SETTLE_SECONDS:
            await asyncio.sleep(0.02)

    def _current_channel(self) -> Any:
        workspace = self._emulator.workspace
        if self._session.channel_id is None:
            return workspace.open_im(self._session.user_id)
        return workspace.channels[self._session.channel_id]

    def _channels(self) -> list[Any]:
        return [
            c
            for c in self._emulator.workspace.channels.values()
            if not c.is_im and not c.is_private
        ]

    def prompt(self) -> str:
        user = self._emulator.workspace.users[self._session.user_id].name
        channel = self._session.channel_id
        where = "dm" if channel is None else f"#{self._emulator.workspace.channels[channel].name}"
        return f"{user}@{where}> "


def _message_payload(message: Message) -> dict[str, Any]:
    return {
        "type": "message",
        "user": message.user,
        "bot_id": message.bot_id,
        "ts": message.ts,
        "text": message.text,
        "blocks": message.blocks or [],
    }


def console_settings(
    settings: Settings, emulator: SlackEmulator, signing_secret: str, console_user: str
) -> Settings:
    """The operator's settings, pointed at the emulator instead of Slack."""
    admins = settings.admin_users or [console_user]
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(emulator.bot_token),
            "slack_signing_secret": SecretStr(signing_secret),
            "slack_app_token": None,
            "slack_client_id": None,
            "slack_client_secret": None,
            "slack_api_url": emulator.api_url,
            "admin_users": admins,
        }
    )


async def _read_stdin(prompt: str) -> str | None:
    print(prompt, end="", flush=True)
    line = await asyncio.to_thread(sys.stdin.readline)
    return line if line else None


async def run_console(
    settings: Settings,
    *,
    read_line: Callable[[str], Awaitable[str | None]] = _read_stdin,
    out: TextIO = sys.stdout,
    user_name: str = "alice",
) -> int:
    """Start the emulator and the bot on loopback, then talk until /quit or end of input."""
    async with SlackEmulator() as emulator:
        user = emulator.workspace.user_by_name(user_name)
        assert user is not None
        signing_secret = secrets.token_hex(16)
        kaizen = build_kaizen(console_settings(settings, emulator, signing_secret, user.id))
        runner = web.AppRunner(build_web_app(kaizen), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        changes = emulator.subscribe()
        try:
            async with aiohttp.ClientSession() as http:
                sender = SlackRequestSender(
                    f"http://127.0.0.1:{port}/slack/events", signing_secret, http
                )
                console = Console(emulator, sender, ConsoleSession(user_id=user.id), out)
                printer = asyncio.create_task(_print_changes(changes, console))
                print(
                    f"Kaizen console — you are {user.name} in the sandbox workspace "
                    f"'{emulator.workspace.team_name}'. /help lists commands, /quit leaves.",
                    file=out,
                    flush=True,
                )
                try:
                    await _converse(console, read_line)
                finally:
                    printer.cancel()
        finally:
            emulator.unsubscribe(changes)
            await runner.cleanup()
    return 0


async def _converse(console: Console, read_line: Callable[[str], Awaitable[str | None]]) -> None:
    while True:
        line = await read_line(console.prompt())
        if line is None or not await console.handle(line):
            return


async def _print_changes(changes: asyncio.Queue[WorkspaceChange], console: Console) -> None:
    while True:
        console.show(await changes.get())
