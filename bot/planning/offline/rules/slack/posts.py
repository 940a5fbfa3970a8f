"""Slack rules that post: "post in #a: hi", "tell #a that hi", and the aggregate post
("… and tell #general") whose text comes from the steps before it."""

from __future__ import annotations

import re

from bot.planning.offline.phrasings import verb_alternatives, verb_table
from bot.planning.offline.rule import Call, OfflineRule, Part, call
from bot.planning.offline.slots.cutting import body, splits
from bot.planning.offline.slots.slack import CHANNEL_REF, channels
from bot.planning.offline.slots.text import free_text

_I = re.IGNORECASE
_IS = re.IGNORECASE | re.DOTALL

POST_VERBS = ("post", "send", "write", "say", "announce", "share")
VERBS = verb_table({"post": POST_VERBS, "tell": ("tell",), "let": ("let",)})

_POST = f"(?:{verb_alternatives(POST_VERBS)})"
_POST_TO = re.compile(
    rf"{_POST}\s+(?:(?:(?:a|an|the|this)\s+)?(?:message|note|announcement)\s+)?"
    r"(?:in|to|on|into)\s+",
    _I,
)
_COLON = re.compile(r"\s*:\s+")  # "#general: hi", not ":tada:" nor "https://"
_CHANNEL_THEN_TEXT = re.compile(
    rf"({CHANNEL_REF})(?:\s+channel)?"
    r"(?:\s*[,—–-]\s*|\s+(?:saying|that)(?:\s*:\s*|\s+)|\s+)(.+)",
    _IS,
)
_IN_CHANNEL = re.compile(r"\s+(?:in|to|on|into)\s+", _I)


def _posts(targets: list[str], text: str) -> list[Call]:
    return [call("slack.post_message", channel=target, text=text) for target in targets]


def read_post(part: Part) -> list[Call] | None:
    """post in #a: hi / post to #a saying hi / post hi in #a / say hi in #a"""
    rest = body(_POST_TO, part.raw)
    if rest is not None:
        for left, right, _ in splits(rest, _COLON):
            targets, text = channels(left), free_text(right)
            if targets and text:
                return _posts(targets, text)
        match = _CHANNEL_THEN_TEXT.fullmatch(rest)
        if match is not None:
            text = free_text(match[2], bare=True)
            if text:
                return _posts([match[1]], text)
    rest = body(VERBS["post"], part.core)
    if rest is None:
        return None
    for left, right, _ in splits(rest, _IN_CHANNEL, from_end=True):
        text, targets = free_text(left), channels(right)
        if targets and text:
            return _posts(targets, text)
    return None


_THAT = re.compile(r"\s+that\s+", _I)
_KNOW = re.compile(r"\s+know(?:\s*:\s*|\s+that\s+|\s+)", _I)


def read_tell(part: Part) -> list[Call] | None:
    """tell #a: hi / tell #a that hi / tell #a hi / let #a know (that) hi"""
    rest = body(VERBS["tell"], part.raw)
    if rest is not None:
        for separator in (_COLON, _THAT):
            for left, right, _ in splits(rest, separator):
                targets, text = channels(left), free_text(right)
                if targets and text:
                    return _posts(targets, text)
        match = _CHANNEL_THEN_TEXT.fullmatch(rest)
        if match is not None:
            text = free_text(match[2], bare=True)
            return _posts([match[1]], text) if text else None
        return None
    rest = body(VERBS["let"], part.raw)
    if rest is None:
        return None
    for left, right, know in splits(rest, _KNOW):
        targets = channels(left)
        explicit = ":" in know.group() or "that" in know.group().lower()
        text = free_text(right, bare=not explicit)
        if targets and text:
            return _posts(targets, text)
    return None


_ABOUT_IT = (
    r"(?:\s+(?:about\s+(?:it|this|that|them|the\s+results?)|the\s+results?"
    r"|what\s+(?:happened|you\s+did|was\s+done)))?"
)
_AGGREGATE_FORMS = (
    re.compile(rf"tell\s+(.+?){_ABOUT_IT}", _IS),
    re.compile(rf"let\s+(.+?)\s+know{_ABOUT_IT}", _IS),
    re.compile(
        r"(?:announce|post|share|report|send|summari[sz]e)\s+"
        r"(?:it|this|that|them|the\s+results?|a\s+summary|the\s+summary|an\s+update|the\s+outcome)"
        r"\s+(?:in|to|on|into|with)\s+(.+)",
        _IS,
    ),
    re.compile(r"(?:announce|report(?:\s+back)?)\s+(?:in|to|on|into)\s+(.+)", _IS),
    re.compile(r"(?:notify|inform)\s+(.+)", _IS),
)


def read_aggregate(part: Part) -> list[Call] | None:
    """tell #a / let #a know / announce it in #a — the text comes from earlier steps."""
    for form in _AGGREGATE_FORMS:
        match = form.fullmatch(part.core)
        targets = channels(match[1]) if match else None
        if targets:
            return [
                Call("slack.post_message", {"channel": target}, aggregate=True)
                for target in targets
            ]
    return None


_POST_LABEL = {"slack.post_message": "post"}
POST_RULES: tuple[OfflineRule, ...] = (
    OfflineRule(read_post, _POST_LABEL),
    OfflineRule(read_tell, _POST_LABEL),
    OfflineRule(read_aggregate, _POST_LABEL),
)
