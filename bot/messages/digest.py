"""The daily digest in the admin channel."""

from __future__ import annotations

from bot.messages.plural import plural
from bot.messages.stats import HEALTH_FORMULA


def digest_text(period: str, headline: str) -> str:
    return f"Kaizen daily digest for {period}: {headline}"


def digest_header(day: str) -> str:
    return f"Kaizen daily digest — {day}"


NO_RUNS_TODAY = "No runs in the last 24 hours."


NO_RUNS_TODAY_HEADLINE = "no runs in the last 24 hours."


def digest_headline(runs: int, rate: str) -> str:
    return f"{plural(runs, 'run')}, {rate} succeeded."


def digest_confirmations_field(*, asked: int, decided: int, saved: int) -> str:
    return f"*Confirmations*\n{asked:,} asked, {decided:,} decided, {saved:,} saved"


def digest_undos_field(undone: int, undoable: int) -> str:
    return f"*Undos*\n{undone:,} of {undoable:,}"


def digest_feedback_field(positive: int, negative: int) -> str:
    return f"*Feedback*\n👍 {positive:,} · 👎 {negative:,}"


def digest_cost_field(usd: str) -> str:
    return f"*Model cost*\n{usd}"


CHANGED_SINCE_YESTERDAY = "What changed since yesterday"
SLOWEST_TOOLS = "Slowest tools"


def slowest_tool_line(tool: str, p95: str, calls: int) -> str:
    return f"`{tool}` — P95 {p95} over {plural(calls, 'call')}"


LEARNING_CHANGES = "Learning changes"


def learning_note(note: str) -> str:
    return f"*Learning*: {note}"


def digest_footer(time_utc: str) -> str:
    return (
        f"The 24 hours before {time_utc} UTC. {HEALTH_FORMULA}. "
        "`/stats` has more; the chart covers the last 7 days."
    )


def digest_chart_title(days: int) -> str:
    return f"Kaizen — last {days} days"
