"""A cycle's plan: everything it will write, computed before the one transaction.

Reads the window (finished runs, their steps, what was rejected, `/improve` texts) and
the stored patterns, versions and labels; analyses them (`bot.learning.analysis`);
decides each running canary (`bot.learning.canary`); proposes guideline edits for
specialists without one (`bot.learning.guidelines`); and gathers the workflow offers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.learning.analysis.analyse import analyse
from bot.learning.analysis.kinds import ACTIONABLE, GUIDELINE
from bot.learning.analysis.model import (
    Analysis,
    ImproveText,
    OfferCandidate,
    PatternUpdate,
    Previous,
)
from bot.learning.canary import CONTINUE, ROLLBACK, Arm, CanaryVerdict, decide
from bot.learning.config import LearningConfig
from bot.learning.cycle.execution import counts_of, execution_patterns, from_stored
from bot.learning.guidelines import Edit, Guideline
from bot.learning.proposals import propose
from bot.learning.utc import aware
from bot.learning.version_changes import CANARY, PRODUCTION
from bot.learning.workflows.service import WorkflowService
from bot.learning.writer import GuidelineWriter
from bot.messages import learning as say
from storage.db import Database
from storage.models.learning import LearnedPattern, PromptVersion
from storage.repositories import learning as store


@dataclass
class CyclePlan:
    """Everything a workspace's cycle will write, computed before the one transaction."""

    analysis: Analysis
    verdicts: list[tuple[str, int, CanaryVerdict]]
    proposals: dict[str, tuple[list[Edit], str]]
    offers: list[tuple[OfferCandidate, list[dict[str, Any]]]]
    execution: list[PatternUpdate]
    decisions: list[str]
    inputs: dict[str, Any]
    rolled_back_patterns: dict[str, list[tuple[str, str]]]  # specialist -> pattern keys


class CyclePlanner:
    def __init__(
        self,
        database: Database,
        *,
        workflows: WorkflowService,
        writer: GuidelineWriter,
        config: LearningConfig,
        is_read: Callable[[str], bool],
    ) -> None:
        self._database = database
        self._workflows = workflows
        self._writer = writer
        self._config = config
        self._is_read = is_read

    async def prepare(self, team_id: str, after: datetime | None, now: datetime) -> CyclePlan:
        async with self._database.read() as session:
            runs = await store.window_runs(
                session, team_id=team_id, after=after, until=now, limit=self._config.max_traces
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
        execution = execution_patterns(stats, previous)
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
        return CyclePlan(
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
            since = aware(version.created_at)
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
                say.canary_decision(specialist, canary, verdict.decision, verdict.reason)
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
            (p.kind, p.key): from_stored(p) for p in stored if p.kind in ACTIONABLE
        }
        for key, update in analysis.patterns.items():
            if update.kind in ACTIONABLE:
                merged[key] = update
        blocked = {
            p.key
            for p in stored
            if (p.detail or {}).get("blocked_at") is not None
            and p.frequency < 2 * int((p.detail or {})["blocked_at"])
        }
        guided: dict[str, dict[str, tuple[int, int]]] = {}
        for p in stored:
            if p.kind == GUIDELINE:
                specialist, slot = p.key.split("|", 1)
                guided.setdefault(specialist, {})[slot] = counts_of(p.detail)
        for update in analysis.of_kind(GUIDELINE):
            specialist, slot = update.key.split("|", 1)
            guided.setdefault(specialist, {})[slot] = counts_of(update.detail)
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
                    p.specialist == specialist and p.confidence >= self._config.pattern_confidence
                    for p in merged.values()
                ):
                    decisions.append(say.canary_still_running(specialist, found[CANARY]))
                continue
            if specialist in deciding:
                continue
            production = by_number.get((specialist, found.get(PRODUCTION, -1)))
            current = [Guideline.of(g) for g in (production.guidelines if production else [])]
            proposal = propose(
                specialist,
                current,
                [p for p in merged.values() if p.specialist == specialist],
                threshold=self._config.pattern_confidence,
                guided=guided.get(specialist, {}),
                kind_counts=analysis.kind_counts,
                blocked=blocked,
            )
            decisions.extend(proposal.decisions)
            if proposal.edits:
                edits, author = await self._writer.write(specialist, current, proposal.edits)
                proposals[specialist] = (edits, author)
        return proposals, rolled_back
