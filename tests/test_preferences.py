"""The preference learner: the estimator, recency, thresholds, and what must always ask."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect

from bot.integrations.base import Risk, Tool, ToolContext, ToolResult
from bot.integrations.registry import ToolRegistry
from bot.integrations.slack.integration import SlackIntegration
from bot.learning import estimators as estimator
from bot.learning.preferences import hours, style
from bot.learning.preferences.service import PreferenceService
from bot.learning.preferences.specialist import learned_specialist
from bot.orchestrator.events import Event, EventBus, EventName
from bot.orchestrator.gate import gate
from bot.surfaces.home import MAX_VIEW_BLOCKS, home_view
from bot.surfaces.prefs import quick_prefs_answer, run_prefs_command
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import AuditEntry, Run, UndoEntry
from storage.repositories.preferences import RunOutcome

TEAM, OTHER_TEAM = "T0PREFS", "T0OTHER"
BOB, CAROL, ADMIN = "U0BOB", "U0CAROL", "U0ALICE"
ARCHIVE, TOPIC, DELETE = "slack.archive_channel", "slack.set_topic", "slack.delete_message"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def database(any_database_url: str) -> AsyncIterator[Database]:
    await upgrade_async(any_database_url)
    db = Database(any_database_url)
    yield db
    await db.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def tools() -> ToolRegistry:
    return ToolRegistry([SlackIntegration(), _WipeIntegration()])


@pytest.fixture
def prefs(database: Database, tools: ToolRegistry, clock: Clock) -> PreferenceService:
    return PreferenceService(
        database, tools, clock=clock, specialists=lambda: ["general", "github", "slack"]
    )


async def _decide(
    prefs: PreferenceService, user: str, pattern: str, decision: str, times: int = 1, **kw: Any
) -> None:
    for _ in range(times):
        await prefs.record_decision(TEAM, user, pattern, decision, **kw)


async def _auto(prefs: PreferenceService, tools: ToolRegistry, pattern: str, **kw: Any) -> bool:
    tool = tools.get(pattern)
    assert tool is not None
    reason = await prefs.auto_execute(
        team_id=kw.get("team", TEAM), user_id=kw.get("user", BOB), tool=tool, tainted=False
    )
    return reason is not None


# --- the estimator ---


@pytest.mark.parametrize("q", [0.05, 0.2, 0.5, 0.9])
@pytest.mark.parametrize("a", [0.5, 1.0, 4.5, 20.0])
def test_the_beta_quantile_matches_closed_forms(q: float, a: float) -> None:
    # Beta(a, 1): F(x) = x^a; Beta(1, b): F(x) = 1 - (1 - x)^b.
    assert estimator.beta_quantile(q, a, 1.0) == pytest.approx(q ** (1 / a), abs=1e-8)
    assert estimator.beta_quantile(q, 1.0, a) == pytest.approx(1 - (1 - q) ** (1 / a), abs=1e-8)


@pytest.mark.parametrize(("x", "a", "b"), [(0.3, 2, 3), (0.7, 5, 2), (0.5, 10, 10), (0.9, 1, 4)])
def test_the_incomplete_beta_matches_the_binomial_identity(x: float, a: int, b: int) -> None:
    # For integers: I_x(a, b) = P(Binomial(a + b - 1, x) >= a).
    n = a + b - 1
    expected = sum(math.comb(n, k) * x**k * (1 - x) ** (n - k) for k in range(a, n + 1))
    assert estimator.regularized_beta(x, a, b) == pytest.approx(expected, abs=1e-10)


def test_the_lower_bound_is_not_a_raw_ratio() -> None:
    three = estimator.lower_bound(3, 0)
    thirty = estimator.lower_bound(30, 0)
    assert 3 / 3 == 30 / 30 and three < thirty < 1.0
    assert estimator.lower_bound(10, 1) < estimator.lower_bound(10, 0)
    assert estimator.lower_bound(5, 5) < 0.5 < estimator.posterior_mean(6, 5)


# Frozen from the hand-written estimator (continued fraction + bisection) before the
# arithmetic moved to scipy: (positive, negative, 80 % lower bound, bars it clears).
# `bars` are the confirmation bars in use (0.7 writes, 0.8 destructive, 0.3 / 0.9 in
# tests) and the specialist bar (0.5): the same cases must make the same decisions.
LOWER_BOUND_CASES = [
    (0.0, 0.0, 0.0954915028, ()),
    (1.0, 0.0, 0.5279639105, (0.3, 0.5)),
    (2.0, 0.0, 0.6965501809, (0.3, 0.5)),
    (3.0, 0.0, 0.7776041369, (0.3, 0.5, 0.7)),
    (4.0, 0.0, 0.8247219766, (0.3, 0.5, 0.7, 0.8)),
    (5.0, 0.0, 0.8554358361, (0.3, 0.5, 0.7, 0.8)),
    (6.0, 0.0, 0.8770176671, (0.3, 0.5, 0.7, 0.8)),
    (8.0, 0.0, 0.9053195224, (0.3, 0.5, 0.7, 0.8, 0.9)),
    (10.0, 0.0, 0.9230434035, (0.3, 0.5, 0.7, 0.8, 0.9)),
    (20.0, 0.0, 0.9602633831, (0.3, 0.5, 0.7, 0.8, 0.9)),
    (30.0, 0.0, 0.9732198708, (0.3, 0.5, 0.7, 0.8, 0.9)),
    (3.0, 1.0, 0.5361651936, (0.3, 0.5)),
    (4.0, 1.0, 0.6121548129, (0.3, 0.5)),
    (5.0, 1.0, 0.6670789133, (0.3, 0.5)),
    (6.0, 1.0, 0.7085159994, (0.3, 0.5, 0.7)),
    (10.0, 1.0, 0.8056729956, (0.3, 0.5, 0.7, 0.8)),
    (10.0, 2.0, 0.7224432926, (0.3, 0.5, 0.7)),
    (20.0, 2.0, 0.8422467867, (0.3, 0.5, 0.7, 0.8)),
    (30.0, 3.0, 0.8568159913, (0.3, 0.5, 0.7, 0.8)),
    (5.0, 5.0, 0.3723806870, (0.3,)),
    (10.0, 10.0, 0.4078721952, (0.3,)),
    (0.0, 3.0, 0.0097968993, ()),
    (0.0, 10.0, 0.0031251206, ()),
    (1.0, 4.0, 0.1006666573, ()),
    (2.5, 0.0, 0.7432276528, (0.3, 0.5, 0.7)),
    (3.5, 0.0, 0.8039317885, (0.3, 0.5, 0.7, 0.8)),
    (1.5, 0.5, 0.4472135955, (0.3,)),
    (4.0, 0.25, 0.7553372697, (0.3, 0.5, 0.7)),
    (2.75, 0.1, 0.7241287545, (0.3, 0.5, 0.7)),
    (6.2, 1.3, 0.6799934315, (0.3, 0.5)),
    (12.0, 3.0, 0.6988331448, (0.3, 0.5)),
    (50.0, 5.0, 0.8703883733, (0.3, 0.5, 0.7, 0.8)),
    (100.0, 10.0, 0.8829933096, (0.3, 0.5, 0.7, 0.8)),
]
BARS = (0.3, 0.5, 0.7, 0.8, 0.9)


@pytest.mark.parametrize(("positive", "negative", "bound", "clears"), LOWER_BOUND_CASES)
def test_the_lower_bound_makes_the_same_decisions_as_before_scipy(
    positive: float, negative: float, bound: float, clears: tuple[float, ...]
) -> None:
    found = estimator.lower_bound(positive, negative)
    assert found == pytest.approx(bound, abs=1e-8)
    assert tuple(bar for bar in BARS if found > bar) == clears


def test_recency_halves_a_decision_every_half_life() -> None:
    half = estimator.HALF_LIFE
    assert estimator.recency_weight(timedelta(0)) == 1.0
    assert estimator.recency_weight(half) == pytest.approx(0.5)
    assert estimator.recency_weight(2 * half) == pytest.approx(0.25)
    assert estimator.recency_weight(-half) == 1.0  # a clock skew never counts extra


# --- thresholds ---


async def test_writes_clear_the_bar_sooner_than_destructive_actions(
    prefs: PreferenceService, tools: ToolRegistry
) -> None:
    assert prefs.bar_for(Risk.WRITE) == 0.7 and prefs.bar_for(Risk.DESTRUCTIVE) == pytest.approx(
        0.8
    )
    for count in range(1, 5):
        await _decide(prefs, BOB, TOPIC, "confirm")
        await _decide(prefs, BOB, ARCHIVE, "confirm")
        assert await _auto(prefs, tools, TOPIC) is (count >= 3)
        assert await _auto(prefs, tools, ARCHIVE) is (count >= 4)
    verdict = await prefs.verdict(TEAM, BOB, ARCHIVE)
    assert verdict.why == "you confirmed this 4 of 4 times"


async def test_a_minimum_number_of_decisions_comes_first(
    database: Database, tools: ToolRegistry, clock: Clock
) -> None:
    lenient = PreferenceService(database, tools, confirm_confidence=0.3, clock=clock)
    await _decide(lenient, BOB, TOPIC, "confirm", times=2)
    assert estimator.lower_bound(2, 0) > 0.3
    assert not await _auto(lenient, tools, TOPIC)
    assert "3 decisions" in (await lenient.verdict(TEAM, BOB, TOPIC)).why
    await _decide(lenient, BOB, TOPIC, "confirm")
    assert await _auto(lenient, tools, TOPIC)


async def test_the_confidence_setting_moves_the_bar(
    database: Database, tools: ToolRegistry, clock: Clock
) -> None:
    strict = PreferenceService(database, tools, confirm_confidence=0.9, clock=clock)
    await _decide(strict, BOB, TOPIC, "confirm", times=6)
    assert not await _auto(strict, tools, TOPIC)
    assert strict.bar_for(Risk.DESTRUCTIVE) == pytest.approx(0.99)  # capped below certainty


async def test_cancels_and_undos_count_against(
    prefs: PreferenceService, tools: ToolRegistry
) -> None:
    await _decide(prefs, BOB, ARCHIVE, "confirm", times=4)
    assert await _auto(prefs, tools, ARCHIVE)
    before = (await prefs.evidence(TEAM, BOB, ARCHIVE)).confidence
    await prefs.auto_executed(team_id=TEAM, user_id=BOB, pattern=ARCHIVE, run_id=None)
    await _decide(prefs, BOB, ARCHIVE, "undo")
    after = await prefs.evidence(TEAM, BOB, ARCHIVE)
    assert after.confidence < before and after.undos == 1 and after.autos == 1
    assert not await _auto(prefs, tools, ARCHIVE)

    await _decide(prefs, BOB, TOPIC, "cancel", times=10)
    assert not await _auto(prefs, tools, TOPIC)


async def test_a_member_who_confirms_then_undoes_is_always_asked(
    prefs: PreferenceService, tools: ToolRegistry
) -> None:
    for _ in range(40):
        await _decide(prefs, BOB, TOPIC, "confirm")
        await _decide(prefs, BOB, TOPIC, "undo")
        assert not await _auto(prefs, tools, TOPIC)


async def test_old_decisions_fade(
    prefs: PreferenceService, tools: ToolRegistry, clock: Clock
) -> None:
    long_ago = NOW - timedelta(days=365)
    await _decide(prefs, BOB, TOPIC, "cancel", times=3, at=long_ago)
    await _decide(prefs, BOB, TOPIC, "confirm", times=4)
    assert await _auto(prefs, tools, TOPIC)  # a year-old "no" weighs 2^-12 of a fresh "yes"

    await _decide(prefs, BOB, ARCHIVE, "confirm", times=4)
    assert await _auto(prefs, tools, ARCHIVE)
    clock.now = NOW + timedelta(days=45)  # no news for 1.5 half-lives
    assert not await _auto(prefs, tools, ARCHIVE)


# --- what always asks ---


async def test_irreversible_actions_always_ask(
    prefs: PreferenceService, tools: ToolRegistry
) -> None:
    wipe = tools.get("test.wipe")
    assert wipe is not None and wipe.undo is None
    await _decide(prefs, BOB, "test.wipe", "confirm", times=30)
    await prefs.set_setting(TEAM, BOB, "confirm:test.wipe", "always")
    assert not await _auto(prefs, tools, "test.wipe")
    verdict = await gate(
        wipe,
        {},
        request_channel="C0GENERAL",
        request_is_dm=False,
        tainted=False,
        team_id=TEAM,
        user_id=BOB,
        policy=prefs,
    )
    assert verdict.reason is not None and verdict.auto_reason is None


async def test_tainted_runs_always_ask(prefs: PreferenceService, tools: ToolRegistry) -> None:
    await prefs.set_setting(TEAM, BOB, f"confirm:{TOPIC}", "always")
    tool = tools.get(TOPIC)
    assert tool is not None
    assert await prefs.auto_execute(team_id=TEAM, user_id=BOB, tool=tool, tainted=True) is None
    common = {"request_channel": "C0GENERAL", "request_is_dm": False, "team_id": TEAM}
    tainted = await gate(tool, {}, tainted=True, user_id=BOB, policy=prefs, **common)
    clean = await gate(tool, {}, tainted=False, user_id=BOB, policy=prefs, **common)
    assert tainted.reason is not None
    assert clean.reason is None and clean.auto_reason == "you told me to always do this"


async def test_never_beats_evidence_and_always_beats_its_absence(
    prefs: PreferenceService, tools: ToolRegistry
) -> None:
    await _decide(prefs, BOB, ARCHIVE, "confirm", times=20)
    await prefs.set_setting(TEAM, BOB, f"confirm:{ARCHIVE}", "never")
    assert not await _auto(prefs, tools, ARCHIVE)
    await prefs.set_setting(TEAM, BOB, f"confirm:{DELETE}", "always")
    assert await _auto(prefs, tools, DELETE)
    await prefs.clear_setting(TEAM, BOB, f"confirm:{ARCHIVE}")
    assert await _auto(prefs, tools, ARCHIVE)


async def test_a_broken_policy_fails_safe(tools: ToolRegistry) -> None:
    class Broken:
        async def auto_execute(self, **_: Any) -> str | None:
            raise RuntimeError("database gone")

        async def auto_executed(self, **_: Any) -> None:
            return None

    tool = tools.get(TOPIC)
    assert tool is not None
    verdict = await gate(
        tool,
        {},
        request_channel="C0GENERAL",
        request_is_dm=False,
        tainted=False,
        team_id=TEAM,
        user_id=BOB,
        policy=Broken(),
    )
    assert verdict.reason is not None


# --- events, scoping ---


async def test_decisions_arrive_on_the_bus_and_only_the_member_trains_their_policy(
    prefs: PreferenceService, tools: ToolRegistry
) -> None:
    bus = EventBus()
    prefs.subscribe(bus)

    async def confirmed(actor: str, requester: str, **extra: Any) -> None:
        data = {"tool": ARCHIVE, "decision": "confirmed", "requester": requester, **extra}
        await bus.publish(Event(EventName.ACTION_CONFIRMED, TEAM, actor, data))

    for _ in range(4):
        await confirmed(ADMIN, BOB)  # an admin confirming for Bob is not Bob's decision
    assert (await prefs.evidence(TEAM, BOB, ARCHIVE)).decisions == 0
    for _ in range(4):
        await confirmed(BOB, BOB)
    assert await _auto(prefs, tools, ARCHIVE)
    assert not await _auto(prefs, tools, ARCHIVE, user=CAROL)
    assert not await _auto(prefs, tools, ARCHIVE, team=OTHER_TEAM)

    undone = {"tool": ARCHIVE, "owner": BOB, "run_id": "r1"}
    await bus.publish(Event(EventName.ACTION_UNDONE, TEAM, ADMIN, undone))
    assert (await prefs.evidence(TEAM, BOB, ARCHIVE)).undos == 0
    await bus.publish(Event(EventName.ACTION_UNDONE, TEAM, BOB, undone))
    assert (await prefs.evidence(TEAM, BOB, ARCHIVE)).undos == 1

    await confirmed(CAROL, CAROL, always=True)
    assert await _auto(prefs, tools, ARCHIVE, user=CAROL)
    assert (await prefs.settings(TEAM, CAROL)) == {f"confirm:{ARCHIVE}": "always"}


async def test_old_decisions_beyond_the_kept_window_are_dropped(prefs: PreferenceService) -> None:
    from storage.repositories.preferences import KEEP_PER_PATTERN

    for index in range(KEEP_PER_PATTERN + 5):
        await _decide(prefs, BOB, TOPIC, "confirm", at=NOW - timedelta(minutes=500 - index))
    evidence = await prefs.evidence(TEAM, BOB, TOPIC)
    assert evidence.confirms == KEEP_PER_PATTERN


async def test_the_tables_exist_after_migrating(database: Database) -> None:
    async with database.engine.connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert {"preferencedecision", "memberpreference", "memberprofile", "memberactivity"} <= tables


# --- the preferred specialist ---


def _outcome(index: int, specialist: str, status: str = "succeeded", undone: bool = False) -> Any:
    started = NOW - timedelta(minutes=index)
    return RunOutcome(f"r{index}", "slack:archive", specialist, status, started, undone)


def test_the_preferred_specialist_counts_only_runs_that_went_well() -> None:
    outcomes = [_outcome(i, "slack") for i in range(4)]
    outcomes += [_outcome(10 + i, "general", undone=i < 3) for i in range(5)]
    choice = learned_specialist("slack:archive", outcomes, down_voted=set())
    assert choice.specialist == "slack" and choice.good == 4 and choice.runs == 4
    down = {o.run_id for o in outcomes if o.specialist == "slack"}
    assert learned_specialist("slack:archive", outcomes, down).specialist is None
    few = learned_specialist("slack:archive", outcomes[:2], set())
    assert few.specialist is None and few.source == "not enough runs"


async def test_the_router_lookup_uses_runs_undo_and_feedback_and_settings_win(
    prefs: PreferenceService, database: Database
) -> None:
    async with database.transaction() as session:
        for index in range(4):
            session.add(
                Run(
                    id=f"run-{index}",
                    team_id=TEAM,
                    user_id=BOB,
                    channel_id="C0GENERAL",
                    request="archive #x",
                    task_kind="slack:archive",
                    specialist="slack",
                    status="succeeded",
                    started_at=NOW - timedelta(minutes=index),
                )
            )
    assert await prefs.preferred_specialist(TEAM, BOB, "slack:archive") == "slack"
    assert await prefs.preferred_specialist(TEAM, CAROL, "slack:archive") is None
    async with database.transaction() as session:
        session.add(
            UndoEntry(
                team_id=TEAM,
                user_id=BOB,
                run_id="run-0",
                tool=ARCHIVE,
                summary="Archived #x.",
                description="unarchive #x",
                status="undone",
                expires_at=NOW,
            )
        )
        session.add(
            AuditEntry(
                team_id=TEAM,
                actor=BOB,
                action="feedback_received",
                detail={"run_id": "run-1", "score": -1},
            )
        )
    assert await prefs.preferred_specialist(TEAM, BOB, "slack:archive") is None  # 2 good left
    await prefs.set_setting(TEAM, BOB, "specialist:slack:archive", "general")
    assert await prefs.preferred_specialist(TEAM, BOB, "slack:archive") == "general"


# --- style ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shorter please", [("verbosity", "concise")]),
        ("that was TOO LONG, tl;dr next time", [("verbosity", "concise")]),
        ("more detail please", [("verbosity", "detailed")]),
        ("no emoji please, and be brief", [("emoji", "off"), ("verbosity", "concise")]),
        ("emoji are fine", [("emoji", "on")]),
        ("archive #old-launch", []),
    ],
)
def test_feedback_phrases(text: str, expected: list[tuple[str, str]]) -> None:
    found = sorted((f.key, f.value) for f in style.feedback_in(text))
    assert found == sorted(expected)


async def test_style_comes_from_settings_then_feedback_then_messages(
    prefs: PreferenceService,
) -> None:
    assert await prefs.style_instructions(TEAM, BOB) == ""
    for _ in range(8):
        await prefs.observe_message(TEAM, BOB, "archive #x :tada:")
    verbosity, emoji = await prefs.style_choices(TEAM, BOB)
    assert (verbosity.value, verbosity.source) == ("concise", "your messages")
    assert (emoji.value, emoji.source) == ("on", "your messages")

    await prefs.observe_message(TEAM, BOB, "More detail please, and no emoji")
    verbosity, emoji = await prefs.style_choices(TEAM, BOB)
    assert (verbosity.value, verbosity.source) == ("detailed", "your feedback")
    assert emoji.value == "off" and "no emoji" in emoji.evidence.lower()
    instructions = await prefs.style_instructions(TEAM, BOB)
    assert "thorough" in instructions and "Do not use emoji" in instructions

    await prefs.set_setting(TEAM, BOB, "style", "concise")
    verbosity, _ = await prefs.style_choices(TEAM, BOB)
    assert (verbosity.value, verbosity.source) == ("concise", "your setting")
    assert await prefs.style_instructions(TEAM, CAROL) == ""


# --- working hours ---


def test_working_hours_are_learned_in_the_members_zone() -> None:
    zone = hours.zone_of("America/New_York", -18000)
    counts = {(day, hour): 3 for day in range(5) for hour in range(10, 16)}
    counts[(5, 3)] = 1  # one night on a Saturday is noise
    learned = hours.learn_hours(counts, zone=zone, zone_name="America/New_York")
    assert learned.source == "learned" and (learned.start, learned.end) == (10, 16)
    assert learned.days == hours.WEEKDAYS
    # Monday 2026-03-02 10:00 UTC is 05:00 in New York: wait until 10:00 there (15:00 UTC).
    assert learned.next_working_time(NOW) == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    inside = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)
    assert learned.next_working_time(inside) == inside
    friday_evening = datetime(2026, 3, 6, 23, 0, tzinfo=UTC)  # 18:00 Friday in New York
    assert learned.next_working_time(friday_evening) == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def test_working_hours_defaults_settings_and_unknown_zones() -> None:
    berlin = hours.zone_of("Europe/Berlin", 3600)
    assumed = hours.learn_hours({}, zone=berlin, zone_name="Europe/Berlin")
    assert assumed.source == "assumed" and (assumed.start, assumed.end) == (9, 18)
    set_hours = hours.learn_hours({}, zone=berlin, zone_name="Europe/Berlin", explicit=(22, 6))
    assert set_hours.covers_hour(23) and set_hours.covers_hour(5) and not set_hours.covers_hour(12)
    unknown = hours.learn_hours({}, zone=None, zone_name="")
    assert unknown.next_working_time(NOW) == NOW
    anytime = hours.learn_hours({}, zone=berlin, zone_name="Europe/Berlin", any_time=True)
    assert anytime.next_working_time(NOW) == NOW
    assert hours.parse_hours("9-17") == (9, 17) and hours.parse_hours("08:30 to 16") == (8, 16)
    assert hours.parse_hours("17-17") is None and hours.parse_hours("lunch") is None


async def test_next_working_time_uses_the_stored_zone_and_activity(
    prefs: PreferenceService, database: Database
) -> None:
    from storage.repositories import preferences as store

    async with database.transaction() as session:
        await store.update_profile(
            session, team_id=TEAM, user_id=CAROL, tz="America/New_York", tz_offset=-18000
        )
    for day in range(2, 7):  # Mon-Fri, 14:00-20:00 UTC = 09:00-15:00 New York
        for hour in range(14, 20):
            await prefs.observe_message(
                TEAM, CAROL, "hi", at=datetime(2026, 2, day + 21, hour, tzinfo=UTC)
            )
    when = await prefs.next_working_time(TEAM, CAROL, NOW)
    assert when == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    assert await prefs.next_working_time(TEAM, BOB, NOW) == NOW  # no zone known: no waiting


# --- /prefs ---


async def test_prefs_show_set_forget_and_clear_errors(prefs: PreferenceService) -> None:
    await _decide(prefs, BOB, ARCHIVE, "confirm", times=4)

    async def prefs_command(text: str, user: str = BOB) -> str:
        reply = await run_prefs_command(prefs, text=text, team_id=TEAM, user_id=user)
        return reply.text + str(reply.blocks)

    shown = await prefs_command("")
    assert ARCHIVE in shown and "confirmed 4" in shown and "confidence 0.82" in shown
    assert "runs without asking" in shown and "last seen 2026-03-02 10:00 UTC" in shown

    unknown_key = await prefs_command("set colour blue")
    assert "I don't know the key `colour`" in unknown_key and "`confirm`, `style`" in unknown_key
    bad_value = await prefs_command(f"set confirm {ARCHIVE} sometimes")
    assert "`always`, `never` or `learn`" in bad_value and "`sometimes`" in bad_value
    bad_pattern = await prefs_command("set confirm slack.nuke always")
    assert "slack.nuke" in bad_pattern and ARCHIVE in bad_pattern
    assert "`concise`, `detailed` or `learn`" in await prefs_command("set style loud")
    assert "`on`, `off` or `learn`" in await prefs_command("set emoji maybe")
    assert "`slack`" in await prefs_command("set specialist slack:archive nobody")
    assert "not a kind of task" in await prefs_command("set specialist archive slack")

    assert "always ask" in await prefs_command("set confirm slack_archive_channel never")
    assert "asks first" in await prefs_command("show")
    assert "OK" in await prefs_command("set specialist slack:archive slack")
    assert "OK" in await prefs_command("set hours 8-16")
    assert "OK" in await prefs_command("set emoji off")
    shown = await prefs_command("show")
    assert "`slack:archive` → *slack* (your setting)" in shown
    assert "Emoji: *none* (your setting" in shown and "no time zone" in shown

    assert "forgot 4 decisions" in await prefs_command(f"forget {ARCHIVE}")
    assert ARCHIVE not in (await prefs_command("show")).split("Specialists")[0]
    assert "nothing called" in await prefs_command("forget slack.nuke")
    assert "Nothing yet" in await prefs_command("show", user=CAROL)


def test_help_and_unknown_subcommands_need_no_database() -> None:
    assert (quick_prefs_answer("help") or "").startswith("*`/prefs")
    unknown = quick_prefs_answer("frobnicate everything") or ""
    assert "I don't know `/prefs frobnicate`" in unknown and "show | set" in unknown
    assert quick_prefs_answer("") is None and quick_prefs_answer("set style concise") is None


async def test_reset_asks_first_then_forgets_everything(
    prefs: PreferenceService, tools: ToolRegistry
) -> None:
    from bot.surfaces.prefs import confirm_reset

    await prefs.set_setting(TEAM, BOB, f"confirm:{ARCHIVE}", "always")
    question = await run_prefs_command(prefs, text="reset", team_id=TEAM, user_id=BOB)
    assert "Forget everything" in str(question.blocks)
    assert await _auto(prefs, tools, ARCHIVE)
    refused = await confirm_reset(prefs, team_id=TEAM, user_id=CAROL, value=f"reset:{BOB}")
    assert "someone else's" in refused and await _auto(prefs, tools, ARCHIVE)
    await confirm_reset(prefs, team_id=TEAM, user_id=BOB, value=f"reset:{BOB}")
    assert not await _auto(prefs, tools, ARCHIVE)


# --- App Home limits ---


async def test_the_home_view_stays_within_block_kit_limits_however_much_history(
    prefs: PreferenceService,
) -> None:
    for index in range(40):
        pattern = f"slack.pattern_{index:02d}_" + "x" * 60
        await _decide(prefs, BOB, pattern, "confirm", times=3)
        await prefs.set_setting(TEAM, BOB, f"specialist:slack:kind{index}", "slack")
    learned = await prefs.summary(TEAM, BOB)
    runs = [
        Run(
            id=f"r{i}",
            team_id=TEAM,
            user_id=BOB,
            channel_id="C0",
            request="<!channel> " + "archive everything " * 300,
            status="succeeded",
        )
        for i in range(300)
    ]
    entries = [
        UndoEntry(
            id=i,
            team_id=TEAM,
            user_id=BOB,
            tool=ARCHIVE,
            summary="Archived " + "#c" * 2000,
            description="unarchive",
            expires_at=NOW + timedelta(days=3650),
        )
        for i in range(60)
    ]
    view = home_view(
        is_admin=True,
        model_enabled=False,
        runs=runs,
        undoables=entries,
        learned=learned,
        health="h" * 5000,
        notice="n" * 5000,
        personal=True,
    )
    blocks = view["blocks"]
    assert len(blocks) <= MAX_VIEW_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    assert "<!channel>" not in str(blocks)


# --- a fake integration with an irreversible tool ---


class _WipeIntegration:
    name = "test"
    credentials: tuple[str, ...] = ()

    def configured(self) -> bool:
        return True

    def tools(self) -> list[Tool]:
        async def run(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
            return ToolResult("Wiped.")

        async def describe(context: ToolContext, arguments: dict[str, Any]) -> str:
            return "Wipe everything"

        return [
            Tool(
                integration="test",
                name="wipe",
                description="Wipe everything, forever.",
                parameters={"type": "object", "properties": {}},
                risk=Risk.DESTRUCTIVE,
                run=run,
                describe=describe,
            )
        ]

    async def health(self) -> bool:
        return True
