"""Finding a verb at the start of a part and the places where a part may be cut."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from bot.planning.offline.chunks import PROTECTED

T = TypeVar("T")

BOTH = re.compile(r"(?:both|all\s+of)\s+", re.IGNORECASE)
# Lists of references: "#a, #b and #c", "acme/api#1, acme/api#2 and acme/api#3".
LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&|&amp;|plus)\s+", re.IGNORECASE)
_SLACK_LINK = re.compile(r"<(https?://[^<>|\s]+)(?:\|[^<>]*)?>", re.IGNORECASE)


def body(verb: re.Pattern[str], text: str) -> str | None:
    """What follows the verb `text` starts with, or None."""
    match = verb.match(text)
    return text[match.end() :] if match else None


def splits(
    text: str, separator: re.Pattern[str], *, from_end: bool = False
) -> Iterator[tuple[str, str, re.Match[str]]]:
    """Every way of cutting `text` at one `separator`: (left, right, the separator)."""
    matches = list(separator.finditer(text))
    if from_end:
        matches.reverse()
    for match in matches:
        yield text[: match.start()], text[match.end() :], match


def outside(text: str, separator: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of `separator` that are not inside `<…>` markup or double quotes."""
    protected = [match.span() for match in PROTECTED.finditer(text)]
    index = 0
    for match in separator.finditer(text):
        while index < len(protected) and protected[index][1] <= match.start():
            index += 1
        if index < len(protected) and protected[index][0] < match.end():
            continue
        yield match


def pieces(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` cut at every `separator` outside markup and quotes."""
    found, position = [], 0
    for match in outside(text, separator):
        found.append(text[position : match.start()])
        position = match.end()
    found.append(text[position:])
    return found


def _listed(
    fragment: str, cut: Callable[[str], list[str]], one: Callable[[str], T | None]
) -> list[T] | None:
    fragment = fragment.strip()
    both = BOTH.match(fragment)
    if both:
        fragment = fragment[both.end() :]
    items: list[T] = []
    for piece in cut(fragment):
        item = one(piece)
        if item is None:
            return None
        if item not in items:
            items.append(item)
    return items or None


def items(fragment: str, one: Callable[[str], T | None]) -> list[T] | None:
    """A list of Slack references like "#a, #b and #c": every item must be understood.

    Slack references never hold a separator, so the list is cut everywhere.
    """
    return _listed(fragment, LIST_SEPARATOR.split, one)


def many(fragment: str, one: Callable[[str], T | None]) -> list[T] | None:
    """A list like "a, b and c" where every item must be understood; quoted items and
    `<…>` links are never cut."""
    return _listed(fragment, lambda text: pieces(text, LIST_SEPARATOR), one)


def unwrap(fragment: str) -> str:
    """A URL without Slack's `<url|label>` markup and entity escapes; other text as is."""
    fragment = fragment.strip()
    match = _SLACK_LINK.fullmatch(fragment)
    if match is None:
        return fragment
    return match[1].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def without_tail(text: str, tail: re.Pattern[str]) -> str:
    """`text` up to where `tail` is found ("… to the trash"), or all of it."""
    match = tail.search(text)
    return text[: match.start()] if match else text
