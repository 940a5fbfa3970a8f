"""(a) Ack latency of signed `app_mention` events: `kaizen serve` against a bare Bolt app.

Both apps run as subprocesses on 127.0.0.1 and talk to the same in-process Slack
emulator; both get the same kind of signed envelope (a distinct `event_id` each, for
a message that exists in the emulator). The load comes in bursts: `concurrency`
requests at once, over a session whose connector allows exactly that many
connections; latency is the time from sending a request to having its HTTP 200
(body read). Bursts alternate between the two apps, so both see the same machine.

After each Kaizen burst the benchmark waits until Kaizen has finished the burst's
events (its `/metrics` event counter): every burst meets the post-ack work of its own
events — the replies to the emulator and the database writes, which is the real
load — but not an ever-growing backlog of earlier bursts. The bare app does nothing
after its ack. The load generator's garbage collector is paused during bursts.

Figures: p50 and p99 per app and concurrency, and Kaizen/bare (target ≤ 1.3).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import re
import time
from collections.abc import AsyncIterator, Iterator
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
from bot.config import Settings
from bot.messages.run import busy_workspace as in_flight_refusal
from bot.sandbox.emulator import SlackEmulator
from bot.sandbox.slack_requests import (
    SlackRequestSender,
    WorkspaceIdentity,
    app_mention_event,
    event_callback,
)

NAME = "ack"
TITLE = "(a) ack latency: kaizen serve vs bare Bolt AsyncApp (bursts, alternating)"

#: concurrency → (warm-up bursts, measured bursts) per app: 1,000 and 1,600 samples.
LOAD = {50: (3, 20), 200: (2, 8)}
TARGET_RATIO = 1.3
MENTION_TEXT = "what can you do?"
REQUEST_TIMEOUT = 30.0  # seconds for one request
BURST_TIMEOUT = 60.0  # seconds for one burst's acks
DRAIN_TIMEOUT = 60.0  # seconds for Kaizen to finish a burst's events
DRAIN_POLL = 0.05  # seconds between two reads of Kaizen's /metrics
SETTLE = 0.05  # seconds after a drain: the last claims are closed just after the count
EVENTS_LINE = re.compile(r'^kaizen_events_total\{outcome="[a-z_]+"\} ([0-9.e+]+)$', re.M)


@dataclass(frozen=True)
class Prepared:
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Link:
    """A session to one app, sized to the burst, and the signer of its requests."""

    http: aiohttp.ClientSession
    sender: SlackRequestSender


@dataclass
class LevelResult:
    app: str
    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    non_200: int = 0
    burst_s: float = 0.0
    drain_s: float = 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 0.50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 0.99)

    def row(self) -> list[object]:
        acks_per_s = len(self.latencies_ms) / self.burst_s if self.burst_s else float("nan")
        return [
            self.app,
            self.concurrency,
            len(self.latencies_ms),
            self.non_200,
            self.p50,
            self.p99,
            max(self.latencies_ms, default=float("nan")),
            acks_per_s,
        ]


class MentionFactory:
    """Signed `app_mention` envelopes, each for a message that exists in the emulator."""

    def __init__(self, emulator: SlackEmulator) -> None:
        self._emulator = emulator
        self._workspace = WorkspaceIdentity(
            team_id=emulator.workspace.team_id, bot_user_id=emulator.bot_user_id
        )

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
        return prepared


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection in the load generator while a burst is in flight."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Target:
    """One app under load: its URL, a session sized to the burst, what it has been sent."""

    def __init__(self, app: str, base_url: str, factory: MentionFactory, *, drains: bool):
        self.app = app
        self.base_url = base_url
        self.factory = factory
        self.drains = drains
        self.sent = 0

    @contextlib.asynccontextmanager
    async def link(self, concurrency: int) -> AsyncIterator[Link]:
        connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
            sender = SlackRequestSender(f"{self.base_url}/slack/events", SIGNING_SECRET, http)
            yield Link(http, sender)

    async def burst(self, link: Link, concurrency: int, result: LevelResult | None) -> None:
        """One burst (recorded into `result` unless it is a warm-up), then Kaizen's drain."""
        requests = self.factory.prepare(concurrency, link.sender)
        self.sent += concurrency
        with collector_paused():
            started = time.perf_counter()
            latencies, failed = await send_burst(link, requests)
            burst_s = time.perf_counter() - started
        gc.collect()
        drain_started = time.perf_counter()
        if self.drains:
            await self.drain()
        if result is not None:
            result.latencies_ms.extend(latencies)
            result.non_200 += failed
            result.burst_s += burst_s
            result.drain_s += time.perf_counter() - drain_started

    async def drain(self) -> None:
        deadline = time.monotonic() + DRAIN_TIMEOUT
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            while await kaizen_events_finished(http, self.base_url) < self.sent:
                if time.monotonic() > deadline:
                    note(f"Kaizen had not finished {self.sent} events after {DRAIN_TIMEOUT:.0f}s")
                    return
                await asyncio.sleep(DRAIN_POLL)
        await asyncio.sleep(SETTLE)


async def send_burst(link: Link, requests: list[Prepared]) -> tuple[list[float], int]:
    """Send every request at once; returns the latencies (ms) of the 200s, and the others."""

    async def one(request: Prepared) -> tuple[float, int]:
        started = time.perf_counter()
        url, body, headers = link.sender.events_url, request.body, request.headers
        async with link.http.post(url, data=body, headers=headers) as response:
            await response.read()
            status = response.status
        return (time.perf_counter() - started) * 1000, status

    results = await asyncio.wait_for(
        asyncio.gather(*(one(r) for r in requests), return_exceptions=True), BURST_TIMEOUT
    )
    latencies = [r[0] for r in results if isinstance(r, tuple) and r[1] == 200]
    return latencies, len(results) - len(latencies)


async def kaizen_events_finished(http: aiohttp.ClientSession, base_url: str) -> int:
    """Events Kaizen has finished (done, failed or duplicate), from its /metrics."""
    async with http.get(f"{base_url}/metrics") as response:
        text = await response.text()
    return int(sum(float(value) for value in EVENTS_LINE.findall(text)))


async def measure(bare: Target, kaizen: Target) -> list[tuple[LevelResult, LevelResult]]:
    levels = []
    for concurrency, (warmup, bursts) in LOAD.items():
        results = (LevelResult(bare.app, concurrency), LevelResult(kaizen.app, concurrency))
        async with bare.link(concurrency) as to_bare, kaizen.link(concurrency) as to_kaizen:
            for index in range(warmup + bursts):
                measured = index >= warmup
                await bare.burst(to_bare, concurrency, results[0] if measured else None)
                await kaizen.burst(to_kaizen, concurrency, results[1] if measured else None)
        levels.append(results)
    return levels


def app_environment(emulator: SlackEmulator, workdir: Path, **extra: str) -> dict[str, str]:
    return child_environment(
        {
            "SLACK_BOT_TOKEN": emulator.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": emulator.api_url,
            **extra,
        },
        workdir,
    )


async def run() -> list[Figure]:
    with temporary_directory("ack") as workdir:
        database_url = await migrated_sqlite(workdir)
        async with SlackEmulator() as emulator:
            factory = MentionFactory(emulator)
            bare_port = free_port()
            kaizen_port = free_port(avoid=bare_port)
            bare_url = f"http://127.0.0.1:{bare_port}"
            kaizen_url = f"http://127.0.0.1:{kaizen_port}"
            kaizen_env = app_environment(
                emulator, workdir, DATABASE_URL=database_url, KAIZEN_LOG_LEVEL="WARNING"
            )
            async with (
                server_process(
                    ["-m", "bench.bare_bolt_app", "--port", str(bare_port)],
                    env=app_environment(emulator, workdir),
                    cwd=workdir,
                    health_url=f"{bare_url}/healthz",
                    label="bare-bolt",
                ),
                server_process(
                    ["-m", "bot", "serve", "--port", str(kaizen_port)],
                    env=kaizen_env,
                    cwd=workdir,
                    health_url=f"{kaizen_url}/healthz",
                    label="kaizen-serve",
                ),
            ):
                bare = Target("bare Bolt", bare_url, factory, drains=False)
                kaizen = Target("Kaizen", kaizen_url, factory, drains=True)
                levels = await measure(bare, kaizen)
            posts = [call.params.get("text", "") for call in emulator.calls_to("chat.postMessage")]
    return report(levels, kaizen.sent, posts)


def report(
    levels: list[tuple[LevelResult, LevelResult]], kaizen_sent: int, posts: list[str]
) -> list[Figure]:
    figures = []
    for base, real in levels:
        c = base.concurrency
        figures += [
            Figure(NAME, f"Kaizen p50 @{c}", real.p50, "ms"),
            Figure(NAME, f"bare p50 @{c}", base.p50, "ms"),
            Figure(NAME, f"Kaizen/bare p50 @{c}", ratio(real.p50, base.p50), "×", TARGET_RATIO),
            Figure(NAME, f"Kaizen p99 @{c}", real.p99, "ms"),
            Figure(NAME, f"bare p99 @{c}", base.p99, "ms"),
            Figure(NAME, f"Kaizen/bare p99 @{c}", ratio(real.p99, base.p99), "×", TARGET_RATIO),
        ]
    print_table(
        TITLE,
        ["app", "conc", "n", "non-200", "p50 ms", "p99 ms", "max ms", "acks/s in burst"],
        [result.row() for pair in levels for result in pair],
    )
    print_table(
        "Kaizen/bare",
        ["figure", "ratio", "target", "verdict"],
        [[f.name, f.value_text, f.target_text, f.verdict] for f in figures if f.target],
    )
    refusal = in_flight_refusal(Settings.model_fields["max_runs_in_flight"].default)
    refused = sum(1 for text in posts if text == refusal)
    drained = sum(real.drain_s for _, real in levels)
    note(
        f"Kaizen got {kaizen_sent} mentions and posted {len(posts)} replies, {refused} of them "
        f"'already working on N requests' refusals; finishing the measured bursts' events "
        f"took it {drained:.1f}s after their acks."
    )
    return figures
