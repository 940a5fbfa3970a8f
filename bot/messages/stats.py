"""`/stats`, the daily digest, `kaizen stats` and the charts: figures put into words.

Functions take plain numbers, never the figure objects, so this module depends on
nothing but the plural helper.
"""

from __future__ import annotations

from bot.messages.plural import plural

HEALTH_FORMULA = (
    "health = 0.5 × success rate + 0.2 × (1 − min(1, P95 latency ÷ 10 s))"
    " + 0.15 × (1 − undo rate) + 0.15 × (feedback balance + 1) ÷ 2"
)
HEALTH_TERMS = (
    "success rate = succeeded ÷ finished runs; P95 latency = 95th percentile of run time; "
    "undo rate = undone ÷ undoable actions (0 when there were none); "
    "feedback balance = (👍 − 👎) ÷ (👍 + 👎), from −1 to +1 (0 when there was none). "
    "No finished runs in the window: no score."
)
LEARNING_NOT_RUNNING = (
    "The learning loop is not running yet: cycles, patterns, prompt versions and canaries "
    "appear here once it does."
)
PROMPTS_NOT_YET = (
    "Prompt versions arrive with the learning loop, which is not running yet: there is one "
    "built-in prompt per specialist and nothing to review, promote or roll back so far."
)
NO_VALUE = "—"


def window(days: int) -> str:
    """ "day" or "7 days", as in "last 7 days"."""
    return "day" if days == 1 else f"{days} days"


# --- `/stats` ---------------------------------------------------------------------------------


def stats_help(command_help: str, *, max_days: int, default_days: int) -> str:
    return (
        f"{command_help}\n\n"
        "• `/stats` — runs, success, latency P50/P95/P99, health, confirmations, undos, "
        "feedback and cost, with a chart\n"
        "• `/stats agents` — per specialist and per tool, with a chart\n"
        "• `/stats errors` — error classes and the most failing tools\n"
        "• `/stats learning` · `/stats prompts` — what the learning loop has done\n"
        "• `/stats costs` — model tokens and cost\n"
        f"• `--days N` — the window, 1 to {max_days} days (default {default_days})\n\n"
        f"*Health score* (0–1): `{HEALTH_FORMULA}`. {HEALTH_TERMS}"
    )


def bad_days(max_days: int) -> str:
    return (
        f"`--days` takes a whole number of days from 1 to {max_days}, "
        f"for example `/stats --days 30`."
    )


def stats_summary(view: str, days: int) -> str:
    return f"Kaizen stats ({view}, last {window(days)})"


def chart_title(view: str, days: int) -> str:
    return f"Kaizen {view} — last {window(days)}"


def overview_header(days: int) -> str:
    return f"Kaizen — last {window(days)}"


def agents_header(days: int) -> str:
    return f"Specialists and tools — last {window(days)}"


def errors_header(days: int) -> str:
    return f"Errors — last {window(days)}"


LEARNING_HEADER = "Learning"
PROMPTS_HEADER = "Prompt versions"


def costs_header(days: int) -> str:
    return f"Model cost — last {window(days)}"


def nothing_to_measure(days: int) -> str:
    return (
        f"No runs in the last {window(days)} yet, so there is nothing to measure. "
        "Figures appear as soon as people start asking me for things."
    )


def formula_note() -> str:
    return f"Formula: {HEALTH_FORMULA}."


def runs_field(runs: int, finished: int) -> str:
    return f"*Runs*\n{runs:,} ({finished:,} finished)"


def success_field(rate: str) -> str:
    return f"*Success rate*\n{rate}"


def latency_field(p50: str, p95: str, p99: str) -> str:
    return f"*Latency P50 / P95 / P99*\n{p50} / {p95} / {p99}"


def health_field(score: float | None) -> str:
    return f"*Health*\n{NO_VALUE if score is None else f'{score:.2f}'} of 1"


def confirmations_field(*, asked: int, decided: int, expired: int, saved: int) -> str:
    return (
        f"*Confirmations*\n{asked:,} asked, {decided:,} "
        f"decided, {expired:,} expired, {saved:,} saved"
    )


def undos_field(undone: int, undoable: int, rate: str) -> str:
    return f"*Undos*\n{undone:,} of {undoable:,} undoable ({rate})"


def feedback_field(positive: int, negative: int, balance: float) -> str:
    return f"*Feedback*\n👍 {positive:,} · 👎 {negative:,} (balance {balance:+.2f})"


def cost_field(usd: str, tokens: int) -> str:
    return f"*Model cost*\n{usd} ({tokens:,} tokens)"


def health_parts(parts: dict[str, float]) -> str:
    shown = ", ".join(f"{name} {value:.2f}" for name, value in parts.items())
    return f"Health parts (each 0–1): {shown}. {formula_note()}"


def busiest(day: str, hour: int, runs: int) -> str:
    return f"Busiest: {day} {hour:02d}:00–{hour:02d}:59 UTC ({plural(runs, 'run')})."


def bullets(title: str, lines: list[str]) -> str:
    """A section: the bold title, then one bullet a line."""
    return f"*{title}*\n" + "\n".join(f"• {line}" for line in lines)


WHAT_CHANGED = "What changed"


def top_errors(errors: list[tuple[str, int]], *, more_hint: bool = True) -> str:
    top = ", ".join(f"`{name}` ×{count:,}" for name, count in errors)
    return (
        f"*Top errors*: {top} — `/stats errors` for more." if more_hint else f"*Top errors*: {top}"
    )


# --- the chart under `/stats` -----------------------------------------------------------------

CHART_NOT_DRAWN = "I couldn't draw the chart this time; the figures above are complete."


def chart_not_uploaded(reason: str) -> str:
    return f"I couldn't upload the chart ({reason})."


def chart_posted(channel: str) -> str:
    where = "your DM with me" if channel.startswith("D") else f"<#{channel}>"
    return f"Chart posted in {where}."


# --- what changed since the previous window ---------------------------------------------------


def compared_with(days: int) -> str:
    return "since yesterday" if days == 1 else f"vs the previous {days} days"


def runs_change(runs: int, change: str, since: str) -> str:
    return f"Runs: {runs:,} ({change} {since})"


def success_change(rate: str, points: float | None) -> str:
    if points is None:
        return f"Success rate: {rate} (no finished runs before)"
    return f"Success rate: {rate} ({points:+.1f} pp)"


def latency_change(p95: str, change: str) -> str:
    return f"P95 latency: {p95} ({change})"


def cost_change(usd: str, change: str) -> str:
    return f"Model cost: {usd} ({change})"


def health_change(health: float, change: float) -> str:
    return f"Health: {health:.2f} ({change:+.2f})"


# --- `kaizen stats` in the terminal -----------------------------------------------------------


def no_runs_in(days: int) -> str:
    return f"No runs in the last {plural(days, 'day')}."


def summary_table_title(team_id: str, days: int) -> str:
    return f"Kaizen — {team_id}, last {plural(days, 'day')} (UTC)"
