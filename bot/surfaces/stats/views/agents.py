"""`/stats agents`: each specialist's runs and latency, and each tool's calls."""

from __future__ import annotations

from typing import Any

from bot.messages import stats as words
from bot.messages import stats_views as view_words
from bot.surfaces.blocks import context, fields_section, header, section
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.formatting import duration, percent

MAX_LISTED = 15  # specialists or tools listed in one reply


def agents_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    blocks = [header(words.agents_header(figures.days))]
    if figures.is_empty:
        blocks.append(section(words.nothing_to_measure(figures.days)))
        return blocks
    for item in figures.specialists[:MAX_LISTED]:
        latency = item.latency
        blocks.append(
            fields_section(
                [
                    view_words.specialist_field(item.name, item.runs, percent(item.success_rate)),
                    view_words.percentiles_field(
                        duration(latency.p50_ms),
                        duration(latency.p95_ms),
                        duration(latency.p99_ms),
                    ),
                ]
            )
        )
    if len(figures.specialists) > MAX_LISTED:
        blocks.append(context(view_words.more_specialists(len(figures.specialists) - MAX_LISTED)))
    if figures.tools:
        lines = [
            view_words.tool_line(
                tool.tool,
                tool.calls,
                percent(tool.success_rate),
                duration(tool.p50_ms),
                duration(tool.p95_ms),
            )
            for tool in figures.tools[:MAX_LISTED]
        ]
        blocks.append(section(view_words.lines_section(view_words.TOOLS, lines)))
    else:
        blocks.append(section(view_words.NO_TOOL_CALLS))
    return blocks
