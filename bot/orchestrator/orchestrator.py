"""One run per request: admit, route, plan (model → offline → static), act, answer.

A run that reaches a call needing confirmation stops there: the call is stored
as a pending action with everything needed to resume, and the run continues
when the requester (or an admin) decides — also after a restart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot import messages
from bot.integrations.base import ToolContext
from bot.integrations.registry import ToolRegistry
from bot.llm import ChatModel, ModelUnavailable
from bot.orchestrator.availability import missing_integration_reply
from bot.orchestrator.budgets import WorkspaceBudgets
from bot.orchestrator.events import Event, EventBus, EventName
from bot.orchestrator.executor import (
    AWAITING,
    CANCELLED,
    DONE,
    FAILED,
    MAX_PARALLEL_STEPS,
    ExecutionContext,
    ProgressCallback,
    StepExecutor,
    StepOutcome,
)
from bot.orchestrator.model_loop import LoopResult, ModelLoop, append_results
from bot.orchestrator.resilience import RetryBudget
from bot.orchestrator.routing import Router
from bot.orchestrator.specialists import Specialist, SpecialistRegistry
from bot.orchestrator.thread_context import thread_messages
from bot.orchestrator.trace import RunTrace
from bot.orchestrator.undo import UndoService
from bot.planning.offline import plan_offline
from bot.planning.plans import Pattern, PatternRecord, Plan, PlannedStep, recommend_pattern
from bot.runtime.redaction import Redactor
from bot.surfaces.blocks import confirmation_blocks
from bot.surfaces.text import clean_text
from storage.db import Database
from storage.models import PendingAction, utcnow
from storage.repositories import pending as pending_store
from storage.repositories import runs

if TYPE_CHECKING:
    from bot.learning.loop import LearningLoop

logger = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 12_000

# The member's communication style for the system prompt: (team_id, user_id) -> lines.
StyleLookup = Callable[[str, str], Awaitable[str]]


@dataclass(frozen=True)
class Request:
    """A member's request, already stripped of the bot's mention."""

    team_id: str
    user_id: str
    channel_id: str
    text: str
    ts: str
    thread_ts: str | None = None
    source: str = "message"  # message, mention, assistant

    @property
    def reply_thread_ts(self) -> str:
        return self.thread_ts or self.ts

    @property
    def is_dm(self) -> bool:
        return self.channel_id.startswith("D")


@dataclass
class RunSetup:
    trace: RunTrace
    agent: Specialist
    execution: ExecutionContext
    request: Request


class Orchestrator:
    def __init__(
        self,
        *,
        database: Database,
        tools: ToolRegistry,
        specialists: SpecialistRegistry,
        router: Router,
        executor: StepExecutor,
        undo: UndoService,
        bus: EventBus,
        budgets: WorkspaceBudgets,
        redactor: Redactor,
        model: ChatModel | None,
        model_loop: ModelLoop | None,
        admin_users: list[str],
        retry_budget: int = 6,
        pending_ttl: timedelta = timedelta(minutes=15),
        style: StyleLookup | None = None,
        learning: LearningLoop | None = None,
    ) -> None:
        self._database = database
        self._tools = tools
        self._specialists = specialists
        self._router = router
        self._executor = executor
        self._undo = undo
        self._bus = bus
        self._budgets = budgets
        self._redact = redactor
        self._model = model
        self._model_loop = model_loop
        self._admins = set(admin_users)
        self._retry_budget = retry_budget
        self._pending_ttl = pending_ttl
        self._style = style
        # learned prompt versions, reply links for 👍/👎, and saved workflows
        self._learning = learning

    # --- a new request ------------------------------------------------------------

    async def handle(
        self, request: Request, client: AsyncWebClient, *, progress: ProgressCallback | None = None
    ) -> str:
        """Run the request to its end (or its first confirmation); returns the run id."""
        admission = await self._budgets.admit(request.team_id)
        if not admission.allowed:
            await self._poster(client, request).post(admission.reason or "Not now.")
            return ""
        try:
            return await self._run(request, client, progress)
        finally:
            await self._budgets.release(request.team_id)

    async def _run(
        self, request: Request, client: AsyncWebClient, progress: ProgressCallback | None
    ) -> str:
        text = self._redact(clean_text(request.text)).strip()
        if progress is not None:
            await progress(messages.WORKING_STATUS)
        setup = await self._start(request, text, client, progress)
        try:
            await self._plan_and_act(setup, text, client)
        except Exception as error:
            logger.exception("run %s failed", setup.trace.run_id)
            await self._finish(
                setup,
                status="failed",
                error_class=type(error).__name__,
                answer=messages.something_went_wrong(),
                planner=None,
            )
            await self._poster(client, request).post(messages.something_went_wrong())
        return setup.trace.run_id

    async def _start(
        self, request: Request, text: str, client: AsyncWebClient, progress: ProgressCallback | None
    ) -> RunSetup:
        trace = await RunTrace.start(
            self._database,
            self._redact,
            team_id=request.team_id,
            user_id=request.user_id,
            channel_id=request.channel_id,
            thread_ts=request.reply_thread_ts,
            source=request.source,
            request=text,
        )
        await self._publish(EventName.RUN_STARTED, request, {"run_id": trace.run_id})
        decision = await self._router.route(
            team_id=request.team_id,
            user_id=request.user_id,
            text=text,
            candidates=self._specialists.available(),
        )
        await trace.routed(
            specialist=decision.specialist,
            task_kind=decision.task_kind,
            routing=decision.as_trace(),
        )
        agent = self._specialists.agent(request.team_id, decision.specialist)
        agent = await self._with_learned_prompt(agent, trace)
        execution = self._execution(request, trace, client, progress)
        return RunSetup(trace=trace, agent=agent, execution=execution, request=request)

    async def _with_learned_prompt(self, agent: Specialist, trace: RunTrace) -> Specialist:
        """This run's prompt version (production, or canary by run id) and its guidelines."""
        if self._learning is None:
            return agent
        try:
            version, guidelines = await self._learning.prompt_for_run(
                trace.team_id, agent.config.name, trace.run_id
            )
        except Exception:  # the built-in prompt is always a safe fallback
            logger.exception("prompt version lookup failed for run %s", trace.run_id)
            return agent
        trace.note_prompt_version(version)
        # a copy for this run: the shared live agent keeps no run's guidelines
        return replace(agent, guidelines=guidelines) if guidelines else agent

    async def _run_workflow(self, setup: RunSetup, text: str, client: AsyncWebClient) -> bool:
        """ "run weekly-cleanup": the member's saved workflow, as a plan of its stored steps."""
        if self._learning is None:
            return False
        request = setup.request
        match = await self._learning.workflows.match(
            team_id=request.team_id, user_id=request.user_id, text=text
        )
        if match is None:
            return False
        plan = await self._learning.workflows.start_run(
            team_id=request.team_id,
            user_id=request.user_id,
            name=match.name,
            run_id=setup.trace.run_id,
            version=match.version,
        )
        if plan is None:
            return False
        await setup.trace.update(planner="workflow")
        setup.trace.note_reasoning(plan.reasoning)
        await self._execute_plan(setup, client, plan, planner="workflow")
        return True

    async def _execute_plan(
        self, setup: RunSetup, client: AsyncWebClient, plan: Plan, *, planner: str
    ) -> None:
        parallel = await self._parallelism_for(setup, plan)
        outcomes = await self._executor.run_plan(
            list(plan.steps), setup.execution, max_parallel=parallel
        )
        executed = plan.pattern if parallel > 1 else Pattern.DIRECT
        await self._conclude_plan(setup, client, plan, outcomes, executed, planner=planner)

    async def _remember_reply(self, setup: RunSetup, ts: str) -> None:
        """A 👍/👎 on this reply is feedback on this run."""
        if self._learning is None or not ts:
            return
        try:
            await self._learning.remember_reply(
                setup.request.team_id, setup.request.channel_id, ts, setup.trace.run_id
            )
        except Exception:
            logger.exception("could not link reply %s to run %s", ts, setup.trace.run_id)

    def _execution(
        self,
        request: Request,
        trace: RunTrace,
        client: AsyncWebClient,
        progress: ProgressCallback | None = None,
    ) -> ExecutionContext:
        """What the steps of this run act with: who asked, where, the clients, the budget."""
        return ExecutionContext(
            tool_context=ToolContext(
                team_id=request.team_id,
                user_id=request.user_id,
                channel_id=request.channel_id,
                slack=client,
                thread_ts=request.reply_thread_ts,
                run_id=trace.run_id,
            ),
            trace=trace,
            budget=RetryBudget(self._retry_budget),
            request_is_dm=request.is_dm,
            progress=progress,
        )

    async def _plan_and_act(self, setup: RunSetup, text: str, client: AsyncWebClient) -> None:
        if not text:
            await self._answer_only(setup, client, messages.empty_message_reply(), "static")
            return
        if len(text) > MAX_REQUEST_CHARS:
            await self._answer_only(
                setup, client, messages.message_too_long(MAX_REQUEST_CHARS), "static"
            )
            return
        if await self._run_workflow(setup, text, client):
            return
        missing = missing_integration_reply(text, self._tools)
        if missing is not None:
            await self._answer_only(setup, client, missing, "static")
            return
        if self._model_loop is not None:
            try:
                history = await thread_messages(
                    client, setup.request, text, setup.agent, self._redact
                )
                await self._apply_style(setup, history)
                setup.execution.use_learned_policy = not _quotes_others(history)
                result = await self._model_loop.run(history, setup.agent, setup.execution)
            except ModelUnavailable as error:
                await setup.trace.degrade(f"model unavailable ({error}) → offline planner")
            else:
                await self._conclude_model(setup, client, result)
                return
        await self._run_offline(setup, text, client)

    async def _apply_style(self, setup: RunSetup, history: list[dict[str, Any]]) -> None:
        """The member's learned or chosen style joins the system prompt of their run."""
        if self._style is None or not history or history[0].get("role") != "system":
            return
        try:
            lines = await self._style(setup.request.team_id, setup.request.user_id)
        except Exception:  # a style lookup must never stop a run
            logger.exception("style lookup failed for run %s", setup.trace.run_id)
            return
        if lines.strip():
            history[0] = {"role": "system", "content": setup.agent.prompt_with_style(lines)}

    async def _run_offline(self, setup: RunSetup, text: str, client: AsyncWebClient) -> None:
        await setup.trace.update(planner="offline")
        plan = plan_offline(
            text, available_tools=self._tools.names(), rules=self._tools.offline_rules()
        )
        if plan is None:
            await setup.trace.degrade("offline planner did not understand → static help")
            reply = (
                messages.offline_help(text)
                if self._model is None
                else messages.model_unavailable_help()
            )
            await self._answer_only(setup, client, reply, "static")
            return
        setup.trace.note_reasoning(plan.reasoning)
        if plan.intent == "undo":
            outcome = await self._undo.undo_latest(
                team_id=setup.request.team_id,
                user_id=setup.request.user_id,
                channel_id=setup.request.channel_id,
                client=client,
            )
            await self._answer_only(
                setup, client, outcome.message, "offline", failed=not outcome.ok
            )
            return
        if plan.intent == "help" or plan.reply:
            await self._answer_only(setup, client, plan.reply or messages.offline_help(), "offline")
            return
        await self._execute_plan(setup, client, plan, planner="offline")

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
            setup.trace.note_reasoning(
                "History recommends one step at a time for this kind "
                "of task; running the steps in order."
            )
            return 1
        return MAX_PARALLEL_STEPS

    # --- concluding ---------------------------------------------------------------

    async def _conclude_plan(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        plan: Plan,
        outcomes: dict[str, StepOutcome],
        executed: Pattern,
        *,
        planner: str = "offline",
    ) -> None:
        state = {
            "planner": "offline",  # resumes as a plan
            "run_planner": planner,  # what the run records: offline or workflow
            "pattern": executed.value,
            "steps": [_step_state(s) for s in plan.steps],
            "outcomes": {k: o.as_state() for k, o in outcomes.items()},
        }
        if await self._ask_for_confirmations(setup, client, outcomes, state):
            return
        answer = _summarise(outcomes)
        await self._reply_and_finish(setup, client, answer, outcomes, planner, executed.value)

    async def _conclude_model(
        self, setup: RunSetup, client: AsyncWebClient, result: LoopResult
    ) -> None:
        pattern = _pattern_of(result.outcomes)
        state = {
            "planner": "model",
            "pattern": pattern,
            "messages": result.messages,
            "call_ids": result.call_ids,
            "turns": result.turns,
            "outcomes": {k: o.as_state() for k, o in result.outcomes.items()},
        }
        if result.waiting and await self._ask_for_confirmations(
            setup, client, result.outcomes, state
        ):
            return
        answer = self._redact(clean_text(result.answer)) or _summarise(result.outcomes)
        await self._reply_and_finish(
            setup, client, answer, result.outcomes, "model", pattern, failed=result.limit_hit
        )

    async def _ask_for_confirmations(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        outcomes: dict[str, StepOutcome],
        state: dict[str, Any],
    ) -> bool:
        fresh = [o for o in outcomes.values() if o.status == AWAITING and o.confirmation]
        waiting = [o for o in outcomes.values() if o.status == AWAITING]
        if not waiting:
            return False
        poster = self._poster(client, setup.request)
        done = [o for o in outcomes.values() if o.status == DONE]
        if done and fresh:
            summary = _with_auto_notes(_summarise({o.key: o for o in done}), done)
            await poster.post(summary, _undoables(done))
        for outcome in fresh:
            await self._create_pending(setup, client, outcome, state)
        await self._update_resume_state(setup.trace.run_id, state)
        await setup.trace.update(status="waiting")
        return True

    async def _create_pending(
        self, setup: RunSetup, client: AsyncWebClient, outcome: StepOutcome, state: dict[str, Any]
    ) -> None:
        assert outcome.confirmation is not None
        description, reason = outcome.confirmation
        tool = self._tools.get(outcome.tool)
        request = setup.request
        action = PendingAction(
            run_id=setup.trace.run_id,
            step_key=outcome.key,
            team_id=request.team_id,
            requester=request.user_id,
            channel_id=request.channel_id,
            thread_ts=request.reply_thread_ts,
            tool=outcome.tool,
            arguments=outcome.data.get("arguments", {}),
            description=description,
            risk=tool.risk.value if tool else "write",
            resume=state,
            expires_at=utcnow() + self._pending_ttl,
        )
        async with self._database.transaction() as session:
            action_id = await pending_store.create_pending(session, action)
        minutes = int(self._pending_ttl.total_seconds() // 60)
        blocks = confirmation_blocks(
            action_id=action_id,
            description=description,
            reason=reason,
            requester=request.user_id,
            minutes=minutes,
            # Only where the action could ever run unasked: reversible, in an untainted run.
            offer_always=tool is not None and tool.undo is not None and not setup.trace.tainted,
        )
        ts = await self._poster(client, request).post_blocks(f"Confirm: {description}", blocks)
        async with self._database.transaction() as session:
            await pending_store.set_message_ts(session, action_id=action_id, message_ts=ts)
            decided = await pending_store.get_pending(session, action_id=action_id)
        # A click can land between posting and recording the ts; then mark it decided here.
        if decided is not None and decided.status in ("confirmed", "cancelled"):
            await self._mark_decided(decided, client, decided.status, decided.decided_by or "")

    async def _reply_and_finish(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        answer: str,
        outcomes: dict[str, StepOutcome],
        planner: str,
        pattern: str,
        *,
        failed: bool = False,
    ) -> None:
        done = [o for o in outcomes.values() if o.status == DONE]
        answer = _with_auto_notes(answer, done)
        ts = await self._poster(client, setup.request).post(answer, _undoables(done))
        await self._remember_reply(setup, ts)
        any_failed = failed or any(o.status == FAILED for o in outcomes.values())
        error = next((o.error_class for o in outcomes.values() if o.status == FAILED), None)
        await self._finish(
            setup,
            status="failed" if any_failed else "succeeded",
            error_class=error,
            answer=answer,
            planner=planner,
            pattern=pattern,
        )

    async def _answer_only(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        answer: str,
        planner: str,
        *,
        failed: bool = False,
    ) -> None:
        ts = await self._poster(client, setup.request).post(answer)
        await self._remember_reply(setup, ts)
        await self._finish(
            setup,
            status="failed" if failed else "succeeded",
            answer=answer,
            planner=planner,
            pattern="direct",
        )

    async def _finish(
        self,
        setup: RunSetup,
        *,
        status: str,
        answer: str,
        planner: str | None,
        pattern: str | None = None,
        error_class: str | None = None,
    ) -> None:
        trace = setup.trace

        async def record_pattern(session: AsyncSession) -> None:
            if pattern is not None:
                await runs.record_execution(
                    session,
                    team_id=setup.request.team_id,
                    task_kind=trace.task_kind,
                    pattern=pattern,
                    succeeded=status == "succeeded",
                    duration_ms=(time.perf_counter() - trace.started) * 1000,
                )

        elapsed = await trace.finish(
            status=status,
            answer=answer,
            error_class=error_class,
            pattern=pattern,
            planner=planner,
            extra=record_pattern,
        )
        name = EventName.RUN_COMPLETED if status == "succeeded" else EventName.RUN_FAILED
        await self._publish(
            name,
            setup.request,
            {
                "run_id": setup.trace.run_id,
                "status": status,
                "error_class": error_class,
                "specialist": setup.agent.config.name,
                "duration_ms": round(elapsed, 3),
                "retries": setup.trace.retries,
                "cost_usd": round(setup.trace.cost_usd, 6),
            },
        )

    # --- confirmations ------------------------------------------------------------

    async def decide(
        self,
        *,
        action_id: int,
        user_id: str,
        confirm: bool,
        client: AsyncWebClient,
        always: bool = False,
    ) -> str | None:
        """Confirm or cancel a pending action; returns a refusal for the clicker, if any.

        `always` ("Always do this") confirms and, when the requester clicks it, tells the
        preference learner to stop asking them for this kind of action (an explicit
        setting, published with the decision). An admin deciding for someone else
        confirms only: one member's choices never set another's preferences.
        """
        confirm = confirm or always
        async with self._database.read() as session:
            action = await pending_store.get_pending(session, action_id=action_id)
        if action is None:
            return "That request no longer exists."
        if user_id != action.requester and user_id not in self._admins:
            return f"Only <@{action.requester}> (who asked) or an admin can confirm or cancel this."
        if action.status != "pending":
            return f"This request was already {action.status}."
        if _aware(action.expires_at) <= utcnow():
            await self._expire(action, client)
            return "This request expired before it was confirmed; nothing was done. Ask again."
        status = "confirmed" if confirm else "cancelled"
        tool = self._tools.get(action.tool)
        reversible = tool is not None and tool.undo is not None
        always = always and confirm and user_id == action.requester and reversible
        async with self._database.transaction() as session:
            if not await pending_store.decide(
                session, action_id=action_id, status=status, decided_by=user_id
            ):
                return "Someone decided this request a moment ago."
        await self._mark_decided(action, client, status, user_id, always=always)
        await self._bus.publish(
            Event(
                name=EventName.ACTION_CONFIRMED,
                team_id=action.team_id,
                actor=user_id,
                data={
                    "pending_id": action_id,
                    "run_id": action.run_id,
                    "tool": action.tool,
                    "decision": status,
                    "requester": action.requester,
                    "always": always,
                },
            )
        )
        await self._resume(action, client, confirmed=confirm)
        return None

    async def _expire(self, action: PendingAction, client: AsyncWebClient) -> None:
        assert action.id is not None
        async with self._database.transaction() as session:
            await pending_store.decide(
                session, action_id=action.id, status="expired", decided_by="system"
            )
        await self._edit_confirmation(
            action, client, f":hourglass: Expired — nothing was done: {action.description}"
        )

    async def _mark_decided(
        self,
        action: PendingAction,
        client: AsyncWebClient,
        status: str,
        user_id: str,
        *,
        always: bool = False,
    ) -> None:
        if not action.message_ts and action.id is not None:  # posted a moment ago?
            async with self._database.read() as session:
                action = await pending_store.get_pending(session, action_id=action.id) or action
        mark = ":white_check_mark: Confirmed" if status == "confirmed" else ":x: Cancelled"
        text = f"{mark} by <@{user_id}>: {action.description}"
        if always:
            text += (
                f"\n_From now on I'll do `{action.tool}` for you without asking "
                "(unless a request read outside content) — `/prefs` to change._"
            )
        await self._edit_confirmation(action, client, text)

    async def _edit_confirmation(
        self, action: PendingAction, client: AsyncWebClient, text: str
    ) -> None:
        if not action.message_ts:
            return
        try:
            await client.chat_update(
                channel=action.channel_id,
                ts=action.message_ts,
                text=text,
                blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
            )
        except SlackApiError as error:
            logger.warning(
                "could not update confirmation %s: %s", action.id, error.response.get("error")
            )

    async def _resume(
        self, action: PendingAction, client: AsyncWebClient, *, confirmed: bool
    ) -> None:
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
        execution = self._execution(request, trace, client)
        setup = RunSetup(trace=trace, agent=agent, execution=execution, request=request)
        try:
            await self._continue(setup, client, action, confirmed)
        except Exception as error:
            logger.exception("resuming run %s failed", run.id)
            await self._finish(
                setup,
                status="failed",
                error_class=type(error).__name__,
                answer=messages.something_went_wrong(),
                planner=None,
            )
            await self._poster(client, request).post(messages.something_went_wrong())

    async def _continue(
        self, setup: RunSetup, client: AsyncWebClient, action: PendingAction, confirmed: bool
    ) -> None:
        state = action.resume
        outcomes = {k: StepOutcome.from_state(v) for k, v in state["outcomes"].items()}
        outcomes[action.step_key] = await self._decided_outcome(setup, action, confirmed)
        state["outcomes"] = {k: o.as_state() for k, o in outcomes.items()}
        still_waiting = any(o.status == AWAITING for o in outcomes.values())
        if state["planner"] == "offline":
            await self._continue_plan(setup, client, state, outcomes)
            return
        if still_waiting:
            await self._update_resume_state(setup.trace.run_id, state)
            return
        await self._continue_model(setup, client, state, outcomes)

    async def _decided_outcome(
        self, setup: RunSetup, action: PendingAction, confirmed: bool
    ) -> StepOutcome:
        step = PlannedStep(key=action.step_key, tool=action.tool, arguments=action.arguments)
        tool = self._tools.get(action.tool)
        if not confirmed or tool is None:
            why = "cancelled by the member" if not confirmed else "its integration is gone"
            await setup.trace.record_step(
                kind="tool",
                step_key=step.key,
                tool=step.tool,
                arguments=step.arguments,
                summary=why,
                status=CANCELLED,
                success=False,
            )
            return StepOutcome(step.key, step.tool, CANCELLED, f"Not done: {action.description}")
        return await self._executor.execute(step, tool, dict(action.arguments), setup.execution)

    async def _continue_plan(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        state: dict[str, Any],
        outcomes: dict[str, StepOutcome],
    ) -> None:
        steps = [
            PlannedStep(
                key=s["key"],
                tool=s["tool"],
                arguments=s["arguments"],
                depends_on=tuple(s["depends_on"]),
                aggregate=s["aggregate"],
            )
            for s in state["steps"]
        ]
        outcomes = await self._executor.run_plan(steps, setup.execution, outcomes)
        state["outcomes"] = {k: o.as_state() for k, o in outcomes.items()}
        if await self._ask_for_confirmations(setup, client, outcomes, state):
            return
        await self._reply_and_finish(
            setup,
            client,
            _summarise(outcomes),
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
        setup.execution.use_learned_policy = not _quotes_others(history)
        try:
            result = await self._model_loop.run(
                history, setup.agent, setup.execution, turns_used=state["turns"], outcomes=outcomes
            )
        except ModelUnavailable:
            await setup.trace.degrade("model unavailable after confirmation → summary")
            await self._reply_and_finish(
                setup, client, _summarise(outcomes), outcomes, "model", state["pattern"]
            )
            return
        await self._conclude_model(setup, client, result)

    # --- helpers --------------------------------------------------------------------

    async def _update_resume_state(self, run_id: str, state: dict[str, Any]) -> None:
        async with self._database.transaction() as session:
            await pending_store.update_resume(session, run_id=run_id, resume=state)

    async def _publish(self, name: EventName, request: Request, data: dict[str, Any]) -> None:
        await self._bus.publish(
            Event(name=name, team_id=request.team_id, actor=request.user_id, data=data)
        )

    def _poster(self, client: AsyncWebClient, request: Request) -> Any:
        from bot.orchestrator.replies import ReplyPoster

        return ReplyPoster(
            client,
            channel=request.channel_id,
            thread_ts=request.reply_thread_ts,
            team_id=request.team_id,
            user_id=request.user_id,
        )


def _summarise(outcomes: dict[str, StepOutcome]) -> str:
    lines = []
    for outcome in outcomes.values():
        if outcome.status == DONE:
            lines.append(f":white_check_mark: {outcome.summary}")
        elif outcome.status == FAILED:
            lines.append(f":warning: I couldn't do that: {outcome.summary}")
        elif outcome.status == CANCELLED:
            lines.append(f":x: {outcome.summary}")
        elif outcome.status == "skipped":
            lines.append(f":fast_forward: Not done, {outcome.summary}.")
    return "\n".join(lines) or "Nothing to do."


def _with_auto_notes(answer: str, done: list[StepOutcome]) -> str:
    """Say which actions ran without a confirmation, and why (once per distinct reason)."""
    notes: list[str] = []
    for outcome in done:
        if outcome.auto_reason:
            note = messages.done_without_asking(outcome.auto_reason)
            if note not in notes and note not in answer:
                notes.append(note)
    if not notes:
        return answer
    return answer + "\n" + "\n".join(f":zap: _{note}_" for note in notes)


def _quotes_others(history: list[dict[str, Any]]) -> bool:
    """Whether the model's context carries other people's words (their thread replies).

    Such words are outside content: no call may then run on the member's learned
    policy alone, so an injected "archive #x" can never skip the confirmation.
    """
    return any(
        turn.get("role") == "user" and str(turn.get("content") or "").startswith("<data source=")
        for turn in history
    )


def _undoables(outcomes: list[StepOutcome]) -> list[tuple[int, str]]:
    return [
        (o.undo_entry_id, o.undo_label or o.summary)
        for o in outcomes
        if o.undo_entry_id is not None
    ]


def _pattern_of(outcomes: dict[str, StepOutcome]) -> str:
    batches = {key.split("_")[0] for key in outcomes}
    if len(outcomes) <= 1:
        return "direct"
    return "parallel" if len(batches) == 1 else "graph"


def _step_state(step: PlannedStep) -> dict[str, Any]:
    return {
        "key": step.key,
        "tool": step.tool,
        "arguments": step.arguments,
        "depends_on": list(step.depends_on),
        "aggregate": step.aggregate,
    }


def _aware(moment: Any) -> Any:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
