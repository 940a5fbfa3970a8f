"""`/stats costs`: model tokens and cost, per specialist and per day."""

from __future__ import annotations

from typing import Any

from bot.messages import stats as words
from bot.messages import stats_views as view_words
from bot.surfaces.blocks import context, fields_section, header, section
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.formatting import usd

MAX_LISTED = 15  # specialists listed in one reply
DAYS_LISTED = 14


def costs_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    costs = figures.costs
    per_run = usd(costs.usd / figures.finished) if figures.finished else words.NO_VALUE
    blocks = [header(words.costs_header(figures.days))]
    blocks.append(
        fields_section(
            view_words.cost_fields(
                usd=usd(costs.usd),
                prompt_tokens=costs.prompt_tokens,
                completion_tokens=costs.completion_tokens,
                per_run=per_run,
            )
        )
    )
    paying = [item for item in figures.specialists if item.cost_usd > 0][:MAX_LISTED]
    if paying:
        lines = [
            view_words.specialist_cost_line(item.name, usd(item.cost_usd), item.runs)
            for item in paying
        ]
        blocks.append(section(view_words.lines_section(view_words.BY_SPECIALIST, lines)))
    days = [day for day in figures.per_day if day.cost_usd > 0][-DAYS_LISTED:]
    if days:
        lines = [view_words.day_cost_line(day.day.isoformat(), usd(day.cost_usd)) for day in days]
        blocks.append(section(view_words.lines_section(view_words.BY_DAY, lines)))
    if not costs.usd:
        blocks.append(context(view_words.NO_MODEL_COST))
    return blocks
