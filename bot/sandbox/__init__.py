"""The bundled Slack emulator: console mode and the test suite run against it (§9)."""

from __future__ import annotations

from bot.sandbox.emulator import SlackEmulator
from bot.sandbox.workspace import (
    ApiCall,
    ApiError,
    AssistantThread,
    Channel,
    Message,
    UploadedFile,
    User,
    Workspace,
    WorkspaceChange,
)

__all__ = [
    "ApiCall",
    "ApiError",
    "AssistantThread",
    "Channel",
    "Message",
    "SlackEmulator",
    "UploadedFile",
    "User",
    "Workspace",
    "WorkspaceChange",
]
