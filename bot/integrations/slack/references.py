"""Reading what people and the model write as a channel, a user or a message.

A channel may be written ``<#C123|name>``, ``<#C123>``, ``#name``, ``name`` or
an id (``C…``, ``G…``, ``D…``); a user ``<@U123>``, ``@name``, ``name`` or an
id; a message a ts (``1732262400.000100``), a permalink
(``https://…/archives/C123/p1732262400000100``) or ``latest``.
"""

from __future__ import annotations

import re

from bot.integrations.slack.refs import MessageReference

__all__ = [
    "parse_channel_reference",
    "parse_message_reference",
    "parse_user_reference",
    "permalink_ts",
]

_CHANNEL_MENTION = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_MESSAGE_TS = re.compile(r"^\d{1,12}\.\d{1,6}$")
_PERMALINK = re.compile(r"^https?://[^/\s]+/archives/([CGD][A-Z0-9]+)/p(\d{7,})(?:[?#]\S*)?$")


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
