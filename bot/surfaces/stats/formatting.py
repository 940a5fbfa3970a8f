"""Figures as text, the same in Slack and the terminal: percentages, durations, dollars."""

from __future__ import annotations

from bot.messages.stats import NO_VALUE


def percent(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value * 100:.1f}%"


def duration(ms: float | None) -> str:
    if ms is None:
        return NO_VALUE
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{ms:.0f} ms"


def usd(value: float) -> str:
    if value == 0:
        return "$0.00"
    return f"${value:,.4f}" if value < 1 else f"${value:,.2f}"


def signed(value: int) -> str:
    return f"{value:+,}"


def signed_duration(ms: float) -> str:
    sign = "+" if ms >= 0 else "-"
    return f"{sign}{duration(abs(ms))}"


def signed_usd(value: float) -> str:
    sign = "+" if value >= 0 else "-"
    return f"{sign}{usd(abs(value))}"
