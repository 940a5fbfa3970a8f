"""The local Slack emulator: an aiohttp server speaking the Web API subset the bot uses.

``server`` assembles it (``SlackEmulator``); ``api_endpoint`` answers
``/api/<method>``; ``web_api`` maps method names to one module per Web API
family (``chat``, ``streaming``, ``files``, ``assistant``, ``conversations``,
``channel_changes``, ``memberships``, ``pins``, ``reactions``, ``users``,
``views``, ``auth``); ``uploads``, ``response_urls`` and ``oauth`` serve the
rest of what Slack offers an app. ``payloads`` and ``validation`` hold Slack's
JSON shapes and input limits.
"""

from __future__ import annotations

from bot.sandbox.emulator.server import SlackEmulator
from bot.sandbox.workspace.api_records import ApiCall, ApiError
from bot.sandbox.workspace.changes import WorkspaceChange
from bot.sandbox.workspace.models import Channel, Message, User
from bot.sandbox.workspace.store import Workspace

__all__ = [
    "ApiCall",
    "ApiError",
    "Channel",
    "Message",
    "SlackEmulator",
    "User",
    "Workspace",
    "WorkspaceChange",
]
