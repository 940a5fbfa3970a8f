"""The daily digest in the admin channel: the day's figures, what changed, the chart.

Every process schedules the job (APScheduler 3 keeps jobs in memory), and each
post first takes the lease `digest:<team_id>` for the UTC date, so a workspace
gets one digest a day however many processes share the database.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import digest as digest_words
from bot.runtime.slack_clients import ClientLookup
from bot.surfaces.stats import charts
from bot.surfaces.stats.compute import compute_figures
from bot.surfaces.stats.digest_blocks import digest_blocks, digest_text
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.learning_status import LearningStatus
from bot.surfaces.uploads import slack_error, upload_png
from storage.db import Database
from storage.repositories.analytics import teams_with_runs
from storage.repositories.leases import acquire_lease
from storage.repositories.workspaces import list_workspaces

logger = logging.getLogger(__name__)

DIGEST_HOUR_UTC = 9  # the scheduler posts the digest at 09:00 UTC
LEASE_TTL = timedelta(hours=1)
CHART_DAYS = 7

LearningLookup = Callable[[str], Awaitable[LearningStatus]]


def lease_name(team_id: str) -> str:
    return f"digest:{team_id}"


async def post_daily_digest(
    database: Database,
    client: AsyncWebClient,
    *,
    team_id: str,
    channel: str | None,
    now: datetime,
    learning: LearningStatus | None = None,
) -> bool:
    """Post the digest of the 24 hours before `now` once per UTC day; True if this call did."""
    if not channel:
        logger.info("daily digest for %s skipped: KAIZEN_ADMIN_CHANNEL is not set", team_id)
        return False
    moment = now.astimezone(UTC)
    period = moment.date().isoformat()
    async with database.transaction() as session:
        taken = await acquire_lease(
            session,
            name=lease_name(team_id),
            holder=f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
            ttl=LEASE_TTL,
            period_key=period,
            now=moment,
        )
    if not taken:
        logger.info("daily digest for %s on %s skipped: already posted", team_id, period)
        return False
    day = await compute_figures(database, team_id=team_id, days=1, now=moment, learning=learning)
    week = await compute_figures(database, team_id=team_id, days=CHART_DAYS, now=moment)
    try:
        posted = await client.chat_postMessage(
            channel=channel,
            text=digest_text(day, period),
            blocks=digest_blocks(day, moment),
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackApiError as error:
        logger.warning("daily digest for %s could not be posted (%s)", team_id, slack_error(error))
        return False
    if not week.is_empty:
        await _attach_chart(client, week, channel=channel, thread_ts=posted.get("ts"))
    return True


class DailyDigest:
    """The scheduler's job: one digest per workspace per day, in the admin channel."""

    def __init__(
        self,
        database: Database,
        *,
        channel: str | None,
        clients: ClientLookup,
        learning: LearningLookup | None = None,
    ) -> None:
        self._database = database
        self._channel = channel
        self._clients = clients
        self._learning = learning

    async def run(self, now: datetime | None = None) -> int:
        """Post today's digests that are due; returns how many this process posted."""
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        if not self._channel:
            logger.info("daily digest skipped: KAIZEN_ADMIN_CHANNEL is not set")
            return 0
        posted = 0
        for team_id in await self._teams(moment):
            client = await self._clients(team_id)
            if client is None:
                logger.info("daily digest for %s skipped: no bot token for it", team_id)
                continue
            try:
                learning = await self._learning(team_id) if self._learning else None
                posted += await post_daily_digest(
                    self._database,
                    client,
                    team_id=team_id,
                    channel=self._channel,
                    now=moment,
                    learning=learning,
                )
            except Exception:  # one workspace's failure must not stop the others
                logger.exception("daily digest for %s failed", team_id)
        return posted

    async def _teams(self, now: datetime) -> list[str]:
        async with self._database.read() as session:
            known = {w.team_id for w in await list_workspaces(session)}
            active = await teams_with_runs(session, since=now - timedelta(days=2), until=now)
        return sorted(known | set(active))


async def _attach_chart(
    client: AsyncWebClient, week: WorkspaceFigures, *, channel: str, thread_ts: str | None
) -> None:
    try:
        png = await charts.render(charts.overview_chart, week)
        await upload_png(
            client,
            channel=channel,
            png=png,
            filename=f"kaizen-digest-{week.until.date()}.png",
            title=digest_words.digest_chart_title(CHART_DAYS),
            thread_ts=thread_ts,
        )
    except SlackApiError as error:
        logger.warning("daily digest chart upload failed: %s", slack_error(error))
    except Exception:
        logger.exception("daily digest chart could not be drawn")
