"""(a) Ack latency of signed `app_mention` events: `kaizen serve` against a bare Bolt app.

Both apps run as subprocesses on 127.0.0.1, both talk to the same in-process Slack
emulator, and both get the same signed envelopes (a distinct `event_id` each). The
load comes in bursts: `concurrency` requests are sent at once over a session whose
connector allows exactly that many connections; latency is the time from sending a
request to having its HTTP 200 (body read). Between bursts Kaizen is allowed to
finish the work the burst started (its replies to the emulator, its database writes,
read from `/metrics`), so every burst meets the post-ack work of its own events —
that is the real load — but not an ever-growing backlog of earlier bursts.

Figures: p50 and p99 per app and concurrency, and Kaizen/bare (target ≤ 1.3).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.common import (
    SIGNING_SECRET,
    Figure,
    child_environment,
    free_port,
    migrated_sqlite,
    note,
    percentile,
    print_table,
    ratio,
    server_process,
    temporary_directory,
)
from bot.sandbox.emulator import SlackEmulator
from bot.sandbox.slack_requests import (
    SlackRequestSender,
    WorkspaceIdentity,
    app_mention_event,
    event_callback,
)

NAME = "ack"
TITLE = "(a) ack latency: kaizen serve vs bare Bolt AsyncApp"

#: concurrency → (warm-up bursts, measured bursts); about 1,000 samples per level.
LOAD = {50: (3, 20), 200: (2, 5)}
TARGET_RATIO = 1.3
MENTION_TEXT = "what can you do?"
REQUEST_TIMEOUT = 30.0  # seconds for one request
DRAIN_TIMEOUT = 60.0  # seconds for Kaizen to finish a burst's events
BURST_TIMEOUT = 60.0  # seconds for one burst's acks
EVENTS_LINE = re.compile(r'^kaizen_events_total\{outcome="[a-z_]+"\} ([0-9.e+]+)$', re.M)


@dataclass(frozen=True)
class Prepared:
    body: bytes
    headers: dict[str, str]


@dataclass
class LevelResult:
    app: str
    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    non_200: int = 0
    wall_s: float = 0.0
    drain_s: float = 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 0.50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 0.99)


class MentionFactory:
    """Signed `app_mention` envelopes, each for a message that exists in the emulator."""

    def __init__(self, emulator: SlackEmulator) -> None:
        self._emulator = emulator
        self._workspace = WorkspaceIdentity(
            team_id=emulator.workspace.team_id, bot_user_id=emulator.bot_user_id
        )
        self.sent = 0

    def prepare(self, count: int, sender: SlackRequestSender) -> list[Prepared]:
        prepared = []
        for _ in range(count):
            text = f"<@{self._emulator.bot_user_id}> {MENTION_TEXT}"
            ts = self._emulator.workspace.post_message("C0GENERAL", text, user="U0ALICE").ts
            event = app_mention_event(
                user="U0ALICE",
                channel="C0GENERAL",
                text=text,
                ts=ts,
                team_id=self._workspace.team_id,
            )
            body = json.dumps(event_callback(event, self._workspace))  # a new event_id each
            prepared.append(
                Prepared(body.encode(), sender.signed_headers(body, "application/json"))
            )
        self.sent += count
        return prepared


async def send_burst(
    session: aiohttp.ClientSession, url: str, requests: list[Prepared]
) -> tuple[list[float], int]:
    """Send every request at once; returns the latencies (ms) of the 200s and the others."""

    async def one(request: Prepared) -> tuple[float, int]:
        started = time.perf_counter()
        async with session.post(url, data=request.body, headers=request.headers) as response:
            await response.read()
            status = response.status
        return (time.perf_counter() - started) * 1000, status

    results = await asyncio.wait_for(
        asyncio.gather(*(one(r) for r in requests), return_exceptions=True), BURST_TIMEOUT
    )
    latencies = [r[0] for r in results if isinstance(r, tuple) and r[1] == 200]
    return latencies, len(results) - len(latencies)


async def kaizen_events_finished(session: aiohttp.ClientSession, base_url: str) -> int:
    """Events Kaizen has finished (done, failed or duplicate), from its /metrics."""
    async with session.get(f"{base_url}/metrics") as response:
        text = await response.text()
    return int(sum(float(value) for value in EVENTS_LINE.findall(text)))


async def measure_app(
    app: str,
    base_url: str,
    factory: MentionFactory,
    drain: Callable[[aiohttp.ClientSession, int], Awaitable[None]] | None,
) -> list[LevelResult]:
    results = []
    for concurrency, (warmup, bursts) in LOAD.items():
        connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            sender = SlackRequestSender(f"{base_url}/slack/events", SIGNING_SECRET, session)
            level = LevelResult(app, concurrency)
            for index in range(warmup + bursts):
                requests = factory.prepare(concurrency, sender)
                started = time.perf_counter()
                latencies, failed = await send_burst(session, sender.events_url, requests)
                burst_s = time.perf_counter() - started
                drain_started = time.perf_counter()
                if drain is not None:
                    await drain(session, factory.sent)
                if index >= warmup:
                    level.latencies_ms.extend(latencies)
                    level.non_200 += failed
                    level.wall_s += burst_s
                    level.drain_s += time.perf_counter() - drain_started
            results.append(level)
    return results


def kaizen_drain(base_url: str) -> Callable[[aiohttp.ClientSession, int], Awaitable[None]]:
    async def drain(session: aiohttp.ClientSession, expected: int) -> None:
        deadline = time.monotonic() + DRAIN_TIMEOUT
        while await kaizen_events_finished(session, base_url) < expected:
            if time.monotonic() > deadline:
                note(f"kaizen had not finished {expected} events after {DRAIN_TIMEOUT:.0f}s")
                return
            await asyncio.sleep(0.05)

    return drain


async def run_bare(emulator: SlackEmulator, workdir: Path) -> list[LevelResult]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = child_environment(
        {
            "SLACK_BOT_TOKEN": emulator.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": emulator.api_url,
        },
        workdir,
    )
    args = ["-m", "bench.bare_bolt_app", "--port", str(port)]
    async with server_process(
        args, env=env, cwd=workdir, health_url=f"{url}/healthz", label="bare-bolt"
    ):
        return await measure_app("bare Bolt", url, MentionFactory(emulator), drain=None)


async def run_kaizen(emulator: SlackEmulator, workdir: Path) -> tuple[list[LevelResult], int]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database_url = await migrated_sqlite(workdir)
    env = child_environment(
        {
            "SLACK_BOT_TOKEN": emulator.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": emulator.api_url,
            "DATABASE_URL": database_url,
            "KAIZEN_LOG_LEVEL": "WARNING",
        },
        workdir,
    )
    args = ["-m", "bot", "serve", "--port", str(port)]
    posts_before = len(emulator.calls_to("chat.postMessage"))
    async with server_process(
        args, env=env, cwd=workdir, health_url=f"{url}/healthz", label="kaizen-serve"
    ):
        results = await measure_app("Kaizen", url, MentionFactory(emulator), kaizen_drain(url))
    return results, len(emulator.calls_to("chat.postMessage")) - posts_before


async def run() -> list[Figure]:
    with temporary_directory("ack") as workdir:
        async with SlackEmulator() as emulator:
            bare = await run_bare(emulator, workdir)
            kaizen, replies = await run_kaizen(emulator, workdir)
    rows = []
    figures = []
    for base, real in zip(bare, kaizen, strict=True):
        c = base.concurrency
        p50_ratio, p99_ratio = ratio(real.p50, base.p50), ratio(real.p99, base.p99)
        for result in (base, real):
            rows.append(
                [
                    result.app,
                    c,
                    len(result.latencies_ms),
                    result.non_200,
                    result.p50,
                    result.p99,
                    max(result.latencies_ms, default=float("nan")),
                    len(result.latencies_ms) / result.wall_s if result.wall_s else float("nan"),
                ]
            )
        figures += [
            Figure(NAME, f"Kaizen p50 @{c}", real.p50, "ms"),
            Figure(NAME, f"bare p50 @{c}", base.p50, "ms"),
            Figure(NAME, f"Kaizen/bare p50 @{c}", p50_ratio, "×", TARGET_RATIO),
            Figure(NAME, f"Kaizen p99 @{c}", real.p99, "ms"),
            Figure(NAME, f"bare p99 @{c}", base.p99, "ms"),
            Figure(NAME, f"Kaizen/bare p99 @{c}", p99_ratio, "×", TARGET_RATIO),
        ]
    print_table(
        TITLE,
        ["app", "conc", "n", "non-200", "p50 ms", "p99 ms", "max ms", "acks/s in burst"],
        rows,
    )
    ratio_rows = [
        [f.name, f.value_text, f.target_text, f.verdict] for f in figures if f.unit == "×"
    ]
    print_table("Kaizen/bare", ["figure", "ratio", "target", "verdict"], ratio_rows)
    drained = sum(r.drain_s for r in kaizen)
    note(
        f"Kaizen posted {replies} replies to the emulator; between measured bursts it "
        f"needed {drained:.1f}s in all to finish their events."
    )
    return figures
