"""What every Web API method group shares: request access, pagination, lookups.

Each handler takes an ``ApiRequest`` (merged parameters plus the identity of
the token) and returns the JSON body of a successful response, or raises
``ApiError`` with the error name Slack documents for that case.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.sandbox.payloads import (
    MAX_MARKDOWN_CHARS,
    check_attachments,
    check_blocks,
    check_message_text,
)
from bot.sandbox.workspace import ApiError, Channel, Message, User, Workspace

_TS_PATTERN = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Caller:
    """Who a token belongs to."""

    token: str
    team_id: str
    team_name: str
    user_id: str
    bot_id: str | None


@dataclass
class ApiRequest:
    """One Web API call: its method, merged parameters and caller."""

    method: str
    params: dict[str, Any]
    caller: Caller

    def get(self, name: str) -> Any:
        """The parameter's value; ``None`` when absent, null or empty."""
        value = self.params.get(name)
        return None if value is None or value == "" else value

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return None if value is None else str(value)

    def require(self, name: str) -> str:
        """A required string parameter (``invalid_arguments`` when missing)."""
        value = self.text(name)
        if value is None:
            raise missing_argument(name)
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        return as_flag(self.params.get(name), default)

    def integer(self, name: str, default: int) -> int:
        value = self.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(
                "invalid_arguments",
                response_metadata={"messages": [f"[ERROR] {name} must be an integer"]},
            ) from None

    def id_list(self, name: str) -> list[str]:
        """A comma-separated (or JSON list) parameter as a list of ids."""
        value = self.get(name)
        if value is None:
            return []
        items = value if isinstance(value, list) else str(value).split(",")
        return [str(item).strip() for item in items if str(item).strip()]


def as_flag(value: object, default: bool = False) -> bool:
    """Slack booleans arrive as JSON booleans, "true"/"false" or "1"/"0"."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def missing_argument(name: str) -> ApiError:
    return ApiError(
        "invalid_arguments",
        response_metadata={"messages": [f"[ERROR] missing required field: {name}"]},
    )


def ts_key(ts: str) -> tuple[int, int]:
    """Order ts strings numerically ("1.5" is 1 s + 500000 µs)."""
    seconds, _, fraction = ts.partition(".")
    return int(seconds or 0), int((fraction + "000000")[:6])


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, number = base64.b64decode(cursor, validate=True).decode().partition(":")
        if kind != "offset":
            raise ValueError(kind)
        return max(int(number), 0)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ApiError("invalid_cursor") from None


def paginate(
    items: list[Any], request: ApiRequest, *, default_limit: int, max_limit: int
) -> tuple[list[Any], str]:
    """One page of ``items`` for ``cursor``/``limit``, and the next cursor ("" at the end)."""
    offset = decode_cursor(request.text("cursor"))
    limit = request.integer("limit", default_limit)
    limit = max_limit if limit <= 0 else min(limit, max_limit)
    page = items[offset : offset + limit]
    next_offset = offset + limit
    return page, encode_cursor(next_offset) if next_offset < len(items) else ""


@dataclass
class MessageContent:
    """What a message says: the fields chat.postMessage / update accept."""

    text: str | None = None
    blocks: list[dict[str, Any]] | None = None
    attachments: list[dict[str, Any]] | None = None
    metadata: dict[str, Any] | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.blocks and not self.attachments


def message_content(params: dict[str, Any]) -> MessageContent:
    """Read and validate text / markdown_text / blocks / attachments / metadata."""
    text = params.get("text")
    markdown = params.get("markdown_text")
    check_message_text(None if text is None else str(text))
    check_message_text(None if markdown is None else str(markdown), limit=MAX_MARKDOWN_CHARS)
    blocks = params.get("blocks")
    attachments = params.get("attachments")
    metadata = params.get("metadata")
    return MessageContent(
        text=str(text) if text not in (None, "") else (str(markdown) if markdown else None),
        blocks=check_blocks(blocks) if blocks is not None and blocks != "" else None,
        attachments=check_attachments(attachments) if attachments not in (None, "") else None,
        metadata=metadata if isinstance(metadata, dict) else None,
    )


class ApiBase:
    """Lookups shared by the method groups; each group adds its handlers."""

    def __init__(self, workspace: Workspace, *, public_url: Callable[[], str]) -> None:
        self.workspace = workspace
        self._public_url = public_url

    # ============================================================ lookups

    def channel(
        self,
        request: ApiRequest,
        key: str = "channel",
        *,
        member: bool = False,
        writable: bool = False,
    ) -> Channel:
        """The channel named by ``key``, as the caller may see it.

        Private channels and IMs the caller is not in do not exist for it
        (``channel_not_found``). ``member`` demands membership
        (``not_in_channel``); ``writable`` refuses archived channels.
        """
        return self.visible_channel(
            request.caller, request.text(key), member=member, writable=writable
        )

    def visible_channel(
        self,
        caller: Caller,
        channel_id: str | None,
        *,
        member: bool = False,
        writable: bool = False,
    ) -> Channel:
        """See ``channel``; takes the id itself."""
        channel = self.workspace.channels.get(channel_id or "")
        if channel is None or not self._can_see(channel, caller):
            raise ApiError("channel_not_found")
        if member and caller.user_id not in channel.members:
            raise ApiError("not_in_channel")
        if writable and channel.is_archived:
            raise ApiError("is_archived")
        return channel

    def _can_see(self, channel: Channel, caller: Caller) -> bool:
        return not channel.is_private or caller.user_id in channel.members

    def user(self, user_id: str | None) -> User:
        user = self.workspace.users.get(user_id or "")
        if user is None or user.deleted:
            raise ApiError("user_not_found")
        return user

    def message(self, channel: Channel, ts: str | None) -> Message:
        """A visible (non-ephemeral) message of the channel."""
        message = self.workspace.find_message(channel.id, ts or "")
        if message is None or message.is_ephemeral:
            raise ApiError("message_not_found")
        return message

    def own_message(
        self, request: ApiRequest, channel: Channel, ts: str | None, error: str
    ) -> Message:
        """A message the caller posted; ``error`` when it belongs to someone else."""
        message = self.message(channel, ts)
        if message.user != request.caller.user_id:
            raise ApiError(error)
        return message

    def post_target(self, request: ApiRequest) -> Channel:
        """chat.postMessage's ``channel``: an id, a ``#name``, or a user id (their IM)."""
        target = request.text("channel")
        if target is None:
            raise ApiError("channel_not_found")
        if target in self.workspace.users and target not in self.workspace.channels:
            return self.workspace.open_im(self.user(target).id)
        if target not in self.workspace.channels:
            named = self.workspace.channel_by_name(target)
            target = named.id if named is not None else target
        return self.visible_channel(request.caller, target, member=True, writable=True)

    def thread_root(self, channel: Channel, thread_ts: str | None) -> str | None:
        """The parent ts to reply under (a reply's ts resolves to its parent)."""
        if thread_ts is None:
            return None
        if not _TS_PATTERN.match(thread_ts):
            raise ApiError("invalid_thread_ts")
        parent = self.workspace.find_message(channel.id, thread_ts)
        if parent is None or parent.is_ephemeral:
            raise ApiError("thread_not_found")
        return parent.thread_ts or parent.ts

    def time_window(self, request: ApiRequest) -> tuple[tuple[int, int], tuple[int, int] | None]:
        """The ``oldest`` / ``latest`` bounds of a history request (latest may be open)."""
        latest = request.text("latest")
        return ts_key(request.text("oldest") or "0"), ts_key(latest) if latest else None
