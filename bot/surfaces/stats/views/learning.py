"""`/stats learning` and `/stats prompts`: what the learning loop has done and will learn from."""

from __future__ import annotations

from typing import Any

from bot.messages import stats as words
from bot.messages import stats_views as view_words
from bot.surfaces.blocks import context, fields_section, header, section
from bot.surfaces.stats.figures import WorkspaceFigures


def learning_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    learning = figures.learning
    blocks = [header(words.LEARNING_HEADER)]
    if not learning.running:
        blocks.append(section(learning.note))
    blocks.append(
        fields_section(
            view_words.learning_fields(
                cycles=learning.cycles,
                patterns=learning.patterns,
                prompt_versions=learning.prompt_versions,
                canaries=learning.canaries,
            )
        )
    )
    if learning.changes:
        blocks.append(section(words.bullets(view_words.RECENT_CHANGES, list(learning.changes))))
    confirmations = figures.confirmations
    blocks.append(
        context(
            view_words.learning_inputs(
                days=figures.days,
                decided=confirmations.decided,
                undone=figures.undos.undone,
                feedback=figures.feedback.positive + figures.feedback.negative,
                failed=figures.failed,
                saved=confirmations.saved,
            )
        )
    )
    return blocks


def prompts_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    blocks = [header(words.PROMPTS_HEADER)]
    learning = figures.learning
    if learning.prompt_versions:
        blocks.append(
            section(view_words.prompt_versions(learning.prompt_versions, learning.canaries))
        )
    else:
        blocks.append(section(words.PROMPTS_NOT_YET))
    return blocks
