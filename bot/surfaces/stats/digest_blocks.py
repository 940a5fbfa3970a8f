"""The daily digest's message: the day's figures, what changed, tools, errors and learning."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.messages import digest as digest_words
from bot.messages import stats as words
from bot.messages import stats_views as view_words
from bot.surfaces.blocks import context, fields_section, fit_blocks, header, section
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.formatting import duration, percent, usd


def digest_text(day: WorkspaceFigures, period: str) -> str:
    """The notification text: "Kaizen daily digest for 2026-03-11: 21 runs, 80.0% succeeded."."""
    if day.is_empty:
        return digest_words.digest_text(period, digest_words.NO_RUNS_TODAY_HEADLINE)
    return digest_words.digest_text(
        period, digest_words.digest_headline(day.runs, percent(day.success_rate))
    )


def digest_blocks(day: WorkspaceFigures, now: datetime) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [header(digest_words.digest_header(str(now.date())))]
    if day.is_empty:
        blocks.append(section(digest_words.NO_RUNS_TODAY))
    else:
        blocks.append(fields_section(_fields(day)))
    changes = day.changes()
    if changes:
        blocks.append(section(words.bullets(digest_words.CHANGED_SINCE_YESTERDAY, changes)))
    slowest = day.slowest_tools()
    if slowest:
        lines = [
            digest_words.slowest_tool_line(t.tool, duration(t.p95_ms), t.calls) for t in slowest
        ]
        blocks.append(section(view_words.lines_section(digest_words.SLOWEST_TOOLS, lines)))
    failing = day.failing_tools()
    if failing:
        lines = [view_words.failing_tool_line(t.tool, t.failed, t.calls) for t in failing]
        blocks.append(section(view_words.lines_section(view_words.MOST_FAILING_TOOLS, lines)))
    if day.errors:
        top = [(error.error_class, error.count) for error in day.errors[:3]]
        blocks.append(section(words.top_errors(top, more_hint=False)))
    learning = day.learning
    if learning.changes:
        blocks.append(section(words.bullets(digest_words.LEARNING_CHANGES, list(learning.changes))))
    else:
        blocks.append(section(digest_words.learning_note(learning.note)))
    blocks.append(context(digest_words.digest_footer(f"{now:%H:%M}")))
    return fit_blocks(blocks)


def _fields(day: WorkspaceFigures) -> list[str]:
    latency = day.latency
    return [
        words.runs_field(day.runs, day.finished),
        words.success_field(percent(day.success_rate)),
        words.latency_field(
            duration(latency.p50_ms), duration(latency.p95_ms), duration(latency.p99_ms)
        ),
        words.health_field(day.health.score),
        digest_words.digest_confirmations_field(
            asked=day.confirmations.asked,
            decided=day.confirmations.decided,
            saved=day.confirmations.saved,
        ),
        digest_words.digest_undos_field(day.undos.undone, day.undos.undoable),
        digest_words.digest_feedback_field(day.feedback.positive, day.feedback.negative),
        digest_words.digest_cost_field(usd(day.costs.usd)),
    ]
