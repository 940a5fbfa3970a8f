"""Reading `/stats [agents | errors | learning | prompts | costs] [--days N]`, and the answers
that need no figures: the refusal for non-admins, the help, and bad input."""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import commands as command_words
from bot.messages import stats as words
from bot.surfaces.stats.figures import DEFAULT_DAYS, MAX_DAYS

COMMAND = "/stats"
VIEWS = ("overview", "agents", "errors", "learning", "prompts", "costs")
HELP_WORDS = {"help", "-h", "--help", "?"}


@dataclass(frozen=True)
class StatsRequest:
    view: str = "overview"
    days: int = DEFAULT_DAYS


class StatsUsageError(ValueError):
    """The command text could not be understood; the message says how to fix it."""


def stats_help() -> str:
    return words.stats_help(
        command_words.command_help(COMMAND), max_days=MAX_DAYS, default_days=DEFAULT_DAYS
    )


def parse_stats_text(text: str, *, days_default: int = DEFAULT_DAYS) -> StatsRequest | None:
    """The view and window asked for; None for help. Raises StatsUsageError on bad input."""
    parts = text.split()
    view: str | None = None
    days = days_default
    index = 0
    while index < len(parts):
        word = parts[index]
        lowered = word.lower()
        if lowered in HELP_WORDS:
            return None
        if lowered == "--days" or lowered.startswith("--days="):
            if "=" in lowered:
                value = word.split("=", 1)[1]
            else:
                index += 1
                value = parts[index] if index < len(parts) else ""
            days = _days(value)
        elif lowered in VIEWS and view is None:
            view = lowered
        else:
            raise StatsUsageError(command_words.unknown_subcommand(COMMAND, word[:40]))
        index += 1
    return StatsRequest(view=view or "overview", days=days)


def stats_quick_answer(text: str, *, is_admin: bool) -> str | None:
    """The answer that needs no work (refusal, help, bad input) — to give in the ack; or None."""
    if not is_admin:
        return command_words.admins_only(COMMAND)
    try:
        request = parse_stats_text(text)
    except StatsUsageError as error:
        return str(error)
    return stats_help() if request is None else None


def _days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_DAYS:
        raise StatsUsageError(words.bad_days(MAX_DAYS))
    return int(value)
