"""The offline planner: plain-language commands become a `Plan` without a language model.

SPEC §5.6: when no model is configured or the model fails, the orchestrator steps down
to this planner, and from here to a static help reply when it returns None.

How a request is read:

1. The text is cleaned (invisible and control characters dropped) and capped at
   `MAX_INPUT_CHARS`; longer input is not understood.
2. "undo" and "help" are whole-request intents.
3. Otherwise the text is cut into chunks at separators ("and", "then", ",", ";", a
   sentence end, a new line), never inside `<…>` Slack markup or double quotes. Every
   way of regrouping consecutive chunks into parts is considered, and each part must
   be understood by exactly one command parser. Exactly one reading must remain:
   "post in #a: hi, all" keeps its comma (", all" is no command), while in
   "tell #a we ship and archive #b" the text may or may not end before "and", so
   nothing is planned unless the text is quoted ("tell #a \"we ship\" and archive #b").
4. Parts joined by "and" / "," run in parallel; "then" makes the next part depend on the
   previous one; a last part like "tell #general" (no text) is an aggregate post that
   depends on every step before it. A step that uses a channel created earlier in the
   plan depends on the step that creates it.

The command parsers for Slack live here; those for GitHub, Jira and Notion ("close
acme/api#12", "move PROJ-7 to Done", "archive the Notion page <url>") live in
`bot.orchestrator.offline_tools` and read parts the same way.

Never guess: an unknown or ambiguous part makes the whole request not understood.
Every pattern is anchored and free of nested quantifiers, so the time spent stays
roughly linear in the (capped) input.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.planning.plans import Plan, PlannedStep

logger = logging.getLogger(__name__)

MAX_INPUT_CHARS = 2_000  # longer requests are not plain commands
MAX_PARTS = 30  # chunks considered for regrouping; beyond that only the whole text is tried
MAX_STEPS = 25
MAX_READ_LIMIT = 1_000

_I = re.IGNORECASE
_IS = re.IGNORECASE | re.DOTALL


@dataclass(frozen=True)
class _Call:
    """One tool call a part of the request asks for."""

    tool: str
    arguments: dict[str, Any]
    aggregate: bool = False


@dataclass(frozen=True)
class _Part:
    """A part of the request, with its polite filler removed.

    `raw` keeps the end as written (free text such as a message ends there);
    `core` also drops trailing filler and punctuation ("please", "for me", "?").
    """

    raw: str
    core: str


@dataclass(frozen=True)
class _Group:
    calls: tuple[_Call, ...]
    after_then: bool  # joined to the previous part by "then"


Parser = Callable[[_Part], list[_Call] | None]

_LABELS = {
    "slack.post_message": "post",
    "slack.update_message": "edit message",
    "slack.delete_message": "delete message",
    "slack.read_channel": "read",
    "slack.list_channels": "list channels",
    "slack.archive_channel": "archive",
    "slack.unarchive_channel": "unarchive",
    "slack.rename_channel": "rename",
    "slack.set_topic": "set topic",
    "slack.set_purpose": "set purpose",
    "slack.create_channel": "create channel",
    "slack.invite_member": "invite",
    "slack.remove_member": "remove member",
    "slack.pin_message": "pin",
    "slack.unpin_message": "unpin",
    "slack.add_reaction": "react",
}


# --------------------------------------------------------------------------- public API


def plan_offline(text: str, *, available_tools: frozenset[str] | None = None) -> Plan | None:
    """Turn a plain command into a Plan; None when it is not (fully) understood.

    `text` is the member's message with the bot mention removed. `available_tools`
    (qualified names such as "slack.archive_channel"), when given, limits the tools a
    plan may use: a part that needs another tool makes the request not understood.
    """
    try:
        return _plan(text, available_tools)
    except Exception:  # a planner bug must degrade to the help reply, never fail the run
        logger.warning("offline planner failed", exc_info=True)
        return None


def _plan(text: object, available_tools: frozenset[str] | None) -> Plan | None:
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    cleaned = _clean(text)
    if not cleaned:
        return None
    intent = _parse_intent(cleaned)
    if intent is not None:
        return Plan(intent=intent, reasoning=f"Understood a request for {intent}.")
    groups = _best_reading(cleaned)
    if groups is None:
        return None
    return _assemble(groups, available_tools)


# --------------------------------------------------------------------------- cleaning

# Control characters, soft hyphen, zero-width and bidirectional formatting characters,
# byte-order mark and lone surrogates. Zero-width (non-)joiners stay: emoji need them.
_DROPPED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u061c\u180e\u200b\u200e\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)

_LEADING_FILLER = re.compile(
    r"(?:"
    r"(?:please|pls|plz|kindly|just|now|also|then|ok|okay|hey|hi|hello|yo|kaizen)\b"
    r"|(?:can|could|would|will)\s+(?:you|u)\b"
    r"|i(?:'d|’d|\s+would)\s+like\s+you\s+to\b"
    r"|i\s+(?:want|need)\s+you\s+to\b"
    r"|go\s+ahead\s+and\b"
    r")[\s,:!]*",
    _I,
)

_TRAILING_FILLER = (
    "please",
    "pls",
    "plz",
    "for me",
    "thanks",
    "thank you",
    "thx",
    "ty",
    "right now",
    "now",
    "asap",
    "kaizen",
)
_TRAILING_PUNCTUATION = " \t\n.,!?…"


def _clean(text: str) -> str:
    text = _DROPPED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip()


def _strip_leading_filler(text: str) -> str:
    for _ in range(8):
        match = _LEADING_FILLER.match(text)
        if match is None or match.end() == 0:
            break
        text = text[match.end() :]
    return text.strip()


def _strip_trailing_filler(text: str) -> str:
    for _ in range(8):
        stripped = text.rstrip(_TRAILING_PUNCTUATION)
        lowered = stripped.lower()
        for phrase in _TRAILING_FILLER:
            cut = len(lowered) - len(phrase)
            if lowered.endswith(phrase) and (cut == 0 or lowered[cut - 1] in " \t\n,"):
                stripped = stripped[:cut]
                break
        if stripped == text:
            break
        text = stripped
    return text.strip()


def _part(text: str) -> _Part:
    raw = _strip_leading_filler(text)
    return _Part(raw=raw, core=_strip_trailing_filler(raw))


# --------------------------------------------------------------------------- intents

_UNDO = re.compile(
    r"(?:undo|revert|roll\s*back|reverse)"
    r"(?:\s+(?:that|it|this|the\s+last(?:\s+(?:action|change|command|step|one|thing))?"
    r"|my\s+last\s+(?:action|change|command)|last\s+(?:action|change|command)"
    r"|what\s+you\s+(?:just\s+)?did))?",
    _I,
)
_HELP = re.compile(
    r"help(?:\s+me)?"
    r"|what\s+(?:else\s+)?can\s+(?:you|i)\s+(?:do|ask(?:\s+you)?)"
    r"|what\s+do\s+you\s+do"
    r"|how\s+do\s+(?:i\s+)?(?:use\s+)?(?:you|this|it|kaizen)(?:\s+work)?"
    r"|how\s+does\s+(?:this|it|kaizen)\s+work"
    r"|(?:show\s+(?:me\s+)?)?(?:the\s+|your\s+)?commands"
    r"|what\s+are\s+your\s+commands",
    _I,
)


def _parse_intent(text: str) -> str | None:
    core = _part(text).core
    if _UNDO.fullmatch(core):
        return "undo"
    if _HELP.fullmatch(core):
        return "help"
    return None


# --------------------------------------------------------------------------- splitting

# Slack markup and double-quoted text are never cut.
_PROTECTED = re.compile(r'<[^<>]*>|"[^"\n]*"|“[^“”\n]*”')
_SEPARATOR_TOKEN = re.compile(
    r"[,;]|[.!?…]+(?=\s)|\n"
    r"|(?<!\S)(?:and|then|also|after\s+that|afterwards|&|&amp;)(?!\S)",
    _I,
)
_THEN_WORDS = ("then", "after", "afterwards")


@dataclass(frozen=True)
class _Chunk:
    start: int
    end: int
    after_then: bool


def _chunks(text: str) -> list[_Chunk]:
    """Cut `text` at separators; each chunk knows whether "then" came before it."""
    protected = [match.span() for match in _PROTECTED.finditer(text)]
    separators: list[tuple[int, int, list[str]]] = []
    index = 0
    for token in _SEPARATOR_TOKEN.finditer(text):
        while index < len(protected) and protected[index][1] <= token.start():
            index += 1
        if index < len(protected) and protected[index][0] < token.end():
            continue  # inside markup or quotes
        word = token.group().lower()
        if separators and not text[separators[-1][1] : token.start()].strip():
            start, _, words = separators[-1]
            separators[-1] = (start, token.end(), [*words, word])
        else:
            separators.append((token.start(), token.end(), [word]))
    separators = [sep for sep in separators if sep[2] != ["also"]]  # "also" only after "and"

    chunks: list[_Chunk] = []
    position, after_then = 0, False
    for start, end, words in [*separators, (len(text), len(text), [])]:
        piece = text[position:start]
        if piece.strip():
            left = position + len(piece) - len(piece.lstrip())
            right = start - (len(piece) - len(piece.rstrip()))
            chunks.append(_Chunk(left, right, after_then))
            after_then = False
        after_then = after_then or any(word.startswith(_THEN_WORDS) for word in words)
        position = end
    return chunks


def _best_reading(text: str) -> list[_Group] | None:
    """Regroup chunks into understood parts; there must be exactly one way to do it."""
    chunks = _chunks(text)
    if not chunks:
        return None
    if len(chunks) > MAX_PARTS:
        calls = _parse_part(text)
        if calls is None or calls[0].aggregate:
            return None
        return [_Group(tuple(calls), after_then=False)]

    count = len(chunks)

    @cache
    def parse(first: int, last: int) -> tuple[_Call, ...] | None:
        calls = _parse_part(text[chunks[first].start : chunks[last].end])
        if calls is None:
            return None
        if calls[0].aggregate and (first == 0 or last != count - 1):
            return None  # an aggregate post ends a plan and needs steps before it
        return tuple(calls)

    # ways[k]: how many readings chunks[k:] has (capped at 2); ends[k]: where the first
    # part of the only reading ends.
    ways = [0] * count + [1]
    ends = [-1] * (count + 1)
    for first in range(count - 1, -1, -1):
        for last in range(first, count):
            if ways[last + 1] and parse(first, last) is not None:
                ways[first] = min(2, ways[first] + ways[last + 1])
                ends[first] = last
                if ways[first] > 1:
                    break
    if ways[0] != 1:
        return None  # not understood, or ambiguous

    groups: list[_Group] = []
    first = 0
    while first < count:
        last = ends[first]
        calls = parse(first, last)
        if calls is None:  # cannot happen: the reading was checked above
            return None
        groups.append(_Group(calls, after_then=chunks[first].after_then))
        first = last + 1
    return groups


def _parse_part(text: str) -> list[_Call] | None:
    """The calls one part asks for, when exactly one parser understands it."""
    part = _part(text)
    if not part.core:
        return None
    readings: list[list[_Call]] = []
    for parser in _parsers():
        calls = parser(part)
        if calls and calls not in readings:
            readings.append(calls)
    return readings[0] if len(readings) == 1 else None


# --------------------------------------------------------------------------- arguments

_CHANNEL_REF = r"<\#[A-Z0-9]+(?:\|[^<>|]*)?>|\#[\w-]+"
_CHANNEL = re.compile(
    rf"(?:the\s+)?(?:(?:channel|room)\s+)?({_CHANNEL_REF})(?:\s+channel)?"
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
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&|&amp;|plus)\s+", _I)
_BOTH = re.compile(r"(?:both|all\s+of)\s+", _I)
_NAME = re.compile(r"[\w-]{1,80}")
_DOUBLE_QUOTES = frozenset('"“«')
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}
_PRONOUNS = frozenset(
    {
        "it",
        "this",
        "that",
        "them",
        "these",
        "those",
        "the result",
        "the results",
        "a summary",
        "the summary",
        "an update",
        "the update",
    }
)
# Free text that follows a channel with no ":" or "that" must not start like these.
_BARE_TEXT_STARTS = re.compile(r"(?:and|then|also|about|what|[,;&])(?:\b|\s|$)", _I)

_LINK = re.compile(
    r"(?:the\s+)?(?:(?:message|post)\s+)?"
    r"(?:<(https?://[^<>|\s]+)(?:\|[^<>]*)?>|(https?://[^\s<>|]+))",
    _I,
)
_PERMALINK_CHANNEL = re.compile(r"/archives/([A-Z0-9]+)/p\d{10,}", _I)
_LATEST_MESSAGE = re.compile(
    r"(?:the\s+)?(?:very\s+)?(?:last|latest|most\s+recent|newest)\s+(?:message|post|msg)"
    r"\s+(?:in|from|of|on|at)\s+(.+)",
    _IS,
)
_MESSAGE_TS = re.compile(
    r"(?:the\s+)?(?:message\s+)?(\d{9,10}\.\d{1,6})\s+(?:in|from|of|on)\s+(.+)", _IS
)


def _channel(fragment: str) -> str | None:
    """A channel reference exactly as written: `<#C…|name>`, `<#C…>`, `#name`, or the
    bare name after the word "channel"."""
    match = _CHANNEL.fullmatch(fragment.strip())
    if match is None:
        return None
    return match[1] or match[2]


def _user(fragment: str) -> str | None:
    match = _USER.fullmatch(fragment.strip())
    if match is None:
        return None
    user = match[1]
    if user.startswith("@"):
        user = user.rstrip(".-")
        if user.lower() in _BROADCASTS:
            return None
    return user


def _emoji(fragment: str) -> str | None:
    match = _EMOJI.fullmatch(fragment.strip())
    if match is None:
        return None
    return f"{match[1]}::{match[2]}" if match[2] else match[1]


def _items(fragment: str, one: Callable[[str], str | None]) -> list[str] | None:
    """A list like "#a, #b and #c": every item must be understood."""
    fragment = fragment.strip()
    both = _BOTH.match(fragment)
    if both:
        fragment = fragment[both.end() :]
    items: list[str] = []
    for piece in _LIST_SEPARATOR.split(fragment):
        item = one(piece)
        if item is None:
            return None
        if item not in items:
            items.append(item)
    return items or None


def _channels(fragment: str) -> list[str] | None:
    return _items(fragment, _channel)


def _users(fragment: str) -> list[str] | None:
    return _items(fragment, _user)


def _emojis(fragment: str) -> list[str] | None:
    return _items(fragment, _emoji)


def _unquote(text: str) -> str:
    """Strip one pair of surrounding quotes (and sentence punctuation after them)."""
    closing = _QUOTES.get(text[:1])
    if closing is None:
        return text
    body = text.rstrip(".!?…")
    inner = body[1:-1]
    if len(body) >= 2 and body.endswith(closing) and text[0] not in inner and closing not in inner:
        return inner.strip()
    return text


def _text(fragment: str, *, bare: bool = False) -> str | None:
    """Free text (a message, a topic) as the member wrote it, minus surrounding quotes.

    `bare` text follows its channel with no ":" or "that" and must not start with a
    separator or "about"/"what" ("tell #general about it" is not a message).
    """
    text = fragment.strip()
    if not text or (bare and _BARE_TEXT_STARTS.match(text)):
        return None
    unquoted = _unquote(text)
    if unquoted == text and text[0] in _DOUBLE_QUOTES:
        return None  # the quote closes before the end: '"hi" and archive #b' is no text
    text = unquoted
    if not text or text.lower().rstrip(".!?…") in _PRONOUNS:
        return None
    return text


def _name(fragment: str) -> str | None:
    """A new channel name: one word, "#" optional."""
    name = _unquote(fragment.strip()).rstrip(".!?…").strip().removeprefix("#")
    return name if _NAME.fullmatch(name) else None


def _message(fragment: str) -> tuple[str, str] | None:
    """(channel, ts) for a permalink, "the last message in #x", or "<ts> in #x"."""
    fragment = fragment.strip()
    link = _LINK.fullmatch(fragment)
    if link is not None:
        url = link[1] or link[2]
        channel_id = _PERMALINK_CHANNEL.search(url)
        return (f"<#{channel_id[1]}>", url) if channel_id else None
    latest = _LATEST_MESSAGE.fullmatch(fragment)
    if latest is not None:
        channel = _channel(latest[1])
        return (channel, "latest") if channel else None
    stamped = _MESSAGE_TS.fullmatch(fragment)
    if stamped is not None:
        channel = _channel(stamped[2])
        return (channel, stamped[1]) if channel else None
    return None


def _body(verb: re.Pattern[str], text: str) -> str | None:
    """What follows the verb `text` starts with, or None."""
    match = verb.match(text)
    return text[match.end() :] if match else None


def _splits(
    body: str, separator: re.Pattern[str], *, from_end: bool = False
) -> Iterator[tuple[str, str, re.Match[str]]]:
    """Every way of cutting `body` at one `separator`: (left, right, the separator)."""
    matches = list(separator.finditer(body))
    if from_end:
        matches.reverse()
    for match in matches:
        yield body[: match.start()], body[match.end() :], match


def _call(tool: str, **arguments: Any) -> _Call:
    return _Call(tool, arguments)


# --------------------------------------------------------------------------- parsers

_ARCHIVE = re.compile(r"(un-?archive|archive)\s+", _I)


def _parse_archive(part: _Part) -> list[_Call] | None:
    """archive #a / unarchive #a, #b and #c"""
    match = _ARCHIVE.match(part.core)
    if match is None:
        return None
    channels = _channels(part.core[match.end() :])
    if channels is None:
        return None
    unarchive = match[1].lower().startswith("un")
    tool = "slack.unarchive_channel" if unarchive else "slack.archive_channel"
    return [_call(tool, channel=channel) for channel in channels]


_RENAME = re.compile(r"(?:rename|change\s+the\s+name\s+of|change\s+name\s+of)\s+", _I)
_RENAME_TO = re.compile(r"\s+(?:to|as|into)\s+", _I)


def _parse_rename(part: _Part) -> list[_Call] | None:
    """rename #a to b / rename #a as b"""
    body = _body(_RENAME, part.core)
    if body is None:
        return None
    for left, right, _ in _splits(body, _RENAME_TO):
        channel, name = _channel(left), _name(right)
        if channel and name:
            return [_call("slack.rename_channel", channel=channel, name=name)]
    return None


_FIELD_TOOLS = {
    "topic": ("slack.set_topic", "topic"),
    "purpose": ("slack.set_purpose", "purpose"),
    "description": ("slack.set_purpose", "purpose"),
}
_SET = r"(?:set|change|update|edit|make)"
_FIELD_OF = re.compile(
    rf"{_SET}\s+(?:the\s+)?(?:channel\s+)?(topic|purpose|description)\s+(?:of|for|in|on)\s+", _I
)
_FIELD_TO = re.compile(r"\s+(?:to|as)(?:\s*:\s*|\s+)|\s*:\s*", _I)
_SET_VERB = re.compile(rf"{_SET}\s+", _I)
_CHANNEL_FIELD_TO = re.compile(
    r"(?:'s|’s)?\s+(?:channel\s+)?(topic|purpose|description)\s+(?:to|as)(?:\s*:\s*|\s+)", _I
)


def _field_calls(field_word: str, channels: list[str], text: str) -> list[_Call]:
    tool, argument = _FIELD_TOOLS[field_word.lower()]
    return [_call(tool, channel=channel, **{argument: text}) for channel in channels]


def _parse_topic_or_purpose(part: _Part) -> list[_Call] | None:
    """set the topic of #a to x / set #a topic to x / change the purpose of #a: x"""
    match = _FIELD_OF.match(part.raw)
    if match is not None:
        for left, right, _ in _splits(part.raw[match.end() :], _FIELD_TO):
            channels, text = _channels(left), _text(right)
            if channels and text:
                return _field_calls(match[1], channels, text)
        return None
    body = _body(_SET_VERB, part.raw)
    if body is None:
        return None
    for left, right, separator in _splits(body, _CHANNEL_FIELD_TO):
        channels, text = _channels(left), _text(right)
        if channels and text:
            return _field_calls(separator[1], channels, text)
    return None


_POST_VERBS = r"(?:post|send|write|say|announce|share)"
_POST_TO = re.compile(
    rf"{_POST_VERBS}\s+(?:(?:(?:a|an|the|this)\s+)?(?:message|note|announcement)\s+)?"
    r"(?:in|to|on|into)\s+",
    _I,
)
_COLON = re.compile(r"\s*:\s+")  # "#general: hi", not ":tada:" nor "https://"
_CHANNEL_THEN_TEXT = re.compile(
    rf"({_CHANNEL_REF})(?:\s+channel)?"
    r"(?:\s*[,—–-]\s*|\s+(?:saying|that)(?:\s*:\s*|\s+)|\s+)(.+)",
    _IS,
)
_POST_VERB = re.compile(rf"{_POST_VERBS}\s+", _I)
_IN_CHANNEL = re.compile(r"\s+(?:in|to|on|into)\s+", _I)


def _posts(channels: list[str], text: str) -> list[_Call]:
    return [_call("slack.post_message", channel=channel, text=text) for channel in channels]


def _parse_post(part: _Part) -> list[_Call] | None:
    """post in #a: hi / post to #a saying hi / post hi in #a / say hi in #a"""
    body = _body(_POST_TO, part.raw)
    if body is not None:
        for left, right, _ in _splits(body, _COLON):
            channels, text = _channels(left), _text(right)
            if channels and text:
                return _posts(channels, text)
        match = _CHANNEL_THEN_TEXT.fullmatch(body)
        if match is not None:
            text = _text(match[2], bare=True)
            if text:
                return _posts([match[1]], text)
    body = _body(_POST_VERB, part.core)
    if body is None:
        return None
    for left, right, _ in _splits(body, _IN_CHANNEL, from_end=True):
        text, channels = _text(left), _channels(right)
        if channels and text:
            return _posts(channels, text)
    return None


_TELL = re.compile(r"tell\s+", _I)
_THAT = re.compile(r"\s+that\s+", _I)
_LET = re.compile(r"let\s+", _I)
_KNOW = re.compile(r"\s+know(?:\s*:\s*|\s+that\s+|\s+)", _I)


def _parse_tell(part: _Part) -> list[_Call] | None:
    """tell #a: hi / tell #a that hi / tell #a hi / let #a know (that) hi"""
    body = _body(_TELL, part.raw)
    if body is not None:
        for separator in (_COLON, _THAT):
            for left, right, _ in _splits(body, separator):
                channels, text = _channels(left), _text(right)
                if channels and text:
                    return _posts(channels, text)
        match = _CHANNEL_THEN_TEXT.fullmatch(body)
        if match is not None:
            text = _text(match[2], bare=True)
            return _posts([match[1]], text) if text else None
        return None
    body = _body(_LET, part.raw)
    if body is None:
        return None
    for left, right, separator in _splits(body, _KNOW):
        channels = _channels(left)
        explicit = ":" in separator.group() or "that" in separator.group().lower()
        text = _text(right, bare=not explicit)
        if channels and text:
            return _posts(channels, text)
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


def _parse_aggregate(part: _Part) -> list[_Call] | None:
    """tell #a / let #a know / announce it in #a — the text comes from earlier steps."""
    for form in _AGGREGATE_FORMS:
        match = form.fullmatch(part.core)
        channels = _channels(match[1]) if match else None
        if channels:
            return [
                _Call("slack.post_message", {"channel": channel}, aggregate=True)
                for channel in channels
            ]
    return None


_CREATE = re.compile(
    r"(?:create|make|open|set\s+up)\s+(?:(?:a|an|one)\s+)?(?:new\s+)?(?:(private|public)\s+)?"
    r"(?:new\s+)?channel(?:\s*:\s*|\s+(?:called|named|with\s+the\s+name)\s+|\s+)(.+)",
    _IS,
)
_CREATE_SHORT = re.compile(
    r"create\s+(\#[\w-]+)(?:\s+as\s+(?:an?\s+)?(private|public)(?:\s+channel)?)?", _I
)


def _parse_create(part: _Part) -> list[_Call] | None:
    """create (a) (private) channel (called) #x / create #x (as a private channel)"""
    match = _CREATE.fullmatch(part.core)
    if match is not None:
        visibility, name = match[1], _name(match[2])
    else:
        match = _CREATE_SHORT.fullmatch(part.core)
        if match is None:
            return None
        visibility, name = match[2], _name(match[1])
    if name is None:
        return None
    arguments: dict[str, Any] = {"name": name}
    if visibility:
        arguments["is_private"] = visibility.lower() == "private"
    return [_Call("slack.create_channel", arguments)]


_INVITE = re.compile(r"(?:invite|add)\s+", _I)
_INTO = re.compile(r"\s+(?:to|into|in)\s+", _I)
_REMOVE = re.compile(r"(?:remove|kick(?:\s+out)?)\s+", _I)
_FROM = re.compile(r"\s+(?:from|out\s+of)\s+", _I)


def _membership(
    part: _Part, verb: re.Pattern[str], preposition: re.Pattern[str], tool: str
) -> list[_Call] | None:
    body = _body(verb, part.core)
    if body is None:
        return None
    for left, right, _ in _splits(body, preposition):
        users, channels = _users(left), _channels(right)
        if users and channels:
            return [
                _call(tool, channel=channel, user=user) for channel in channels for user in users
            ]
    return None


def _parse_invite(part: _Part) -> list[_Call] | None:
    """invite @bob to #ops / add @bob and @ann to #ops"""
    return _membership(part, _INVITE, _INTO, "slack.invite_member")


def _parse_remove(part: _Part) -> list[_Call] | None:
    """remove @bob from #ops / kick @bob from #ops"""
    return _membership(part, _REMOVE, _FROM, "slack.remove_member")


_PIN = re.compile(r"(un-?pin|pin)\s+", _I)
_DELETE = re.compile(r"(?:delete|remove|erase)\s+", _I)


def _parse_pin(part: _Part) -> list[_Call] | None:
    """pin <link> / unpin the last message in #ops"""
    match = _PIN.match(part.core)
    message = _message(part.core[match.end() :]) if match else None
    if match is None or message is None:
        return None
    tool = "slack.unpin_message" if match[1].lower().startswith("un") else "slack.pin_message"
    return [_call(tool, channel=message[0], ts=message[1])]


def _parse_delete(part: _Part) -> list[_Call] | None:
    """delete <link> / delete the last message in #x"""
    body = _body(_DELETE, part.core)
    message = _message(body) if body is not None else None
    if message is None:
        return None
    return [_call("slack.delete_message", channel=message[0], ts=message[1])]


_REACT = re.compile(r"react\s+", _I)
_WITH = re.compile(r"with\s+", _I)
_TO = re.compile(r"to\s+", _I)
_ON = re.compile(r"\s+(?:to|on)\s+", _I)
_WITH_SPLIT = re.compile(r"\s+with\s+", _I)
_ADD_REACTION = re.compile(r"add\s+(?:(?:a|the)\s+)?(?:reaction\s+)?", _I)


def _reactions(emojis: list[str] | None, message: tuple[str, str] | None) -> list[_Call] | None:
    if not emojis or message is None:
        return None
    channel, ts = message
    return [_call("slack.add_reaction", channel=channel, ts=ts, name=name) for name in emojis]


def _parse_react(part: _Part) -> list[_Call] | None:
    """react with :tada: to <ref> / react to <ref> with :tada: / add :tada: to <ref>"""
    body = _body(_REACT, part.core)
    if body is None:
        body = _body(_ADD_REACTION, part.core)
        if body is None:
            return None
    elif (after_to := _body(_TO, body)) is not None:
        for left, right, _ in _splits(after_to, _WITH_SPLIT, from_end=True):
            calls = _reactions(_emojis(right), _message(left))
            if calls:
                return calls
        return None
    else:
        body = _body(_WITH, body) or body
    for left, right, _ in _splits(body, _ON):
        calls = _reactions(_emojis(left), _message(right))
        if calls:
            return calls
    return None


_EDIT = re.compile(r"(?:edit|update|change|modify)\s+", _I)
_EDIT_TO = re.compile(
    r"\s+(?:to\s+say|to\s+read|so\s+(?:that\s+)?it\s+(?:says|reads)|to|with)(?:\s*:\s*|\s+)", _I
)


def _parse_edit(part: _Part) -> list[_Call] | None:
    """edit <ref> to say x / update <ref>: x"""
    body = _body(_EDIT, part.raw)
    if body is None:
        return None
    for separator in (_COLON, _EDIT_TO):
        for left, right, _ in _splits(body, separator):
            message, text = _message(left), _text(right)
            if message and text:
                return [_call("slack.update_message", channel=message[0], ts=message[1], text=text)]
    return None


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


def _parse_read(part: _Part) -> list[_Call] | None:
    """read #ops / what's new in #ops / summarize #ops / show me the last 20 messages in #ops"""
    body = _body(_READ, part.core)
    if body is None:
        return None
    limit: int | None = None
    if (match := _READ_COUNT.match(body)) is not None:
        limit = int(match[1])
        if not 1 <= limit <= MAX_READ_LIMIT:
            return None
    elif (match := _READ_ONE.match(body)) is not None:
        limit = 1
    else:
        match = _READ_MESSAGES.match(body)
    if match is not None:
        body = body[match.end() :]
    channels = _channels(body)
    if channels is None:
        return None
    extra = {} if limit is None else {"limit": limit}
    return [_call("slack.read_channel", channel=channel, **extra) for channel in channels]


_LIST_CHANNELS = re.compile(
    r"(?:(?:list|show(?:\s+me)?|get|give\s+me|display)\s+(?:(?:all|every)\s+)?(?:(?:of\s+)?the\s+)?"
    r"(?:public\s+|slack\s+)?channels(?:\s+(?:here|in\s+(?:this|the)\s+workspace))?"
    r"|(?:which|what)\s+channels\s+(?:are\s+there|exist|do\s+(?:we|you|i)\s+have|are\s+available"
    r"|can\s+you\s+see|are\s+in\s+(?:this|the)\s+workspace)"
    r"|what\s+are\s+(?:all\s+)?the\s+channels|channels|channel\s+list)",
    _I,
)


def _parse_list_channels(part: _Part) -> list[_Call] | None:
    """list channels / which channels are there"""
    return [_call("slack.list_channels")] if _LIST_CHANNELS.fullmatch(part.core) else None


_SLACK_PARSERS: tuple[Parser, ...] = (
    _parse_archive,
    _parse_rename,
    _parse_topic_or_purpose,
    _parse_post,
    _parse_tell,
    _parse_aggregate,
    _parse_create,
    _parse_invite,
    _parse_remove,
    _parse_pin,
    _parse_delete,
    _parse_react,
    _parse_edit,
    _parse_read,
    _parse_list_channels,
)


@cache
def _parsers() -> tuple[Parser, ...]:
    """Slack's parsers, then GitHub's, Jira's and Notion's (`offline_tools`, which builds
    on this module and is therefore imported on first use)."""
    from bot.planning.offline_tools import TOOL_PARSERS

    return (*_SLACK_PARSERS, *TOOL_PARSERS)


@cache
def _labels() -> dict[str, str]:
    from bot.planning.offline_tools import TOOL_LABELS

    return {**_LABELS, **TOOL_LABELS}


# --------------------------------------------------------------------------- assembling


def _channel_key(reference: str) -> str:
    """The name a reference points at: `#x`, `x` and `<#C…|x>` all give "x"."""
    reference = reference.strip()
    if reference.startswith("<#"):
        reference = reference[2:-1].partition("|")[2]
    return reference.removeprefix("#").lower()


def _assemble(groups: list[_Group], available_tools: frozenset[str] | None) -> Plan | None:
    calls = [call for group in groups for call in group.calls]
    if not calls or len(calls) > MAX_STEPS:
        return None
    if available_tools is not None and any(call.tool not in available_tools for call in calls):
        return None

    steps: list[PlannedStep] = []
    previous_stage: list[str] = []  # steps the current stage waits for ("then")
    current_stage: list[str] = []
    plain_steps: list[str] = []  # every non-aggregate step so far
    created: dict[str, str] = {}  # channel name → key of the step creating it
    for group in groups:
        if group.after_then:
            previous_stage, current_stage = current_stage, []
        for call in group.calls:
            key = f"s{len(steps) + 1}"
            if call.aggregate:
                depends_on = list(plain_steps)
            else:
                depends_on = list(previous_stage)
                creator = created.get(_channel_key(str(call.arguments.get("channel", ""))))
                if creator and creator not in depends_on:
                    depends_on.append(creator)
                plain_steps.append(key)
            if call.tool == "slack.create_channel":
                created.setdefault(_channel_key(call.arguments["name"]), key)
            steps.append(
                PlannedStep(
                    key=key,
                    tool=call.tool,
                    arguments=dict(call.arguments),
                    depends_on=tuple(depends_on),
                    aggregate=call.aggregate,
                )
            )
            current_stage.append(key)

    labels = ", ".join(_labels().get(step.tool, step.tool) for step in steps)
    noun = "command" if len(steps) == 1 else "commands"
    plan = Plan(
        steps=tuple(steps),
        reasoning=f"Understood {len(steps)} {noun}: {labels}.",
        extras={"planner": "offline"},
    )
    plan.validate()
    return plan
