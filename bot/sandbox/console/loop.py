"""`kaizen chat`: the emulator and the bot on loopback, and the read-and-answer loop.

The bot answers through the emulator's Web API, and the console prints what a
member would see.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from bot.app import build_kaizen
from bot.config import Settings
from bot.messages import console as words
from bot.runtime.server import build_web_app
from bot.sandbox.console.commands import Console
from bot.sandbox.console.screen import Screen
from bot.sandbox.console.session import ConsoleSession
from bot.sandbox.emulator.server import SlackEmulator
from bot.sandbox.slack_requests import SlackRequestSender
from bot.sandbox.workspace.changes import WorkspaceChange

ReadLine = Callable[[str], Awaitable[str | None]]


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
    read_line: ReadLine = _read_stdin,
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
                printer = asyncio.create_task(_print_changes(changes, console.screen))
                console.screen.say(words.welcome(user.name, emulator.workspace.team_name))
                try:
                    await _converse(console, read_line)
                finally:
                    printer.cancel()
        finally:
            emulator.unsubscribe(changes)
            await runner.cleanup()
    return 0


async def _converse(console: Console, read_line: ReadLine) -> None:
    while True:
        line = await read_line(console.prompt())
        if line is None or not await console.handle(line):
            return


async def _print_changes(changes: asyncio.Queue[WorkspaceChange], screen: Screen) -> None:
    while True:
        screen.show(await changes.get())
