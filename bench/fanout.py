"""(c) Fan-out: independent steps run at once, so a plan costs its critical path.

A tiny integration registered only here, conforming to `bot.integrations.base`: one
READ tool whose `run` asks the fake model server through `bot.llm.ChatModel`, and the
fake answers every request after 200 ms. `StepExecutor.run_plan` (real `RunTrace`, real
`UndoService`, SQLite) runs two plans:

- parallel: 4 steps, no dependencies → critical path 200 ms;
- graph: those 4 plus an aggregate step depending on all of them → 400 ms.

The baseline, measured in the same run, is one such step's model call made directly
(`ChatModel.complete`, same server, same delay): the measured critical path is 1× or
2× that. Ratio = wall time / nominal critical path (target ≤ 1.1).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bench.common import (
    Figure,
    median,
    migrated_sqlite,
    note,
    print_table,
    profiled,
    ratio,
    temporary_directory,
)
from bot.integrations.base import Risk, Tool, ToolContext, ToolResult
from bot.integrations.registry import ToolRegistry
from bot.llm import ChatModel
from bot.orchestrator.events import EventBus
from bot.orchestrator.execution import ExecutionContext
from bot.orchestrator.executor import StepExecutor
from bot.orchestrator.outcome import DONE
from bot.orchestrator.resilience import RetryBudget
from bot.orchestrator.trace import RunTrace
from bot.orchestrator.undo import UndoService
from bot.planning.plans import Plan, PlannedStep
from bot.runtime.metrics import Metrics
from bot.runtime.redaction import Redactor
from storage.db import Database
from tests.fakes.openai_server import FakeOpenAI

NAME = "fanout"
TITLE = "(c) fan-out of 200 ms steps through StepExecutor.run_plan"

STEP_SECONDS = 0.2
FAN_OUT = 4
WARMUP = 1
REPEATS = 9
TARGET_RATIO = 1.1
TEAM, USER, CHANNEL = "T0BENCH", "U0BENCH", "C0BENCH"
UNUSED_SLACK_URL = "http://127.0.0.1:9/api/"  # the tool never calls Slack
MODEL_TIMEOUT = 10.0


@dataclass
class ThinkIntegration:
    """An integration with one read tool that costs one model call."""

    model: ChatModel
    name: str = "bench"
    credentials: tuple[str, ...] = ()

    def configured(self) -> bool:
        return True

    async def health(self) -> bool:
        return True

    def tools(self) -> list[Tool]:
        return [
            Tool(
                integration=self.name,
                name="think",
                description="Think about a topic (one model call).",
                parameters={
                    "type": "object",
                    "properties": {"topic": {"type": "string"}, "text": {"type": "string"}},
                    "required": ["topic"],
                    "additionalProperties": False,
                },
                risk=Risk.READ,
                run=self.think,
                describe=self.describe,
                target_channel_argument=None,
            )
        ]

    async def think(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        prompt = arguments.get("text") or arguments["topic"]
        reply = await self.model.complete([{"role": "user", "content": prompt}])
        return ToolResult(summary=f"{arguments['topic']}: {reply.text[:80]}")

    async def describe(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        return f"Think about {arguments['topic']}."


def parallel_plan() -> Plan:
    return Plan(
        steps=tuple(
            PlannedStep(key=f"s{i}", tool="bench.think", arguments={"topic": f"part {i}"})
            for i in range(1, FAN_OUT + 1)
        )
    )


def graph_plan() -> Plan:
    parts = parallel_plan().steps
    aggregate = PlannedStep(
        key="s_all",
        tool="bench.think",
        arguments={"topic": "all parts"},
        depends_on=tuple(step.key for step in parts),
        aggregate=True,
    )
    return Plan(steps=(*parts, aggregate))


class Bench:
    def __init__(self, database: Database, model: ChatModel) -> None:
        self.database = database
        self.model = model
        self.redact = Redactor()
        tools = ToolRegistry([ThinkIntegration(model)])
        metrics = Metrics()
        undo = UndoService(database, tools, EventBus(), timedelta(hours=1))
        self.executor = StepExecutor(tools, undo, metrics)
        self.slack = AsyncWebClient(token="xoxb-bench-unused", base_url=UNUSED_SLACK_URL)
        self.not_done = 0

    async def run_plan(self, plan: Plan) -> float:
        plan.validate()
        trace = await RunTrace.start(
            self.database,
            self.redact,
            team_id=TEAM,
            user_id=USER,
            channel_id=CHANNEL,
            thread_ts=None,
            source="bench",
            request=f"{plan.pattern.value} plan",
        )
        execution = ExecutionContext(
            tool_context=ToolContext(
                team_id=TEAM,
                user_id=USER,
                channel_id=CHANNEL,
                slack=self.slack,
                run_id=trace.run_id,
            ),
            trace=trace,
            budget=RetryBudget(0),
            request_is_dm=False,
        )
        started = time.perf_counter()
        outcomes = await self.executor.run_plan(list(plan.steps), execution)
        elapsed = (time.perf_counter() - started) * 1000
        self.not_done += sum(1 for o in outcomes.values() if o.status != DONE)
        return elapsed

    async def one_call(self) -> float:
        started = time.perf_counter()
        await self.model.complete([{"role": "user", "content": "part 1"}])
        return (time.perf_counter() - started) * 1000


async def repeat(times: int, measure: Any) -> list[float]:
    return [await measure() for _ in range(times)]


async def run() -> list[Figure]:
    with temporary_directory("fanout") as workdir:
        database = Database(await migrated_sqlite(workdir))
        async with FakeOpenAI() as fake:
            fake.delay(STEP_SECONDS)
            model = ChatModel(
                api_key=fake.api_key,
                base_url=fake.base_url,
                model="gpt-bench",
                timeout=MODEL_TIMEOUT,
                metrics=Metrics(),
            )
            try:
                return await measure(Bench(database, model))
            finally:
                await model.close()
                await database.dispose()


async def measure(bench: Bench) -> list[Figure]:
    parallel, graph = parallel_plan(), graph_plan()
    for _ in range(WARMUP):
        await bench.one_call()
        await bench.run_plan(parallel)
        await bench.run_plan(graph)
    bench.not_done = 0
    with profiled("fan-out plans (in-process, fake model included)"):
        single = await repeat(REPEATS, bench.one_call)
        parallel_ms = await repeat(REPEATS, lambda: bench.run_plan(parallel))
        graph_ms = await repeat(REPEATS, lambda: bench.run_plan(graph))
    one = median(single)
    rows = []
    figures = [Figure(NAME, "one 200 ms step, direct", one, "ms")]
    for label, wall, depth, steps in (
        ("parallel 4", median(parallel_ms), 1, FAN_OUT),
        ("graph 4+1", median(graph_ms), 2, FAN_OUT + 1),
    ):
        nominal = depth * STEP_SECONDS * 1000
        measured_path = depth * one
        rows.append(
            [
                label,
                wall,
                max(parallel_ms if depth == 1 else graph_ms),
                nominal,
                measured_path,
                steps * STEP_SECONDS * 1000,
                f"{ratio(wall, nominal):.2f}×",
                f"{ratio(wall, measured_path):.2f}×",
            ]
        )
        figures += [
            Figure(NAME, f"{label} wall", wall, "ms"),
            Figure(NAME, f"{label} wall / critical path", ratio(wall, nominal), "×", TARGET_RATIO),
        ]
    print_table(
        TITLE,
        [
            "plan",
            "median ms",
            "max ms",
            "critical path ms",
            "measured path ms",
            "sequential ms",
            "÷ critical",
            "÷ measured",
        ],
        rows,
    )
    verdicts = [[f.name, f.value_text, f.target_text, f.verdict] for f in figures if f.target]
    print_table("fan-out", ["figure", "ratio", "target", "verdict"], verdicts)
    note(
        f"{REPEATS} plans each after {WARMUP} warm-up; one direct model call (the baseline) "
        f"took {one:.1f} ms median; steps not done: {bench.not_done}"
    )
    return figures
