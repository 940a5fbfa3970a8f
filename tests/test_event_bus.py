"""The in-process event bus: delivery, unsubscribe, failing handlers, the audit feed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.orchestrator.events import Event, EventBus, EventName, audit_subscriber
from storage.db import Database
from storage.repositories.audit import list_audit

SPEC_EVENT_NAMES = {
    "run_started",
    "run_completed",
    "run_failed",
    "agent_spawned",
    "action_confirmed",
    "action_undone",
    "feedback_received",
    "pattern_discovered",
    "prompt_version_created",
    "prompt_version_promoted",
    "prompt_version_rolled_back",
}


def run_started(team_id: str = "T1", **data: object) -> Event:
    return Event(name=EventName.RUN_STARTED, team_id=team_id, actor="U0ALICE", data=dict(data))


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def __call__(self, event: Event) -> None:
        self.events.append(event)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.dispose()


def test_event_names_are_exactly_the_spec_names() -> None:
    assert {name.value for name in EventName} == SPEC_EVENT_NAMES


def test_event_time_defaults_to_now_in_utc() -> None:
    before = datetime.now(UTC)
    event = run_started()
    assert event.at.tzinfo is not None
    assert before <= event.at <= datetime.now(UTC)


async def test_named_and_catch_all_subscribers_receive_the_event() -> None:
    bus = EventBus()
    named, everything, other = Recorder(), Recorder(), Recorder()
    bus.subscribe(EventName.RUN_STARTED, named)
    bus.subscribe(None, everything)
    bus.subscribe(EventName.RUN_FAILED, other)

    event = run_started(run_id="r1")
    await bus.publish(event)

    assert named.events == [event]
    assert everything.events == [event]
    assert other.events == []


async def test_catch_all_subscriber_hears_every_name() -> None:
    bus = EventBus()
    everything = Recorder()
    bus.subscribe(None, everything)
    for name in EventName:
        await bus.publish(Event(name=name, team_id=None, actor="scheduler", data={}))
    assert [event.name for event in everything.events] == list(EventName)


async def test_handlers_run_concurrently() -> None:
    bus = EventBus()
    both_started = asyncio.Barrier(2)

    async def waits_for_the_other(_event: Event) -> None:
        await asyncio.wait_for(both_started.wait(), timeout=2)

    bus.subscribe(EventName.RUN_STARTED, waits_for_the_other)
    bus.subscribe(None, waits_for_the_other)
    await bus.publish(run_started())  # would time out if handlers ran one after another


async def test_unsubscribe_stops_delivery_and_is_idempotent() -> None:
    bus = EventBus()
    recorder = Recorder()
    unsubscribe = bus.subscribe(EventName.RUN_STARTED, recorder)
    await bus.publish(run_started())
    unsubscribe()
    unsubscribe()
    await bus.publish(run_started())
    assert len(recorder.events) == 1


async def test_publish_without_subscribers_does_nothing() -> None:
    await EventBus().publish(run_started())


async def test_failing_handler_is_logged_and_isolated(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    before, after = Recorder(), Recorder()

    async def broken(_event: Event) -> None:
        raise RuntimeError("handler exploded")

    bus.subscribe(EventName.RUN_FAILED, before)
    bus.subscribe(EventName.RUN_FAILED, broken)
    bus.subscribe(None, after)
    event = Event(name=EventName.RUN_FAILED, team_id="T1", actor="orchestrator", data={})

    with caplog.at_level(logging.ERROR, logger="bot.orchestrator.events"):
        await bus.publish(event)

    assert before.events == [event]
    assert after.events == [event]
    failures = [r for r in caplog.records if "run_failed" in r.getMessage()]
    assert failures and failures[0].exc_info is not None


async def test_audit_subscriber_writes_each_event(database: Database) -> None:
    bus = EventBus()
    bus.subscribe(None, audit_subscriber(database))

    await bus.publish(run_started("T1", run_id="r1"))
    await bus.publish(
        Event(
            name=EventName.ACTION_UNDONE,
            team_id="T2",
            actor="U0BOB",
            data={"tool": "slack.archive_channel", "at": datetime(2025, 1, 2, tzinfo=UTC)},
        )
    )

    async with database.read() as session:
        first = await list_audit(session, team_id="T1")
        second = await list_audit(session, team_id="T2")
    assert [(e.actor, e.action, e.detail) for e in first] == [
        ("U0ALICE", "run_started", {"run_id": "r1"})
    ]
    assert second[0].action == "action_undone"
    assert second[0].detail == {
        "tool": "slack.archive_channel",
        "at": "2025-01-02 00:00:00+00:00",  # not JSON: stored as its text
    }


async def test_audit_failure_does_not_break_the_publisher(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    unreachable = Database(f"sqlite+aiosqlite:///{tmp_path / 'missing-dir' / 'kaizen.db'}")
    bus = EventBus()
    recorder = Recorder()
    bus.subscribe(None, audit_subscriber(unreachable))
    bus.subscribe(None, recorder)

    with caplog.at_level(logging.ERROR, logger="bot.orchestrator.events"):
        await bus.publish(run_started())

    assert len(recorder.events) == 1
    assert any(record.exc_info for record in caplog.records)
    await unreachable.dispose()
