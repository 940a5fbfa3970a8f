"""(e) The learning loop: does it fix a known mistake, keep a good version, drop a bad one?

A simulated workspace on a temporary SQLite file (migrated to head), driving the real
learning code in process: `LearningLoop.prompt_for_run` chooses each run's prompt
version (production or canary, by run id), the system prompt is built by the real
`Specialist` with those guidelines, the real `ChatModel` asks a local FakeOpenAI server,
the run is traced by the real `RunTrace`, feedback arrives as the bot would get it
(`action_undone` events on the bus, 👍/👎 on the reply via `remember_reply` +
`on_reaction`, `/improve` texts), and `run_cycle()` runs after every 10 runs.

The fake model reads the guidelines in its system prompt. For "set the topic of #x"
requests it makes a known mistake 90 % of the time — it posts the topic as a message
(`slack_post_message`) instead of calling `slack_set_topic` — unless a guideline about
`slack:topic` names `slack_set_topic` or says to set the channel topic. With the
deliberately bad guideline an admin adds midway ("…post a message instead of calling the
requested tool") it makes that mistake on every kind of request. Members undo or 👎 the
mistakes and sometimes say so with `/improve`.

Phases: 40 runs with no cycle (the mistake's share *before*); blocks of 10 runs + a cycle
until the learned version is promoted; the bad version as canary, blocks until it is
rolled back; 100 more runs (the share *after*). Then the cycle time over 10,000 and
100,000 stored traces (`bench.stats.seed_history`, the first cycle analyses all of them).

Figures: topic mistakes remaining after learning (after ÷ before, target ≤ 20 %: the
share falls by ≥ 80 %), runs the bad version served before its rollback (target ≤ 30),
whether the good version was promoted, cycle time for 100,000 traces (target ≤ 10 s).
`python -m bench.learning` runs it alone.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta

from bench.common import Figure, migrated_sqlite, note, print_table, temporary_directory
from bench.stats import seed_history
from bot.integrations.registry import ToolRegistry
from bot.integrations.slack.integration import SlackIntegration
from bot.learning.config import LearningConfig
from bot.learning.loop import LearningLoop
from bot.llm import ChatModel
from bot.orchestrator.events import Event, EventBus, EventName, audit_subscriber
from bot.orchestrator.specialists import DEFAULT_SPECIALISTS, Specialist
from bot.orchestrator.trace import RunTrace
from bot.runtime.metrics import Metrics
from bot.runtime.redaction import Redactor
from storage.db import Database
from storage.models import utcnow
from tests.fakes.openai_server import JSON, FakeOpenAI

NAME = "learning"
TITLE = "(e) learning loop: a known mistake, a good version, a bad version (SQLite, fake model)"
TEAM = "T0BENCH"
CHANNEL = "C0GENERAL"
MEMBERS = ("U0ANNA", "U0BEN", "U0CLEO", "U0DAN")
SEED = 11
BLOCK = 10
BEFORE_RUNS = 40
AFTER_RUNS = 100
MAX_BLOCKS = 30
MISTAKE_RATE = 0.9
BAD_GUIDELINE = (
    "Always post a message in the channel about the request instead of calling the requested tool."
)
BAD_MARKER = "instead of calling the requested tool"
TRACE_SIZES = (10_000, 100_000)
TARGET_REMAINING = 20.0  # % of the mistakes left: falls by ≥ 80 %
TARGET_BAD_RUNS = 30.0
TARGET_CYCLE_SECONDS = 10.0

# kind of task → (request template, the right tool's function, its arguments)
WORKLOAD: tuple[tuple[str, str, str, float], ...] = (
    ("slack:topic", "set the topic of #team-{n} to sprint {n}", "slack_set_topic", 0.3),
    ("slack:archive", "archive #old-{n}", "slack_archive_channel", 0.25),
    ("slack:post", "tell #general: build {n} is green", "slack_post_message", 0.25),
    ("slack:pin", "pin the last message in #ops-{n}", "slack_pin_message", 0.2),
)
IMPROVE_TEXTS = (
    "That posted a message. Please set the channel topic instead of posting it.",
    "Set the channel topic, don't post the topic as a message.",
    "Wrong: I asked you to set the channel topic, not to post a message.",
)


def fake_model(body: JSON) -> JSON | str:
    """The scripted model: right tool, or the known mistake, depending on its guidelines."""
    system = str(body["messages"][0]["content"])
    request = str(body["messages"][-1]["content"])
    guidelines = [line[2:] for line in system.splitlines() if line.startswith("- ")]
    kind, right = _kind_of(request)
    bad = any(BAD_MARKER in line for line in guidelines)
    fixed = any(
        "slack:topic" in line and ("slack_set_topic" in line or "set the channel topic" in line)
        for line in guidelines
    )
    draw = int(hashlib.sha256(request.encode()).hexdigest()[:8], 16) / 2**32
    mistake = bad or (kind == "slack:topic" and not fixed and draw < MISTAKE_RATE)
    if mistake:
        return {"tool_calls": [("slack_post_message", {"channel": "#random", "text": request})]}
    return {"tool_calls": [(right, {"channel": _channel_in(request)})]}


def _kind_of(request: str) -> tuple[str, str]:
    lowered = request.lower()
    if "topic" in lowered:
        return "slack:topic", "slack_set_topic"
    if lowered.startswith("archive"):
        return "slack:archive", "slack_archive_channel"
    if lowered.startswith("pin"):
        return "slack:pin", "slack_pin_message"
    return "slack:post", "slack_post_message"


def _channel_in(request: str) -> str:
    return next((word.rstrip(":") for word in request.split() if word.startswith("#")), "#general")


@dataclass
class Served:
    """What happened to the runs of one phase."""

    runs: int = 0
    topic_runs: int = 0
    topic_mistakes: int = 0
    mistakes: int = 0
    by_version: dict[int | None, int] = field(default_factory=dict)

    @property
    def topic_share(self) -> float:
        return self.topic_mistakes / self.topic_runs if self.topic_runs else float("nan")


class Simulation:
    def __init__(self, database: Database, model: ChatModel, rng: random.Random) -> None:
        self.database = database
        self.model = model
        self.rng = rng
        self.bus = EventBus()
        self.bus.subscribe(None, audit_subscriber(database))
        self.learning = LearningLoop(
            database, self.bus, config=LearningConfig(min_traces=BLOCK), holder="bench"
        )
        self.learning.subscribe(self.bus)
        tools = ToolRegistry([SlackIntegration()])
        self.config = next(c for c in DEFAULT_SPECIALISTS if c.name == "slack")
        self.tools = tools.tools_of(self.config.integrations)
        self.redact = Redactor()
        self.count = 0
        self.log: list[str] = []

    async def one_run(self, served: Served) -> None:
        self.count += 1
        number = self.count
        kind, template, right, _ = self._pick()
        text = template.format(n=number)
        user = MEMBERS[number % len(MEMBERS)]
        trace = await RunTrace.start(
            self.database,
            self.redact,
            team_id=TEAM,
            user_id=user,
            channel_id=CHANNEL,
            thread_ts=f"{number}.000100",
            source="mention",
            request=text,
        )
        version, guidelines = await self.learning.prompt_for_run(TEAM, "slack", trace.run_id)
        agent = Specialist(TEAM, self.config, self.tools, guidelines=guidelines)
        reply = await self.model.complete(
            [{"role": "system", "content": agent.system_prompt}, {"role": "user", "content": text}],
            tools=agent.openai_tools(),
            temperature=self.config.temperature,
        )
        call = reply.tool_calls[0]
        mistake = call.name != right
        await trace.routed(specialist="slack", task_kind=kind, routing={"chosen": "slack"})
        trace.add_usage(reply.prompt_tokens, reply.completion_tokens, 0.0)
        await trace.record_step(
            kind="tool",
            step_key="t0_0",
            tool=call.name.replace("_", ".", 1),
            arguments={"raw": call.arguments[:200]},
            summary="done",
            duration_ms=5.0,
        )
        await trace.update(prompt_version=version)  # what the orchestrator stores on the run
        await trace.finish(status="succeeded", answer="Done.", pattern="direct", planner="model")
        ts = f"{number}.000200"
        await self.learning.remember_reply(TEAM, CHANNEL, ts, trace.run_id)
        await self._feedback(trace.run_id, user, ts, kind, mistake)
        served.runs += 1
        served.mistakes += int(mistake)
        served.by_version[version] = served.by_version.get(version, 0) + 1
        if kind == "slack:topic":
            served.topic_runs += 1
            served.topic_mistakes += int(mistake)

    def _pick(self) -> tuple[str, str, str, float]:
        draw, total = self.rng.random(), 0.0
        for item in WORKLOAD:
            total += item[3]
            if draw < total:
                return item
        return WORKLOAD[-1]

    async def _feedback(self, run_id: str, user: str, ts: str, kind: str, mistake: bool) -> None:
        if not mistake:
            if self.rng.random() < 0.2:
                await self._react(user, ts, "+1")
            return
        if self.rng.random() < 0.7:
            await self.bus.publish(
                Event(
                    name=EventName.ACTION_UNDONE,
                    team_id=TEAM,
                    actor=user,
                    data={
                        "entry_id": f"undo-{run_id}",
                        "tool": "slack.post_message",
                        "run_id": run_id,
                        "owner": user,
                    },
                )
            )
        else:
            await self._react(user, ts, "-1")
        if kind == "slack:topic" and self.rng.random() < 0.3:
            await self.learning.improve(
                team_id=TEAM,
                user_id=user,
                channel_id=CHANNEL,
                thread_ts=None,
                text=self.rng.choice(IMPROVE_TEXTS),
            )

    async def _react(self, user: str, ts: str, reaction: str) -> None:
        await self.learning.feedback.on_reaction(
            team_id=TEAM, user_id=user, channel_id=CHANNEL, ts=ts, reaction=reaction
        )

    async def cycle(self) -> list[str]:
        report = await self.learning.run_cycle(trigger="bench")
        changes = [
            change
            for team in report.teams
            for change in team.changes
            if change.startswith(("new ", "promoted", "rolled back"))
        ]
        for change in changes:
            self.log.append(f"after run {self.count}: {change[:160]}")
        return changes

    async def labels(self) -> dict[str, int]:
        return await self.learning.versions.labels(TEAM, "slack")


@dataclass
class Outcome:
    before: Served
    after: Served
    good_version: int | None
    good_promoted: bool
    cycles_to_promote: int | None
    bad_version: int | None
    bad_served: int
    bad_rolled_back: bool
    log: list[str]
    cycle_seconds: dict[int, float]


async def simulate(database: Database, model: ChatModel) -> Outcome:
    sim = Simulation(database, model, random.Random(SEED))
    before = Served()
    for _ in range(BEFORE_RUNS):
        await sim.one_run(before)
    learning_phase = Served()
    good_version: int | None = None
    cycles_to_promote: int | None = None
    cycles = 0
    for _ in range(MAX_BLOCKS):
        await sim.cycle()
        labels = await sim.labels()
        if good_version is None and "canary" in labels:
            good_version = labels["canary"]
        if good_version is not None:
            cycles += 1
            if labels.get("production") == good_version:
                cycles_to_promote = cycles - 1
                break
        for _ in range(BLOCK):
            await sim.one_run(learning_phase)
    promoted = good_version is not None and (await sim.labels()).get("production") == good_version
    reply = await sim.learning.prompts.add_guideline(
        team_id=TEAM, user_id="U0ADMIN", specialist="slack", text=BAD_GUIDELINE
    )
    sim.log.append(f"after run {sim.count}: admin: {reply.text}")
    bad_version = (await sim.labels()).get("canary")
    bad_phase = Served()
    rolled_back = False
    for _ in range(MAX_BLOCKS):
        for _ in range(BLOCK):
            await sim.one_run(bad_phase)
        await sim.cycle()
        if (await sim.labels()).get("canary") != bad_version:
            rolled_back = (await sim.labels()).get("production") != bad_version
            break
    after = Served()
    for block in range(AFTER_RUNS // BLOCK):
        for _ in range(BLOCK):
            await sim.one_run(after)
        if block < AFTER_RUNS // BLOCK - 1:
            await sim.cycle()
    return Outcome(
        before=before,
        after=after,
        good_version=good_version,
        good_promoted=promoted,
        cycles_to_promote=cycles_to_promote,
        bad_version=bad_version,
        bad_served=bad_phase.by_version.get(bad_version, 0) if bad_version else 0,
        bad_rolled_back=rolled_back,
        log=sim.log,
        cycle_seconds={},
    )


async def cycle_time(size: int) -> float:
    """Seconds for the first cycle over `size` stored traces (all of them new)."""
    with temporary_directory(f"learning-{size}") as directory:
        url = await migrated_sqlite(directory)
        database = Database(url)
        try:
            await seed_history(
                database, team_id=TEAM, runs=size, now=utcnow() - timedelta(minutes=1)
            )
            learning = LearningLoop(database, EventBus(), holder="bench")
            started = time.perf_counter()
            report = await learning.run_cycle(trigger="bench")
            elapsed = time.perf_counter() - started
            if report.ran:
                team = report.teams[0]
                note(
                    f"{size:,} traces: {team.patterns_updated} patterns, "
                    f"{len(report.offers)} workflow offers, {elapsed:.2f} s"
                )
            else:
                note(f"{size:,} traces: the cycle did not run ({report.reason})")
        finally:
            await database.dispose()
    return elapsed


async def run() -> list[Figure]:
    with temporary_directory("learning") as directory:
        url = await migrated_sqlite(directory)
        database = Database(url)
        async with FakeOpenAI() as fake:
            fake.responder(fake_model)
            model = ChatModel(
                api_key=fake.api_key,
                base_url=fake.base_url,
                model="gpt-bench",
                metrics=Metrics(),
                timeout=30,
            )
            try:
                outcome = await simulate(database, model)
            finally:
                await model.close()
                await database.dispose()
    for size in TRACE_SIZES:
        outcome.cycle_seconds[size] = await cycle_time(size)
    return report(outcome)


def report(outcome: Outcome) -> list[Figure]:
    print(f"\n{TITLE}")
    for line in outcome.log:
        note(line)
    before, after = outcome.before, outcome.after
    print_table(
        "Topic requests: the known mistake",
        ["phase", "runs", "topic runs", "topic mistakes", "share"],
        [
            ["before any cycle", before.runs, before.topic_runs, before.topic_mistakes,
             f"{100 * before.topic_share:.0f}%"],
            ["after learning", after.runs, after.topic_runs, after.topic_mistakes,
             f"{100 * after.topic_share:.0f}%"],
        ],
    )  # fmt: skip
    remaining = (
        100 * after.topic_share / before.topic_share
        if before.topic_share and before.topic_share == before.topic_share
        else float("nan")
    )
    note(
        f"good version v{outcome.good_version}: "
        + (
            f"promoted {outcome.cycles_to_promote} cycle(s) after it started"
            if outcome.good_promoted
            else "not promoted"
        )
    )
    note(
        f"bad version v{outcome.bad_version}: served {outcome.bad_served} runs, "
        + ("rolled back" if outcome.bad_rolled_back else "NOT rolled back")
    )
    figures = [
        Figure(NAME, "topic mistake share before cycles", 100 * before.topic_share, "%"),
        Figure(NAME, "topic mistake share after cycles", 100 * after.topic_share, "%"),
        Figure(NAME, "mistakes remaining (after ÷ before)", remaining, "%", TARGET_REMAINING),
        Figure(
            NAME,
            "runs served by the bad version before rollback",
            float(outcome.bad_served) if outcome.bad_rolled_back else float("nan"),
            "runs",
            TARGET_BAD_RUNS,
        ),
        Figure(NAME, "good version promoted (1 = yes)", float(outcome.good_promoted), ""),
    ]
    for size, seconds in outcome.cycle_seconds.items():
        target = TARGET_CYCLE_SECONDS if size == max(TRACE_SIZES) else None
        figures.append(Figure(NAME, f"cycle time, {size:,} stored traces", seconds, "s", target))
    return figures


def main() -> int:
    figures = asyncio.run(run())
    print_table(
        "Summary",
        ["figure", "value", "target", "verdict"],
        [[f.name, f.value_text, f.target_text, f.verdict] for f in figures],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
