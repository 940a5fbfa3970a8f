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

import json
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.learning.config import LearningConfig
from bot.learning.workflows import WorkflowService
from bot.orchestrator.events import Event, EventBus, EventName
from bot.runtime.redaction import Redactor
from storage.db import Database
from storage.models import Run, utcnow
from storage.repositories import learning as store
from storage.repositories import runs as run_store

logger = logging.getLogger(__name__)

IMPROVE_CALLBACK = "kaizen_improve"
IMPROVE_BLOCK = "improve_text"
IMPROVE_INPUT = "text"
MAX_TEXT = 3_000
NO_RUN_HERE = (
    "I have no request of yours here to attach that to. Ask me something in this channel "
    "(or thread) first, then `/improve` tells me how it went."
)
POSITIVE_REACTIONS = {"+1", "thumbsup", "white_check_mark", "heavy_check_mark", "tada"}
NEGATIVE_REACTIONS = {"-1", "thumbsdown", "x", "no_entry_sign"}
PRAISE = re.compile(
    r"\b(thanks|thank you|great|perfect|love (it|this)|nice|exactly|well done|awesome|good job)\b"
)
CRITIQUE = re.compile(
    r"\b(but|should|instead|don'?t|do not|didn'?t|wrong|not|never|stop|please|better|"
    r"shorter|longer|less|more)\b"
)


@dataclass(frozen=True)
class RunSummary:
    """What the `/improve` modal shows about the run the feedback is for."""

    run_id: str
    channel_id: str
    thread_ts: str | None
    request: str
    answer: str
    specialist: str
    started_at: datetime
    prompt_version: int | None


@dataclass(frozen=True)
class FeedbackRecord:
    feedback_id: int
    run_id: str | None
    kind: str
    signal: int


@dataclass(frozen=True)
class ModalOutcome:
    """What to do after a modal submission: errors to show in the modal, or a message."""

    message: str
    channel_id: str | None = None
    errors: dict[str, str] | None = None


def reaction_signal(name: str) -> int:
    """+1 for 👍 (any skin tone), −1 for 👎, 0 for anything else."""
    base = name.split("::", 1)[0]
    if base in POSITIVE_REACTIONS:
        return 1
    if base in NEGATIVE_REACTIONS:
        return -1
    return 0


def improve_signal(text: str) -> int:
    lowered = text.lower()
    return 1 if PRAISE.search(lowered) and not CRITIQUE.search(lowered) else -1


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
        self._config = config or LearningConfig()
        self._workflows = workflows
        self._redact = redactor or Redactor()
        self._clock = clock

    def subscribe(self, bus: EventBus) -> None:
        """Confirm/cancel decisions, undos and failures arrive on the bus."""
        self._bus = bus
        bus.subscribe(EventName.ACTION_CONFIRMED, self.on_action_confirmed)
        bus.subscribe(EventName.ACTION_UNDONE, self.on_action_undone)
        bus.subscribe(EventName.RUN_FAILED, self.on_run_failed)

    # --- replies --------------------------------------------------------------------------

    async def remember_reply(self, team_id: str, channel_id: str, ts: str, run_id: str) -> None:
        """The orchestrator posted `ts` for `run_id`: reactions on it become its feedback."""
        if not (team_id and channel_id and ts and run_id):
            return
        async with self._database.transaction() as session:
            await store.remember_reply(
                session, team_id=team_id, channel_id=channel_id, ts=ts, run_id=run_id
            )

    # --- /improve -------------------------------------------------------------------------

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
        return _summary(run) if run is not None else None

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
            return "Tell me what to do better, for example `/improve shorter answers, please`."
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
            return NO_RUN_HERE
        signal = improve_signal(text)
        record = await self.record(
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
            return "I had already recorded that."
        answer = (
            f":memo: Recorded your feedback on my answer to “{_short(run.request, 80)}” "
            f"({_when(run.started_at)}, `{run.specialist}`"
            f"{f' prompt v{run.prompt_version}' if run.prompt_version else ''}): "
            f"“{_short(text, 200)}”. {await self.when_considered(team_id)}"
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
                answer += f"\n:arrows_counterclockwise: {proposal}"
        return answer

    async def when_considered(self, team_id: str) -> str:
        """When the next learning cycle will look at feedback given now, in words."""
        now = self._clock()
        async with self._database.read() as session:
            last = await store.last_cycle(session, team_id=team_id)
            after = _aware(last.window_end) if last and last.window_end else None
            waiting = await store.count_new_traces(session, team_id=team_id, after=after, until=now)
        interval = self._config.learn_interval
        due = _aware(last.started_at) + interval if last else None
        when = (
            f"around {due:%H:%M} UTC"
            if due is not None and due > now
            else f"within the next {self._config.interval_text()}"
        )
        needed = self._config.min_traces
        if waiting >= needed:
            return f"The next learning cycle considers it {when}."
        return (
            f"The next learning cycle considers it {when}, once {needed} new runs have "
            f"finished since the last one ({waiting} so far)."
        )

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

    # --- reactions ------------------------------------------------------------------------

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

    # --- bus events -------------------------------------------------------------------------

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

    # --- the core ---------------------------------------------------------------------------

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


# --- the modal --------------------------------------------------------------------------------


def improve_modal(summary: RunSummary) -> dict[str, Any]:
    """The `/improve` modal (no text given): the run's summary and a text box."""
    shown = (
        f"*Your request* ({_when(summary.started_at)}, `{summary.specialist}`):\n"
        f"> {_short(summary.request, 700)}\n*My answer:*\n> {_short(summary.answer, 1500)}"
    )
    metadata = json.dumps(
        {
            "run_id": summary.run_id,
            "channel_id": summary.channel_id,
            "thread_ts": summary.thread_ts,
        }
    )
    return {
        "type": "modal",
        "callback_id": IMPROVE_CALLBACK,
        "private_metadata": metadata[:3000],
        "title": {"type": "plain_text", "text": "Improve Kaizen"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": shown[:3000]}},
            {
                "type": "input",
                "block_id": IMPROVE_BLOCK,
                "label": {"type": "plain_text", "text": "What should I do better?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": IMPROVE_INPUT,
                    "multiline": True,
                    "max_length": MAX_TEXT,
                    "placeholder": {
                        "type": "plain_text",
                        "text": "e.g. set the channel topic instead of posting a message",
                    },
                },
            },
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "Stored with this run and its prompt version; the next "
                        "learning cycle considers it.",
                    }
                ],
            },
        ],
    }


def modal_text(view: dict[str, Any]) -> str:
    values = (view.get("state") or {}).get("values") or {}
    return str(((values.get(IMPROVE_BLOCK) or {}).get(IMPROVE_INPUT) or {}).get("value") or "")


def modal_errors(view: dict[str, Any]) -> dict[str, str] | None:
    """Errors to show in the modal (answer the submission with them at once), or None."""
    if not modal_text(view).strip():
        return {IMPROVE_BLOCK: "Tell me what to do better."}
    return None


def _summary(run: Run) -> RunSummary:
    return RunSummary(
        run_id=run.id,
        channel_id=run.channel_id,
        thread_ts=run.thread_ts,
        request=run.request,
        answer=run.answer or "(no answer yet)",
        specialist=run.specialist,
        started_at=_aware(run.started_at),
        prompt_version=run.prompt_version,
    )


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split()).replace("<!", "&lt;!")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _when(moment: datetime) -> str:
    return f"{_aware(moment):%Y-%m-%d %H:%M} UTC"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


__all__ = [
    "IMPROVE_BLOCK",
    "IMPROVE_CALLBACK",
    "IMPROVE_INPUT",
    "NO_RUN_HERE",
    "FeedbackRecord",
    "FeedbackService",
    "ModalOutcome",
    "RunSummary",
    "improve_modal",
    "modal_errors",
    "reaction_signal",
]
