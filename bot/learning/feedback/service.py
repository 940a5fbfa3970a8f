"""Feedback capture (SPEC §8): every signal about a run, linked to the run and its prompt version.

Sources, each stored once (a dedupe key per source event, so redeliveries count once) and
published as `feedback_received`:

| source | kind | signal | explicit |
|---|---|---|---|
| `/improve <text>` (or its modal), on the latest run here | improve | −1 (+1 praise) | yes |
| 👍 / 👎 on a bot reply (`remember_reply` maps the reply to its run) | reaction | +1 / −1 | yes |
| Confirm / Cancel on a pending action (`action_confirmed`) | confirm / cancel | +1 / −1 | no |
| an undo (`action_undone`): negative feedback on that action | undo | −1 | no |
| a failed run (`run_failed`) | failure | −1 | no |

The event's data carries `run_id`, `kind`, `signal`, `user_id`, `specialist`,
`task_kind`, `prompt_version` and, for a workflow run, `workflow`. Reactions also carry
`score` (±1) and `reaction` — the 👍/👎 that `/stats` counts; `/improve` carries its
`text` (the preference learner reads style feedback from it) and a `sentiment`. Implicit
signals carry no `score`, so they never count as 👍/👎 twice over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.learning.config import LearningConfig
from bot.learning.feedback.improve import ImproveRecorder
from bot.learning.feedback.modal import ModalOutcome, RunSummary
from bot.learning.feedback.record import FeedbackRecord
from bot.learning.feedback.signals import reaction_signal
from bot.learning.workflows.service import WorkflowService
from bot.orchestrator.events import Event, EventBus, EventName
from bot.runtime.redaction import Redactor
from storage.db import Database
from storage.models import Run, utcnow
from storage.repositories import learning as store
from storage.repositories import runs as run_store


class FeedbackService:
    def __init__(
        self,
        database: Database,
        bus: EventBus | None = None,
        *,
        config: LearningConfig | None = None,
        workflows: WorkflowService | None = None,
        redactor: Redactor | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._database = database
        self._bus = bus
        self._workflows = workflows
        self._clock = clock
        self._improve = ImproveRecorder(
            database,
            record=self.record,
            config=config or LearningConfig(),
            workflows=workflows,
            redactor=redactor or Redactor(),
            clock=clock,
        )

    def subscribe(self, bus: EventBus) -> None:
        """Confirm/cancel decisions, undos and failures arrive on the bus."""
        bus.subscribe(EventName.ACTION_CONFIRMED, self.on_action_confirmed)
        bus.subscribe(EventName.ACTION_UNDONE, self.on_action_undone)
        bus.subscribe(EventName.RUN_FAILED, self.on_run_failed)

    async def remember_reply(self, team_id: str, channel_id: str, ts: str, run_id: str) -> None:
        """The orchestrator posted `ts` for `run_id`: reactions on it become its feedback."""
        if not (team_id and channel_id and ts and run_id):
            return
        async with self._database.transaction() as session:
            await store.remember_reply(
                session, team_id=team_id, channel_id=channel_id, ts=ts, run_id=run_id
            )

    async def on_reaction(
        self,
        *,
        team_id: str,
        user_id: str,
        channel_id: str,
        ts: str,
        reaction: str,
        added: bool = True,
    ) -> FeedbackRecord | None:
        """👍/👎 added to (or removed from) a bot reply; None if it isn't feedback."""
        signal = reaction_signal(reaction)
        if signal == 0:
            return None
        async with self._database.read() as session:
            run_id = await store.run_for_reply(
                session, team_id=team_id, channel_id=channel_id, ts=ts
            )
            run = await run_store.get_run(session, run_id=run_id) if run_id else None
        if run is None:
            return None
        key = f"reaction:{run.id}:{user_id}:{'+' if signal > 0 else '-'}"
        if not added:
            async with self._database.transaction() as session:
                await store.set_feedback_status(
                    session, team_id=team_id, dedupe_key=key, status="retracted", only_if="active"
                )
            return None
        extra = {"score": signal, "reaction": "+1" if signal > 0 else "-1"}
        record = await self.record(
            team_id=team_id,
            user_id=user_id,
            run=run,
            kind="reaction",
            signal=signal,
            explicit=True,
            dedupe_key=key,
            extra=extra,
        )
        if record is not None:
            return record
        async with self._database.transaction() as session:  # re-added after a removal
            feedback_id = await store.set_feedback_status(
                session, team_id=team_id, dedupe_key=key, status="active", only_if="retracted"
            )
        if feedback_id is None:
            return None
        record = FeedbackRecord(feedback_id, run.id, "reaction", signal)
        await self._publish(team_id, user_id, run, record, extra)
        return record

    async def on_action_confirmed(self, event: Event) -> None:
        data = event.data
        decision = str(data.get("decision") or "")
        if decision not in ("confirmed", "cancelled") or not event.team_id:
            return
        run = await self._run(data.get("run_id"))
        await self.record(
            team_id=event.team_id,
            user_id=event.actor,
            run=run,
            run_id=data.get("run_id"),
            kind="confirm" if decision == "confirmed" else "cancel",
            signal=1 if decision == "confirmed" else -1,
            explicit=False,
            dedupe_key=f"decision:{data.get('pending_id') or data.get('run_id')}",
            extra={"tool": data.get("tool"), "decision": decision},
        )

    async def on_action_undone(self, event: Event) -> None:
        data = event.data
        if not event.team_id:
            return
        run = await self._run(data.get("run_id"))
        await self.record(
            team_id=event.team_id,
            user_id=event.actor,
            run=run,
            run_id=data.get("run_id"),
            kind="undo",
            signal=-1,
            explicit=False,
            dedupe_key=f"undo:{data.get('entry_id') or data.get('run_id')}",
            extra={"tool": data.get("tool"), "owner": data.get("owner")},
        )

    async def on_run_failed(self, event: Event) -> None:
        data = event.data
        run_id = data.get("run_id")
        if not event.team_id or not run_id or data.get("status") not in (None, "failed"):
            return
        run = await self._run(run_id)
        await self.record(
            team_id=event.team_id,
            user_id=run.user_id if run else event.actor,
            run=run,
            run_id=run_id,
            kind="failure",
            signal=-1,
            explicit=False,
            dedupe_key=f"failure:{run_id}",
            extra={"error_class": data.get("error_class")},
        )

    async def record(
        self,
        *,
        team_id: str,
        user_id: str,
        run: Run | None,
        kind: str,
        signal: int,
        explicit: bool,
        dedupe_key: str,
        text: str = "",
        run_id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> FeedbackRecord | None:
        """Store one piece of feedback (once per `dedupe_key`) and publish it."""
        workflow = None
        if run is not None and self._workflows is not None:
            workflow = await self._workflows.workflow_of_run(run.id)
        linked_run = run.id if run is not None else run_id
        async with self._database.transaction() as session:
            feedback_id = await store.add_feedback(
                session,
                team_id=team_id,
                user_id=user_id,
                run_id=linked_run,
                kind=kind,
                signal=signal,
                explicit=explicit,
                text=text,
                specialist=run.specialist if run else None,
                task_kind=run.task_kind if run else None,
                prompt_version=run.prompt_version if run else None,
                workflow=workflow.name if workflow else None,
                workflow_version=workflow.version if workflow else None,
                dedupe_key=dedupe_key[:128],
                created_at=self._clock(),
            )
        if feedback_id is None:
            return None
        record = FeedbackRecord(feedback_id, linked_run, kind, signal)
        data = dict(extra or {})
        if workflow is not None:
            data.update(workflow=workflow.name, workflow_version=workflow.version)
        await self._publish(team_id, user_id, run, record, data)
        return record

    async def _publish(
        self,
        team_id: str,
        user_id: str,
        run: Run | None,
        record: FeedbackRecord,
        extra: dict[str, Any],
    ) -> None:
        if self._bus is None:
            return
        await self._bus.publish(
            Event(
                name=EventName.FEEDBACK_RECEIVED,
                team_id=team_id,
                actor=user_id,
                data={
                    "feedback_id": record.feedback_id,
                    "run_id": record.run_id,
                    "kind": record.kind,
                    "signal": record.signal,
                    "user_id": user_id,
                    "specialist": run.specialist if run else None,
                    "task_kind": run.task_kind if run else None,
                    "prompt_version": run.prompt_version if run else None,
                    **extra,
                },
            )
        )

    async def _run(self, run_id: Any) -> Run | None:
        if not run_id:
            return None
        async with self._database.read() as session:
            return await run_store.get_run(session, run_id=str(run_id))

    # --- /improve ---------------------------------------------------------------------------

    async def improve_target(
        self, *, team_id: str, user_id: str, channel_id: str, thread_ts: str | None = None
    ) -> RunSummary | None:
        return await self._improve.improve_target(
            team_id=team_id, user_id=user_id, channel_id=channel_id, thread_ts=thread_ts
        )

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
        return await self._improve.improve(
            team_id=team_id,
            user_id=user_id,
            channel_id=channel_id,
            thread_ts=thread_ts,
            text=text,
            run_id=run_id,
        )

    async def when_considered(self, team_id: str) -> str:
        return await self._improve.when_considered(team_id)

    async def record_modal_submission(
        self, *, team_id: str, user_id: str, view: dict[str, Any]
    ) -> ModalOutcome:
        return await self._improve.record_modal_submission(
            team_id=team_id, user_id=user_id, view=view
        )
