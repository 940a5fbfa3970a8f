"""What Kaizen learned about a member, one line per preference with its evidence.

Shared by `/prefs show` and the App Home tab, so both say the same thing the same way.
"""

from __future__ import annotations

from datetime import datetime

from bot.learning.preferences.confirm import ConfirmationVerdict
from bot.learning.preferences.keys import ALWAYS, NEVER
from bot.learning.preferences.service import MemberPreferences
from bot.learning.preferences.specialist import SpecialistChoice
from bot.learning.preferences.style import StyleChoice
from bot.learning.utc import aware
from bot.messages import prefs as words


def sections_of(learned: MemberPreferences) -> list[tuple[str, list[str]]]:
    """(title, lines) for each kind of preference, every line with its evidence."""
    confirmations = [confirmation_line(v) for v in learned.confirmations] or [
        words.NO_CONFIRMATIONS_YET
    ]
    specialists = [specialist_line(c) for c in learned.specialists] or [words.NO_SPECIALISTS_YET]
    hours_line = learned.hours.describe() if learned.hours else words.HOURS_NOT_KNOWN
    return [
        (words.CONFIRMATIONS_TITLE, confirmations),
        (words.SPECIALISTS_TITLE, specialists),
        (words.STYLE_TITLE, style_lines(learned)),
        (words.HOURS_TITLE, [f"• {hours_line}"]),
    ]


def confirmation_line(verdict: ConfirmationVerdict) -> str:
    evidence = verdict.evidence
    return words.confirmation_line(
        pattern=verdict.pattern,
        auto=verdict.auto,
        from_setting=verdict.setting in (ALWAYS, NEVER),
        why=verdict.why,
        evidence=evidence.describe(),
        confidence=evidence.confidence,
        bar=verdict.bar,
        destructive=verdict.risk == "destructive",
        last_seen=when(evidence.last_seen),
    )


def specialist_line(choice: SpecialistChoice) -> str:
    if choice.source == "your setting":
        return words.specialist_set_line(choice.task_kind, str(choice.specialist))
    return words.specialist_learned_line(
        task_kind=choice.task_kind,
        specialist=str(choice.specialist),
        good=choice.good,
        runs=choice.runs,
        confidence=choice.confidence,
        last_seen=when(choice.last_seen),
    )


def style_lines(learned: MemberPreferences) -> list[str]:
    """Answer length, then emoji."""
    return [
        style_line(words.LENGTH_LABEL, learned.verbosity, words.LENGTH_NAMES),
        style_line(words.EMOJI_LABEL, learned.emoji, words.EMOJI_NAMES),
    ]


def style_line(label: str, choice: StyleChoice | None, names: dict[str, str]) -> str:
    if choice is None or choice.value is None:
        return words.style_unknown_line(label, choice.evidence if choice is not None else None)
    at = when(choice.at) if choice.at else None
    return words.style_line(
        label, names.get(choice.value, choice.value), choice.source, choice.evidence, at
    )


def when(moment: datetime | None) -> str:
    return aware(moment).strftime("%Y-%m-%d %H:%M UTC") if moment else words.NEVER_SEEN
