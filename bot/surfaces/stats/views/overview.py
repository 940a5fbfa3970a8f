"""`/stats`: the headline figures of the window, what changed, and the top errors."""

from __future__ import annotations

from typing import Any

from bot.messages import stats as words
from bot.surfaces.blocks import context, fields_section, header, section
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.formatting import duration, percent, usd


def overview_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    blocks = [header(words.overview_header(figures.days))]
    if figures.is_empty:
        blocks.append(section(words.nothing_to_measure(figures.days)))
        blocks.append(context(words.formula_note()))
        return blocks
    latency = figures.latency
    confirmations = figures.confirmations
    costs = figures.costs
    blocks.append(
        fields_section(
            [
                words.runs_field(figures.runs, figures.finished),
                words.success_field(percent(figures.success_rate)),
                words.latency_field(
                    duration(latency.p50_ms), duration(latency.p95_ms), duration(latency.p99_ms)
                ),
                words.health_field(figures.health.score),
                words.confirmations_field(
                    asked=confirmations.asked,
                    decided=confirmations.decided,
                    expired=confirmations.expired,
                    saved=confirmations.saved,
                ),
                words.undos_field(
                    figures.undos.undone, figures.undos.undoable, percent(figures.undos.rate)
                ),
                words.feedback_field(
                    figures.feedback.positive, figures.feedback.negative, figures.feedback.balance
                ),
                words.cost_field(usd(costs.usd), costs.prompt_tokens + costs.completion_tokens),
            ]
        )
    )
    if figures.health.parts:
        blocks.append(context(words.health_parts(figures.health.parts)))
    busiest = figures.usage.busiest
    if busiest is not None:
        blocks.append(context(words.busiest(*busiest)))
    changes = figures.changes()
    if changes:
        blocks.append(section(words.bullets(words.WHAT_CHANGED, changes)))
    if figures.errors:
        top = [(error.error_class, error.count) for error in figures.errors[:3]]
        blocks.append(section(words.top_errors(top)))
    return blocks
