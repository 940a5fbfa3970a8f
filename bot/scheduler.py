"""Every scheduled job, in one place, on an AsyncIOScheduler with stable ids.

APScheduler 3 cannot share a job store between processes, so each process
schedules in memory. The jobs here are safe to run in every process: dropping
idle agents is per process, expiring pending actions is an idempotent update, and
the daily digest takes a database lease so it is posted once a day in all.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.digest import DIGEST_HOUR_UTC
from bot.orchestrator.specialists import SpecialistRegistry
from storage.db import Database
from storage.repositories import pending as pending_store

logger = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, database: Database, specialists: SpecialistRegistry) -> None:
        self._database = database
        self._specialists = specialists
        self._scheduler: AsyncIOScheduler | None = None
        self.digest: Callable[[], Awaitable[object]] | None = None

    def start(self) -> None:
        if self._scheduler is not None:
            return
        scheduler = AsyncIOScheduler(timezone="UTC")
        scheduler.add_job(
            self.drop_idle_agents,
            "interval",
            hours=1,
            id="drop_idle_agents",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        scheduler.add_job(
            self.expire_pending_actions,
            "interval",
            minutes=1,
            id="expire_pending_actions",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        if self.digest is not None:
            scheduler.add_job(
                self.digest,
                "cron",
                hour=DIGEST_HOUR_UTC,
                minute=0,
                id="daily_digest",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=3600,
            )
        scheduler.start()
        self._scheduler = scheduler

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def drop_idle_agents(self) -> int:
        dropped = self._specialists.drop_idle()
        if dropped:
            logger.info("dropped %d idle agents", dropped)
        return dropped

    async def expire_pending_actions(self) -> int:
        async with self._database.transaction() as session:
            expired = await pending_store.expire_pending(session)
        return len(expired)
