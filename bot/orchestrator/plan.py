"""The plan stage: how a request gets its plan, tried in order.

1. Refusals that need no plan: an empty or too long message.
2. The member's saved workflow ("run weekly-cleanup"), as a plan of its stored steps.
3. A clear reply when the request needs an integration that isn't connected.
4. The model loop, with the thread as context and the member's style in the prompt.
5. When there is no model, or it is unavailable: the offline planner, then static help.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.integrations.registry import ToolRegistry
from bot.llm import ChatModel, ModelUnavailable
from bot.orchestrator.act import ActStage
from bot.orchestrator.answer import AnswerStage
from bot.orchestrator.availability import missing_integration_reply
from bot.orchestrator.model_loop import ModelLoop
from bot.orchestrator.run_setup import RunSetup
from bot.orchestrator.thread_context import quotes_others, thread_messages
from bot.orchestrator.undo import UndoService
from bot.planning.offline import plan_offline
from bot.runtime.redaction import Redactor

if TYPE_CHECKING:
    from bot.learning.loop import LearningLoop

logger = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 12_000

# The member's communication style for the system prompt: (team_id, user_id) -> lines.
StyleLookup = Callable[[str, str], Awaitable[str]]


class PlanStage:
    def __init__(
        self,
        *,
        tools: ToolRegistry,
        model: ChatModel | None,
        model_loop: ModelLoop | None,
        undo: UndoService,
        redactor: Redactor,
        style: StyleLookup | None,
        learning: LearningLoop | None,
        act: ActStage,
        answer: AnswerStage,
    ) -> None:
        self._tools = tools
        self._model = model
        self._model_loop = model_loop
        self._undo = undo
        self._redact = redactor
        self._style = style
        self._learning = learning  # saved workflows
        self._act = act
        self._answer = answer

    async def plan_and_act(self, setup: RunSetup, text: str, client: AsyncWebClient) -> None:
        if not text:
            await self._answer.answer_only(setup, client, messages.empty_message_reply(), "static")
            return
        if len(text) > MAX_REQUEST_CHARS:
            await self._answer.answer_only(
                setup, client, messages.message_too_long(MAX_REQUEST_CHARS), "static"
            )
            return
        if await self._run_workflow(setup, text, client):
            return
        missing = missing_integration_reply(text, self._tools)
        if missing is not None:
            await self._answer.answer_only(setup, client, missing, "static")
            return
        if self._model_loop is not None:
            try:
                history = await thread_messages(
                    client, setup.request, text, setup.agent, self._redact
                )
                await self._apply_style(setup, history)
                execution = replace(setup.execution, use_learned_policy=not quotes_others(history))
                result = await self._model_loop.run(history, setup.agent, execution)
            except ModelUnavailable as error:
                await setup.trace.degrade(f"model unavailable ({error}) → offline planner")
            else:
                await self._act.conclude_model(setup, client, result)
                return
        await self._run_offline(setup, text, client)

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
        await self._act.execute_plan(setup, client, plan, planner="workflow")
        return True

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
            await self._answer.answer_only(setup, client, reply, "static")
            return
        setup.trace.note_reasoning(plan.reasoning)
        if plan.intent == "undo":
            outcome = await self._undo.undo_latest(
                team_id=setup.request.team_id,
                user_id=setup.request.user_id,
                channel_id=setup.request.channel_id,
                client=client,
            )
            await self._answer.answer_only(
                setup, client, outcome.message, "offline", failed=not outcome.ok
            )
            return
        if plan.intent == "help" or plan.reply:
            await self._answer.answer_only(
                setup, client, plan.reply or messages.offline_help(), "offline"
            )
            return
        await self._act.execute_plan(setup, client, plan, planner="offline")
