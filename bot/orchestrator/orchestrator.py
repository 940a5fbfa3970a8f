"""One run per request, in stages: admit, route, plan, act, answer.

    admit   bot/orchestrator/admit.py   budgets: may a run start now?
    route   bot/orchestrator/route.py   the run's trace, its specialist and prompt version
    plan    bot/orchestrator/plan.py    saved workflow → model loop → offline planner → help
    act     bot/orchestrator/act.py     run the plan's steps; stop at calls needing a yes
    answer  bot/orchestrator/answer.py  post the answer, record how the run ended

A run that reaches a call needing confirmation stops there: the call is stored
as a pending action with everything needed to resume (`pending.py`), and the
run continues when the requester (or an admin) decides (`decide.py`,
`resume.py`) — also after a restart.

`Orchestrator` only wires the stages together and is what handlers call.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.integrations.registry import ToolRegistry
from bot.llm import ChatModel
from bot.orchestrator.act import ActStage
from bot.orchestrator.admit import AdmitStage
from bot.orchestrator.answer import AnswerStage
from bot.orchestrator.budgets import WorkspaceBudgets
from bot.orchestrator.decide import ConfirmationDecider
from bot.orchestrator.events import EventBus
from bot.orchestrator.execution import ProgressCallback
from bot.orchestrator.executor import StepExecutor
from bot.orchestrator.model_loop import ModelLoop
from bot.orchestrator.pending import PendingActions
from bot.orchestrator.plan import PlanStage, StyleLookup
from bot.orchestrator.request import Request
from bot.orchestrator.resume import ResumeStage
from bot.orchestrator.route import RouteStage
from bot.orchestrator.routing import Router
from bot.orchestrator.specialists import SpecialistRegistry
from bot.orchestrator.undo import UndoService
from bot.runtime.redaction import Redactor
from storage.db import Database

if TYPE_CHECKING:
    from bot.learning.loop import LearningLoop

logger = logging.getLogger(__name__)


class Orchestrator:
    """Runs members' requests and the decisions on their pending actions."""

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
        """`learning` brings learned prompt versions, reply links for 👍/👎 and saved
        workflows; `style` the member's communication style for their runs' prompt."""
        self._admit = AdmitStage(budgets=budgets, redactor=redactor)
        self._route = RouteStage(
            database=database,
            redactor=redactor,
            bus=bus,
            router=router,
            specialists=specialists,
            learning=learning,
            retries=retry_budget,
        )
        self._answer = AnswerStage(bus=bus, learning=learning)
        pending = PendingActions(database=database, tools=tools, ttl=pending_ttl)
        act = ActStage(
            database=database,
            executor=executor,
            redactor=redactor,
            pending=pending,
            answer=self._answer,
        )
        self._plan = PlanStage(
            tools=tools,
            model=model,
            model_loop=model_loop,
            undo=undo,
            redactor=redactor,
            style=style,
            learning=learning,
            act=act,
            answer=self._answer,
        )
        resume = ResumeStage(
            database=database,
            redactor=redactor,
            tools=tools,
            specialists=specialists,
            executor=executor,
            model_loop=model_loop,
            retries=retry_budget,
            pending=pending,
            act=act,
            answer=self._answer,
        )
        self._decider = ConfirmationDecider(
            tools=tools, admins=set(admin_users), bus=bus, pending=pending, resume=resume
        )

    async def handle(
        self, request: Request, client: AsyncWebClient, *, progress: ProgressCallback | None = None
    ) -> str:
        """Run the request to its end (or its first confirmation); returns the run id."""
        if not await self._admit.admit(request, client):
            return ""
        try:
            return await self._run(request, client, progress)
        finally:
            await self._admit.release(request)

    async def _run(
        self, request: Request, client: AsyncWebClient, progress: ProgressCallback | None
    ) -> str:
        text = self._admit.request_text(request)
        if progress is not None:
            await progress(messages.WORKING_STATUS)
        setup = await self._route.start(request, text, client, progress)
        try:
            await self._plan.plan_and_act(setup, text, client)
        except Exception as error:
            logger.exception("run %s failed", setup.trace.run_id)
            await self._answer.apologise(setup, client, error)
        return setup.trace.run_id

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
        return await self._decider.decide(
            action_id=action_id, user_id=user_id, confirm=confirm, client=client, always=always
        )
