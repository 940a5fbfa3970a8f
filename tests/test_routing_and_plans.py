"""Routing scores, specialists' lifecycle, pattern recommendation, the gate and schemas."""

from __future__ import annotations

import pytest

from bot.integrations.base import Risk, Tool, ToolResult
from bot.integrations.registry import ToolRegistry
from bot.integrations.schema import InvalidArguments, check_arguments, parse_arguments
from bot.orchestrator.gate import confirmation_reason
from bot.orchestrator.routing import Router, task_kind
from bot.orchestrator.specialists import DEFAULT_SPECIALISTS, SpecialistRegistry
from bot.planning.plans import Pattern, PatternRecord, Plan, PlannedStep, recommend_pattern


class FakeIntegration:
    name = "slack"
    credentials = ("SLACK_BOT_TOKEN",)

    def configured(self) -> bool:
        return True

    def tools(self) -> list[Tool]:
        return [TOOL_WRITE, TOOL_DESTRUCTIVE]

    async def health(self) -> bool:
        return True


async def _noop(context: object, arguments: dict) -> ToolResult:
    return ToolResult("ok")


async def _describe(context: object, arguments: dict) -> str:
    return "do it"


SCHEMA = {
    "type": "object",
    "properties": {"channel": {"type": "string"}, "limit": {"type": "integer"}},
    "required": ["channel"],
    "additionalProperties": False,
}
TOOL_WRITE = Tool("slack", "set_topic", "Set a topic", SCHEMA, Risk.WRITE, _noop, _describe)
TOOL_DESTRUCTIVE = Tool(
    "slack", "archive_channel", "Archive", SCHEMA, Risk.DESTRUCTIVE, _noop, _describe
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("archive <#C0OLD|old-launch>", "slack:archive"),
        ("please ARCHIVE #old-launch", "slack:archive"),
        ("set the topic of #random to weekly sync", "slack:topic"),
        ("close acme/api#12", "github:close"),
        ("comment on PROJ-7: shipped", "jira:comment"),
        ("what can you do?", "general:help"),
        ("hello there", "general:chat"),
    ],
)
def test_task_kinds_are_derived_consistently(text: str, kind: str) -> None:
    assert task_kind(text) == kind
    assert task_kind(text) == task_kind(text)


async def test_routing_combines_fit_history_and_preference() -> None:
    history = {"slack:archive": {"slack": (10, 9), "general": (10, 1)}}

    async def success(team: str, kind: str) -> dict[str, tuple[int, int]]:
        return history.get(kind, {})

    router = Router(success)
    decision = await router.route(
        team_id="T", user_id="U", text="archive #old-launch", candidates=list(DEFAULT_SPECIALISTS)
    )
    assert decision.specialist == "slack"
    assert decision.scores["slack"]["success"] == round(10 / 12, 3)
    assert decision.scores["slack"]["total"] > decision.scores["general"]["total"]
    assert set(decision.as_trace()) >= {"chosen", "scores", "weights", "task_kind"}

    async def prefers_general(team: str, user: str, kind: str) -> str | None:
        return "general"

    chatty = await Router(success, prefers_general).route(
        team_id="T", user_id="U", text="hello", candidates=list(DEFAULT_SPECIALISTS)
    )
    assert chatty.specialist == "general" and chatty.scores["general"]["preference"] == 1.0


def test_specialists_are_spawned_lazily_evicted_lru_and_dropped_when_idle() -> None:
    now = [0.0]
    spawned: list[str] = []
    registry = SpecialistRegistry(
        ToolRegistry([FakeIntegration()]),
        max_active=2,
        clock=lambda: now[0],
        on_spawn=lambda agent: spawned.append(f"{agent.team_id}/{agent.config.name}"),
    )
    assert [c.name for c in registry.available()] == ["slack", "general"]
    first = registry.agent("T1", "slack")
    assert registry.agent("T1", "slack") is first and spawned == ["T1/slack"]
    registry.agent("T2", "slack")
    now[0] = 10.0
    registry.agent("T1", "slack")  # T1 is now the most recent
    registry.agent("T3", "general")  # evicts T2, the least recently used
    assert registry.active_count == 2
    registry.agent("T2", "slack")
    assert spawned.count("T2/slack") == 2
    now[0] = 5000.0
    registry.agent("T2", "slack")  # used again later than T3
    now[0] = 10.0 + 24 * 3600 + 1
    assert registry.drop_idle() == 1  # only T3/general has been idle for a day
    assert registry.active_count == 1
    assert "slack_set_topic" in str(first.openai_tools())
    assert "You are the slack specialist" in first.system_prompt


def test_the_recommended_pattern_follows_success_then_speed() -> None:
    assert recommend_pattern([]) is None
    records = [
        PatternRecord("parallel", 10, 9, 1, 3000.0),
        PatternRecord("direct", 10, 9, 1, 9000.0),
        PatternRecord("graph", 10, 4, 6, 1000.0),
    ]
    assert recommend_pattern(records) is Pattern.PARALLEL
    failing = [PatternRecord("parallel", 6, 2, 4, 100.0), PatternRecord("direct", 2, 1, 1, 900.0)]
    assert recommend_pattern(failing) is Pattern.DIRECT


def test_plans_know_their_pattern_and_refuse_cycles() -> None:
    one = Plan(steps=(PlannedStep("s1", "slack.archive_channel", {}),))
    two = Plan(steps=(PlannedStep("s1", "t", {}), PlannedStep("s2", "t", {})))
    graph = Plan(steps=(PlannedStep("s1", "t", {}), PlannedStep("s2", "t", {}, ("s1",))))
    assert (one.pattern, two.pattern, graph.pattern) == (
        Pattern.DIRECT,
        Pattern.PARALLEL,
        Pattern.GRAPH,
    )
    with pytest.raises(ValueError):
        Plan(
            steps=(PlannedStep("a", "t", {}, ("b",)), PlannedStep("b", "t", {}, ("a",)))
        ).validate()


def test_the_gate_asks_for_destructive_writes_outside_the_dm_and_tainted_runs() -> None:
    def reason(
        tool: Tool, channel: str, *, request: str = "D0BOB", dm: bool = True, tainted: bool = False
    ) -> str | None:
        return confirmation_reason(
            tool, {"channel": channel}, request_channel=request, request_is_dm=dm, tainted=tainted
        )

    assert reason(TOOL_DESTRUCTIVE, "D0BOB") is not None
    assert reason(TOOL_WRITE, "D0BOB") is None
    assert reason(TOOL_WRITE, "#general") is not None
    assert reason(TOOL_WRITE, "C0GENERAL", request="C0GENERAL", dm=False) is not None
    assert reason(TOOL_WRITE, "D0BOB", tainted=True) is not None


def test_arguments_are_checked_against_the_schema() -> None:
    assert check_arguments(SCHEMA, {"channel": "#a", "limit": 3}) == {"channel": "#a", "limit": 3}
    for bad in (
        {},
        {"channel": ""},
        {"channel": "#a", "extra": 1},
        {"channel": 5},
        {"channel": "#a", "limit": True},
    ):
        with pytest.raises(InvalidArguments):
            check_arguments(SCHEMA, bad)
    for raw in ("{not json", "[1, 2]"):
        with pytest.raises(InvalidArguments):
            parse_arguments(raw)


@pytest.mark.parametrize(
    ("text", "specialist"),
    [
        ("delete branch feature-x in acme/api", "github"),
        ("list the open issues in acme/api", "github"),
        ("move PROJ-7 to Done", "jira"),
        ("archive the Notion page https://www.notion.so/x", "notion"),
        ("archive #old-launch", "slack"),
        ("hello, what can you do?", "general"),
    ],
)
async def test_requests_naming_a_service_go_to_its_specialist(text: str, specialist: str) -> None:
    async def no_history(team: str, kind: str) -> dict[str, tuple[int, int]]:
        return {}

    decision = await Router(no_history).route(
        team_id="T", user_id="U", text=text, candidates=list(DEFAULT_SPECIALISTS)
    )
    assert decision.specialist == specialist


@pytest.mark.parametrize(
    "text",
    ["archive <#C0PROJ1|proj-1>", "archive #launch-2024", "tell #general that proj-7 shipped"],
)
def test_channel_names_with_numbers_are_not_jira_keys(text: str) -> None:
    assert task_kind(text).startswith("slack:")
