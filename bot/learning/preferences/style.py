"""Communication style: concise or detailed, emoji or not — from messages and feedback.

What counts, strongest first:
1. the member's explicit setting (`/prefs set style concise`, `/prefs set emoji off`);
2. their latest explicit feedback in a message ("shorter please", "no emoji");
3. their own messages, once there are `MIN_MESSAGES`: short messages on average suggest
   concise answers, long ones detailed answers; emoji in ≥ 30 % of them welcome emoji,
   in ≤ 5 % suggest none.
Nothing is stored but counters and the feedback phrase itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.messages import prefs_learning as say

MIN_MESSAGES = 8
CONCISE_MAX_CHARS = 60  # average message length at or below which answers should be short
DETAILED_MIN_CHARS = 280  # at or above which detail is welcome
EMOJI_ON_SHARE = 0.30
EMOJI_OFF_SHARE = 0.05

# Lines for the system prompt (the model reads them, not the member).
CONCISE_PROMPT = (
    "- Be concise: answer in one to three short sentences or a short list, no preamble, no recap."
)
DETAILED_PROMPT = (
    "- Be thorough: explain what you did and why, with the relevant details and next steps."
)
NO_EMOJI_PROMPT = "- Do not use emoji."
EMOJI_PROMPT = "- A few fitting emoji are welcome."

_EMOJI = re.compile(
    r":[a-z0-9_+'-]+:|[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF]"
)

# (pattern, key, value): key is "verbosity" or "emoji".
_FEEDBACK: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), key, value)
    for pattern, key, value in (
        (r"\b(no|without|stop (using|with)|fewer|less|drop the) emojis?\b", "emoji", "off"),
        (
            r"\b(use|more|add|with) (some )?emojis?\b|\bemojis? (are|is) (fine|ok|welcome)",
            "emoji",
            "on",
        ),
        (
            r"\b(shorter|more concise|be (brief|concise)|too long|too verbose|tl;?dr|"
            r"keep it short|less detail|fewer words)\b",
            "verbosity",
            "concise",
        ),
        (
            r"\b(more detail(s|ed)?|too short|explain more|elaborate|in depth|"
            r"more context|be more specific|longer (answers?|please))\b",
            "verbosity",
            "detailed",
        ),
    )
)


@dataclass(frozen=True)
class Feedback:
    key: str  # verbosity, emoji
    value: str  # concise/detailed, on/off
    phrase: str  # the words that said so


def has_emoji(text: str) -> bool:
    return bool(_EMOJI.search(text))


def feedback_in(text: str) -> list[Feedback]:
    """Explicit style feedback in a message; at most one per key (the first that matches)."""
    found: dict[str, Feedback] = {}
    sample = text[:4000]
    for pattern, key, value in _FEEDBACK:
        if key in found:
            continue
        match = pattern.search(sample)
        if match:
            found[key] = Feedback(key, value, match.group(0)[:64])
    return list(found.values())


@dataclass(frozen=True)
class StyleChoice:
    """One style dimension: its value (None = no opinion), where it came from, and why."""

    value: str | None
    source: str  # "your setting", "your feedback", "your messages", "not enough to go on"
    evidence: str
    at: datetime | None = None


@dataclass(frozen=True)
class StyleEvidence:
    messages: int = 0
    chars: int = 0
    emoji_messages: int = 0
    verbosity_feedback: str | None = None
    verbosity_phrase: str | None = None
    verbosity_at: datetime | None = None
    emoji_feedback: str | None = None
    emoji_phrase: str | None = None
    emoji_at: datetime | None = None

    @property
    def average_chars(self) -> float:
        return self.chars / self.messages if self.messages else 0.0

    @property
    def emoji_share(self) -> float:
        return self.emoji_messages / self.messages if self.messages else 0.0


def verbosity(evidence: StyleEvidence, setting: str | None) -> StyleChoice:
    if setting in ("concise", "detailed"):
        return StyleChoice(setting, "your setting", say.STYLE_SET)
    if evidence.verbosity_feedback:
        return StyleChoice(
            evidence.verbosity_feedback,
            "your feedback",
            say.you_said(evidence.verbosity_phrase),
            evidence.verbosity_at,
        )
    if evidence.messages < MIN_MESSAGES:
        return StyleChoice(
            None,
            "not enough to go on",
            say.messages_needed(evidence.messages, MIN_MESSAGES),
        )
    average = evidence.average_chars
    stats = say.average_length(evidence.messages, average)
    if average <= CONCISE_MAX_CHARS:
        return StyleChoice("concise", "your messages", stats)
    if average >= DETAILED_MIN_CHARS:
        return StyleChoice("detailed", "your messages", stats)
    return StyleChoice(None, "your messages", stats)


def emoji(evidence: StyleEvidence, setting: str | None) -> StyleChoice:
    if setting in ("on", "off"):
        return StyleChoice(setting, "your setting", say.EMOJI_SET)
    if evidence.emoji_feedback:
        return StyleChoice(
            evidence.emoji_feedback,
            "your feedback",
            say.you_said(evidence.emoji_phrase),
            evidence.emoji_at,
        )
    if evidence.messages < MIN_MESSAGES:
        return StyleChoice(
            None, "not enough to go on", say.messages_needed(evidence.messages, MIN_MESSAGES)
        )
    share = evidence.emoji_share
    stats = say.emoji_share(evidence.emoji_messages, evidence.messages)
    if share >= EMOJI_ON_SHARE:
        return StyleChoice("on", "your messages", stats)
    if share <= EMOJI_OFF_SHARE:
        return StyleChoice("off", "your messages", stats)
    return StyleChoice(None, "your messages", stats)


def instructions(verbosity_choice: StyleChoice, emoji_choice: StyleChoice) -> str:
    """Lines for the system prompt; empty when there is nothing to say."""
    lines = []
    if verbosity_choice.value == "concise":
        lines.append(CONCISE_PROMPT)
    elif verbosity_choice.value == "detailed":
        lines.append(DETAILED_PROMPT)
    if emoji_choice.value == "off":
        lines.append(NO_EMOJI_PROMPT)
    elif emoji_choice.value == "on":
        lines.append(EMOJI_PROMPT)
    return "\n".join(lines)
