"""Counting words right: "1 run", "2 runs", "once", "3 times"."""

from __future__ import annotations

IRREGULAR = {"entry": "entries", "reply": "replies", "person": "people", "this": "these"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, with the noun in the plural when `count` is not 1.

    >>> plural(1, "run"), plural(3, "run"), plural(2, "entry")
    ('1 run', '3 runs', '2 entries')
    """
    return f"{count:,} {noun_for(count, noun, many)}"


def noun_for(count: int, noun: str, many: str | None = None) -> str:
    """Just the noun, singular or plural for `count`."""
    if count == 1:
        return noun
    return many or IRREGULAR.get(noun) or f"{noun}s"


def times(count: int) -> str:
    """How often: "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count:,} times")
