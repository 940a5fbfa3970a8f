"""The answer stage: post the run's answer in its thread, then record how the run ended.

Every run ends here, whatever path it took: an answer with undo buttons and
"done without asking" notes, a plain answer, or an apology when something broke.
Ending a run finishes its trace, records how its pattern did (for choosing
patterns later) and publishes `run_completed` or `run_failed`.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot import messages
from bot.orchestrator.events import Event, EventBus, EventName
from bot.orchestrator.outcome import DONE, FAILED, StepOutcome
from bot.orchestrator.replies import poster_for
from bot.orchestrator.run_setup import RunSetup
from bot.orchestrator.summary import undoables, with_auto_notes
from storage.repositories import runs

if TYPE_CHECKING:
    from bot.learning.loop import LearningLoop

logger = logging.getLogger(__name__)


class AnswerStage:
    def __init__(self, *, bus: EventBus, learning: LearningLoop | None) -> None:
        self._bus = bus
        # links replies to runs, so a 👍/👎 on a reply is feedback on its run
        self._learning = learning

    async def reply_and_finish(
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
        """The answer after acting: undo buttons for what was done, failed if a step failed."""
        done = [o for o in outcomes.values() if o.status == DONE]
        answer = with_auto_notes(answer, done)
        ts = await poster_for(client, setup.request).post(answer, undoables(done))
        await self._remember_reply(setup, ts)
        any_failed = failed or any(o.status == FAILED for o in outcomes.values())
        error = next((o.error_class for o in outcomes.values() if o.status == FAILED), None)
        await self.finish(
            setup,
            status="failed" if any_failed else "succeeded",
            error_class=error,
            answer=answer,
            planner=planner,
            pattern=pattern,
        )

    async def answer_only(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        answer: str,
        planner: str,
        *,
        failed: bool = False,
    ) -> None:
        """An answer with no steps behind it: help, a refusal, an undo's outcome."""
        ts = await poster_for(client, setup.request).post(answer)
        await self._remember_reply(setup, ts)
        await self.finish(
            setup,
            status="failed" if failed else "succeeded",
            answer=answer,
            planner=planner,
            pattern="direct",
        )

    async def apologise(self, setup: RunSetup, client: AsyncWebClient, error: Exception) -> None:
        """The run broke: record it as failed and say sorry in the thread."""
        await self.finish(
            setup,
            status="failed",
            error_class=type(error).__name__,
            answer=messages.something_went_wrong(),
            planner=None,
        )
        await poster_for(client, setup.request).post(messages.something_went_wrong())

    async def finish(
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
        await self._bus.publish(
            Event(
                name=EventName.RUN_COMPLETED if status == "succeeded" else EventName.RUN_FAILED,
                team_id=setup.request.team_id,
                actor=setup.request.user_id,
                data={
                    "run_id": trace.run_id,
                    "status": status,
                    "error_class": error_class,
                    "specialist": setup.agent.config.name,
                    "duration_ms": round(elapsed, 3),
                    "retries": trace.retries,
                    "cost_usd": round(trace.cost_usd, 6),
                },
            )
        )

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
