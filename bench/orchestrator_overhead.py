"""(b) Orchestrator overhead of a single-tool run, against the same HTTP calls made directly.

In-process `build_services(settings)` on a migrated temporary SQLite file, a
FakeOpenAI that answers at once (turn 1: call `slack_list_channels`; turn 2: a short
text) and the Slack emulator. Each run is `orchestrator.handle(Request(...), client)`:
two model calls, the tool's Slack call, the reply post, and everything the
orchestrator does around them (budget, trace, routing, events, audit, undo record).

The baseline, measured in the same loop (run and baseline alternate), replays the run's
own HTTP requests without the orchestrator: both model requests as the fake received
them (through a plain `openai.AsyncOpenAI`) and the tool's Slack request(s) as the
emulator received them (through the same `AsyncWebClient`). The reply post is timed
separately and shown beside it, so the overhead can be read with or without it.

overhead = median(run) − median(baseline)  (target ≤ 5 ms)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import openai
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select

from bench.common import (
    SIGNING_SECRET,
    Figure,
    median,
    migrated_sqlite,
    note,
    percentile,
    print_table,
    profiled,
    temporary_directory,
)
from bot.app import build_services
from bot.config import Settings
from bot.orchestrator.request import Request
from bot.sandbox.emulator import SlackEmulator
from bot.services import Services
from storage.models import Run
from storage.repositories.workspaces import upsert_workspace
from tests.fakes.openai_server import JSON, FakeOpenAI

NAME = "overhead"
TITLE = "(b) orchestrator overhead per single-tool run (2 model calls + 1 tool)"

WARMUP_RUNS = 20
MEASURED_RUNS = 200
TARGET_OVERHEAD_MS = 5.0
TOOL_FUNCTION = "slack_list_channels"
REQUEST_TEXT = "which channels do we have?"
FINAL_ANSWER = "You have a handful of channels."
CHANNEL = "C0GENERAL"
USER = "U0ALICE"
CLIENT_TIMEOUT = 30  # seconds, for every HTTP call the benchmark makes


def instant_model(body: JSON) -> JSON | str:
    """Turn 1 calls the tool; once the tool's result is in, a short text."""
    if body["messages"][-1].get("role") == "tool":
        return FINAL_ANSWER
    return {"tool_calls": [(TOOL_FUNCTION, {})]}


@dataclass(frozen=True)
class Replay:
    """The HTTP requests one run made, to be made again without the orchestrator."""

    model_bodies: tuple[JSON, JSON]
    slack_calls: tuple[tuple[str, dict[str, Any]], ...]  # tool calls, as the emulator got them
    reply_calls: tuple[tuple[str, dict[str, Any]], ...]  # the answer post(s)


class Bench:
    def __init__(self, services: Services, emulator: SlackEmulator, fake: FakeOpenAI) -> None:
        self.services = services
        self.emulator = emulator
        self.fake = fake
        self.client = AsyncWebClient(
            token=emulator.bot_token, base_url=emulator.api_url, timeout=CLIENT_TIMEOUT
        )
        self.raw_model = openai.AsyncOpenAI(
            api_key=fake.api_key, base_url=fake.base_url, max_retries=0, timeout=CLIENT_TIMEOUT
        )

    def new_request(self) -> Request:
        text = f"<@{self.emulator.bot_user_id}> {REQUEST_TEXT}"
        ts = self.emulator.workspace.post_message(CHANNEL, text, user=USER).ts
        return Request(
            team_id=self.emulator.team_id,
            user_id=USER,
            channel_id=CHANNEL,
            text=REQUEST_TEXT,
            ts=ts,
            source="mention",
        )

    async def one_run(self) -> float:
        request = self.new_request()  # outside the clock: it is the member's message
        started = time.perf_counter()
        await self.services.orchestrator.handle(request, self.client)
        return (time.perf_counter() - started) * 1000

    async def capture(self) -> Replay:
        """One run, recording exactly which HTTP requests it made."""
        model_before, slack_before = len(self.fake.requests), len(self.emulator.calls)
        await self.one_run()
        bodies = self.fake.requests[model_before:]
        calls = [(c.method, dict(c.params)) for c in self.emulator.calls[slack_before:]]
        if len(bodies) != 2:
            note(f"a run made {len(bodies)} model calls, not 2: the baseline replays them as made")
        return Replay(
            model_bodies=(bodies[0], bodies[-1]),
            slack_calls=tuple(c for c in calls if c[0] != "chat.postMessage"),
            reply_calls=tuple(c for c in calls if c[0] == "chat.postMessage"),
        )

    async def one_baseline(self, replay: Replay) -> tuple[float, float]:
        """(model + tool calls, reply post) in ms, made directly."""
        started = time.perf_counter()
        await self.raw_model.chat.completions.create(**replay.model_bodies[0])
        for method, params in replay.slack_calls:
            await self.client.api_call(method, params=params)
        await self.raw_model.chat.completions.create(**replay.model_bodies[1])
        middle = time.perf_counter()
        for method, params in replay.reply_calls:
            await self.client.api_call(method, params=params)
        finished = time.perf_counter()
        return (middle - started) * 1000, (finished - middle) * 1000

    async def outcomes(self) -> str:
        """How the runs ended, from their traces (they should all have succeeded)."""
        async with self.services.database.read() as session:
            rows = await session.execute(select(Run.status, func.count()).group_by(Run.status))
        return ", ".join(f"{status} {count}" for status, count in rows.all())

    async def close(self) -> None:
        await self.raw_model.close()


def settings_for(emulator: SlackEmulator, fake: FakeOpenAI, database_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=emulator.bot_token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=emulator.api_url,
        database_url=database_url,
        openai_api_key=fake.api_key,
        openai_base_url=fake.base_url,
        model="gpt-bench",
        log_level="WARNING",
    )


async def register_workspace(services: Services, emulator: SlackEmulator) -> None:
    """What `Kaizen.start` does for a single workspace, without the rest of the app."""
    async with services.database.transaction() as session:
        await upsert_workspace(
            session,
            team_id=emulator.team_id,
            name=emulator.team_name,
            bot_user_id=emulator.bot_user_id,
        )


async def run() -> list[Figure]:
    with temporary_directory("overhead") as workdir:
        database_url = await migrated_sqlite(workdir)
        async with SlackEmulator() as emulator, FakeOpenAI() as fake:
            fake.responder(instant_model)
            services = build_services(settings_for(emulator, fake, database_url))
            bench = Bench(services, emulator, fake)
            try:
                await register_workspace(services, emulator)
                return await measure(bench)
            finally:
                await bench.close()
                await services.close()


async def measure(bench: Bench) -> list[Figure]:
    for _ in range(WARMUP_RUNS):
        await bench.one_run()
    replay = await bench.capture()
    for _ in range(WARMUP_RUNS // 2):
        await bench.one_baseline(replay)
    runs: list[float] = []
    baselines: list[float] = []
    posts: list[float] = []
    with profiled("orchestrator runs (in-process, fakes included)"):
        started = time.perf_counter()
        for _ in range(MEASURED_RUNS):
            runs.append(await bench.one_run())
            base, post = await bench.one_baseline(replay)
            baselines.append(base)
            posts.append(post)
        elapsed = time.perf_counter() - started
    run_ms, base_ms = median(runs), median(baselines)
    overhead = run_ms - base_ms
    with_post = [b + p for b, p in zip(baselines, posts, strict=True)]
    overhead_without_post = run_ms - median(with_post)
    runs_per_s = MEASURED_RUNS / sum(runs) * 1000
    print_table(
        TITLE,
        ["measure", "median ms", "p90 ms", "p99 ms"],
        [
            spread("orchestrator.handle run", runs),
            spread("baseline: 2 model + tool calls", baselines),
            spread("reply post (chat.postMessage)", posts),
        ],
    )
    figures = [
        Figure(NAME, "run median", run_ms, "ms"),
        Figure(NAME, "baseline median", base_ms, "ms"),
        Figure(NAME, "overhead median", overhead, "ms", TARGET_OVERHEAD_MS),
        Figure(NAME, "overhead, reply post in baseline", overhead_without_post, "ms"),
        Figure(NAME, "runs/s (sequential)", runs_per_s, "runs/s"),
    ]
    print_table(
        "overhead",
        ["figure", "value", "target", "verdict"],
        [[f.name, f.value_text, f.target_text, f.verdict] for f in figures],
    )
    slack_methods = ", ".join(method for method, _ in replay.slack_calls)
    note(
        f"{MEASURED_RUNS} runs after {WARMUP_RUNS} warm-up, alternating with the baseline "
        f"({elapsed:.1f}s); tool Slack call(s) replayed: {slack_methods or 'none'}; "
        f"run/baseline = {run_ms / base_ms:.2f}×; runs by status: {await bench.outcomes()}"
    )
    return figures


def spread(label: str, values: list[float]) -> list[object]:
    return [label, median(values), percentile(values, 0.9), percentile(values, 0.99)]
