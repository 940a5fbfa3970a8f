"""Every scheduled job, in one place, on an AsyncIOScheduler with stable ids.

APScheduler 3 cannot share a job store between processes, so each process
schedules in memory. The jobs here are safe to run in every process: dropping
idle agents is per process, expiring pending actions is an idempotent update, and
the daily digest takes a database lease so it is posted once a day in all.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.learning.cycle import CycleReport
from bot.learning.loop import LearningLoop
from bot.learning.preferences.service import PreferenceService
from bot.orchestrator.specialists import SpecialistRegistry
from bot.surfaces.stats.digest import DIGEST_HOUR_UTC
from storage.db import Database
from storage.models import utcnow
from storage.repositories import pending as pending_store

logger = logging.getLogger(__name__)


class Scheduler:
    def __init__(
        self,
        database: Database,
        specialists: SpecialistRegistry,
        *,
        digest: Callable[[], Awaitable[object]] | None = None,
        preferences: PreferenceService | None = None,
        learning: LearningLoop | None = None,
        learn_interval_seconds: int = 3600,
        on_learned: Callable[[CycleReport], Awaitable[object]] | None = None,
    ) -> None:
        """Args:
        digest: the daily digest job, posted at 09:00 UTC.
        preferences: the members' working hours, which notifications wait for.
        learning: the learning loop whose cycle runs every `learn_interval_seconds`.
        on_learned: what to do with a cycle's report (admin notes, workflow offers).
        """
        self._database = database
        self._specialists = specialists
        self._scheduler: AsyncIOScheduler | None = None
        self.digest = digest
        self.preferences = preferences
        self.learning = learning
        self.learn_interval_seconds = learn_interval_seconds
        self.on_learned = on_learned

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
        if self.learning is not None:
            scheduler.add_job(
                self.learn,
                "interval",
                seconds=self.learn_interval_seconds,
                id="learning_cycle",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
            )
        scheduler.start()
        self._scheduler = scheduler

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def notify_member(
        self, team_id: str, user_id: str, send: Callable[[], Awaitable[object]]
    ) -> datetime:
        """Send a notification addressed to one member now, or when their working hours begin.

        A notification scheduled for later lives in this process's memory only.
        """
        now = utcnow()
        when = now
        if self.preferences is not None:
            when = await self.preferences.next_working_time(team_id, user_id, now)
        if when <= now or self._scheduler is None:
            await send()
            return now
        self._scheduler.add_job(
            send,
            "date",
            run_date=when,
            id=f"notify:{team_id}:{user_id}:{uuid.uuid4().hex}",
            misfire_grace_time=3600,
        )
        return when

    async def learn(self) -> CycleReport | None:
        """One learning cycle (it takes a lease: once across processes), then its report out."""
        if self.learning is None:
            return None
        report = await self.learning.run_cycle()
        if report.ran and self.on_learned is not None:
            await self.on_learned(report)
        return report

    async def drop_idle_agents(self) -> int:
        dropped = self._specialists.drop_idle()
        if dropped:
            logger.info("dropped %d idle agents", dropped)
        return dropped

    async def expire_pending_actions(self) -> int:
        async with self._database.transaction() as session:
            expired = await pending_store.expire_pending(session)
        return len(expired)
