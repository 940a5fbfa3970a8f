"""Saved workflows: a member's repeated tool sequence, saved under a name and run by it.

- The learning cycle notices a member repeating the same accepted tool sequence three
  times or more and offers it back once ("save as `weekly-cleanup`?"), with the steps of
  the latest such run.
- Saving makes version 1; a saved workflow runs by name ("run weekly-cleanup", "run
  workflow weekly-cleanup v2") as a `Plan` of its stored steps, which the orchestrator
  executes like any plan — every write still goes through the confirmation gate.
- Versions are immutable, like prompt versions; the `current` label points at the one that
  runs. `/improve` on a run of a workflow proposes the next version (the model edits the
  steps where one is configured, else simple rules: "without #x", "also #y", "#a instead
  of #b"); the member accepts it with a button (or runs it by its version number first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.learning.analysis.model import OfferCandidate
from bot.learning.workflows.blocks import proposal_blocks
from bot.learning.workflows.model_edit import StepEditor
from bot.learning.workflows.names import CURRENT, RUN_PATTERN, name_problem, subject_of
from bot.learning.workflows.offers import WorkflowOffers
from bot.learning.workflows.steps import plan_of
from bot.learning.workflows.versions import add_version
from bot.llm import ChatModel
from bot.messages import workflows as say
from bot.planning.plans import Plan
from storage.db import Database
from storage.models import utcnow
from storage.models.learning import SavedWorkflow, WorkflowOffer, WorkflowRun
from storage.repositories import learning as store


@dataclass(frozen=True)
class WorkflowMatch:
    name: str
    version: int
    workflow: SavedWorkflow


class WorkflowService:
    def __init__(
        self,
        database: Database,
        *,
        model: ChatModel | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._database = database
        self._clock = clock
        self._editor = StepEditor(model)
        self._offers = WorkflowOffers(database, clock=clock)

    # --- offers (made by the learning cycle) -------------------------------------------------

    async def steps_for_run(self, run_id: str) -> list[dict[str, Any]]:
        return await self._offers.steps_for_run(run_id)

    async def create_offers_in(
        self,
        session: AsyncSession,
        *,
        team_id: str,
        candidates: list[tuple[OfferCandidate, list[dict[str, Any]]]],
    ) -> list[WorkflowOffer]:
        return await self._offers.create_offers_in(session, team_id=team_id, candidates=candidates)

    async def save_offer(
        self, *, team_id: str, user_id: str, offer_id: int, name: str | None = None
    ) -> str:
        return await self._offers.save_offer(
            team_id=team_id, user_id=user_id, offer_id=offer_id, name=name
        )

    async def dismiss_offer(self, *, team_id: str, user_id: str, offer_id: int) -> str:
        return await self._offers.dismiss_offer(team_id=team_id, user_id=user_id, offer_id=offer_id)

    # --- saved workflows -----------------------------------------------------------------

    async def save(
        self,
        *,
        team_id: str,
        user_id: str,
        name: str,
        steps: list[dict[str, Any]],
        author: str | None = None,
        evidence: dict[str, Any] | None = None,
        note: str = "",
    ) -> SavedWorkflow:
        problem = name_problem(name)
        if problem:
            raise ValueError(problem)
        async with self._database.transaction() as session:
            if await store.workflow_versions(session, team_id=team_id, user_id=user_id, name=name):
                raise ValueError(f"there is already a workflow called {name}")
            return await add_version(
                session,
                team_id=team_id,
                user_id=user_id,
                name=name,
                steps=steps,
                parent=None,
                evidence=evidence or {},
                author=author or user_id,
                note=note,
                state=CURRENT,
                created_at=self._clock(),
            )

    async def workflows(self, *, team_id: str, user_id: str) -> list[SavedWorkflow]:
        """The member's workflows: the current version of each."""
        async with self._database.read() as session:
            rows = await store.workflows_of(session, team_id=team_id, user_id=user_id)
            labels = await store.labels_with_prefix(
                session, team_id=team_id, prefix=f"workflow:{user_id}:"
            )
        current = {label.subject: label.version for label in labels if label.label == CURRENT}
        return [w for w in rows if current.get(subject_of(user_id, w.name)) == w.number]

    async def get(
        self, *, team_id: str, user_id: str, name: str, version: int | None = None
    ) -> SavedWorkflow | None:
        async with self._database.read() as session:
            versions = await store.workflow_versions(
                session, team_id=team_id, user_id=user_id, name=name
            )
            labels = await store.labels_of(
                session, team_id=team_id, subject=subject_of(user_id, name)
            )
        wanted = version if version is not None else labels.get(CURRENT)
        return next((v for v in versions if v.number == wanted), None)

    async def match(self, *, team_id: str, user_id: str, text: str) -> WorkflowMatch | None:
        """The member's saved workflow this request asks to run ("run weekly-cleanup")."""
        found = RUN_PATTERN.match(text.strip())
        if not found:
            return None
        name = found.group(1).lower()
        version = int(found.group(2)) if found.group(2) else None
        workflow = await self.get(team_id=team_id, user_id=user_id, name=name, version=version)
        if workflow is None:
            return None
        return WorkflowMatch(name=name, version=workflow.number, workflow=workflow)

    async def start_run(
        self, *, team_id: str, user_id: str, name: str, run_id: str, version: int | None = None
    ) -> Plan | None:
        """The plan for a run of the workflow; remembers which version the run executes."""
        workflow = await self.get(team_id=team_id, user_id=user_id, name=name, version=version)
        if workflow is None:
            return None
        async with self._database.transaction() as session:
            await store.link_workflow_run(
                session,
                run_id=run_id,
                team_id=team_id,
                user_id=user_id,
                name=name,
                version=workflow.number,
            )
        return plan_of(workflow)

    async def workflow_of_run(self, run_id: str) -> WorkflowRun | None:
        async with self._database.read() as session:
            return await store.workflow_of_run(session, run_id=run_id)

    async def propose_next(
        self, *, team_id: str, user_id: str, run_id: str, text: str, feedback_id: int | None = None
    ) -> str | None:
        """`/improve` on a run of a workflow: store its next version as a proposal."""
        link = await self.workflow_of_run(run_id)
        if link is None or link.team_id != team_id or link.user_id != user_id:
            return None
        base = await self.get(team_id=team_id, user_id=user_id, name=link.name)
        if base is None:
            return None
        steps, changes, author = await self._editor.edit(list(base.steps), text)
        async with self._database.transaction() as session:
            proposal = await add_version(
                session,
                team_id=team_id,
                user_id=user_id,
                name=link.name,
                steps=steps,
                parent=base.number,
                evidence={"run": run_id, "feedback": feedback_id, "text": text[:500]},
                author=author,
                note=text,
                state="proposed",
                created_at=self._clock(),
                diff=changes,
            )
        described = "; ".join(c["description"] for c in changes) or say.NO_STEP_CHANGE
        return say.proposed(link.name, proposal.number, base.number, described)

    async def accept(self, *, team_id: str, user_id: str, name: str, number: int) -> str:
        async with self._database.transaction() as session:
            versions = await store.workflow_versions(
                session, team_id=team_id, user_id=user_id, name=name
            )
            chosen = next((v for v in versions if v.number == number), None)
            if chosen is None:
                return say.no_version(name, number)
            subject = subject_of(user_id, name)
            labels = await store.labels_of(session, team_id=team_id, subject=subject)
            previous = labels.get(CURRENT)
            if previous == number:
                return say.already_current(name, number)
            if not await store.move_label(
                session,
                team_id=team_id,
                subject=subject,
                label=CURRENT,
                version=number,
                by=user_id,
                expected=previous,
            ):
                return say.CHANGED_MEANWHILE
            await store.set_workflow_state(
                session, team_id=team_id, user_id=user_id, name=name, number=number, state=CURRENT
            )
            if previous is not None:
                await store.set_workflow_state(
                    session,
                    team_id=team_id,
                    user_id=user_id,
                    name=name,
                    number=previous,
                    state="superseded",
                )
        return say.now_current(name, number)

    def proposal_blocks(self, name: str, number: int, text: str) -> list[dict[str, Any]]:
        return proposal_blocks(name, number, text)
