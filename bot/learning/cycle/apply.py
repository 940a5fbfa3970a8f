"""Applying a cycle's plan: the cycle record, patterns, versions, labels and offers at once.

Everything is written in ONE transaction, so a crash mid-cycle leaves no half-applied
version; a version rolled back blocks the patterns it came from until new evidence.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from bot.learning.canary import PROMOTE, ROLLBACK
from bot.learning.cycle.plan import CyclePlan
from bot.learning.cycle.report import TeamCycle
from bot.learning.version_changes import CANARY, SYSTEM
from bot.learning.versions import PromptVersions
from bot.learning.workflows.service import WorkflowService
from bot.messages import learning as say
from storage.db import Database
from storage.models import utcnow
from storage.models.learning import LearningCycle
from storage.repositories import learning as store


class CycleWriter:
    def __init__(
        self,
        database: Database,
        *,
        versions: PromptVersions,
        workflows: WorkflowService,
        holder: str,
    ) -> None:
        self._database = database
        self._versions = versions
        self._workflows = workflows
        self.holder = holder

    async def apply(
        self,
        team_id: str,
        trigger: str,
        after: datetime | None,
        now: datetime,
        plan: CyclePlan,
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
                        await block_pattern(session, team_id, kind, key, frequency)
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
                    summary=say.written_by(summary, author),
                    cycle_id=cycle_id,
                )
                if created is None:
                    report.decisions.append(say.canary_running_changes_wait(specialist))
                    continue
                report.version_changes += created[1]
            report.offers = await self._workflows.create_offers_in(
                session, team_id=team_id, candidates=plan.offers
            )
            report.changes = describe_changes(report, plan)
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


async def block_pattern(
    session: Any, team_id: str, kind: str, key: str, frequency: int | None
) -> None:
    if frequency is None:
        patterns = await store.patterns_of(session, team_id=team_id, kinds=[kind])
        frequency = next((p.frequency for p in patterns if p.key == key), 1)
    await store.mark_pattern(
        session, team_id=team_id, kind=kind, key=key, blocked_at=max(1, int(frequency))
    )


def describe_changes(report: TeamCycle, plan: CyclePlan) -> list[str]:
    lines: list[str] = []
    for change in report.version_changes:
        if change.kind == "created":
            label = str(change.detail.get("label", CANARY))
            lines.append(
                say.version_created(
                    change.specialist, change.number, change.parent, label, change.reason
                )
            )
        elif change.kind == "promoted":
            lines.append(say.version_promoted(change.specialist, change.number, change.reason))
        else:
            lines.append(say.version_rolled_back(change.specialist, change.number, change.reason))
    for offer in report.offers:
        tools = [str(step["tool"]) for step in offer.steps]
        lines.append(say.workflow_offered(offer.user_id, offer.name, offer.count, tools))
    for update in plan.execution:
        if update.is_new or update.detail.get("changed"):
            lines.append(say.execution_changed(update.task_kind, update.description))
    return lines
