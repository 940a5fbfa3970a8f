"""The search for the one reading of a request.

Every way of regrouping consecutive chunks into parts is considered, and each part
must be understood by exactly one rule. Exactly one reading must remain:
"post in #a: hi, all" keeps its comma (", all" is no command), while in
"tell #a we ship and archive #b" the text may or may not end before "and", so
nothing is planned unless the text is quoted ("tell #a \"we ship\" and archive #b").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bot.planning.offline.chunks import chunks
from bot.planning.offline.cleaning import part_of
from bot.planning.offline.limits import MAX_PARTS
from bot.planning.offline.rule import Call, OfflineRule


@dataclass(frozen=True)
class Group:
    """The calls of one understood part."""

    calls: tuple[Call, ...]
    after_then: bool  # joined to the previous part by "then"


def read_part(text: str, rules: Sequence[OfflineRule]) -> list[Call] | None:
    """The calls one part asks for, when exactly one rule's reading of it remains."""
    part = part_of(text)
    if not part.core:
        return None
    readings: list[list[Call]] = []
    for rule in rules:
        calls = rule.read(part)
        if calls and calls not in readings:
            readings.append(calls)
    return readings[0] if len(readings) == 1 else None


def only_reading(text: str, rules: Sequence[OfflineRule]) -> list[Group] | None:
    """Regroup chunks into understood parts; there must be exactly one way to do it."""
    found = chunks(text)
    if not found:
        return None
    if len(found) > MAX_PARTS:
        calls = read_part(text, rules)
        if calls is None or calls[0].aggregate:
            return None
        return [Group(tuple(calls), after_then=False)]

    count = len(found)

    @cache
    def parse(first: int, last: int) -> tuple[Call, ...] | None:
        calls = read_part(text[found[first].start : found[last].end], rules)
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

    groups: list[Group] = []
    first = 0
    while first < count:
        last = ends[first]
        group_calls = parse(first, last)
        if group_calls is None:  # cannot happen: the reading was checked above
            return None
        groups.append(Group(group_calls, after_then=found[first].after_then))
        first = last + 1
    return groups
