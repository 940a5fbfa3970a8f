"""The learning cycle (SPEC §8): analyse traces, decide canaries, propose versions, offer workflows.

`CycleRunner.run_cycle()` is what the scheduled job (every `KAIZEN_LEARN_INTERVAL`) and
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
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.learning import analysis as kinds
from bot.learning.analysis import Analysis, ImproveText, PatternUpdate, Previous, analyse
from bot.learning.canary import CONTINUE, PROMOTE, ROLLBACK, Arm, CanaryVerdict, decide
from bot.learning.config import LearningConfig
from bot.learning.guidelines import Edit, Guideline, GuidelineWriter, propose
from bot.learning.versions import (
    CANARY,
    PRODUCTION,
    SYSTEM,
    PromptVersions,
    VersionChange,
    publish_changes,
)
from bot.learning.workflows import WorkflowService
from bot.orchestrator.events import Event, EventBus, EventName
from bot.planning.plans import PatternRecord, recommend_pattern
from storage.db import Database
from storage.models import utcnow
from storage.models.learning import LearnedPattern, LearningCycle, PromptVersion, WorkflowOffer
from storage.repositories import learning as store
from storage.repositories.leases import acquire_lease, release_lease

logger = logging.getLogger(__name__)

LEASE_NAME = "learning-cycle"
MAX_PATTERN_EVENTS = 25
REPORTED_PATTERNS = 10


@dataclass
class TeamCycle:
    """What one workspace's cycle did (or why it didn't run)."""

    team_id: str
    ran: bool
    reason: str = ""
    cycle_id: int | None = None
    traces: int = 0
    window_start: datetime | None = None
    window_end: datetime | None = None
    patterns_updated: int = 0
    new_patterns: list[dict[str, Any]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    admin_notes: list[str] = field(default_factory=list)
    offers: list[WorkflowOffer] = field(default_factory=list)
    version_changes: list[VersionChange] = field(default_factory=list)
    duration_ms: float = 0.0

    def describe(self) -> list[str]:
        if not self.ran:
            return [f"{self.team_id}: skipped — {self.reason}"]
        since = f"since {self.window_start:%Y-%m-%d %H:%M} UTC" if self.window_start else "so far"
        lines = [
            f"{self.team_id}: cycle #{self.cycle_id} over {self.traces:,} new traces ({since}) "
            f"in {self.duration_ms / 1000:.2f} s: {self.patterns_updated:,} patterns updated, "
            f"{len(self.new_patterns):,} new."
        ]
        lines += [f"  • {change}" for change in self.changes] or ["  • no prompt changes"]
        for pattern in self.new_patterns[:REPORTED_PATTERNS]:
            lines.append(
                f"  pattern [{pattern['kind']}] {pattern['description']} "
                f"(confidence {pattern['confidence']:.2f})"
            )
        if len(self.new_patterns) > REPORTED_PATTERNS:
            lines.append(f"  …and {len(self.new_patterns) - REPORTED_PATTERNS} more new patterns")
        lines += [f"  decision: {decision}" for decision in self.decisions]
        return lines


@dataclass
class CycleReport:
    ran: bool
    reason: str = ""
    teams: list[TeamCycle] = field(default_factory=list)
    duration_ms: float = 0.0

    @property
    def admin_notes(self) -> list[tuple[str, str]]:
        """(team_id, note) for the admin channel: promotions, rollbacks, new versions."""
        return [(team.team_id, note) for team in self.teams for note in team.admin_notes]

    @property
    def offers(self) -> list[WorkflowOffer]:
        """Workflow offers made this cycle: DM each to its member (`offer_message`)."""
        return [offer for team in self.teams for offer in team.offers]

    def describe(self) -> str:
        if not self.ran:
            return f"No learning cycle ran: {self.reason}."
        lines = [f"Learning cycle: {len(self.teams)} workspace(s), {self.duration_ms / 1000:.2f} s"]
        for team in self.teams:
            lines += team.describe()
        return "\n".join(lines)


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[:64]


@dataclass
class _Plan:
    """Everything a workspace's cycle will write, computed before the one transaction."""

    analysis: Analysis
    verdicts: list[tuple[str, int, CanaryVerdict]]
    proposals: dict[str, tuple[list[Edit], str]]
    offers: list[tuple[kinds.OfferCandidate, list[dict[str, Any]]]]
    execution: list[PatternUpdate]
    decisions: list[str]
    inputs: dict[str, Any]
    rolled_back_patterns: dict[str, list[tuple[str, str]]]  # specialist -> pattern keys


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
        is_read: Callable[[str], bool] = kinds.default_is_read,
    ) -> None:
        self._database = database
        self._bus = bus
        self._versions = versions
        self._workflows = workflows
        self._writer = writer or GuidelineWriter()
        self.config = config or LearningConfig()
        self.holder = holder or default_holder()
        self._clock = clock
        self._is_read = is_read

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
            return CycleReport(False, "another process is running a learning cycle")
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
        reason = "" if ran else "; ".join(t.reason for t in results) or "no workspace has runs yet"
        return CycleReport(ran, reason, results, (time.perf_counter() - started) * 1000)

    async def _guarded(self, team_id: str, trigger: str, force: bool) -> TeamCycle:
        started = time.perf_counter()
        moment = self._clock()
        try:
            return await self._team_cycle(team_id, trigger, force, moment, started)
        except Exception as error:
            logger.exception("learning cycle for %s failed", team_id)
            await self._record_failure(team_id, trigger, moment, error, started)
            return TeamCycle(
                team_id,
                False,
                f"failed ({type(error).__name__}); nothing was applied, the traces wait for the "
                "next cycle",
            )

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
            after = _aware(last.window_end) if last and last.window_end else None
            new = await store.count_new_traces(session, team_id=team_id, after=after, until=now)
        needed = self.config.min_traces
        if new < needed and not force:
            return TeamCycle(team_id, False, f"{new} new traces, {needed} needed")
        plan = await self._prepare(team_id, after, now)
        report = await self._apply(team_id, trigger, after, now, plan, started)
        await self._announce(team_id, report, plan)
        return report

    async def _prepare(self, team_id: str, after: datetime | None, now: datetime) -> _Plan:
        async with self._database.read() as session:
            runs = await store.window_runs(
                session, team_id=team_id, after=after, until=now, limit=self.config.max_traces
            )
            steps = await store.window_steps(session, team_id=team_id, after=after, until=now)
            rejected = await store.window_rejected(session, team_id=team_id, after=after, until=now)
            improve_rows = await store.improve_texts(
                session, team_id=team_id, after=after, until=now
            )
            stored = await store.patterns_of(session, team_id=team_id)
            versions = await store.prompt_versions(session, team_id=team_id)
            labels = await store.labels_with_prefix(session, team_id=team_id, prefix="prompt:")
            stats = await store.execution_stats_of(session, team_id=team_id)
            offered = await store.offer_signatures(session, team_id=team_id)
            feedback = await store.feedback_counts_since(
                session, team_id=team_id, after=after, until=now
            )
        previous = {
            (p.kind, p.key): Previous(p.detail or {}, p.evidence or {}, p.frequency, p.confidence)
            for p in stored
        }
        by_number = {(v.specialist, v.number): v for v in versions}
        slots = {
            key: [
                (g.slot, g.task_kind or "")
                for g in (Guideline.of(item) for item in version.guidelines)
            ]
            for key, version in by_number.items()
        }
        improve = [
            ImproveText(f.id or 0, f.run_id, f.user_id, f.text, f.signal, f.specialist, f.task_kind)
            for f in improve_rows
        ]
        analysis = await asyncio.to_thread(
            analyse,
            runs,
            steps,
            rejected,
            improve,
            previous,
            slots_of_version=slots,
            offered=offered,
            is_read=self._is_read,
        )
        label_map: dict[str, dict[str, int]] = {}
        for label in labels:
            label_map.setdefault(label.subject.removeprefix("prompt:"), {})[label.label] = (
                label.version
            )
        decisions: list[str] = []
        verdicts = await self._canary_verdicts(team_id, label_map, by_number, decisions)
        proposals, rolled_back = await self._proposals(
            analysis, stored, label_map, by_number, verdicts, decisions
        )
        offers = [
            (candidate, await self._workflows.steps_for_run(candidate.run_id))
            for candidate in analysis.offers
        ]
        execution = _execution_patterns(stats, previous)
        inputs = {
            "traces": len(runs),
            "accepted": analysis.accepted,
            "rejected": len(runs) - analysis.accepted,
            "tool_steps": len(steps),
            "feedback": feedback,
            "improve_texts": len(improve),
            "window_start": after.isoformat() if after else None,
            "window_end": now.isoformat(),
        }
        return _Plan(
            analysis, verdicts, proposals, offers, execution, decisions, inputs, rolled_back
        )

    async def _canary_verdicts(
        self,
        team_id: str,
        labels: dict[str, dict[str, int]],
        by_number: dict[tuple[str, int], PromptVersion],
        decisions: list[str],
    ) -> list[tuple[str, int, CanaryVerdict]]:
        verdicts: list[tuple[str, int, CanaryVerdict]] = []
        for specialist, found in sorted(labels.items()):
            canary, production = found.get(CANARY), found.get(PRODUCTION)
            if canary is None or production is None:
                continue
            version = by_number.get((specialist, canary))
            if version is None:
                continue
            since = _aware(version.created_at)
            async with self._database.read() as session:
                c_ok, c_n = await store.acceptance(
                    session, team_id=team_id, specialist=specialist, version=canary, since=since
                )
                p_ok, p_n = await store.acceptance(
                    session,
                    team_id=team_id,
                    specialist=specialist,
                    version=production,
                    since=since,
                )
            verdict = decide(Arm(c_ok, c_n), Arm(p_ok, p_n))
            verdicts.append((specialist, canary, verdict))
            decisions.append(
                f"{specialist} canary v{canary}: {verdict.decision} — {verdict.reason}"
            )
        return verdicts

    async def _proposals(
        self,
        analysis: Analysis,
        stored: list[LearnedPattern],
        labels: dict[str, dict[str, int]],
        by_number: dict[tuple[str, int], PromptVersion],
        verdicts: list[tuple[str, int, CanaryVerdict]],
        decisions: list[str],
    ) -> tuple[dict[str, tuple[list[Edit], str]], dict[str, list[tuple[str, str]]]]:
        merged: dict[tuple[str, str], PatternUpdate] = {
            (p.kind, p.key): _from_stored(p) for p in stored if p.kind in kinds.ACTIONABLE
        }
        for key, update in analysis.patterns.items():
            if update.kind in kinds.ACTIONABLE:
                merged[key] = update
        blocked = {
            p.key
            for p in stored
            if (p.detail or {}).get("blocked_at") is not None
            and p.frequency < 2 * int((p.detail or {})["blocked_at"])
        }
        guided: dict[str, dict[str, tuple[int, int]]] = {}
        for p in stored:
            if p.kind == kinds.GUIDELINE:
                specialist, slot = p.key.split("|", 1)
                guided.setdefault(specialist, {})[slot] = _counts(p.detail)
        for update in analysis.of_kind(kinds.GUIDELINE):
            specialist, slot = update.key.split("|", 1)
            guided.setdefault(specialist, {})[slot] = _counts(update.detail)
        deciding = {specialist for specialist, _, v in verdicts if v.decision != CONTINUE}
        rolled_back: dict[str, list[tuple[str, str]]] = {}
        for specialist, number, verdict in verdicts:
            if verdict.decision == ROLLBACK:
                version = by_number.get((specialist, number))
                rolled_back[specialist] = [
                    (str(item.get("kind")), str(item.get("pattern")))
                    for item in (version.diff if version else [])
                    if item.get("pattern") and item.get("op") != "retire"
                ]
        specialists = sorted({p.specialist for p in merged.values() if p.specialist})
        proposals: dict[str, tuple[list[Edit], str]] = {}
        for specialist in specialists:
            found = labels.get(specialist, {})
            if CANARY in found and specialist not in deciding:
                if any(
                    p.specialist == specialist and p.confidence >= self.config.pattern_confidence
                    for p in merged.values()
                ):
                    decisions.append(
                        f"{specialist}: canary v{found[CANARY]} still running; new changes wait"
                    )
                continue
            if specialist in deciding:
                continue
            production = by_number.get((specialist, found.get(PRODUCTION, -1)))
            current = [Guideline.of(g) for g in (production.guidelines if production else [])]
            proposal = propose(
                specialist,
                current,
                [p for p in merged.values() if p.specialist == specialist],
                threshold=self.config.pattern_confidence,
                guided=guided.get(specialist, {}),
                kind_counts=analysis.kind_counts,
                blocked=blocked,
            )
            decisions.extend(proposal.decisions)
            if proposal.edits:
                edits, author = await self._writer.write(specialist, current, proposal.edits)
                proposals[specialist] = (edits, author)
        return proposals, rolled_back

    async def _apply(
        self,
        team_id: str,
        trigger: str,
        after: datetime | None,
        now: datetime,
        plan: _Plan,
        started: float,
    ) -> TeamCycle:
        report = TeamCycle(team_id, True, traces=plan.analysis.traces, window_start=after)
        report.window_end = now
        report.decisions = list(plan.decisions)
        async with self._database.transaction() as session:
            cycle = LearningCycle(
                team_id=team_id,
                holder=self.holder,
                trigger=trigger,
                status="done",
                window_start=after,
                window_end=now,
                traces=plan.analysis.traces,
                inputs=plan.inputs,
                started_at=now,
            )
            cycle_id = await store.add_cycle(session, cycle)
            report.cycle_id = cycle_id
            for update in [*plan.analysis.patterns.values(), *plan.execution]:
                row = update.as_row()
                row["last_cycle_id"] = cycle_id
                row["first_cycle_id"] = cycle_id
                await store.save_pattern(session, team_id=team_id, values=row)
            for specialist, number, verdict in plan.verdicts:
                if verdict.decision == PROMOTE:
                    change = await self._versions.promote_in(
                        session,
                        team_id=team_id,
                        specialist=specialist,
                        number=number,
                        by=SYSTEM,
                        reason=verdict.reason,
                    )
                    report.version_changes += [change] if change else []
                elif verdict.decision == ROLLBACK:
                    report.version_changes += await self._versions.rollback_in(
                        session,
                        team_id=team_id,
                        specialist=specialist,
                        number=number,
                        by=SYSTEM,
                        reason=verdict.reason,
                    )
                    for kind, key in plan.rolled_back_patterns.get(specialist, []):
                        stored = plan.analysis.patterns.get((kind, key))
                        frequency = stored.frequency if stored else None
                        await _block(session, team_id, kind, key, frequency)
            for specialist, (edits, author) in sorted(plan.proposals.items()):
                evidence = [dict(edit.evidence, op=edit.op, slot=edit.slot) for edit in edits]
                summary = "; ".join(edit.describe() for edit in edits)
                created = await self._versions.create_in(
                    session,
                    team_id=team_id,
                    specialist=specialist,
                    edits=edits,
                    evidence=evidence,
                    author=SYSTEM,
                    summary=f"{summary} (written by {author})",
                    cycle_id=cycle_id,
                )
                if created is None:
                    report.decisions.append(f"{specialist}: a canary is running; changes wait")
                    continue
                report.version_changes += created[1]
            report.offers = await self._workflows.create_offers_in(
                session, team_id=team_id, candidates=plan.offers
            )
            report.changes = _describe_changes(report, plan)
            report.new_patterns = [p.summary() for p in plan.analysis.notable(0.0)]
            report.patterns_updated = len(plan.analysis.patterns) + len(plan.execution)
            report.admin_notes = [change.note() for change in report.version_changes]
            report.duration_ms = (time.perf_counter() - started) * 1000
            cycle.patterns = report.new_patterns[:200]
            cycle.changes = report.changes
            cycle.decisions = report.decisions[:200]
            cycle.finished_at = utcnow()
            cycle.duration_ms = report.duration_ms
            await session.flush()
        return report

    async def _announce(self, team_id: str, report: TeamCycle, plan: _Plan) -> None:
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


async def _block(session: Any, team_id: str, kind: str, key: str, frequency: int | None) -> None:
    if frequency is None:
        patterns = await store.patterns_of(session, team_id=team_id, kinds=[kind])
        frequency = next((p.frequency for p in patterns if p.key == key), 1)
    await store.mark_pattern(
        session, team_id=team_id, kind=kind, key=key, blocked_at=max(1, int(frequency))
    )


def _describe_changes(report: TeamCycle, plan: _Plan) -> list[str]:
    lines: list[str] = []
    for change in report.version_changes:
        if change.kind == "created":
            lines.append(
                f"new {change.specialist} prompt v{change.number} (from v{change.parent}) as "
                f"{change.detail.get('label', CANARY)}: {change.reason}"
            )
        elif change.kind == "promoted":
            lines.append(f"promoted {change.specialist} v{change.number}: {change.reason}")
        else:
            lines.append(f"rolled back {change.specialist} v{change.number}: {change.reason}")
    for offer in report.offers:
        lines.append(
            f"offered <@{offer.user_id}> to save `{offer.name}` ({offer.count} repeats of "
            f"{' then '.join(str(s['tool']) for s in offer.steps)})"
        )
    for update in plan.execution:
        if update.is_new or update.detail.get("changed"):
            lines.append(f"execution pattern for {update.task_kind}: {update.description}")
    return lines


def _execution_patterns(
    stats: list[Any], previous: dict[tuple[str, str], Previous]
) -> list[PatternUpdate]:
    """The recommended execution pattern per kind of task, from its measured record."""
    by_kind: dict[str, list[PatternRecord]] = {}
    for stat in stats:
        by_kind.setdefault(stat.task_kind, []).append(
            PatternRecord(stat.pattern, stat.runs, stat.successes, stat.failures, stat.total_ms)
        )
    updates: list[PatternUpdate] = []
    for task, records in sorted(by_kind.items()):
        recommended = recommend_pattern(records)
        if recommended is None:
            continue
        chosen = next(r for r in records if r.pattern == recommended.value)
        avoided = sorted(r.pattern for r in records if r.failures >= 3 and r is not chosen)
        old = previous.get((kinds.EXECUTION, task))
        before = (old.detail or {}).get("recommended") if old else None
        if old is not None and before == recommended.value:
            continue
        description = (
            f"{recommended.value} ({chosen.successes} of {chosen.runs} succeeded, mean "
            f"{chosen.mean_ms:.0f} ms)"
            + (f"; avoiding {', '.join(avoided)} (failed 3 times or more)" if avoided else "")
            + (f"; was {before}" if before else "")
        )
        updates.append(
            PatternUpdate(
                kind=kinds.EXECUTION,
                key=task,
                specialist=None,
                task_kind=task,
                description=description,
                evidence={},
                detail={
                    "recommended": recommended.value,
                    "previous": before,
                    "changed": before is not None,
                    "avoided": avoided,
                    "records": [
                        {
                            "pattern": r.pattern,
                            "runs": r.runs,
                            "successes": r.successes,
                            "failures": r.failures,
                            "mean_ms": None if r.runs == 0 else round(r.mean_ms, 1),
                        }
                        for r in records
                    ],
                },
                frequency=sum(r.runs for r in records),
                confidence=kinds.confidence(chosen.successes, chosen.failures),
                seen=chosen.runs,
                is_new=old is None,
            )
        )
    return updates


def _from_stored(row: LearnedPattern) -> PatternUpdate:
    return PatternUpdate(
        kind=row.kind,
        key=row.key,
        specialist=row.specialist,
        task_kind=row.task_kind,
        description=row.description,
        evidence=row.evidence or {},
        detail=row.detail or {},
        frequency=row.frequency,
        confidence=row.confidence,
        seen=0,
        is_new=False,
    )


def _counts(detail: dict[str, Any]) -> tuple[int, int]:
    return int(detail.get("rejected", 0)), int(detail.get("runs", 0))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
