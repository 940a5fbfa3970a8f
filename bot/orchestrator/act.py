"""The act stage: run a plan's steps (or conclude the model loop's), then ask or answer.

A plan runs its independent steps concurrently unless the history of this
kind of task says one at a time does better. When steps wait for a
confirmation the run pauses as pending actions; otherwise it answers.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import run as say
from bot.orchestrator.answer import AnswerStage
from bot.orchestrator.executor import MAX_PARALLEL_STEPS, StepExecutor
from bot.orchestrator.model_loop import LoopResult
from bot.orchestrator.outcome import StepOutcome
from bot.orchestrator.pending import PendingActions
from bot.orchestrator.resume_state import model_state, plan_state
from bot.orchestrator.run_setup import RunSetup
from bot.orchestrator.summary import summarise
from bot.planning.plans import Pattern, PatternRecord, Plan, recommend_pattern
from bot.runtime.redaction import Redactor
from bot.surfaces.text import clean_text
from storage.db import Database
from storage.repositories import runs


class ActStage:
    def __init__(
        self,
        *,
        database: Database,
        executor: StepExecutor,
        redactor: Redactor,
        pending: PendingActions,
        answer: AnswerStage,
    ) -> None:
        self._database = database
        self._executor = executor
        self._redact = redactor
        self._pending = pending
        self._answer = answer

    async def execute_plan(
        self, setup: RunSetup, client: AsyncWebClient, plan: Plan, *, planner: str
    ) -> None:
        """Run an offline or saved-workflow plan to its answer or its first confirmation."""
        parallel = await self._parallelism_for(setup, plan)
        outcomes = await self._executor.run_plan(
            list(plan.steps), setup.execution, max_parallel=parallel
        )
        executed = plan.pattern if parallel > 1 else Pattern.DIRECT
        state = plan_state(plan, outcomes, executed, planner)
        if await self._pending.ask_for_confirmations(setup, client, outcomes, state):
            return
        await self._answer.reply_and_finish(
            setup, client, summarise(outcomes), outcomes, planner, executed.value
        )

    async def conclude_model(
        self, setup: RunSetup, client: AsyncWebClient, result: LoopResult
    ) -> None:
        """The model loop stopped: ask about its waiting calls, or post its answer."""
        pattern = pattern_of(result.outcomes)
        state = model_state(result, pattern)
        if result.waiting and await self._pending.ask_for_confirmations(
            setup, client, result.outcomes, state
        ):
            return
        answer = self._redact(clean_text(result.answer)) or summarise(result.outcomes)
        await self._answer.reply_and_finish(
            setup, client, answer, result.outcomes, "model", pattern, failed=result.limit_hit
        )

    async def _parallelism_for(self, setup: RunSetup, plan: Plan) -> int:
        """Run independent steps concurrently unless history says one at a time does better."""
        if plan.pattern is Pattern.DIRECT:
            return 1
        async with self._database.read() as session:
            run = await runs.get_run(session, run_id=setup.trace.run_id)
            stats = await runs.execution_stats(
                session, team_id=setup.request.team_id, task_kind=run.task_kind if run else ""
            )
        records = [
            PatternRecord(s.pattern, s.runs, s.successes, s.failures, s.total_ms) for s in stats
        ]
        recommended = recommend_pattern(records)
        if recommended is Pattern.DIRECT:
            setup.trace.note_reasoning(say.ONE_STEP_AT_A_TIME)
            return 1
        return MAX_PARALLEL_STEPS


def pattern_of(outcomes: dict[str, StepOutcome]) -> str:
    """How the model's calls ran: one call, one batch of several, or batches in turn."""
    batches = {key.split("_")[0] for key in outcomes}
    if len(outcomes) <= 1:
        return "direct"
    return "parallel" if len(batches) == 1 else "graph"
