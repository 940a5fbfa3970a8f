"""The trace of a run: the Run row is written at once, the rest in as few transactions as can be.

Steps and routing facts are buffered in memory and written together when the run
waits for a confirmation and when it finishes: a run costs two or three write
transactions instead of one per step, which on SQLite is most of its overhead.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.runtime.redaction import Redactor
from storage.db import Database
from storage.models import Run, RunStep, utcnow
from storage.repositories import runs

SUMMARY_LIMIT = 500

ExtraWrite = Callable[[AsyncSession], Awaitable[None]]


@dataclass
class RunTrace:
    """One run's trace: the Run row plus its steps, with secrets redacted on the way in."""

    database: Database
    redact: Redactor
    run_id: str
    team_id: str
    started: float = field(default_factory=time.perf_counter)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    retries: int = 0
    tainted: bool = False
    degradations: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    task_kind: str = "general:chat"
    _position: int = 0
    _pending_steps: list[RunStep] = field(default_factory=list)
    _pending_values: dict[str, Any] = field(default_factory=dict)

    @classmethod
    async def start(
        cls,
        database: Database,
        redact: Redactor,
        *,
        team_id: str,
        user_id: str,
        channel_id: str,
        thread_ts: str | None,
        source: str,
        request: str,
    ) -> RunTrace:
        trace = cls(database=database, redact=redact, run_id=str(uuid.uuid4()), team_id=team_id)
        async with database.transaction() as session:
            await runs.create_run(
                session,
                Run(
                    id=trace.run_id,
                    team_id=team_id,
                    user_id=user_id,
                    channel_id=channel_id,
                    thread_ts=thread_ts,
                    source=source,
                    request=redact(request)[:8000],
                ),
            )
        return trace

    @classmethod
    def resumed(cls, database: Database, redact: Redactor, run: Run) -> RunTrace:
        trace = cls(
            database=database,
            redact=redact,
            run_id=run.id,
            team_id=run.team_id,
            prompt_tokens=run.prompt_tokens,
            completion_tokens=run.completion_tokens,
            cost_usd=run.cost_usd,
            retries=run.retries,
            tainted=run.tainted,
            degradations=list(run.degradations),
            task_kind=run.task_kind,
            reasoning=[run.reasoning] if run.reasoning else [],
        )
        trace._position = 1000  # steps after a confirmation sort after the first part
        return trace

    async def update(self, **values: Any) -> None:
        """Write these values now, with everything buffered so far."""
        self._pending_values.update(values)
        await self.flush()

    async def flush(self, extra: ExtraWrite | None = None) -> None:
        steps, values = self._pending_steps, self._pending_values
        self._pending_steps, self._pending_values = [], {}
        async with self.database.transaction() as session:
            for step in steps:
                await runs.add_step(session, step)
            if values:
                await runs.update_run(session, run_id=self.run_id, **values)
            if extra is not None:
                await extra(session)

    async def routed(self, *, specialist: str, task_kind: str, routing: dict[str, Any]) -> None:
        self.task_kind = task_kind
        self._pending_values.update(specialist=specialist, task_kind=task_kind, routing=routing)

    def note_prompt_version(self, version: int | None) -> None:
        """The learned prompt version this run is served; written with the next flush."""
        self._pending_values["prompt_version"] = version

    async def degrade(self, step_down: str) -> None:
        """Record a step down (model → offline → static); written with the next flush."""
        self.degradations.append(step_down)
        self._pending_values["degradations"] = list(self.degradations)

    def add_usage(self, prompt_tokens: int, completion_tokens: int, cost_usd: float) -> None:
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens
        self.cost_usd += cost_usd

    def note_reasoning(self, text: str) -> None:
        if text.strip():
            self.reasoning.append(self.redact(text.strip())[:2000])

    async def record_step(
        self,
        *,
        kind: str,
        step_key: str = "",
        tool: str | None = None,
        arguments: dict[str, Any] | None = None,
        depends_on: tuple[str, ...] = (),
        summary: str = "",
        status: str = "done",
        success: bool = True,
        error_class: str | None = None,
        duration_ms: float = 0.0,
    ) -> None:
        self._position += 1
        step = RunStep(
            run_id=self.run_id,
            position=self._position,
            step_key=step_key,
            kind=kind,
            tool=tool,
            arguments=self._redacted(arguments or {}),
            depends_on=list(depends_on),
            result_summary=self.redact(summary)[:SUMMARY_LIMIT],
            status=status,
            success=success,
            error_class=error_class,
            duration_ms=round(duration_ms, 3),
        )
        self._pending_steps.append(step)

    async def finish(
        self,
        *,
        status: str,
        answer: str = "",
        error_class: str | None = None,
        pattern: str | None = None,
        planner: str | None = None,
        extra: ExtraWrite | None = None,
    ) -> float:
        elapsed_ms = (time.perf_counter() - self.started) * 1000
        values: dict[str, Any] = {
            "status": status,
            "answer": self.redact(answer)[:8000],
            "error_class": error_class,
            "finished_at": utcnow(),
            "duration_ms": round(elapsed_ms, 3),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": round(self.cost_usd, 6),
            "retries": self.retries,
            "tainted": self.tainted,
            "degradations": self.degradations,
            "reasoning": "\n".join(self.reasoning)[:8000],
        }
        if pattern is not None:
            values["pattern"] = pattern
        if planner is not None:
            values["planner"] = planner
        self._pending_values.update(values)
        await self.flush(extra)
        return elapsed_ms

    def _redacted(self, arguments: dict[str, Any]) -> dict[str, Any]:
        return {
            key: self.redact(value) if isinstance(value, str) else value
            for key, value in arguments.items()
        }
