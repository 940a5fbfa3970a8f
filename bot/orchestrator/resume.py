"""Resuming a run after a confirmation: the decided call, then the rest of the run.

The run is rebuilt from the database (its trace, specialist and request), so
a decision taken after a restart resumes just the same. A plan runs its
remaining steps; the model loop continues from its stored messages once no
call of the batch is still waiting.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.registry import ToolRegistry
from bot.llm import ModelUnavailable
from bot.messages import confirmations as say
from bot.orchestrator.act import ActStage
from bot.orchestrator.answer import AnswerStage
from bot.orchestrator.executor import StepExecutor
from bot.orchestrator.model_loop import ModelLoop, append_results
from bot.orchestrator.outcome import AWAITING, CANCELLED, StepOutcome
from bot.orchestrator.pending import PendingActions
from bot.orchestrator.request import Request
from bot.orchestrator.resume_state import outcomes_of, outcomes_state, steps_of
from bot.orchestrator.run_setup import RunSetup, execution_context
from bot.orchestrator.specialists import SpecialistRegistry
from bot.orchestrator.summary import summarise
from bot.orchestrator.thread_context import quotes_others
from bot.orchestrator.trace import RunTrace
from bot.planning.plans import PlannedStep
from bot.runtime.redaction import Redactor
from storage.db import Database
from storage.models import PendingAction
from storage.repositories import runs

logger = logging.getLogger(__name__)


class ResumeStage:
    def __init__(
        self,
        *,
        database: Database,
        redactor: Redactor,
        tools: ToolRegistry,
        specialists: SpecialistRegistry,
        executor: StepExecutor,
        model_loop: ModelLoop | None,
        retries: int,
        pending: PendingActions,
        act: ActStage,
        answer: AnswerStage,
    ) -> None:
        self._database = database
        self._redact = redactor
        self._tools = tools
        self._specialists = specialists
        self._executor = executor
        self._model_loop = model_loop
        self._retries = retries
        self._pending = pending
        self._act = act
        self._answer = answer

    async def resume(
        self, action: PendingAction, client: AsyncWebClient, *, confirmed: bool
    ) -> None:
        """Carry on with the run `action` belongs to, now that it has been decided."""
        async with self._database.read() as session:
            run = await runs.get_run(session, run_id=action.run_id)
        if run is None:
            return
        request = Request(
            team_id=run.team_id,
            user_id=run.user_id,
            channel_id=run.channel_id,
            text=run.request,
            ts=run.thread_ts or "",
            thread_ts=run.thread_ts,
            source=run.source,
        )
        trace = RunTrace.resumed(self._database, self._redact, run)
        agent = self._specialists.agent(run.team_id, run.specialist)
        execution = execution_context(request, trace, client, retries=self._retries)
        setup = RunSetup(trace=trace, agent=agent, execution=execution, request=request)
        try:
            await self._continue(setup, client, action, confirmed)
        except Exception as error:
            logger.exception("resuming run %s failed", run.id)
            await self._answer.apologise(setup, client, error)

    async def _continue(
        self, setup: RunSetup, client: AsyncWebClient, action: PendingAction, confirmed: bool
    ) -> None:
        state = action.resume
        outcomes = outcomes_of(state)
        outcomes[action.step_key] = await self._decided_outcome(setup, action, confirmed)
        state["outcomes"] = outcomes_state(outcomes)
        still_waiting = any(o.status == AWAITING for o in outcomes.values())
        if state["planner"] == "offline":
            await self._continue_plan(setup, client, state, outcomes)
            return
        if still_waiting:
            await self._pending.save_resume_state(setup.trace.run_id, state)
            return
        await self._continue_model(setup, client, state, outcomes)

    async def _decided_outcome(
        self, setup: RunSetup, action: PendingAction, confirmed: bool
    ) -> StepOutcome:
        """Run the confirmed call now (past the gate), or record it as not done."""
        step = PlannedStep(key=action.step_key, tool=action.tool, arguments=action.arguments)
        tool = self._tools.get(action.tool)
        if not confirmed or tool is None:
            why = say.CANCELLED_BY_MEMBER if not confirmed else say.INTEGRATION_GONE
            await setup.trace.record_step(
                kind="tool",
                step_key=step.key,
                tool=step.tool,
                arguments=step.arguments,
                summary=why,
                status=CANCELLED,
                success=False,
            )
            return StepOutcome(step.key, step.tool, CANCELLED, say.not_done(action.description))
        return await self._executor.execute(step, tool, dict(action.arguments), setup.execution)

    async def _continue_plan(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        state: dict[str, Any],
        outcomes: dict[str, StepOutcome],
    ) -> None:
        outcomes = await self._executor.run_plan(steps_of(state), setup.execution, outcomes)
        state["outcomes"] = outcomes_state(outcomes)
        if await self._pending.ask_for_confirmations(setup, client, outcomes, state):
            return
        await self._answer.reply_and_finish(
            setup,
            client,
            summarise(outcomes),
            outcomes,
            state.get("run_planner", "offline"),
            state["pattern"],
        )

    async def _continue_model(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        state: dict[str, Any],
        outcomes: dict[str, StepOutcome],
    ) -> None:
        assert self._model_loop is not None
        history: list[dict[str, Any]] = state["messages"]
        append_results(history, outcomes, state["call_ids"])
        execution = replace(setup.execution, use_learned_policy=not quotes_others(history))
        try:
            result = await self._model_loop.run(
                history, setup.agent, execution, turns_used=state["turns"], outcomes=outcomes
            )
        except ModelUnavailable:
            await setup.trace.degrade("model unavailable after confirmation → summary")
            await self._answer.reply_and_finish(
                setup, client, summarise(outcomes), outcomes, "model", state["pattern"]
            )
            return
        await self._act.conclude_model(setup, client, result)
