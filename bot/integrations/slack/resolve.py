"""Turning what people and the model write into Slack objects: channels, users, messages.

A channel may be written ``<#C123|name>``, ``<#C123>``, ``#name``, ``name`` or
an id (``C…``, ``G…``, ``D…``); a user ``<@U123>``, ``@name``, ``name``, a real
name or an id; a message a ts (``1732262400.000100``), a permalink
(``https://…/archives/C123/p1732262400000100``) or ``latest``.

Lookups go through a `SlackDirectory`, which lists channels and users at most
once: make one per tool call, so each call sees the workspace as it is now.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import ToolContext, ToolError
from bot.integrations.slack.client import Subject, call

__all__ = [
    "ChannelRef",
    "MessageReference",
    "SlackDirectory",
    "UserRef",
    "fetch_message",
    "parse_channel_reference",
    "parse_message_reference",
    "parse_user_reference",
    "permalink_ts",
    "resolve_channel",
    "resolve_channel_argument",
    "resolve_message_ts",
    "resolve_user",
]

_CHANNEL_MENTION = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_MESSAGE_TS = re.compile(r"^\d{1,12}\.\d{1,6}$")
_PERMALINK = re.compile(r"^https?://[^/\s]+/archives/([CGD][A-Z0-9]+)/p(\d{7,})(?:[?#]\S*)?$")
_PAGE_SIZE = 200
_MAX_PAGES = 50  # 10,000 channels or users: far beyond a workspace we serve, never a loop
#: Messages Slack writes itself (joins, topic changes …): not what "the latest message" means.
_SYSTEM_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "group_join",
        "group_leave",
        "pinned_item",
        "unpinned_item",
    }
)


@dataclass(frozen=True)
class ChannelRef:
    """A conversation as Slack describes it, trimmed to what tools need."""

    id: str
    name: str = ""
    is_private: bool = False
    is_im: bool = False
    is_archived: bool = False
    is_member: bool = True
    is_general: bool = False
    topic: str = ""
    purpose: str = ""
    num_members: int | None = None
    created: int | None = None

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> ChannelRef:
        is_im = bool(data.get("is_im"))
        return cls(
            id=str(data.get("id") or ""),
            name=str(data.get("name") or ""),
            is_private=bool(data.get("is_private")),
            is_im=is_im,
            is_archived=bool(data.get("is_archived")),
            is_member=is_im or bool(data.get("is_member")),
            is_general=bool(data.get("is_general")),
            topic=_value_of(data.get("topic")),
            purpose=_value_of(data.get("purpose")),
            num_members=data.get("num_members"),
            created=data.get("created"),
        )

    @property
    def label(self) -> str:
        """How sentences name it: ``#ops``, or ``the DM D123`` for a direct message."""
        return f"#{self.name}" if self.name and not self.is_im else f"the DM {self.id}"

    @property
    def label_with_id(self) -> str:
        """``#old-launch (C0OLDLAUNCH)``: unambiguous, for confirmations."""
        return f"{self.label} ({self.id})" if not self.is_im else self.label

    @property
    def join_id(self) -> str | None:
        """The id to join on ``not_in_channel``, when the bot is known to be outside."""
        return None if self.is_member or self.is_im else self.id

    @property
    def subject(self) -> Subject:
        return Subject(channel=self.label)


@dataclass(frozen=True)
class UserRef:
    """A workspace member, trimmed to what tools need."""

    id: str
    name: str = ""
    real_name: str = ""
    display_name: str = ""
    is_bot: bool = False
    deleted: bool = False

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> UserRef:
        profile = data.get("profile") or {}
        return cls(
            id=str(data.get("id") or ""),
            name=str(data.get("name") or ""),
            real_name=str(data.get("real_name") or profile.get("real_name") or ""),
            display_name=str(profile.get("display_name") or ""),
            is_bot=bool(data.get("is_bot")),
            deleted=bool(data.get("deleted")),
        )

    @property
    def label(self) -> str:
        return f"@{self.name}" if self.name else f"<@{self.id}>"


@dataclass(frozen=True)
class MessageReference:
    """A parsed message reference: a ts (and the channel of a permalink), or ``latest``."""

    ts: str | None = None
    channel_id: str | None = None
    latest: bool = False


class SlackDirectory:
    """The workspace's channels and users, each listed at most once per instance."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._channels: list[ChannelRef] | None = None
        self._users: list[UserRef] | None = None
        self._bot_user_id: str | None = None

    async def channels(self) -> list[ChannelRef]:
        """Public and private channels the bot can see, archived ones included."""
        if self._channels is None:
            pages = self._pages(
                "conversations.list",
                "channels",
                types="public_channel,private_channel",
                exclude_archived=False,
            )
            self._channels = [ChannelRef.from_payload(item) async for item in pages]
        return self._channels

    async def users(self) -> list[UserRef]:
        if self._users is None:
            self._users = [
                UserRef.from_payload(m) async for m in self._pages("users.list", "members")
            ]
        return self._users

    async def channel_info(self, channel_id: str) -> ChannelRef | None:
        """The channel with this id as it is now; None when it is gone or hidden."""
        try:
            data = await call(
                self.client,
                "conversations.info",
                channel=channel_id,
                subject=Subject(channel=f"<#{channel_id}>"),
            )
        except ToolError as exc:
            if exc.error_class == "channel_not_found":
                return None
            raise
        return ChannelRef.from_payload(data.get("channel") or {})

    async def user_info(self, user_id: str) -> UserRef | None:
        try:
            data = await call(self.client, "users.info", user=user_id)
        except ToolError as exc:
            if exc.error_class == "user_not_found":
                return None
            raise
        return UserRef.from_payload(data.get("user") or {})

    async def user_label(self, user_id: str | None) -> str:
        """``@bob`` for an id, from the member list; the raw mention when unknown."""
        if not user_id:
            return "someone"
        known = next((u for u in await self.users() if u.id == user_id), None)
        return known.label if known else f"<@{user_id}>"

    async def bot_user_id(self) -> str:
        if self._bot_user_id is None:
            data = await call(self.client, "auth.test")
            self._bot_user_id = str(data.get("user_id") or "")
        return self._bot_user_id

    async def _pages(self, method: str, key: str, **params: Any) -> AsyncIterator[dict[str, Any]]:
        cursor = ""
        for _ in range(_MAX_PAGES):
            data = await call(
                self.client, method, limit=_PAGE_SIZE, cursor=cursor or None, **params
            )
            for item in data.get(key) or []:
                yield item
            cursor = str((data.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return


# ------------------------------------------------------------------ parsing


def parse_channel_reference(reference: str) -> tuple[str | None, str]:
    """(id or None, name) of a channel reference; the name is lowercased, without ``#``."""
    text = reference.strip()
    mention = _CHANNEL_MENTION.match(text)
    if mention:
        return mention.group(1), ""
    if _CHANNEL_ID.match(text):
        return text, text.lower()
    return None, text.removeprefix("#").strip().lower()


def parse_user_reference(reference: str) -> tuple[str | None, str]:
    """(id or None, name) of a user reference; the name without ``@``."""
    text = reference.strip()
    mention = _USER_MENTION.match(text)
    if mention:
        return mention.group(1), ""
    if _USER_ID.match(text):
        return text, text.lower()
    return None, text.removeprefix("@").strip()


def permalink_ts(digits: str) -> str:
    """``p1732262400000100`` → ``1732262400.000100`` (the last six digits are microseconds)."""
    digits = digits.removeprefix("p")
    return f"{digits[:-6]}.{digits[-6:]}"


def parse_message_reference(reference: str) -> MessageReference | None:
    """A ts, a permalink (also as Slack formats links: ``<https://…|label>``) or ``latest``."""
    text = reference.strip()
    if text.lower() in {"latest", "last", "newest"}:
        return MessageReference(latest=True)
    if _MESSAGE_TS.match(text):
        return MessageReference(ts=text)
    link = text.removeprefix("<").removesuffix(">").split("|", 1)[0]
    permalink = _PERMALINK.match(link)
    if permalink:
        return MessageReference(ts=permalink_ts(permalink.group(2)), channel_id=permalink.group(1))
    return None


# ---------------------------------------------------------------- resolution


async def resolve_channel(directory: SlackDirectory, reference: str) -> ChannelRef:
    """The channel a reference means; `ToolError` ``channel_not_found`` when there is none."""
    channel_id, name = parse_channel_reference(reference)
    if channel_id is None and not name:
        raise ToolError("Which channel? I need a channel name.", error_class="channel_not_found")
    if channel_id is not None:
        found = await directory.channel_info(channel_id)
        if found is not None:
            return found
        if not name:
            raise ToolError(
                f"I can't find the channel {channel_id}, or I'm not allowed to see it.",
                error_class="channel_not_found",
            )
    for channel in await directory.channels():
        if not channel.is_im and channel.name.lower() == name:
            return channel
    raise ToolError(f"I can't find a channel called #{name}.", error_class="channel_not_found")


async def resolve_channel_argument(
    context: ToolContext, arguments: dict[str, Any]
) -> tuple[SlackDirectory, ChannelRef]:
    """A fresh directory and the channel of a tool's ``channel`` argument."""
    directory = SlackDirectory(context.slack)
    return directory, await resolve_channel(directory, arguments["channel"])


async def resolve_user(directory: SlackDirectory, reference: str) -> UserRef:
    """The member a reference means: by id, handle, display name, real name or first name."""
    user_id, name = parse_user_reference(reference)
    if user_id is None and not name:
        raise ToolError("Who? I need a person's name.", error_class="user_not_found")
    if user_id is not None:
        found = await directory.user_info(user_id)
        if found is not None and not found.deleted:
            return found
        if not name:
            raise ToolError(f"I can't find the user {user_id}.", error_class="user_not_found")
    wanted = name.casefold()
    people = [u for u in await directory.users() if not u.deleted]
    matchers = (
        lambda u: u.name.casefold() == wanted,
        lambda u: u.display_name.casefold() == wanted,
        lambda u: u.real_name.casefold() == wanted,
        lambda u: u.real_name.casefold().split(" ")[0] == wanted,
    )
    for matches in matchers:
        found_all = [u for u in people if matches(u)]
        if len(found_all) == 1:
            return found_all[0]
        if len(found_all) > 1:
            names = ", ".join(u.label for u in found_all)
            raise ToolError(
                f"Several people match “{name}”: {names}. Which one?",
                error_class="ambiguous_user",
            )
    raise ToolError(f"I can't find anyone called @{name}.", error_class="user_not_found")


async def resolve_message_ts(
    directory: SlackDirectory,
    channel: ChannelRef,
    reference: str,
    context: ToolContext,
    *,
    join: bool = True,
) -> str:
    """The ts of the message a reference means, in ``channel``.

    ``latest`` is the newest message of the channel that is not the request
    itself (the thread the request started, or a message of the requester
    that mentions the bot) and not one Slack wrote (joins, topic changes).
    ``join`` lets a ``latest`` lookup join a public channel the bot is not in.
    """
    parsed = parse_message_reference(reference)
    if parsed is None:
        raise ToolError(
            f"“{reference}” is not a message: give its timestamp, its link, or say “latest”.",
            error_class="invalid_message",
        )
    if parsed.latest:
        return await _latest_ts(directory, channel, context, join=join)
    if parsed.channel_id is not None and parsed.channel_id != channel.id:
        raise ToolError(
            f"That link points to a message in <#{parsed.channel_id}>, not in {channel.label}.",
            error_class="channel_mismatch",
        )
    assert parsed.ts is not None
    return parsed.ts


async def _latest_ts(
    directory: SlackDirectory, channel: ChannelRef, context: ToolContext, *, join: bool
) -> str:
    data = await call(
        directory.client,
        "conversations.history",
        channel=channel.id,
        limit=20,
        subject=channel.subject,
        join=channel.join_id if join else None,
    )
    here = channel.id == context.channel_id
    for message in data.get("messages") or []:
        if message.get("subtype") in _SYSTEM_SUBTYPES:
            continue
        if here and message.get("ts") == context.thread_ts:
            continue
        if here and message.get("user") == context.user_id:
            bot = await directory.bot_user_id()
            if f"<@{bot}>" in str(message.get("text") or ""):
                continue
        return str(message["ts"])
    raise ToolError(
        f"I can't find a recent message in {channel.label}.", error_class="message_not_found"
    )


async def fetch_message(
    client: AsyncWebClient, channel: ChannelRef, ts: str, *, join: bool = True
) -> dict[str, Any] | None:
    """The message with this ts (a thread reply too), or None when it does not exist."""
    data = await call(
        client,
        "conversations.history",
        channel=channel.id,
        latest=ts,
        oldest=ts,
        inclusive=True,
        limit=1,
        subject=channel.subject,
        join=channel.join_id if join else None,
    )
    for message in data.get("messages") or []:
        if message.get("ts") == ts:
            return message
    try:
        data = await call(
            client,
            "conversations.replies",
            channel=channel.id,
            ts=ts,
            oldest=ts,
            inclusive=True,
            limit=10,
            subject=channel.subject,
        )
    except ToolError as exc:
        if exc.error_class in {"thread_not_found", "message_not_found"}:
            return None
        raise
    return next((m for m in data.get("messages") or [] if m.get("ts") == ts), None)


def _value_of(field: object) -> str:
    """The text of a topic / purpose object (``{"value": …}``)."""
    if isinstance(field, dict):
        return str(field.get("value") or "")
    return str(field or "")
