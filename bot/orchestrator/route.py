"""The route stage: open the run's trace and choose the specialist that will answer.

The specialist gets this run's prompt version (production, or canary by run
id) with its learned guidelines, on a copy: the shared live agent keeps none
of one run's guidelines.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot.orchestrator.events import Event, EventBus, EventName
from bot.orchestrator.execution import ProgressCallback
from bot.orchestrator.request import Request
from bot.orchestrator.routing import Router
from bot.orchestrator.run_setup import RunSetup, execution_context
from bot.orchestrator.specialists import Specialist, SpecialistRegistry
from bot.orchestrator.trace import RunTrace
from bot.runtime.redaction import Redactor
from storage.db import Database

if TYPE_CHECKING:
    from bot.learning.loop import LearningLoop

logger = logging.getLogger(__name__)


class RouteStage:
    def __init__(
        self,
        *,
        database: Database,
        redactor: Redactor,
        bus: EventBus,
        router: Router,
        specialists: SpecialistRegistry,
        learning: LearningLoop | None,
        retries: int,
    ) -> None:
        self._database = database
        self._redact = redactor
        self._bus = bus
        self._router = router
        self._specialists = specialists
        self._learning = learning  # learned prompt versions
        self._retries = retries

    async def start(
        self, request: Request, text: str, client: AsyncWebClient, progress: ProgressCallback | None
    ) -> RunSetup:
        """Start the run's trace, publish `run_started`, route, and set the run up."""
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
        await self._bus.publish(
            Event(
                name=EventName.RUN_STARTED,
                team_id=request.team_id,
                actor=request.user_id,
                data={"run_id": trace.run_id},
            )
        )
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
        execution = execution_context(
            request, trace, client, retries=self._retries, progress=progress
        )
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
