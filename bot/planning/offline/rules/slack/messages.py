"""Slack rules about single messages: pin, unpin, delete, react, edit."""

from __future__ import annotations

import re

from bot.planning.offline.phrasings import verb_table
from bot.planning.offline.rule import Call, OfflineRule, Part, call
from bot.planning.offline.slots.cutting import body, splits
from bot.planning.offline.slots.slack import emojis, message
from bot.planning.offline.slots.text import free_text

_I = re.IGNORECASE

VERBS = verb_table(
    {
        "unpin": ("unpin", "un-pin"),
        "pin": ("pin",),
        "delete": ("delete", "remove", "erase"),
        "react": ("react",),
        "edit": ("edit", "update", "change", "modify"),
    }
)


def read_pin(part: Part) -> list[Call] | None:
    """pin <link> / unpin the last message in #ops"""
    for verb, tool in (("unpin", "slack.unpin_message"), ("pin", "slack.pin_message")):
        rest = body(VERBS[verb], part.core)
        if rest is not None:
            found = message(rest)
            return [call(tool, channel=found[0], ts=found[1])] if found else None
    return None


def read_delete(part: Part) -> list[Call] | None:
    """delete <link> / delete the last message in #x"""
    rest = body(VERBS["delete"], part.core)
    found = message(rest) if rest is not None else None
    if found is None:
        return None
    return [call("slack.delete_message", channel=found[0], ts=found[1])]


_WITH = re.compile(r"with\s+", _I)
_TO = re.compile(r"to\s+", _I)
_ON = re.compile(r"\s+(?:to|on)\s+", _I)
_WITH_SPLIT = re.compile(r"\s+with\s+", _I)
_ADD_REACTION = re.compile(r"add\s+(?:(?:a|the)\s+)?(?:reaction\s+)?", _I)


def _reactions(names: list[str] | None, target: tuple[str, str] | None) -> list[Call] | None:
    if not names or target is None:
        return None
    channel, ts = target
    return [call("slack.add_reaction", channel=channel, ts=ts, name=name) for name in names]


def read_react(part: Part) -> list[Call] | None:
    """react with :tada: to <ref> / react to <ref> with :tada: / add :tada: to <ref>"""
    rest = body(VERBS["react"], part.core)
    if rest is None:
        rest = body(_ADD_REACTION, part.core)
        if rest is None:
            return None
    elif (after_to := body(_TO, rest)) is not None:
        for left, right, _ in splits(after_to, _WITH_SPLIT, from_end=True):
            calls = _reactions(emojis(right), message(left))
            if calls:
                return calls
        return None
    else:
        rest = body(_WITH, rest) or rest
    for left, right, _ in splits(rest, _ON):
        calls = _reactions(emojis(left), message(right))
        if calls:
            return calls
    return None


_COLON = re.compile(r"\s*:\s+")
_EDIT_TO = re.compile(
    r"\s+(?:to\s+say|to\s+read|so\s+(?:that\s+)?it\s+(?:says|reads)|to|with)(?:\s*:\s*|\s+)", _I
)


def read_edit(part: Part) -> list[Call] | None:
    """edit <ref> to say x / update <ref>: x"""
    rest = body(VERBS["edit"], part.raw)
    if rest is None:
        return None
    for separator in (_COLON, _EDIT_TO):
        for left, right, _ in splits(rest, separator):
            found, text = message(left), free_text(right)
            if found and text:
                return [call("slack.update_message", channel=found[0], ts=found[1], text=text)]
    return None


MESSAGE_RULES: tuple[OfflineRule, ...] = (
    OfflineRule(read_pin, {"slack.pin_message": "pin", "slack.unpin_message": "unpin"}),
    OfflineRule(read_delete, {"slack.delete_message": "delete message"}),
    OfflineRule(read_react, {"slack.add_reaction": "react"}),
    OfflineRule(read_edit, {"slack.update_message": "edit message"}),
)
