"""`/stats errors`: how many runs failed, their error classes, and the most failing tools."""

from __future__ import annotations

from typing import Any

from bot.messages import stats as words
from bot.messages import stats_views as view_words
from bot.surfaces.blocks import header, section
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.formatting import percent

MAX_LISTED = 15  # error classes listed in one reply
FAILING_TOOLS = 5


def errors_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    blocks = [header(words.errors_header(figures.days))]
    if figures.is_empty:
        blocks.append(section(words.nothing_to_measure(figures.days)))
        return blocks
    rate = figures.success_rate
    share = percent(1 - rate) if rate is not None else words.NO_VALUE
    blocks.append(
        section(view_words.failed_runs(figures.failed, figures.finished, share, figures.retries))
    )
    if figures.errors:
        lines = [
            view_words.error_class_line(error.error_class, error.count)
            for error in figures.errors[:MAX_LISTED]
        ]
        blocks.append(section(view_words.lines_section(view_words.ERROR_CLASSES, lines)))
    else:
        blocks.append(section(view_words.NO_ERROR_CLASSES))
    if figures.tool_errors:
        lines = [
            view_words.failed_tool_call_line(error.tool, error.error_class, error.count)
            for error in figures.tool_errors[:MAX_LISTED]
        ]
        blocks.append(section(view_words.lines_section(view_words.FAILED_TOOL_CALLS, lines)))
    failing = figures.failing_tools(FAILING_TOOLS)
    if failing:
        lines = [
            view_words.failing_tool_line(tool.tool, tool.failed, tool.calls) for tool in failing
        ]
        blocks.append(section(view_words.lines_section(view_words.MOST_FAILING_TOOLS, lines)))
    return blocks
