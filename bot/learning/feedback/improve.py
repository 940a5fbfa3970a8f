"""`/improve <text>` (or its modal): feedback in words on the member's latest run here.

The answer says what was recorded and when the next learning cycle will consider it;
on a run of a saved workflow, `/improve` also proposes the workflow's next version."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from bot.learning.config import LearningConfig
from bot.learning.feedback.modal import (
    MAX_TEXT,
    ModalOutcome,
    RunSummary,
    modal_errors,
    modal_text,
    run_summary,
    short,
    when,
)
from bot.learning.feedback.record import FeedbackRecord
from bot.learning.feedback.signals import improve_signal
from bot.learning.utc import aware
from bot.learning.workflows.service import WorkflowService
from bot.messages import learning as say
from bot.runtime.redaction import Redactor
from storage.db import Database
from storage.repositories import learning as store
from storage.repositories import runs as run_store

RecordFeedback = Callable[..., Awaitable[FeedbackRecord | None]]


class ImproveRecorder:
    """`/improve`: the member's words on their latest run here, recorded by `record`."""

    def __init__(
        self,
        database: Database,
        *,
        record: RecordFeedback,
        config: LearningConfig,
        workflows: WorkflowService | None,
        redactor: Redactor,
        clock: Callable[[], datetime],
    ) -> None:
        self._database = database
        self._record = record
        self._config = config
        self._workflows = workflows
        self._redact = redactor
        self._clock = clock

    async def improve_target(
        self, *, team_id: str, user_id: str, channel_id: str, thread_ts: str | None = None
    ) -> RunSummary | None:
        """The run `/improve` here would be about: the member's latest in the thread or channel."""
        async with self._database.read() as session:
            run = await store.latest_run_for(
                session,
                team_id=team_id,
                user_id=user_id,
                channel_id=channel_id,
                thread_ts=thread_ts,
            )
        return run_summary(run) if run is not None else None

    async def improve(
        self,
        *,
        team_id: str,
        user_id: str,
        channel_id: str,
        thread_ts: str | None,
        text: str,
        run_id: str | None = None,
    ) -> str:
        """Record `/improve <text>` on the member's latest run here; say what and when."""
        text = self._redact(" ".join(text.split()))[:MAX_TEXT]
        if not text:
            return say.IMPROVE_EMPTY
        async with self._database.read() as session:
            if run_id is not None:
                run = await run_store.get_run(session, run_id=run_id)
                if run is not None and (run.team_id != team_id or run.user_id != user_id):
                    run = None
            else:
                run = await store.latest_run_for(
                    session,
                    team_id=team_id,
                    user_id=user_id,
                    channel_id=channel_id,
                    thread_ts=thread_ts,
                )
        if run is None:
            return say.NO_RUN_HERE
        signal = improve_signal(text)
        record = await self._record(
            team_id=team_id,
            user_id=user_id,
            run=run,
            kind="improve",
            signal=signal,
            explicit=True,
            text=text,
            dedupe_key=f"improve:{uuid.uuid4().hex}",
            extra={"text": text, "sentiment": "positive" if signal > 0 else "negative"},
        )
        if record is None:
            return say.ALREADY_RECORDED
        answer = say.feedback_recorded(
            short(run.request, 80),
            when(run.started_at),
            run.specialist,
            run.prompt_version,
            short(text, 200),
            await self.when_considered(team_id),
        )
        if self._workflows is not None:
            proposal = await self._workflows.propose_next(
                team_id=team_id,
                user_id=user_id,
                run_id=run.id,
                text=text,
                feedback_id=record.feedback_id,
            )
            if proposal:
                answer += say.workflow_proposal(proposal)
        return answer

    async def when_considered(self, team_id: str) -> str:
        """When the next learning cycle will look at feedback given now, in words."""
        now = self._clock()
        async with self._database.read() as session:
            last = await store.last_cycle(session, team_id=team_id)
            after = aware(last.window_end) if last and last.window_end else None
            waiting = await store.count_new_traces(session, team_id=team_id, after=after, until=now)
        interval = self._config.learn_interval
        due = aware(last.started_at) + interval if last else None
        moment = (
            say.around(due)
            if due is not None and due > now
            else say.within_the_next(self._config.interval_text())
        )
        needed = self._config.min_traces
        if waiting >= needed:
            return say.next_cycle_considers(moment)
        return say.next_cycle_once(moment, needed, waiting)

    async def record_modal_submission(
        self, *, team_id: str, user_id: str, view: dict[str, Any]
    ) -> ModalOutcome:
        """The `/improve` modal was submitted: record its text on the run it was opened for."""
        errors = modal_errors(view)
        if errors:
            return ModalOutcome("", errors=errors)
        text = modal_text(view)
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            meta = {}
        channel_id = str(meta.get("channel_id") or "")
        message = await self.improve(
            team_id=team_id,
            user_id=user_id,
            channel_id=channel_id,
            thread_ts=meta.get("thread_ts"),
            text=text,
            run_id=meta.get("run_id"),
        )
        return ModalOutcome(message, channel_id=channel_id or None)
