"""The in-process event bus components talk through (SPEC §5.7); it also feeds the audit log.

Handlers are coroutines. `publish` runs every handler subscribed to the event's
name, plus every handler subscribed to all events, concurrently, and waits for
them. A handler that raises is logged and ignored: it never breaks the
publisher or the other handlers. The bus lives in one process; nothing crosses
process boundaries.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from storage.db import Database
from storage.repositories.audit import record_audit

logger = logging.getLogger(__name__)


class EventName(StrEnum):
    RUN_STARTED = "run_started"
    RUN_COMPLETED = "run_completed"
    RUN_FAILED = "run_failed"
    AGENT_SPAWNED = "agent_spawned"
    ACTION_CONFIRMED = "action_confirmed"
    ACTION_UNDONE = "action_undone"
    FEEDBACK_RECEIVED = "feedback_received"
    PATTERN_DISCOVERED = "pattern_discovered"
    PROMPT_VERSION_CREATED = "prompt_version_created"
    PROMPT_VERSION_PROMOTED = "prompt_version_promoted"
    PROMPT_VERSION_ROLLED_BACK = "prompt_version_rolled_back"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Event:
    """Something that happened: what, in which workspace, who did it, and the details."""

    name: EventName
    team_id: str | None
    actor: str  # a Slack user id, or a component: "orchestrator", "scheduler"
    data: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=_now)


Handler = Callable[[Event], Awaitable[None]]
Unsubscribe = Callable[[], None]


class EventBus:
    """Subscribers by event name; `None` subscribes to every event."""

    def __init__(self) -> None:
        self._handlers: dict[EventName | None, list[Handler]] = {}

    def subscribe(self, name: EventName | None, handler: Handler) -> Unsubscribe:
        """Add `handler` for `name` (or every event); returns a function that removes it."""
        handlers = self._handlers.setdefault(name, [])
        handlers.append(handler)

        def unsubscribe() -> None:
            if handler in handlers:
                handlers.remove(handler)

        return unsubscribe

    def handlers_for(self, name: EventName) -> list[Handler]:
        """A snapshot of who hears `name`: its own subscribers, then the catch-all ones."""
        return [*self._handlers.get(name, ()), *self._handlers.get(None, ())]

    async def publish(self, event: Event) -> None:
        """Deliver `event` to its handlers concurrently; failures are logged, never raised."""
        handlers = self.handlers_for(event.name)
        if handlers:
            await asyncio.gather(*(_deliver(handler, event) for handler in handlers))


async def _deliver(handler: Handler, event: Event) -> None:
    try:
        await handler(event)
    except Exception:
        logger.exception(
            "event handler %s failed on %s",
            getattr(handler, "__qualname__", repr(handler)),
            event.name.value,
        )


def audit_subscriber(database: Database) -> Handler:
    """A handler that writes each event into the audit log (subscribe it with `None`)."""

    async def write_audit_entry(event: Event) -> None:
        async with database.transaction() as session:
            await _record(session, event)

    return write_audit_entry


class AuditWriter:
    """Writes events into the audit log in batches: one transaction for many events.

    Events wait at most `interval` seconds; `close()` writes what is left, so a clean
    shutdown loses nothing. Subscribe `writer.write` with `None` to get every event.
    """

    def __init__(self, database: Database, *, interval: float = 0.2, batch: int = 100) -> None:
        self._database = database
        self._interval = interval
        self._batch = batch
        self._queue: list[Event] = []
        self._flusher: asyncio.Task[None] | None = None

    async def write(self, event: Event) -> None:
        self._queue.append(event)
        if len(self._queue) >= self._batch:
            await self.flush()
        elif self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(self._flush_soon())

    async def flush(self) -> None:
        events, self._queue = self._queue, []
        if not events:
            return
        try:
            async with self._database.transaction() as session:
                for event in events:
                    await _record(session, event)
        except Exception:
            logger.exception("could not write %d audit entries", len(events))

    async def close(self) -> None:
        if self._flusher is not None and not self._flusher.done():
            self._flusher.cancel()
        await self.flush()

    async def _flush_soon(self) -> None:
        await asyncio.sleep(self._interval)
        await self.flush()


async def _record(session: Any, event: Event) -> None:
    await record_audit(
        session,
        team_id=event.team_id,
        actor=event.actor,
        action=event.name.value,
        detail=json_safe(event.data),
    )


def json_safe(data: dict[str, Any]) -> dict[str, Any]:
    """`data` as JSON can store it: values JSON has no type for become their `str()`."""
    return json.loads(json.dumps(data, default=str))
