"""Slack rules about channels: archive, rename, topic and purpose, create, members,
read, list."""

from __future__ import annotations

import re
from typing import Any

from bot.planning.offline.limits import MAX_READ_LIMIT
from bot.planning.offline.phrasings import verb_alternatives, verb_table
from bot.planning.offline.rule import Call, OfflineRule, Part, call
from bot.planning.offline.slots.cutting import body, splits
from bot.planning.offline.slots.slack import channel, channel_name, channels, users
from bot.planning.offline.slots.text import free_text

_I = re.IGNORECASE

VERBS = verb_table(
    {
        "unarchive": ("unarchive", "un-archive"),
        "archive": ("archive",),
        "rename": ("rename", "change the name of", "change name of"),
        "set": ("set", "change", "update", "edit", "make"),
        "invite": ("invite", "add"),
        "remove": ("remove", "kick out", "kick"),
    }
)


def read_archive(part: Part) -> list[Call] | None:
    """archive #a / unarchive #a, #b and #c"""
    for verb, tool in (
        ("unarchive", "slack.unarchive_channel"),
        ("archive", "slack.archive_channel"),
    ):
        rest = body(VERBS[verb], part.core)
        if rest is not None:
            found = channels(rest)
            return [call(tool, channel=name) for name in found] if found else None
    return None


_RENAME_TO = re.compile(r"\s+(?:to|as|into)\s+", _I)


def read_rename(part: Part) -> list[Call] | None:
    """rename #a to b / rename #a as b"""
    rest = body(VERBS["rename"], part.core)
    if rest is None:
        return None
    for left, right, _ in splits(rest, _RENAME_TO):
        old, name = channel(left), channel_name(right)
        if old and name:
            return [call("slack.rename_channel", channel=old, name=name)]
    return None


_FIELD_TOOLS = {
    "topic": ("slack.set_topic", "topic"),
    "purpose": ("slack.set_purpose", "purpose"),
    "description": ("slack.set_purpose", "purpose"),
}
_SET = f"(?:{verb_alternatives(('set', 'change', 'update', 'edit', 'make'))})"
_FIELD_OF = re.compile(
    rf"{_SET}\s+(?:the\s+)?(?:channel\s+)?(topic|purpose|description)\s+(?:of|for|in|on)\s+", _I
)
_FIELD_TO = re.compile(r"\s+(?:to|as)(?:\s*:\s*|\s+)|\s*:\s*", _I)
_CHANNEL_FIELD_TO = re.compile(
    r"(?:'s|’s)?\s+(?:channel\s+)?(topic|purpose|description)\s+(?:to|as)(?:\s*:\s*|\s+)", _I
)


def _field_calls(field_word: str, targets: list[str], text: str) -> list[Call]:
    tool, argument = _FIELD_TOOLS[field_word.lower()]
    return [call(tool, channel=target, **{argument: text}) for target in targets]


def read_topic_or_purpose(part: Part) -> list[Call] | None:
    """set the topic of #a to x / set #a topic to x / change the purpose of #a: x"""
    match = _FIELD_OF.match(part.raw)
    if match is not None:
        for left, right, _ in splits(part.raw[match.end() :], _FIELD_TO):
            targets, text = channels(left), free_text(right)
            if targets and text:
                return _field_calls(match[1], targets, text)
        return None
    rest = body(VERBS["set"], part.raw)
    if rest is None:
        return None
    for left, right, separator in splits(rest, _CHANNEL_FIELD_TO):
        targets, text = channels(left), free_text(right)
        if targets and text:
            return _field_calls(separator[1], targets, text)
    return None


_CREATE = re.compile(
    r"(?:create|make|open|set\s+up)\s+(?:(?:a|an|one)\s+)?(?:new\s+)?(?:(private|public)\s+)?"
    r"(?:new\s+)?channel(?:\s*:\s*|\s+(?:called|named|with\s+the\s+name)\s+|\s+)(.+)",
    _I | re.DOTALL,
)
_CREATE_SHORT = re.compile(
    r"create\s+(\#[\w-]+)(?:\s+as\s+(?:an?\s+)?(private|public)(?:\s+channel)?)?", _I
)


def read_create(part: Part) -> list[Call] | None:
    """create (a) (private) channel (called) #x / create #x (as a private channel)"""
    match = _CREATE.fullmatch(part.core)
    if match is not None:
        visibility, name = match[1], channel_name(match[2])
    else:
        match = _CREATE_SHORT.fullmatch(part.core)
        if match is None:
            return None
        visibility, name = match[2], channel_name(match[1])
    if name is None:
        return None
    arguments: dict[str, Any] = {"name": name}
    if visibility:
        arguments["is_private"] = visibility.lower() == "private"
    return [Call("slack.create_channel", arguments)]


_INTO = re.compile(r"\s+(?:to|into|in)\s+", _I)
_FROM = re.compile(r"\s+(?:from|out\s+of)\s+", _I)


def _membership(
    part: Part, verb: re.Pattern[str], preposition: re.Pattern[str], tool: str
) -> list[Call] | None:
    rest = body(verb, part.core)
    if rest is None:
        return None
    for left, right, _ in splits(rest, preposition):
        members, targets = users(left), channels(right)
        if members and targets:
            return [
                call(tool, channel=target, user=member) for target in targets for member in members
            ]
    return None


def read_invite(part: Part) -> list[Call] | None:
    """invite @bob to #ops / add @bob and @ann to #ops"""
    return _membership(part, VERBS["invite"], _INTO, "slack.invite_member")


def read_remove(part: Part) -> list[Call] | None:
    """remove @bob from #ops / kick @bob from #ops"""
    return _membership(part, VERBS["remove"], _FROM, "slack.remove_member")


_READ = re.compile(
    r"(?:read|summari[sz]e|recap|show(?:\s+me)?|check(?:\s+on)?|catch\s+me\s+up\s+on|look\s+at"
    r"|fetch|what(?:'s|’s|s|\s+is)\s+(?:new|up|happening|going\s+on)\s+(?:in|on)"
    r"|what\s+happened\s+in|any(?:thing)?\s+new\s+in|give\s+me\s+a\s+(?:summary|recap)\s+of)\s+",
    _I,
)
_READ_COUNT = re.compile(
    r"(?:the\s+)?(?:(?:last|latest|recent|most\s+recent)\s+)?(\d{1,5})\s+(?:messages?|posts?)"
    r"\s+(?:in|from|of|on)\s+",
    _I,
)
_READ_ONE = re.compile(
    r"(?:the\s+)?(?:last|latest|most\s+recent|newest)\s+(?:message|post)\s+(?:in|from|of|on)\s+", _I
)
_READ_MESSAGES = re.compile(
    r"(?:the\s+)?(?:(?:last|latest|recent|most\s+recent|new)\s+)?"
    r"(?:messages|posts|history|conversation)\s+(?:in|from|of|on)\s+",
    _I,
)


def read_history(part: Part) -> list[Call] | None:
    """read #ops / what's new in #ops / summarize #ops / show me the last 20 messages in #ops"""
    rest = body(_READ, part.core)
    if rest is None:
        return None
    limit: int | None = None
    if (match := _READ_COUNT.match(rest)) is not None:
        limit = int(match[1])
        if not 1 <= limit <= MAX_READ_LIMIT:
            return None
    elif (match := _READ_ONE.match(rest)) is not None:
        limit = 1
    else:
        match = _READ_MESSAGES.match(rest)
    if match is not None:
        rest = rest[match.end() :]
    targets = channels(rest)
    if targets is None:
        return None
    extra = {} if limit is None else {"limit": limit}
    return [call("slack.read_channel", channel=target, **extra) for target in targets]


_LIST_CHANNELS = re.compile(
    r"(?:(?:list|show(?:\s+me)?|get|give\s+me|display)\s+(?:(?:all|every)\s+)?(?:(?:of\s+)?the\s+)?"
    r"(?:public\s+|slack\s+)?channels(?:\s+(?:here|in\s+(?:this|the)\s+workspace))?"
    r"|(?:which|what)\s+channels\s+(?:are\s+there|exist|do\s+(?:we|you|i)\s+have|are\s+available"
    r"|can\s+you\s+see|are\s+in\s+(?:this|the)\s+workspace)"
    r"|what\s+are\s+(?:all\s+)?the\s+channels|channels|channel\s+list)",
    _I,
)


def read_list_channels(part: Part) -> list[Call] | None:
    """list channels / which channels are there"""
    return [call("slack.list_channels")] if _LIST_CHANNELS.fullmatch(part.core) else None


CHANNEL_RULES: tuple[OfflineRule, ...] = (
    OfflineRule(
        read_archive,
        {"slack.archive_channel": "archive", "slack.unarchive_channel": "unarchive"},
    ),
    OfflineRule(read_rename, {"slack.rename_channel": "rename"}),
    OfflineRule(
        read_topic_or_purpose, {"slack.set_topic": "set topic", "slack.set_purpose": "set purpose"}
    ),
    OfflineRule(read_create, {"slack.create_channel": "create channel"}),
    OfflineRule(read_invite, {"slack.invite_member": "invite"}),
    OfflineRule(read_remove, {"slack.remove_member": "remove member"}),
    OfflineRule(read_history, {"slack.read_channel": "read"}),
    OfflineRule(read_list_channels, {"slack.list_channels": "list channels"}),
)
