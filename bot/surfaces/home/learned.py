"""The Home tab's "What I've learned about you": each preference with buttons to change it."""

from __future__ import annotations

from typing import Any

from bot.learning.preferences.confirm import ConfirmationVerdict
from bot.learning.preferences.service import MemberPreferences
from bot.messages import home as words
from bot.surfaces.blocks import context, pref_edit_buttons, section
from bot.surfaces.preference_lines import confirmation_line, specialist_line, style_lines

PATTERNS_SHOWN = 12
SPECIALISTS_SHOWN = 20


def learned_blocks(learned: MemberPreferences) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [section(words.LEARNED_TITLE)]
    if not learned.confirmations:
        blocks.append(section(words.NO_CONFIRMATIONS_YET))
    for verdict in learned.confirmations[:PATTERNS_SHOWN]:
        blocks.append(section(confirmation_line(verdict)))
        choices = _confirm_choices(verdict)
        if choices:
            blocks.append(pref_edit_buttons(choices))
    if len(learned.confirmations) > PATTERNS_SHOWN:
        blocks.append(context(words.more_patterns(len(learned.confirmations) - PATTERNS_SHOWN)))
    blocks.append(section(words.style_section(style_lines(learned))))
    blocks.append(pref_edit_buttons(_style_choices(learned)))
    if learned.specialists:
        lines = [specialist_line(choice) for choice in learned.specialists[:SPECIALISTS_SHOWN]]
        blocks.append(section(words.specialists_section(lines)))
    if learned.hours is not None:
        blocks.append(section(words.hours_section(learned.hours.describe())))
    blocks.append(context(words.LEARNED_FOOTER))
    return blocks


def _confirm_choices(verdict: ConfirmationVerdict) -> list[tuple[str, str]]:
    pattern = verdict.pattern
    choices: list[tuple[str, str]] = []
    if verdict.setting != "always" and verdict.reversible:
        choices.append((words.ALWAYS_DO_THIS, f"confirm {pattern} always"))
    if verdict.setting != "never":
        choices.append((words.ALWAYS_ASK, f"confirm {pattern} never"))
    if verdict.setting in ("always", "never"):
        choices.append((words.LEARN_FROM_ME, f"confirm {pattern} learn"))
    return choices


def _style_choices(learned: MemberPreferences) -> list[tuple[str, str]]:
    verbosity = learned.verbosity.value if learned.verbosity else None
    emoji = learned.emoji.value if learned.emoji else None
    choices = [
        (words.CONCISE_ANSWERS, "style concise")
        if verbosity != "concise"
        else (words.DETAILED_ANSWERS, "style detailed"),
        (words.NO_EMOJI, "emoji off") if emoji != "off" else (words.EMOJI_WELCOME, "emoji on"),
    ]
    if learned.verbosity is not None and learned.verbosity.source == "your setting":
        choices.append((words.LEARN_MY_LENGTH, "style learn"))
    if learned.emoji is not None and learned.emoji.source == "your setting":
        choices.append((words.LEARN_MY_EMOJI, "emoji learn"))
    return choices
