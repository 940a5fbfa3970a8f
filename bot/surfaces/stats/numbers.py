"""Small arithmetic shared by the figures: rates that may be undefined, rounding for JSON."""

from __future__ import annotations


def rate(part: int, whole: int) -> float | None:
    """`part / whole`, or None when there is nothing to divide by."""
    return part / whole if whole else None


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
