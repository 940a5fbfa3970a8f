"""The chart under a `/stats` reply: drawn off the event loop, posted where the admin asked.

A chart is a bonus: when it cannot be drawn or uploaded the figures still go out,
with a line saying why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import stats as words
from bot.surfaces.stats import charts
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.uploads import dm_channel, slack_error, upload_png

logger = logging.getLogger(__name__)

# Where the bot cannot post, the chart goes to the admin's DM instead.
FALL_BACK_TO_DM = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}

Chart = Callable[[WorkspaceFigures], bytes]


async def post_chart(
    client: AsyncWebClient,
    figures: WorkspaceFigures,
    chart: Chart,
    *,
    channel_id: str,
    user_id: str,
    filename: str,
    title: str,
) -> str:
    """Upload the chart; returns a line saying where it went (or why it did not)."""
    try:
        png = await charts.render(chart, figures)
    except Exception:  # a chart is a bonus: the figures still go out
        logger.exception("stats chart could not be drawn")
        return words.CHART_NOT_DRAWN
    try:
        target = await chart_channel(client, channel_id=channel_id, user_id=user_id)
        try:
            await upload_png(client, channel=target, png=png, filename=filename, title=title)
        except SlackApiError as error:
            if target.startswith("D") or slack_error(error) not in FALL_BACK_TO_DM:
                raise
            target = await dm_channel(client, user_id)
            await upload_png(client, channel=target, png=png, filename=filename, title=title)
    except SlackApiError as error:
        logger.warning("stats chart upload failed: %s", slack_error(error))
        return words.chart_not_uploaded(slack_error(error))
    return words.chart_posted(target)


async def chart_channel(client: AsyncWebClient, *, channel_id: str, user_id: str) -> str:
    """The channel the command came from; from any DM, the admin's DM with the bot."""
    if channel_id.startswith("D") or not channel_id:
        return await dm_channel(client, user_id)
    return channel_id
