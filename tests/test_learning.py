"""The learning loop: feedback, cycles, guideline versions, canaries, workflows, leases (SPEC §8).

Storage tests run on SQLite and, where the machine has it, PostgreSQL (`any_database_url`).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.learning import canary
from bot.learning.analysis import PatternUpdate, problem_confidence
from bot.learning.canary import Arm, decide, in_canary
from bot.learning.config import LearningConfig
from bot.learning.estimators import probability_greater
from bot.learning.feedback import (
    IMPROVE_BLOCK,
    IMPROVE_CALLBACK,
    IMPROVE_INPUT,
    improve_modal,
    reaction_signal,
)
from bot.learning.guidelines import Edit, apply_edits
from bot.learning.loop import LearningLoop, learn_once
from bot.learning.proposals import propose
from bot.learning.workflows import offer_message, rule_edit
from bot.learning.writer import GuidelineWriter
from bot.llm import ChatModel
from bot.orchestrator.events import Event, EventBus, EventName, audit_subscriber
from bot.planning.plans import Pattern
from bot.runtime.metrics import Metrics
from bot.sandbox.emulator.validation import MAX_VIEW_BLOCKS, check_blocks
from bot.surfaces.blocks import CONFIRM_ACTION, UNDO_ACTION
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import AuditEntry, ExecutionStat, Run, RunStep, utcnow
from storage.models.learning import (
    Feedback,
    LearnedPattern,
    LearningCycle,
    LearningLabel,
    PromptVersion,
)
from storage.repositories import learning as store
from storage.repositories import runs as run_store
from tests.fakes.openai_server import FakeOpenAI
from tests.support import wait_until
from tests.test_orchestrator import (
    archived,
    bot_messages_with_button,
    click,
    confirmation_for,
)

TEAM = "T0LEARN"
CONFIG = LearningConfig(min_traces=10, pattern_confidence=0.7, canary_share=0.2)


# --- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
async def database(any_database_url: str) -> AsyncIterator[Database]:
    await upgrade_async(any_database_url)
    db = Database(any_database_url)
    yield db
    await db.dispose()


class Recorder:
    def __init__(self, bus: EventBus) -> None:
        self.events: list[Event] = []
        bus.subscribe(None, self._record)

    async def _record(self, event: Event) -> None:
        self.events.append(event)

    def named(self, name: EventName) -> list[Event]:
        return [e for e in self.events if e.name is name]


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def recorder(bus: EventBus) -> Recorder:
    return Recorder(bus)


@pytest.fixture
def loop(database: Database, bus: EventBus) -> LearningLoop:
    learning = LearningLoop(database, bus, config=CONFIG)
    learning.subscribe(bus)
    return learning


async def add_run(
    database: Database,
    *,
    tools: tuple[str, ...] = ("slack.set_topic",),
    kind: str = "slack:topic",
    specialist: str = "slack",
    user: str = "U0ALICE",
    channel: str = "C0GENERAL",
    status: str = "succeeded",
    prompt_version: int | None = None,
    failed: dict[str, str] | None = None,
    request: str = "set the topic of #random to weekly sync",
    arguments: dict[str, dict[str, Any]] | None = None,
    started_ago: timedelta = timedelta(minutes=5),
    thread_ts: str | None = None,
) -> str:
    run_id = str(uuid.uuid4())
    started = utcnow() - started_ago
    async with database.transaction() as session:
        await run_store.create_run(
            session,
            Run(
                id=run_id,
                team_id=TEAM,
                user_id=user,
                channel_id=channel,
                thread_ts=thread_ts,
                request=request,
                task_kind=kind,
                specialist=specialist,
                planner="model",
                status=status,
                prompt_version=prompt_version,
                answer="Done.",
                started_at=started,
                finished_at=started,
                duration_ms=1000.0,
            ),
        )
        for position, tool in enumerate(tools, start=1):
            error = (failed or {}).get(tool)
            await run_store.add_step(
                session,
                RunStep(
                    run_id=run_id,
                    position=position,
                    step_key=f"s{position}",
                    kind="tool",
                    tool=tool,
                    arguments=(arguments or {}).get(tool, {"channel": "#random"}),
                    depends_on=[f"s{position - 1}"] if position > 1 else [],
                    status="failed" if error else "done",
                    success=not error,
                    error_class=error,
                    duration_ms=120.0,
                    started_at=started,
                ),
            )
    return run_id


async def undo(bus: EventBus, run_id: str, user: str = "U0ALICE") -> None:
    await bus.publish(
        Event(
            name=EventName.ACTION_UNDONE,
            team_id=TEAM,
            actor=user,
            data={
                "entry_id": run_id,
                "tool": "slack.post_message",
                "run_id": run_id,
                "owner": user,
            },
        )
    )


async def count(database: Database, table: Any, *conditions: Any) -> int:
    async with database.read() as session:
        result = await session.execute(select(func.count()).select_from(table).where(*conditions))
        return int(result.scalar_one())


async def seed_topic_mistakes(database: Database, bus: EventBus, *, version: int | None = None):
    """Production keeps posting a message for topic requests (undone); set_topic works."""
    for _ in range(6):
        run_id = await add_run(database, tools=("slack.post_message",), prompt_version=version)
        await undo(bus, run_id)
    for _ in range(4):
        await add_run(database, tools=("slack.set_topic",), prompt_version=version)


# --- feedback --------------------------------------------------------------------------------


async def test_feedback_is_stored_once_and_linked_to_the_run_and_its_prompt_version(
    database: Database, loop: LearningLoop, bus: EventBus, recorder: Recorder
) -> None:
    run_id = await add_run(database, prompt_version=3, thread_ts="1700000000.000100")
    await loop.remember_reply(TEAM, "C0GENERAL", "1700000000.000200", run_id)

    record = await loop.feedback.on_reaction(
        team_id=TEAM,
        user_id="U0BOB",
        channel_id="C0GENERAL",
        ts="1700000000.000200",
        reaction="-1::skin-tone-3",
    )
    assert record is not None and record.run_id == run_id and record.signal == -1
    again = await loop.feedback.on_reaction(
        team_id=TEAM,
        user_id="U0BOB",
        channel_id="C0GENERAL",
        ts="1700000000.000200",
        reaction="thumbsdown",
    )
    assert again is None  # the same 👎 counts once
    assert (
        await loop.feedback.on_reaction(
            team_id=TEAM,
            user_id="U0BOB",
            channel_id="C0GENERAL",
            ts="1.0",
            reaction="-1",
        )
        is None
    )  # not a bot reply we know

    await bus.publish(
        Event(
            name=EventName.ACTION_CONFIRMED,
            team_id=TEAM,
            actor="U0ALICE",
            data={
                "pending_id": 7,
                "run_id": run_id,
                "tool": "slack.set_topic",
                "decision": "cancelled",
                "requester": "U0ALICE",
            },
        )
    )
    await undo(bus, run_id)
    await undo(bus, run_id)  # a redelivered event: stored once
    await bus.publish(
        Event(
            name=EventName.RUN_FAILED,
            team_id=TEAM,
            actor="U0ALICE",
            data={"run_id": run_id, "status": "failed", "error_class": "SlackApiError"},
        )
    )
    answer = await loop.improve(
        team_id=TEAM,
        user_id="U0ALICE",
        channel_id="C0GENERAL",
        thread_ts="1700000000.000100",
        text="Set the channel topic instead of posting a message, please",
    )
    assert "Recorded your feedback" in answer and "prompt v3" in answer
    assert "next learning cycle" in answer and "10 new runs" in answer

    async with database.read() as session:
        rows = await store.feedback_of_run(session, team_id=TEAM, run_id=run_id)
    assert sorted(r.kind for r in rows) == ["cancel", "failure", "improve", "reaction", "undo"]
    assert {r.prompt_version for r in rows} == {3}
    assert {r.specialist for r in rows} == {"slack"} and {r.task_kind for r in rows} == {
        "slack:topic"
    }
    assert all(r.signal == -1 for r in rows)
    improve = next(r for r in rows if r.kind == "improve")
    assert improve.explicit and "channel topic" in improve.text

    published = recorder.named(EventName.FEEDBACK_RECEIVED)
    assert len(published) == 5 and all(e.data["run_id"] == run_id for e in published)
    reaction = next(e for e in published if e.data["kind"] == "reaction")
    assert reaction.data["score"] == -1 and reaction.data["prompt_version"] == 3
    assert all("score" not in e.data for e in published if e.data["kind"] != "reaction")
    improve_event = next(e for e in published if e.data["kind"] == "improve")
    assert improve_event.data["text"].startswith("Set the channel topic")

    # removing the reaction retracts it; adding it back counts it again
    await loop.feedback.on_reaction(
        team_id=TEAM,
        user_id="U0BOB",
        channel_id="C0GENERAL",
        ts="1700000000.000200",
        reaction="-1",
        added=False,
    )
    assert await count(database, Feedback, Feedback.status == "retracted") == 1
    back = await loop.feedback.on_reaction(
        team_id=TEAM, user_id="U0BOB", channel_id="C0GENERAL", ts="1700000000.000200", reaction="-1"
    )
    assert back is not None and back.feedback_id == record.feedback_id


async def test_improve_without_a_run_says_so_and_positive_words_are_praise(
    database: Database, loop: LearningLoop
) -> None:
    nothing = await loop.improve(
        team_id=TEAM, user_id="U0ALICE", channel_id="C0GENERAL", thread_ts=None, text="better"
    )
    assert "no request of yours here" in nothing
    run_id = await add_run(database, user="U0ALICE", channel="C0OPS")
    await add_run(database, user="U0BOB", channel="C0OPS")  # someone else's, later
    await loop.improve(
        team_id=TEAM, user_id="U0ALICE", channel_id="C0OPS", thread_ts=None, text="Perfect, thanks!"
    )
    async with database.read() as session:
        (row,) = await store.feedback_of_run(session, team_id=TEAM, run_id=run_id)
    assert row.signal == 1 and row.user_id == "U0ALICE"
    assert reaction_signal("+1") == 1 and reaction_signal("thumbsup::skin-tone-2") == 1
    assert reaction_signal("-1") == -1 and reaction_signal("eyes") == 0


async def test_the_improve_modal_shows_the_run_and_records_its_submission(
    database: Database, loop: LearningLoop
) -> None:
    run_id = await add_run(database, request="archive #old " + "x" * 5000)
    summary = await loop.feedback.improve_target(
        team_id=TEAM, user_id="U0ALICE", channel_id="C0GENERAL"
    )
    assert summary is not None and summary.run_id == run_id
    view = improve_modal(summary)
    assert view["callback_id"] == IMPROVE_CALLBACK and len(view["title"]["text"]) <= 24
    assert len(view["blocks"]) <= 100
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in view["blocks"])
    assert json.loads(view["private_metadata"])["run_id"] == run_id

    empty = {"private_metadata": view["private_metadata"], "state": {"values": {}}}
    outcome = await loop.feedback.record_modal_submission(
        team_id=TEAM, user_id="U0ALICE", view=empty
    )
    assert outcome.errors and IMPROVE_BLOCK in outcome.errors

    view["state"] = {
        "values": {
            IMPROVE_BLOCK: {IMPROVE_INPUT: {"type": "plain_text_input", "value": "Ask first"}}
        }
    }
    outcome = await loop.feedback.record_modal_submission(
        team_id=TEAM, user_id="U0ALICE", view=view
    )
    assert outcome.errors is None and outcome.channel_id == "C0GENERAL"
    assert "Recorded your feedback" in outcome.message
    async with database.read() as session:
        rows = await store.feedback_of_run(session, team_id=TEAM, run_id=run_id)
    assert [r.text for r in rows] == ["Ask first"]


# --- cycles, guidelines, versions ---------------------------------------------------------------


async def test_a_cycle_needs_enough_new_traces(database: Database, loop: LearningLoop) -> None:
    for _ in range(9):
        await add_run(database)
    report = await loop.run_cycle()
    assert not report.ran and "9 new traces, 10 needed" in report.reason
    assert await count(database, LearningCycle) == 0
    await add_run(database)
    assert (await loop.run_cycle()).ran
    assert not (await loop.run_cycle()).ran  # nothing new since


async def test_a_cycle_with_enough_traces_creates_a_versioned_guideline_change_with_evidence(
    database: Database, loop: LearningLoop, bus: EventBus, recorder: Recorder
) -> None:
    await seed_topic_mistakes(database, bus)
    report = await loop.run_cycle(trigger="command")
    assert report.ran, report.reason
    (team,) = report.teams
    assert team.traces == 10

    versions = await loop.versions.versions(TEAM, "slack")
    assert [v.number for v in versions] == [1, 2]
    built_in, learned = versions
    assert built_in.guidelines == [] and built_in.state == "production"
    assert learned.parent == 1 and learned.state == "canary" and learned.author == "system"
    assert learned.cycle_id == team.cycle_id
    (edit,) = learned.diff
    assert edit["op"] == "add" and edit["slot"] == "approach:slack:topic"
    assert "`slack_set_topic`" in edit["new"] and "`slack_post_message`" in edit["new"]
    assert edit["confidence"] >= 0.7
    (evidence,) = learned.evidence
    assert evidence["kind"] == "contrast" and len(evidence["rejected_runs"]) == 5
    assert len(evidence["accepted_runs"]) == 4
    assert await loop.versions.labels(TEAM, "slack") == {"production": 1, "canary": 2}

    async with database.read() as session:
        (cycle,) = (await session.execute(select(LearningCycle))).scalars().all()
    assert cycle.status == "done" and cycle.traces == 10
    assert cycle.inputs["rejected"] == 6 and cycle.inputs["feedback"] == {"undo": 6}
    assert any("new slack prompt v2" in change for change in cycle.changes)
    assert any(p["kind"] == "contrast" for p in cycle.patterns)
    assert await count(database, LearnedPattern, LearnedPattern.kind == "tool") == 2

    assert recorder.named(EventName.PROMPT_VERSION_CREATED)[0].data["version"] == 2
    discovered = recorder.named(EventName.PATTERN_DISCOVERED)
    assert {e.data["kind"] for e in discovered} >= {"contrast", "routing"}
    assert team.admin_notes and "New `slack` prompt v2" in team.admin_notes[0]
    assert "cycle #" in report.describe() and "new slack prompt v2" in report.describe()

    # serving: deterministic by run id, about a fifth of runs on the canary
    served = [await loop.prompt_for_run(TEAM, "slack", f"run-{i}") for i in range(400)]
    on_canary = [guidelines for number, guidelines in served if number == 2]
    assert 40 < len(on_canary) < 120
    assert all(len(g) == 1 and "slack:topic" in g[0] for g in on_canary)
    assert all(g == [] for number, g in served if number == 1)
    assert served[7] == await loop.prompt_for_run(TEAM, "slack", "run-7")
    assert await loop.prompt_for_run(TEAM, "github", "run-1") == (None, [])


def test_the_canary_rule_is_sequential_and_matches_the_spec_example() -> None:
    assert decide(Arm(4, 4), Arm(0, 16)).decision == canary.PROMOTE
    assert decide(Arm(0, 3), Arm(16, 16)).decision == canary.ROLLBACK
    assert decide(Arm(2, 2), Arm(0, 16)).decision == canary.CONTINUE  # too few canary runs
    equal = decide(Arm(9, 10), Arm(36, 40))
    assert equal.decision == canary.CONTINUE and 0.3 < equal.p_not_worse < 0.95
    truncated = decide(Arm(180, 200), Arm(720, 800))
    assert truncated.decision == canary.PROMOTE
    assert "P(worse)" in decide(Arm(4, 4), Arm(0, 16)).reason
    share = sum(
        in_canary(team_id="T", specialist="slack", version=2, run_id=str(i), share=0.2)
        for i in range(5000)
    )
    assert 900 < share < 1100
    assert "sequential" in canary.__doc__.lower()


# Frozen from the grid integration (4,000 cells) before the arithmetic moved to scipy:
# (canary accepted/runs, production accepted/runs, decision, P(not worse), P(worse)).
# The grid was accurate to about 0.003, so the probabilities are compared to 0.005.
PROMOTE, ROLLBACK, CONTINUE = canary.PROMOTE, canary.ROLLBACK, canary.CONTINUE
CANARY_CASES = [
    ((4, 4), (0, 16), PROMOTE, 1.0000, 0.0000),
    ((0, 3), (16, 16), ROLLBACK, 0.0005, 0.9998),
    ((2, 2), (0, 16), CONTINUE, 0.9997, 0.0009),
    ((9, 10), (36, 40), CONTINUE, 0.5583, 0.6253),
    ((180, 200), (720, 800), PROMOTE, 0.9694, 0.5312),
    ((3, 3), (3, 3), CONTINUE, 0.6049, 0.4997),
    ((3, 3), (10, 10), CONTINUE, 0.4119, 0.7329),
    ((5, 5), (20, 20), CONTINUE, 0.4356, 0.7772),
    ((10, 10), (40, 40), CONTINUE, 0.5572, 0.7874),
    ((3, 4), (15, 20), CONTINUE, 0.5069, 0.5890),
    ((1, 5), (18, 20), ROLLBACK, 0.0034, 0.9986),
    ((8, 10), (19, 20), CONTINUE, 0.2112, 0.8943),
    ((20, 20), (30, 40), PROMOTE, 0.9983, 0.0062),
    ((40, 50), (160, 200), CONTINUE, 0.7533, 0.5362),
    ((150, 200), (700, 800), ROLLBACK, 0.0072, 1.0000),
    ((190, 200), (760, 800), PROMOTE, 0.9906, 0.5483),
    ((100, 200), (600, 800), ROLLBACK, 0.0000, 1.0000),
    ((0, 0), (5, 5), CONTINUE, 0.1930, 0.8570),
    ((12, 15), (30, 40), CONTINUE, 0.7469, 0.3939),
    ((25, 30), (90, 100), CONTINUE, 0.3673, 0.8622),
    ((6, 10), (18, 20), ROLLBACK, 0.0662, 0.9681),
    ((15, 15), (10, 20), PROMOTE, 0.9999, 0.0004),
]


@pytest.mark.parametrize(
    ("canary_arm", "production_arm", "decision", "not_worse", "worse"), CANARY_CASES
)
def test_the_canary_rule_makes_the_same_decisions_as_before_scipy(
    canary_arm: tuple[int, int],
    production_arm: tuple[int, int],
    decision: str,
    not_worse: float,
    worse: float,
) -> None:
    verdict = decide(Arm(*canary_arm), Arm(*production_arm))
    assert verdict.decision == decision
    assert verdict.p_not_worse == pytest.approx(not_worse, abs=5e-3)
    assert verdict.p_worse == pytest.approx(worse, abs=5e-3)


# P(rejections before a guideline > rejections under it + 5 points) for its retirement:
# the Beta parameters (before, under) and the grid's answer.
RETIREMENT_CASES = [
    ((11, 11, 3, 19), 0.9913),
    ((6, 16, 6, 16), 0.3516),
    ((9, 13, 11, 11), 0.1701),
    ((3, 19, 3, 19), 0.2999),
    ((13, 29, 5, 37), 0.9494),
]


@pytest.mark.parametrize(("parameters", "helped"), RETIREMENT_CASES)
def test_the_retirement_probability_matches_the_grid(
    parameters: tuple[int, int, int, int], helped: float
) -> None:
    assert probability_greater(*parameters, shift=-0.05) == pytest.approx(helped, abs=5e-3)


# (hits, misses, floor, minimum, P(rate > floor)) from the continued fraction.
PROBLEM_CASES = [
    (1, 0, 0.2, 2, 0.0000000000),
    (6, 4, 0.2, 3, 0.9975403391),
    (1, 40, 0.2, 1, 0.0004031236),
    (3, 7, 0.2, 3, 0.7945573415),
    (2, 18, 0.2, 3, 0.0000000000),
    (5, 5, 0.3, 5, 0.9121742123),
    (5, 15, 0.3, 5, 0.3226959287),
    (10, 20, 0.3, 5, 0.6627778776),
    (2, 3, 0.2, 2, 0.8671826902),
    (4, 30, 0.2, 3, 0.1098517031),
]


@pytest.mark.parametrize(("hits", "misses", "floor", "minimum", "expected"), PROBLEM_CASES)
def test_problem_confidence_matches_the_hand_written_incomplete_beta(
    hits: int, misses: int, floor: float, minimum: int, expected: float
) -> None:
    found = problem_confidence(hits, misses, floor=floor, minimum=minimum)
    assert found == pytest.approx(expected, abs=1e-8)


async def test_a_canary_that_helps_is_promoted_and_one_that_hurts_is_rolled_back(
    database: Database, loop: LearningLoop, bus: EventBus, recorder: Recorder
) -> None:
    await seed_topic_mistakes(database, bus)
    assert (await loop.run_cycle()).ran
    # the SPEC's example: 4 of 4 canary runs accepted against 0 of 16 on production
    now = timedelta(0)
    for _ in range(4):
        await add_run(database, tools=("slack.set_topic",), prompt_version=2, started_ago=now)
    for _ in range(16):
        run_id = await add_run(
            database, tools=("slack.post_message",), prompt_version=1, started_ago=now
        )
        await undo(bus, run_id)
    report = await loop.run_cycle()
    assert any("promoted slack v2" in change for change in report.teams[0].changes)
    assert await loop.versions.labels(TEAM, "slack") == {"production": 2}
    promoted = recorder.named(EventName.PROMPT_VERSION_PROMOTED)
    assert promoted and promoted[0].data["version"] == 2 and promoted[0].actor == "system"
    assert any("promoted to production" in note for _, note in report.admin_notes)

    # an admin's bad guideline, as canary: its runs are all rejected
    reply = await loop.prompts.command(
        team_id=TEAM, user_id="U0ADMIN", text="add slack Always post a message instead of acting"
    )
    assert "v3 created as canary" in reply.text and reply.notes
    for _ in range(3):
        run_id = await add_run(
            database, tools=("slack.post_message",), prompt_version=3, started_ago=now
        )
        await undo(bus, run_id)
    for _ in range(12):
        await add_run(database, tools=("slack.set_topic",), prompt_version=2, started_ago=now)
    report = await loop.run_cycle()
    assert any("rolled back slack v3" in change for change in report.teams[0].changes)
    assert await loop.versions.labels(TEAM, "slack") == {"production": 2}
    v3 = await loop.versions.version(TEAM, "slack", 3)
    assert v3 is not None and v3.state == "rolled_back" and "worse than production" in v3.decision
    assert recorder.named(EventName.PROMPT_VERSION_ROLLED_BACK)[0].data["version"] == 3
    # every version's content is still there, unchanged: versions are immutable
    versions = await loop.versions.versions(TEAM, "slack")
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[2].guidelines[-1]["text"] == "Always post a message instead of acting"


async def test_guidelines_are_written_by_the_model_with_templates_as_fallback(
    database: Database, bus: EventBus, fake_openai: FakeOpenAI
) -> None:
    def writer(body: dict[str, Any]) -> str | None:
        if "You edit the learned guidelines" not in body["messages"][0]["content"]:
            return None
        changes = json.loads(body["messages"][1]["content"])["changes"]
        return json.dumps(
            {
                "edits": [
                    {
                        "id": change["id"],
                        "text": "For slack:topic requests, change the topic with "
                        "`slack_set_topic`; never post it with `slack_post_message`.",
                    }
                    for change in changes
                ]
            }
        )

    fake_openai.responder(writer)
    model = ChatModel(
        api_key=fake_openai.api_key,
        base_url=fake_openai.base_url,
        model="gpt-test",
        metrics=Metrics(),
    )
    learning = LearningLoop(database, bus, config=CONFIG, model=model)
    learning.subscribe(bus)
    try:
        await seed_topic_mistakes(database, bus)
        assert (await learning.run_cycle()).ran
        version = await learning.versions.version(TEAM, "slack", 2)
        assert version is not None
        (edit,) = version.diff
        assert edit["written_by"] == "model" and edit["new"].startswith("For slack:topic")
        assert "written by model" in version.summary

        # an answer that isn't JSON, or drops the tools, falls back to the template
        drafts = [
            Edit(op="add", slot="approach:slack:topic", old=None, new=TEMPLATE, kind="contrast")
        ]
        writer_with_model = GuidelineWriter(model)
        fake_openai.responder(lambda body: "I'd rather not.")
        kept, author = await writer_with_model.write("slack", [], drafts)
        assert author == "templates" and kept[0].new == TEMPLATE
        fake_openai.responder(lambda body: '{"edits": [{"id": 0, "text": "Be nicer to people."}]}')
        kept, author = await writer_with_model.write("slack", [], drafts)
        assert author == "templates" and kept[0].new == TEMPLATE
    finally:
        await model.close()


TEMPLATE = "For slack:topic requests, use `slack_set_topic`; avoid `slack_post_message`."


async def test_a_failure_point_becomes_a_failure_guideline(
    database: Database, loop: LearningLoop
) -> None:
    for _ in range(6):
        await add_run(
            database,
            tools=("slack.archive_channel",),
            kind="slack:archive",
            status="failed",
            failed={"slack.archive_channel": "not_in_channel"},
            request="archive #old",
        )
    for _ in range(4):
        await add_run(database, tools=("slack.archive_channel",), kind="slack:archive")
    await loop.run_cycle()
    version = await loop.versions.version(TEAM, "slack", 2)
    assert version is not None
    slots = {item["slot"] for item in version.diff}
    assert "failure:slack:archive:slack.archive_channel:not_in_channel" in slots
    text = next(item["new"] for item in version.diff if item["slot"].startswith("failure:"))
    assert "`slack_archive_channel` failed with `not_in_channel` in 6 of 10 calls" in text
    assert "invite" in text


async def test_the_execution_pattern_is_refreshed_avoiding_repeated_failures(
    database: Database, loop: LearningLoop
) -> None:
    async with database.transaction() as session:
        session.add(
            ExecutionStat(
                team_id=TEAM,
                task_kind="slack:archive",
                pattern="parallel",
                runs=10,
                successes=7,
                failures=3,
                total_ms=1000,
            )
        )
        session.add(
            ExecutionStat(
                team_id=TEAM,
                task_kind="slack:archive",
                pattern="direct",
                runs=4,
                successes=3,
                failures=1,
                total_ms=4000,
            )
        )
    for _ in range(10):
        await add_run(database)
    report = await loop.run_cycle()
    assert any("execution pattern for slack:archive: direct" in c for c in report.teams[0].changes)
    async with database.read() as session:
        (row,) = await store.patterns_of(session, team_id=TEAM, kinds=["execution"])
    assert row.detail["recommended"] == Pattern.DIRECT.value and row.detail["avoided"] == [
        "parallel"
    ]


# --- workflows --------------------------------------------------------------------------------


async def test_a_repeated_sequence_is_offered_saved_run_by_name_and_improved(
    database: Database, loop: LearningLoop
) -> None:
    arguments = {
        "slack.archive_channel": {"channel": "#old-launch"},
        "slack.post_message": {"channel": "#general", "text": "Archived #old-launch"},
    }
    for weeks in (3, 2, 1):
        await add_run(
            database,
            tools=("slack.archive_channel", "slack.post_message"),
            kind="slack:archive",
            request="archive #old-launch and tell #general",
            arguments=arguments,
            started_ago=timedelta(weeks=weeks),
        )
    for _ in range(7):
        await add_run(database, user="U0BOB")
    report = await loop.run_cycle()
    offers = {offer.user_id: offer for offer in report.offers}
    assert offers["U0BOB"].name == "topic" and offers["U0BOB"].count == 7
    offer = offers["U0ALICE"]
    assert offer.name == "weekly-cleanup" and offer.count == 3

    text, blocks = offer_message(offer)
    assert "save it as `weekly-cleanup`" in text.lower()
    assert blocks[-1]["elements"][0]["value"] == f"{offer.id}:weekly-cleanup"
    assert not (await loop.run_cycle(force=True)).offers  # offered once

    refused = await loop.workflows.save_offer(team_id=TEAM, user_id="U0BOB", offer_id=offer.id)
    assert "only they can save it" in refused
    saved = await loop.workflows.save_offer(team_id=TEAM, user_id="U0ALICE", offer_id=offer.id)
    assert "Saved as `weekly-cleanup`" in saved

    assert (
        await loop.workflows.match(team_id=TEAM, user_id="U0BOB", text="run weekly-cleanup") is None
    )
    match = await loop.workflows.match(team_id=TEAM, user_id="U0ALICE", text="run weekly-cleanup")
    assert match is not None and match.version == 1
    run_id = await add_run(database, tools=("slack.archive_channel", "slack.post_message"))
    plan = await loop.workflows.start_run(
        team_id=TEAM, user_id="U0ALICE", name="weekly-cleanup", run_id=run_id
    )
    assert plan is not None and [s.tool for s in plan.steps] == [
        "slack.archive_channel",
        "slack.post_message",
    ]
    assert plan.steps[0].arguments == {"channel": "#old-launch"}
    assert plan.steps[1].depends_on == ("w1",) and plan.extras["workflow_version"] == 1

    answer = await loop.improve(
        team_id=TEAM,
        user_id="U0ALICE",
        channel_id="C0GENERAL",
        thread_ts=None,
        text="Do it without telling #general",
    )
    assert "Proposed `weekly-cleanup` v2 (from v1)" in answer
    proposal = await loop.workflows.get(
        team_id=TEAM, user_id="U0ALICE", name="weekly-cleanup", version=2
    )
    assert proposal is not None and proposal.state == "proposed"
    assert [s["tool"] for s in proposal.steps] == ["slack.archive_channel"]
    current = await loop.workflows.get(team_id=TEAM, user_id="U0ALICE", name="weekly-cleanup")
    assert current is not None and current.number == 1  # a proposal until accepted
    accepted = await loop.workflows.accept(
        team_id=TEAM, user_id="U0ALICE", name="weekly-cleanup", number=2
    )
    assert "v2 is now current" in accepted
    match = await loop.workflows.match(team_id=TEAM, user_id="U0ALICE", text="run weekly-cleanup")
    assert match is not None and match.version == 2


def test_rule_edits_of_workflow_steps() -> None:
    steps = [
        {
            "key": "w1",
            "tool": "slack.archive_channel",
            "arguments": {"channel": "#a"},
            "depends_on": [],
        },
        {
            "key": "w2",
            "tool": "slack.post_message",
            "arguments": {"channel": "#general"},
            "depends_on": ["w1"],
        },
    ]
    edited, changes = rule_edit(steps, "also archive #b, and use #ops instead of #general")
    assert [s["arguments"]["channel"] for s in edited] == ["#a", "#b", "#ops"]
    assert [s["key"] for s in edited] == ["w1", "w2", "w3"] and len(changes) == 2
    unchanged, none = rule_edit(steps, "make it nicer")
    assert unchanged == steps and none == []


# --- several processes ------------------------------------------------------------------------


async def test_two_concurrent_cycles_on_one_database_run_once(any_database_url: str) -> None:
    await upgrade_async(any_database_url)
    first_db, second_db = Database(any_database_url), Database(any_database_url)
    try:
        first_bus, second_bus = EventBus(), EventBus()
        first = LearningLoop(first_db, first_bus, config=CONFIG, holder="process-a")
        second = LearningLoop(second_db, second_bus, config=CONFIG, holder="process-b")
        first.subscribe(first_bus)
        await seed_topic_mistakes(first_db, first_bus)
        reports = await asyncio.gather(first.run_cycle(), second.run_cycle())
        assert sum(report.ran for report in reports) == 1
        assert await count(first_db, LearningCycle) == 1
        assert await count(first_db, PromptVersion) == 2
        skipped = next(report for report in reports if not report.ran)
        assert "another process" in skipped.reason or "0 new traces, 10 needed" in skipped.reason
    finally:
        await first_db.dispose()
        await second_db.dispose()


async def test_a_crash_mid_apply_leaves_no_half_applied_version(
    database: Database, loop: LearningLoop, bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed_topic_mistakes(database, bus)
    real_move = store.move_label

    async def crash_on_canary(session: Any, **kwargs: Any) -> bool:
        if kwargs["label"] == "canary":
            raise RuntimeError("the process died here")
        return await real_move(session, **kwargs)

    monkeypatch.setattr(store, "move_label", crash_on_canary)
    report = await loop.run_cycle()
    assert not report.ran and "failed (RuntimeError)" in report.reason
    assert await count(database, PromptVersion) == 0  # not even the built-in v1
    assert await count(database, LearningLabel) == 0
    assert await count(database, LearnedPattern) == 0
    async with database.read() as session:
        cycles = (await session.execute(select(LearningCycle))).scalars().all()
    assert [c.status for c in cycles] == ["failed"] and "RuntimeError" in (cycles[0].error or "")

    monkeypatch.setattr(store, "move_label", real_move)
    report = await loop.run_cycle()  # the lease was released; the traces were kept
    assert report.ran and report.teams[0].traces == 10
    assert await loop.versions.labels(TEAM, "slack") == {"production": 1, "canary": 2}


# --- admin, status, CLI, schema ----------------------------------------------------------------


async def test_admins_list_diff_promote_and_roll_back_prompt_versions(
    database: Database, loop: LearningLoop, bus: EventBus, recorder: Recorder
) -> None:
    empty = await loop.prompts.command(team_id=TEAM, user_id="U0ADMIN", text="")
    assert "No learned prompt versions yet" in empty.text
    await seed_topic_mistakes(database, bus)
    await loop.run_cycle()

    listing = await loop.prompts.command(team_id=TEAM, user_id="U0ADMIN", text="")
    assert len(listing.blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in listing.blocks)
    buttons = [
        e["action_id"] + "=" + e["value"]
        for b in listing.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert (
        "kaizen_prompt_promote=slack:2" in buttons and "kaizen_prompt_rollback=slack:2" in buttons
    )

    diff = await loop.prompts.on_button(
        action_id="kaizen_prompt_diff",
        value="slack:2",
        team_id=TEAM,
        user_id="U0ADMIN",
        is_admin=True,
    )
    assert "+For slack:topic requests" in diff.text and "Evidence" in str(diff.blocks)
    refused = await loop.prompts.on_button(
        action_id="kaizen_prompt_promote",
        value="slack:2",
        team_id=TEAM,
        user_id="U0BOB",
        is_admin=False,
    )
    assert "Only admins" in refused.text

    promoted = await loop.prompts.command(team_id=TEAM, user_id="U0ADMIN", text="promote slack 2")
    assert "now production" in promoted.text and "<@U0ADMIN>" in promoted.notes[0]
    assert await loop.versions.labels(TEAM, "slack") == {"production": 2}
    back = await loop.prompts.command(team_id=TEAM, user_id="U0ADMIN", text="rollback slack")
    assert "production is v1 again" in back.text
    assert await loop.versions.labels(TEAM, "slack") == {"production": 1}
    assert [e.actor for e in recorder.named(EventName.PROMPT_VERSION_ROLLED_BACK)] == [
        "admin:U0ADMIN"
    ]
    nothing = await loop.prompts.command(team_id=TEAM, user_id="U0ADMIN", text="rollback slack")
    assert "Nothing to roll back" in nothing.text
    assert (
        "`/stats prompts`"
        in (
            await loop.prompts.command(team_id=TEAM, user_id="U0ADMIN", text="frobnicate the thing")
        ).text
    )


async def test_learning_status_for_stats(database: Database, loop: LearningLoop, bus: EventBus):
    await seed_topic_mistakes(database, bus)
    await loop.run_cycle()
    status = await loop.status(TEAM)
    assert status.running and status.cycles == 1 and status.prompt_versions == 1
    assert status.canaries == 1 and status.patterns >= 5 and status.last_cycle_at is not None
    assert any("new slack prompt v2" in change for change in status.changes)
    assert "every hour" in status.note and "20%" in status.note
    assert status.to_json()["cycles"] == 1


async def test_kaizen_learn_prints_what_it_did(database_url: str, settings_for: Any) -> None:
    database = Database(database_url)
    bus = EventBus()
    LearningLoop(database, bus).subscribe(bus)  # undos become feedback
    try:
        await seed_topic_mistakes(database, bus)
    finally:
        await database.dispose()
    settings = settings_for()
    printed = await learn_once(settings)
    assert "cycle #1 over 10 new traces" in printed and "new slack prompt v2" in printed
    assert "Notes for the admin channel" in printed
    again = await learn_once(settings)
    assert again.startswith("No learning cycle ran") and "0 new traces" in again
    database = Database(database_url)
    try:
        async with database.read() as session:
            actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    finally:
        await database.dispose()
    assert "prompt_version_created" in actions and "pattern_discovered" in actions


async def test_the_learning_migration_matches_the_tables(any_database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import storage.models.learning  # noqa: F401

    await upgrade_async(any_database_url)
    database = Database(any_database_url)

    def differences(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)

    try:
        async with database.engine.connect() as connection:
            found = await connection.run_sync(differences)
    finally:
        await database.dispose()
    assert found == []


async def test_audit_entries_record_version_events(
    database: Database, bus: EventBus, loop: LearningLoop
) -> None:
    bus.subscribe(None, audit_subscriber(database))
    await seed_topic_mistakes(database, bus)
    await loop.run_cycle()
    async with database.read() as session:
        actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert "prompt_version_created" in actions and actions.count("feedback_received") == 6


# --- Block Kit, and real runs through the bot -------------------------------------------------


async def test_every_surface_is_valid_block_kit(
    database: Database, loop: LearningLoop, bus: EventBus
) -> None:
    run_id = await add_run(database, request="y" * 20_000)
    summary = await loop.feedback.improve_target(
        team_id=TEAM, user_id="U0ALICE", channel_id="C0GENERAL"
    )
    assert summary is not None and summary.run_id == run_id
    check_blocks(improve_modal(summary)["blocks"], limit=MAX_VIEW_BLOCKS)
    await seed_topic_mistakes(database, bus)
    report = await loop.run_cycle()
    for offer in report.offers:
        check_blocks(offer_message(offer)[1])
    for _ in range(8):  # many versions: the listing still fits
        await loop.prompts.command(team_id=TEAM, user_id="U0ADMIN", text="rollback slack")
        await loop.prompts.command(team_id=TEAM, user_id="U0ADMIN", text="add slack " + "z" * 400)
    check_blocks((await loop.prompts.command(team_id=TEAM, user_id="U0A", text="")).blocks)
    check_blocks(
        (await loop.prompts.command(team_id=TEAM, user_id="U0A", text="diff slack 2")).blocks
    )
    check_blocks(loop.workflows.proposal_blocks("weekly-cleanup", 2, "x" * 5000))


async def test_feedback_from_real_runs_of_the_bot(bot: Any) -> None:

    services = bot.kaizen.services
    learning = LearningLoop(services.database, services.bus, config=CONFIG)
    learning.subscribe(services.bus)
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: archived(bot))
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))
    await bot.command("/undo", "", user="U0BOB", channel="C0GENERAL")
    await wait_until(lambda: not archived(bot))
    async with services.database.read() as session:
        run = (await session.execute(select(Run))).scalars().one()

    async def kinds() -> list[str]:
        async with services.database.read() as session:
            rows = await store.feedback_of_run(session, team_id=run.team_id, run_id=run.id)
        return sorted(r.kind for r in rows)

    for _ in range(100):
        if await kinds() == ["confirm", "undo"]:
            break
        await asyncio.sleep(0.02)
    assert await kinds() == ["confirm", "undo"]
    report = await learning.run_cycle(team_id=run.team_id, force=True)
    assert report.ran and report.teams[0].traces == 1
    answer = await learning.improve(
        team_id=run.team_id,
        user_id="U0BOB",
        channel_id="C0GENERAL",
        thread_ts=None,
        text="Ask me which channel before archiving",
    )
    assert "archive <#C0OLDLAUNCH|old-launch>" in answer or "archive" in answer


# --- guideline edits: add, reword, retire, at most three -------------------------------------


def _pattern(kind: str, task: str, confidence: float, **detail: Any) -> PatternUpdate:
    return PatternUpdate(
        kind=kind,
        key=f"slack|{task}|{kind}",
        specialist="slack",
        task_kind=task,
        description=f"{kind} about {task}",
        evidence={"rejected_runs": ["r1"]},
        detail=detail,
        frequency=10,
        confidence=confidence,
        seen=10,
        is_new=True,
    )


def test_guideline_edits_are_small_and_cite_their_evidence() -> None:
    feedback = _pattern(
        "feedback",
        "slack:topic",
        0.9,
        chosen="Set the channel topic <@U1> please",
        rejected=6,
        runs=8,
    )
    contrast = _pattern(
        "contrast",
        "slack:topic",
        0.8,
        good=["slack.set_topic"],
        bad=["slack.post_message"],
        good_counts=[4, 4],
        bad_counts=[6, 6],
    )
    weak = _pattern("routing", "slack:pin", 0.5, rejected=2, runs=4)
    first = propose(
        "slack", [], [feedback, weak], threshold=0.7, guided={}, kind_counts={}, blocked=set()
    )
    (add,) = first.edits
    assert add.op == "add" and add.slot == "approach:slack:topic" and "<@U1>" not in (add.new or "")
    assert add.evidence["rejected_runs"] == ["r1"] and add.evidence["confidence"] == 0.9
    current = apply_edits([], first.edits)
    reworded = propose(
        "slack",
        current,
        [feedback, contrast],
        threshold=0.7,
        guided={},
        kind_counts={},
        blocked=set(),
    )
    (reword,) = reworded.edits  # a contrast says more than a quote: same slot, better words
    assert reword.op == "reword" and "`slack_set_topic`" in (reword.new or "")
    assert reword.old == add.new
    blocked = propose(
        "slack",
        [],
        [contrast],
        threshold=0.7,
        guided={},
        kind_counts={},
        blocked={contrast.key},
    )
    assert not blocked.edits and "rolled back" in blocked.decisions[0]

    with_baseline = [replace(current[0], baseline=(60, 80))]
    retired = propose(
        "slack",
        with_baseline,
        [],
        threshold=0.7,
        guided={"approach:slack:topic": (18, 20)},
        kind_counts={},
        blocked=set(),
    )
    (retire,) = retired.edits  # 18 of 20 rejected under it, 60 of 80 before: it didn't help
    assert retire.op == "retire" and apply_edits(with_baseline, retired.edits) == []
    helped = propose(
        "slack",
        with_baseline,
        [],
        threshold=0.7,
        guided={"approach:slack:topic": (4, 20)},
        kind_counts={},
        blocked=set(),
    )
    assert not helped.edits  # 4 of 20 rejected under it: it stays

    many = [
        _pattern(
            "failure",
            f"slack:k{i}",
            0.95,
            tool="slack.pin_message",
            error_class="x",
            failures=5,
            calls=6,
        )
        for i in range(5)
    ]
    capped = propose("slack", [], many, threshold=0.7, guided={}, kind_counts={}, blocked=set())
    assert len(capped.edits) == 3 and any("at most 3 edits" in d for d in capped.decisions)


def test_problem_confidence_needs_repeats_and_a_real_rate() -> None:
    assert problem_confidence(1, 0, minimum=2) == 0.0
    assert problem_confidence(6, 4, minimum=3) > 0.95
    assert problem_confidence(1, 40, minimum=1) < 0.05
