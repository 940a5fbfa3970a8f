"""Slack references: channels, members, emoji, new channel names and messages."""

from __future__ import annotations

import re

from bot.planning.offline.slots.cutting import items
from bot.planning.offline.slots.text import unquote

_I = re.IGNORECASE

CHANNEL_REF = r"<\#[A-Z0-9]+(?:\|[^<>|]*)?>|\#[\w-]+"
_CHANNEL = re.compile(
    rf"(?:the\s+)?(?:(?:channel|room)\s+)?({CHANNEL_REF})(?:\s+channel)?"
    r"|(?:the\s+)?channel\s+([\w-]+)",
    _I,
)
_USER_REF = r"<@[UW][A-Z0-9]+(?:\|[^<>|]*)?>|@\w[\w.-]*"
_USER = re.compile(rf"(?:the\s+)?(?:(?:user|member)\s+)?({_USER_REF})", _I)
_BROADCASTS = frozenset({"@here", "@channel", "@everyone"})
_EMOJI = re.compile(
    r"(?:(?:an?|the)\s+)?(?:emoji\s+)?:([\w+'-]+):(?::(skin-tone-[2-6]):)?"
    r"(?:\s+(?:emoji|reaction))?",
    _I,
)
_NAME = re.compile(r"[\w-]{1,80}")

_LINK = re.compile(
    r"(?:the\s+)?(?:(?:message|post)\s+)?"
    r"(?:<(https?://[^<>|\s]+)(?:\|[^<>]*)?>|(https?://[^\s<>|]+))",
    _I,
)
_PERMALINK_CHANNEL = re.compile(r"/archives/([A-Z0-9]+)/p\d{10,}", _I)
_LATEST_MESSAGE = re.compile(
    r"(?:the\s+)?(?:very\s+)?(?:last|latest|most\s+recent|newest)\s+(?:message|post|msg)"
    r"\s+(?:in|from|of|on|at)\s+(.+)",
    _I | re.DOTALL,
)
_MESSAGE_TS = re.compile(
    r"(?:the\s+)?(?:message\s+)?(\d{9,10}\.\d{1,6})\s+(?:in|from|of|on)\s+(.+)", _I | re.DOTALL
)


def channel(fragment: str) -> str | None:
    """A channel reference exactly as written: `<#C…|name>`, `<#C…>`, `#name`, or the
    bare name after the word "channel"."""
    match = _CHANNEL.fullmatch(fragment.strip())
    if match is None:
        return None
    return match[1] or match[2]


def user(fragment: str) -> str | None:
    """A member: `<@U…>` or `@name` (never @here, @channel or @everyone)."""
    match = _USER.fullmatch(fragment.strip())
    if match is None:
        return None
    found = match[1]
    if found.startswith("@"):
        found = found.rstrip(".-")
        if found.lower() in _BROADCASTS:
            return None
    return found


def emoji(fragment: str) -> str | None:
    """An emoji name from `:tada:` ("thumbsup::skin-tone-2" with a skin tone)."""
    match = _EMOJI.fullmatch(fragment.strip())
    if match is None:
        return None
    return f"{match[1]}::{match[2]}" if match[2] else match[1]


def channels(fragment: str) -> list[str] | None:
    return items(fragment, channel)


def users(fragment: str) -> list[str] | None:
    return items(fragment, user)


def emojis(fragment: str) -> list[str] | None:
    return items(fragment, emoji)


def channel_name(fragment: str) -> str | None:
    """A new channel name: one word, "#" optional."""
    name = unquote(fragment.strip()).rstrip(".!?…").strip().removeprefix("#")
    return name if _NAME.fullmatch(name) else None


def message(fragment: str) -> tuple[str, str] | None:
    """(channel, ts) for a permalink, "the last message in #x", or "<ts> in #x"."""
    fragment = fragment.strip()
    link = _LINK.fullmatch(fragment)
    if link is not None:
        url = link[1] or link[2]
        channel_id = _PERMALINK_CHANNEL.search(url)
        return (f"<#{channel_id[1]}>", url) if channel_id else None
    latest = _LATEST_MESSAGE.fullmatch(fragment)
    if latest is not None:
        found = channel(latest[1])
        return (found, "latest") if found else None
    stamped = _MESSAGE_TS.fullmatch(fragment)
    if stamped is not None:
        found = channel(stamped[2])
        return (found, stamped[1]) if found else None
    return None
