"""Exactly-once handling of Slack deliveries, across processes sharing a database.

Slack redelivers an event when it thinks we missed it (`X-Slack-Retry-Num`),
and may repeat an `event_id`. Each `(team_id, event_id)` is claimed with an
insert-or-ignore on a unique key; only the claimant works on it, and the claim
always reaches an end state (done or failed) so nothing is lost silently.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.runtime.metrics import Metrics
from storage.db import Database
from storage.repositories import events

logger = logging.getLogger(__name__)

STALE_CLAIM_AGE = timedelta(minutes=15)


class Deliveries:
    def __init__(self, database: Database, metrics: Metrics) -> None:
        self._database = database
        self._metrics = metrics
        self._in_flight: set[asyncio.Task[object]] = set()

    async def process_once(
        self,
        *,
        team_id: str,
        event_id: str,
        kind: str,
        retry_num: int,
        work: Callable[[], Awaitable[None]],
    ) -> bool:
        """Run `work` unless this delivery was claimed before; True if it ran here."""
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
        async with self._database.transaction() as session:
            claimed = await events.claim_event(
                session, team_id=team_id, event_id=event_id, kind=kind, retry_num=retry_num
            )
        if not claimed:
            self._metrics.events.labels(outcome="duplicate").inc()
            logger.info("skipped %s %s: already claimed (retry %s)", kind, event_id, retry_num)
            return False
        started = time.perf_counter()
        status, error = events.DONE, None
        try:
            await work()
        except Exception as failure:
            status, error = events.FAILED, type(failure).__name__
            logger.exception("handling %s %s failed", kind, event_id)
        finally:
            self._metrics.event_seconds.observe(time.perf_counter() - started)
            self._metrics.events.labels(outcome=status).inc()
            async with self._database.transaction() as session:
                await events.finish_event(
                    session, team_id=team_id, event_id=event_id, status=status, error=error
                )
        return True

    async def drain(self, timeout: float) -> None:
        """Let work already under way finish before shutting down (its claims end properly)."""
        current = asyncio.current_task()
        pending = {task for task in self._in_flight if task is not current}
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    async def abandon_stale_claims(self) -> int:
        """Close claims left `processing` by a process that died; run at start."""
        async with self._database.transaction() as session:
            return await events.abandon_stale_events(session, older_than=STALE_CLAIM_AGE)
