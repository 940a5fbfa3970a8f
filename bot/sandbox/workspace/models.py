"""The records a sandbox workspace keeps: users, channels, messages, files, assistant threads."""

from __future__ import annotations

import secrets
import string
import time
from dataclasses import dataclass, field
from typing import Any

_ID_ALPHABET = string.ascii_uppercase + string.digits


def new_id(prefix: str, length: int = 10) -> str:
    """Return a Slack-looking identifier such as ``C0A1B2C3D4``."""
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


@dataclass
class User:
    """A workspace member (a human or a bot user)."""

    id: str
    name: str
    real_name: str
    tz: str = "Europe/Berlin"
    tz_offset: int = 3600
    is_admin: bool = False
    is_bot: bool = False
    display_name: str = ""
    email: str | None = None
    deleted: bool = False
    bot_id: str | None = None


@dataclass
class Channel:
    """A public or private channel, or a direct-message conversation (IM)."""

    id: str
    name: str
    is_private: bool = False
    is_im: bool = False
    is_archived: bool = False
    topic: str = ""
    purpose: str = ""
    members: set[str] = field(default_factory=set)
    creator: str = ""
    created: int = field(default_factory=lambda: int(time.time()))
    is_general: bool = False
    previous_names: list[str] = field(default_factory=list)
    #: For an IM: the human on the other side of the conversation.
    user: str | None = None


@dataclass
class Message:
    """A message as the workspace stores it (ephemeral ones included)."""

    channel: str
    ts: str
    text: str = ""
    user: str | None = None
    bot_id: str | None = None
    thread_ts: str | None = None
    blocks: list[dict[str, Any]] | None = None
    attachments: list[dict[str, Any]] | None = None
    reactions: dict[str, set[str]] = field(default_factory=dict)
    pinned_by: set[str] = field(default_factory=set)
    is_ephemeral: bool = False
    ephemeral_user: str | None = None
    edited: bool = False
    #: True between chat.startStream and chat.stopStream (or expire_stream).
    streaming: bool = False
    metadata: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    subtype: str | None = None
    reply_broadcast: bool = False
    unfurl_links: bool | None = None
    unfurl_media: bool | None = None
    edited_ts: str | None = None
    #: Non-text streaming chunks (plan / task updates, blocks) in arrival order.
    chunks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_reply(self) -> bool:
        """True for a thread reply (not for the thread's parent)."""
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass
class UploadedFile:
    """A file created by files.getUploadURLExternal; ``content`` holds its bytes."""

    id: str
    name: str
    length: int
    user: str | None
    title: str = ""
    content: bytes = b""
    mimetype: str = "application/octet-stream"
    created: int = field(default_factory=lambda: int(time.time()))
    uploaded: bool = False
    completed: bool = False
    channels: list[str] = field(default_factory=list)
    alt_txt: str | None = None
    snippet_type: str | None = None


@dataclass
class AssistantThread:
    """What the app last set on an assistant thread (status, prompts, title)."""

    channel_id: str
    thread_ts: str
    status: str = ""
    loading_messages: list[str] = field(default_factory=list)
    suggested_prompts: list[dict[str, Any]] = field(default_factory=list)
    prompts_title: str | None = None
    title: str | None = None
