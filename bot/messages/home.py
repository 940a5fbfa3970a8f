"""App Home: the Home tab's sections and the admin health line."""

from __future__ import annotations

from bot.messages.about import BOT_NAME, CAPABILITIES
from bot.messages.plural import plural

HOME_TITLE = f"Welcome to {BOT_NAME}"
HOME_INTRO = (
    "I'm an operations assistant that acts for you in Slack and your tools, asks before "
    "anything risky, lets you undo what I did, and learns from your feedback."
)
HOME_HOW_TO = (
    "*How to start*: send me a DM, @mention me in a channel, or open me in the assistant panel."
)
WHAT_I_CAN_DO = f"*What I can do*\n{CAPABILITIES}"
NO_MODEL = (
    "No language model is connected: I answer with this overview until an admin sets "
    "`OPENAI_API_KEY`."
)

RUN_STATUS = {
    "succeeded": ":white_check_mark: done",
    "failed": ":warning: failed",
    "waiting": ":hourglass: waiting for your confirmation",
    "running": ":arrows_counterclockwise: running",
    "cancelled": ":x: cancelled",
    "refused": ":no_entry: refused",
}
NO_RUNS_YET = "*Your recent requests*\nNone yet — ask me something!"
RECENT_RUNS_TITLE = "*Your recent requests*\n"
EMPTY_REQUEST = "(empty)"


def run_line(request: str, outcome: str, specialist: str, when: str) -> str:
    return f"• _{request}_ — {outcome} · {specialist} · {when}"


NOTHING_TO_UNDO = "*Actions you can undo*\nNothing right now."
UNDO_TITLE = "*Actions you can undo*"
UNDO_BUTTON = "Undo"


def undoable_line(entry_id: int | None, summary: str, description: str) -> str:
    return f"`#{entry_id}` {summary} — _undo: {description}_"


def more_to_undo(count: int) -> str:
    return f"…and {count} more: `/undo list`."


LEARNED_TITLE = "*What I've learned about you*"
NO_CONFIRMATIONS_YET = (
    "*When I ask before acting*\nNothing yet: I learn from your Confirm, Cancel and Undo decisions."
)


def more_patterns(count: int) -> str:
    return f"…and {count} more: `/prefs`."


def style_section(lines: list[str]) -> str:
    return "*Style*\n" + "\n".join(lines)


def specialists_section(lines: list[str]) -> str:
    return "*Specialists*\n" + "\n".join(lines)


def hours_section(hours: str) -> str:
    return f"*Working hours*\n• {hours}"


LEARNED_FOOTER = "`/prefs` shows the evidence; `/prefs help` lists every setting."

ALWAYS_DO_THIS = "Always do this"
ALWAYS_ASK = "Always ask"
LEARN_FROM_ME = "Learn from me"
CONCISE_ANSWERS = "Concise answers"
DETAILED_ANSWERS = "Detailed answers"
NO_EMOJI = "No emoji"
EMOJI_WELCOME = "Emoji welcome"
LEARN_MY_LENGTH = "Learn my length"
LEARN_MY_EMOJI = "Learn my emoji"


def admin_health(health: str | None) -> str:
    if health:
        return f"*Health (admins)*\n{health}\n`/stats` has the details."
    return (
        "*Health (admins)*\nThe health summary arrives with analytics; until then "
        "`GET /metrics` has the raw counters."
    )


YOU_ARE_ADMIN = "You are an admin: `/stats` is open to you."
MORE_ELSEWHERE = "(More in `/prefs` and `/undo list`.)"


def health_line(
    *, runs: int, success_rate: float | None, p95_ms: float | None, health: float | None
) -> str:
    """The 7-day health summary: "12 runs in the last 7 days · 92% succeeded · …"."""
    parts = [f"{plural(runs, 'run')} in the last 7 days"]
    if success_rate is not None:
        parts.append(f"{success_rate:.0%} succeeded")
    if p95_ms is not None:
        parts.append(f"P95 {p95_ms / 1000:.1f} s")
    parts.append(f"health {health:.2f}" if health is not None else "no health score yet")
    return " · ".join(parts)
