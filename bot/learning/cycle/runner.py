"""The learning cycle (SPEC §8): analyse traces, decide canaries, propose versions, offer workflows.

`CycleRunner.run_cycle()` (here) is what the scheduled job (every `KAIZEN_LEARN_INTERVAL`) and
`kaizen learn` call. Per workspace, it runs only when at least `KAIZEN_MIN_TRACES` runs
finished since the last cycle's window ended, and then:

1. **reads** the window — finished runs, their tool steps, which were rejected (negative
   feedback, undone actions), `/improve` texts — and analyses it
   (`bot.learning.analysis`), merging the counts of earlier cycles;
2. **decides** each running canary with the sequential rule of `bot.learning.canary`;
3. **proposes** guideline edits for specialists without a canary (`bot.learning.guidelines`:
   confident patterns only, at most three small edits, written by the model when one is
   configured, else from templates), each change set a new version started as canary;
4. **offers** repeated tool sequences back to their member as saved workflows;
5. **refreshes** the recommended execution pattern per kind of task from `ExecutionStat`
   (`recommend_pattern`, avoiding patterns that failed three times or more);
6. **applies** everything — the cycle record (inputs, patterns, changes, decisions), the
   patterns, version rows and label moves, workflow offers — in ONE transaction, so a crash
   mid-cycle leaves no half-applied version; then publishes `pattern_discovered` and
   `prompt_version_*` events (which feed the audit log).

Several processes: the cycle first takes the `learning-cycle` lease
(`storage.repositories.leases`); a process that can't get it skips. A process that gets
it right after another finished finds no new traces and skips too, so a cycle runs once.
A failed cycle is recorded as failed, applies nothing, and its traces wait for the next.

Steps 1–5 are `bot.learning.cycle.plan`, step 6 `bot.learning.cycle.apply`, the report
`bot.learning.cycle.report`, the execution patterns `bot.learning.cycle.execution`.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime

from bot.learning.analysis.keys import default_is_read
from bot.learning.config import LearningConfig
from bot.learning.cycle.apply import CycleWriter
from bot.learning.cycle.plan import CyclePlan, CyclePlanner
from bot.learning.cycle.report import CycleReport, TeamCycle
from bot.learning.utc import aware
from bot.learning.version_changes import publish_changes
from bot.learning.versions import PromptVersions
from bot.learning.workflows.service import WorkflowService
from bot.learning.writer import GuidelineWriter
from bot.messages import learning as say
from bot.orchestrator.events import Event, EventBus, EventName
from storage.db import Database
from storage.models import utcnow
from storage.models.learning import LearningCycle
from storage.repositories import learning as store
from storage.repositories.leases import acquire_lease, release_lease

logger = logging.getLogger(__name__)

LEASE_NAME = "learning-cycle"
MAX_PATTERN_EVENTS = 25


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[:64]


class CycleRunner:
    def __init__(
        self,
        database: Database,
        bus: EventBus | None,
        *,
        versions: PromptVersions,
        workflows: WorkflowService,
        writer: GuidelineWriter | None = None,
        config: LearningConfig | None = None,
        holder: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        is_read: Callable[[str], bool] = default_is_read,
    ) -> None:
        self._database = database
        self._bus = bus
        self.config = config or LearningConfig()
        self.holder = holder or default_holder()
        self._clock = clock
        self._planner = CyclePlanner(
            database,
            workflows=workflows,
            writer=writer or GuidelineWriter(),
            config=self.config,
            is_read=is_read,
        )
        self._writer = CycleWriter(
            database, versions=versions, workflows=workflows, holder=self.holder
        )

    async def run_cycle(
        self, *, team_id: str | None = None, trigger: str = "schedule", force: bool = False
    ) -> CycleReport:
        """One cycle for every workspace with runs (or just `team_id`), under the lease."""
        started = time.perf_counter()
        async with self._database.transaction() as session:
            acquired = await acquire_lease(
                session, name=LEASE_NAME, holder=self.holder, ttl=self.config.lease_ttl
            )
        if not acquired:
            return CycleReport(False, say.ANOTHER_PROCESS)
        try:
            if team_id is None:
                async with self._database.read() as session:
                    teams = await store.teams_with_runs(session)
            else:
                teams = [team_id]
            results = [await self._guarded(team, trigger, force) for team in teams]
        finally:
            async with self._database.transaction() as session:
                await release_lease(session, name=LEASE_NAME, holder=self.holder)
        ran = any(team.ran for team in results)
        reason = "" if ran else "; ".join(t.reason for t in results) or say.NO_WORKSPACE_HAS_RUNS
        return CycleReport(ran, reason, results, (time.perf_counter() - started) * 1000)

    async def _guarded(self, team_id: str, trigger: str, force: bool) -> TeamCycle:
        started = time.perf_counter()
        moment = self._clock()
        try:
            return await self._team_cycle(team_id, trigger, force, moment, started)
        except Exception as error:
            logger.exception("learning cycle for %s failed", team_id)
            await self._record_failure(team_id, trigger, moment, error, started)
            return TeamCycle(team_id, False, say.cycle_failed(type(error).__name__))

    async def _record_failure(
        self, team_id: str, trigger: str, moment: datetime, error: Exception, started: float
    ) -> None:
        try:
            async with self._database.transaction() as session:
                await store.add_cycle(
                    session,
                    LearningCycle(
                        team_id=team_id,
                        holder=self.holder,
                        trigger=trigger,
                        status="failed",
                        window_end=moment,
                        error=f"{type(error).__name__}: {error}"[:2000],
                        started_at=moment,
                        finished_at=utcnow(),
                        duration_ms=(time.perf_counter() - started) * 1000,
                    ),
                )
        except Exception:
            logger.exception("could not record the failed learning cycle of %s", team_id)

    # --- one workspace ------------------------------------------------------------------------

    async def _team_cycle(
        self, team_id: str, trigger: str, force: bool, now: datetime, started: float
    ) -> TeamCycle:
        async with self._database.read() as session:
            last = await store.last_cycle(session, team_id=team_id)
            after = aware(last.window_end) if last and last.window_end else None
            new = await store.count_new_traces(session, team_id=team_id, after=after, until=now)
        needed = self.config.min_traces
        if new < needed and not force:
            return TeamCycle(team_id, False, say.too_few_traces(new, needed))
        plan = await self._planner.prepare(team_id, after, now)
        report = await self._writer.apply(team_id, trigger, after, now, plan, started)
        await self._announce(team_id, report, plan)
        return report

    async def _announce(self, team_id: str, report: TeamCycle, plan: CyclePlan) -> None:
        if self._bus is None:
            return
        notable = plan.analysis.notable(self.config.pattern_confidence)
        notable.sort(key=lambda p: -p.confidence)
        for pattern in notable[:MAX_PATTERN_EVENTS]:
            await self._bus.publish(
                Event(
                    name=EventName.PATTERN_DISCOVERED,
                    team_id=team_id,
                    actor="learning",
                    data={**pattern.summary(), "cycle_id": report.cycle_id},
                )
            )
        await publish_changes(self._bus, report.version_changes)
