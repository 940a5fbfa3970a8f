"""`/stats [agents | errors | learning | prompts | costs] [--days N]`: figures for admins.

Handlers ack and pass on; reading the text is in `request.py`, each view in `views/`,
the chart in `chart_reply.py`. `/stats prompts …` goes to the learning loop's prompt
admin when the loop is running.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.loop import LearningLoop
from bot.messages import commands as command_words
from bot.messages import stats as words
from bot.surfaces.blocks import context, fit_blocks
from bot.surfaces.reply import CommandReply
from bot.surfaces.stats import charts
from bot.surfaces.stats.chart_reply import Chart, post_chart
from bot.surfaces.stats.compute import compute_figures
from bot.surfaces.stats.figures import DEFAULT_DAYS, WorkspaceFigures
from bot.surfaces.stats.learning_status import LearningStatus
from bot.surfaces.stats.request import (
    COMMAND,
    StatsUsageError,
    parse_stats_text,
    stats_help,
    stats_quick_answer,
)
from bot.surfaces.stats.views.agents import agents_blocks
from bot.surfaces.stats.views.costs import costs_blocks
from bot.surfaces.stats.views.errors import errors_blocks
from bot.surfaces.stats.views.learning import learning_blocks, prompts_blocks
from bot.surfaces.stats.views.overview import overview_blocks
from storage.db import Database

VIEW_BLOCKS: dict[str, Callable[[WorkspaceFigures], list[dict[str, Any]]]] = {
    "overview": overview_blocks,
    "agents": agents_blocks,
    "errors": errors_blocks,
    "learning": learning_blocks,
    "prompts": prompts_blocks,
    "costs": costs_blocks,
}
CHARTS: dict[str, Chart] = {
    "overview": charts.overview_chart,
    "agents": lambda figures: charts.success_by_specialist_chart(figures.specialists),
}


async def run_stats_command(
    database: Database,
    *,
    text: str,
    team_id: str,
    user_id: str,
    channel_id: str,
    client: AsyncWebClient,
    is_admin: bool,
    days_default: int = DEFAULT_DAYS,
    learning: LearningStatus | None = None,
) -> CommandReply:
    """Answer `/stats …`; uploads a chart to the channel (or the admin's DM) where useful."""
    if not is_admin:
        return CommandReply(command_words.admins_only(COMMAND))
    try:
        request = parse_stats_text(text, days_default=days_default)
    except StatsUsageError as error:
        return CommandReply(str(error))
    if request is None:
        return CommandReply(stats_help())
    figures = await compute_figures(database, team_id=team_id, days=request.days, learning=learning)
    blocks = VIEW_BLOCKS[request.view](figures)
    chart = CHARTS.get(request.view)
    if chart is not None and not figures.is_empty:
        note = await post_chart(
            client,
            figures,
            chart,
            channel_id=channel_id,
            user_id=user_id,
            filename=f"kaizen-stats-{request.view}-{request.days}d.png",
            title=words.chart_title(request.view, request.days),
        )
        blocks.append(context(note))
    return CommandReply(words.stats_summary(request.view, request.days), fit_blocks(blocks))


def goes_to_prompt_admin(text: str, *, is_admin: bool, learning: LearningLoop | None) -> bool:
    """`/stats prompts …` from an admin, with the learning loop running."""
    parts = text.split()
    return is_admin and learning is not None and bool(parts) and parts[0].lower() == "prompts"


def stats_ack_answer(text: str, *, is_admin: bool, learning: LearningLoop | None) -> str | None:
    """What to answer in the ack (refusal, help, bad input); None when the work follows it."""
    if goes_to_prompt_admin(text, is_admin=is_admin, learning=learning):
        return None
    return stats_quick_answer(text, is_admin=is_admin)


async def answer_stats(
    database: Database,
    learning: LearningLoop | None,
    *,
    text: str,
    team_id: str,
    user_id: str,
    channel_id: str,
    client: AsyncWebClient,
    is_admin: bool,
) -> CommandReply:
    """After the ack: the prompt admin's answer (with notes for the admin channel), or figures."""
    if learning is not None and goes_to_prompt_admin(text, is_admin=is_admin, learning=learning):
        rest = text.split(None, 1)
        reply = await learning.prompts.command(
            team_id=team_id, user_id=user_id, text=rest[1] if len(rest) > 1 else ""
        )
        return CommandReply(reply.text, reply.blocks, notes=reply.notes)
    return await run_stats_command(
        database,
        text=text,
        team_id=team_id,
        user_id=user_id,
        channel_id=channel_id,
        client=client,
        is_admin=is_admin,
        learning=await learning.status(team_id) if learning is not None else None,
    )
