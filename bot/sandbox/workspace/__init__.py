"""The sandbox Slack workspace, in memory: its records, its store, its change feed, its seed.

Modules: ``models`` (users, channels, messages, files, assistant threads),
``store`` (``Workspace``: lookups and changes), ``changes`` (``WorkspaceChange``
and the subscriber feed), ``api_records`` (``ApiError``, ``ApiCall``) and
``seed`` (the people and channels a new sandbox starts with).
"""

from __future__ import annotations

from bot.sandbox.workspace.api_records import ApiCall, ApiError
from bot.sandbox.workspace.changes import ChangeFeed, WorkspaceChange
from bot.sandbox.workspace.models import (
    AssistantThread,
    Channel,
    Message,
    UploadedFile,
    User,
    new_id,
)
from bot.sandbox.workspace.seed import seed_workspace
from bot.sandbox.workspace.store import Workspace

__all__ = [
    "ApiCall",
    "ApiError",
    "AssistantThread",
    "ChangeFeed",
    "Channel",
    "Message",
    "UploadedFile",
    "User",
    "Workspace",
    "WorkspaceChange",
    "new_id",
    "seed_workspace",
]
