"""What the preference learner says about a member's preferences (replies, `/prefs`, App Home)."""

from __future__ import annotations

from bot.messages.plural import noun_for, times

# --- when to ask ---------------------------------------------------------------------------

NOT_AVAILABLE = "this action isn't available here now, so I would ask"
READING_NEVER_ASKS = "reading never asks"
CANNOT_BE_UNDONE = "it can't be undone, so I always ask"
READ_OUTSIDE_CONTENT = "the request read outside content, so I always ask"
TOLD_TO_ASK = "you told me to always ask"
TOLD_TO_DO = "you told me to always do this"


def needs_decisions(needed: int, have: int) -> str:
    return f"I need {needed} decisions before I stop asking; I have {have}"


def confirmed_times(confirms: int, asked: int, undos: int) -> str:
    text = f"you confirmed this {confirms} of {asked} {noun_for(asked, 'time')}"
    if undos:
        text += f" and undid it {times(undos)}"
    return text


def below_bar(confidence: float, bar: float) -> str:
    return f"confidence {confidence:.2f} is not above the {bar:.2f} this action needs"


def evidence_counts(confirms: int, cancels: int, undos: int, autos: int) -> str:
    parts = [f"confirmed {confirms}", f"cancelled {cancels}", f"undone {undos}"]
    if autos:
        parts.append(f"done without asking {autos}")
    return ", ".join(parts)


# --- how to talk ---------------------------------------------------------------------------

STYLE_SET = "set with `/prefs set style`"
EMOJI_SET = "set with `/prefs set emoji`"


def you_said(phrase: str | None) -> str:
    return f"you said “{phrase}”"


def messages_needed(have: int, needed: int) -> str:
    return f"{have} of {needed} messages needed"


def average_length(messages: int, average: float) -> str:
    return f"your {messages} {noun_for(messages, 'message')} average {average:.0f} characters"


def emoji_share(with_emoji: int, messages: int) -> str:
    return f"{with_emoji} of your {messages} {noun_for(messages, 'message')} use emoji"


# --- when to notify ------------------------------------------------------------------------

HOURS_ANY_TIME = "any time (your setting)"
HOURS_UNKNOWN = "not known yet (no time zone)"
HOURS_YOUR_SETTING = "your setting"


def hours_learned(observations: int) -> str:
    """Said only past `MIN_ACTIVITY` (12) observations, so never "once"."""
    return f"learned from {observations} times you were active"


def hours_assumed(observations: int, needed: int) -> str:
    return (
        f"assumed: I have seen you active {observations} of the {needed} times I need to learn them"
    )
