"""The Jira integration against the fake Jira Cloud: tools, pagination, errors, undo."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import (
    RetryableToolError,
    Risk,
    Tool,
    ToolContext,
    ToolError,
    ToolResult,
    UndoPlan,
)
from bot.integrations.jira.adf import adf_to_text, text_to_adf
from bot.integrations.jira.integration import JiraIntegration
from bot.integrations.jira.views import parse_issue_key
from bot.orchestrator.resilience import RetryBudget, call_with_retries
from bot.sandbox.emulator import SlackEmulator
from tests.fakes.jira_server import FakeJira, FakeUser, validate_adf

EMAIL = "kaizen-bot@acme.test"
TOKEN = "jira-secret-token-9c41"

EXPECTED = {
    "search": (Risk.READ, False),
    "create_issue": (Risk.WRITE, True),
    "comment": (Risk.WRITE, True),
    "assign": (Risk.WRITE, True),
    "transition": (Risk.WRITE, True),
    "delete_issue": (Risk.DESTRUCTIVE, True),
}


@pytest.fixture
async def jira() -> AsyncIterator[FakeJira]:
    async with FakeJira(email=EMAIL, api_token=TOKEN) as running:
        running.add_project("PROJ", "Project")
        running.add_project("OPS", "Operations")
        yield running


@pytest.fixture
async def emu() -> AsyncIterator[SlackEmulator]:
    async with SlackEmulator() as running:
        yield running


@pytest.fixture
def context(emu: SlackEmulator) -> ToolContext:
    """Alice asking in her DM with the bot."""
    client = AsyncWebClient(token=emu.bot_token, base_url=emu.api_url)
    dm = emu.workspace.open_im("U0ALICE")
    return ToolContext(team_id=emu.team_id, user_id="U0ALICE", channel_id=dm.id, slack=client)


@pytest.fixture
async def integration(jira: FakeJira) -> AsyncIterator[JiraIntegration]:
    made = JiraIntegration(url=jira.base_url, email=EMAIL, api_token=TOKEN)
    yield made
    await made.close()


@pytest.fixture
def tools(integration: JiraIntegration) -> dict[str, Tool]:
    return {tool.name: tool for tool in integration.tools()}


@pytest.fixture
def ann(jira: FakeJira) -> FakeUser:
    return jira.add_user("Ann", email="ann@acme.test")


@pytest.fixture
def bob(jira: FakeJira) -> FakeUser:
    return jira.add_user("Bob Stone", email="bob@acme.test")


async def run(tools: dict[str, Tool], context: ToolContext, name: str, **args: Any) -> ToolResult:
    return await tools[name].run(context, args)


async def describe(tools: dict[str, Tool], context: ToolContext, name: str, **args: Any) -> str:
    return await tools[name].describe(context, args)


def stored(plan: UndoPlan | None) -> UndoPlan:
    """The plan as the undo registry gives it back after a restart (a JSON round trip)."""
    assert plan is not None
    data = json.loads(json.dumps({"p": plan.params, "b": plan.before, "a": plan.after}))
    return UndoPlan(plan.description, data["p"], data["b"], data["a"])


async def changed(tools: dict[str, Tool], name: str, context: ToolContext, plan: UndoPlan) -> Any:
    undo = tools[name].undo
    assert undo is not None
    return await undo.changed_since(context, plan)


async def undo(tools: dict[str, Tool], name: str, context: ToolContext, plan: UndoPlan) -> str:
    handler = tools[name].undo
    assert handler is not None
    return await handler.undo(context, plan)


# ------------------------------------------------------------------ contract


def test_tool_contract(tools: dict[str, Tool]) -> None:
    assert {name: (t.risk, t.undo is not None) for name, t in tools.items()} == EXPECTED
    for tool in tools.values():
        assert tool.qualified_name == f"jira.{tool.name}"
        assert tool.target_channel_argument is None
        assert tool.parameters["additionalProperties"] is False
        assert tool.openai_schema()["function"]["name"] == f"jira_{tool.name}"
    limit = tools["search"].parameters["properties"]["limit"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 200, 30)
    assert tools["create_issue"].parameters["properties"]["issue_type"]["default"] == "Task"


def test_configuration_from_settings() -> None:
    settings = SimpleNamespace(
        jira_url="https://acme.atlassian.net/", jira_email=EMAIL, jira_api_token=SecretStr(TOKEN)
    )
    jira = JiraIntegration.from_settings(settings)
    assert jira.name == "jira"
    assert jira.credentials == ("JIRA_URL", "JIRA_EMAIL", "JIRA_API_TOKEN")
    assert jira.configured()
    assert TOKEN not in repr(jira)
    assert jira.client().site_url == "https://acme.atlassian.net"
    empty = SimpleNamespace(jira_url=None, jira_email=None, jira_api_token=None)
    assert not JiraIntegration.from_settings(empty).configured()


async def test_unconfigured_jira_says_how_to_enable(context: ToolContext) -> None:
    jira = JiraIntegration()
    assert not jira.configured()
    assert await jira.health() is False
    search = next(t for t in jira.tools() if t.name == "search")
    with pytest.raises(ToolError) as error:
        await search.run(context, {"jql": "project = PROJ"})
    assert error.value.error_class == "not_configured"
    assert "JIRA_API_TOKEN" in error.value.message


async def test_health_and_basic_auth(jira: FakeJira, integration: JiraIntegration) -> None:
    assert await integration.health() is True
    assert jira.requests[-1].path == "/rest/api/3/myself"
    assert jira.requests[-1].authenticated
    wrong = JiraIntegration(url=jira.base_url, email=EMAIL, api_token="nope")
    assert await wrong.health() is False
    await wrong.close()


def test_adf_and_keys() -> None:
    doc = text_to_adf("Shipped in <https://ci.test/1|build 1>\nthanks\n\nNext: https://x.test")
    assert validate_adf(doc)
    first, second = doc["content"]
    assert [n["type"] for n in first["content"]] == ["text", "text", "hardBreak", "text"]
    assert first["content"][1]["marks"] == [
        {"type": "link", "attrs": {"href": "https://ci.test/1"}}
    ]
    assert second["content"][1] == {
        "type": "text",
        "text": "https://x.test",
        "marks": [{"type": "link", "attrs": {"href": "https://x.test"}}],
    }
    assert adf_to_text(doc) == "Shipped in build 1\nthanks\n\nNext: https://x.test"
    assert parse_issue_key("proj-7") == "PROJ-7"
    assert parse_issue_key("https://acme.atlassian.net/browse/PROJ-7") == "PROJ-7"
    with pytest.raises(ToolError):
        parse_issue_key("PROJ")


# ------------------------------------------------------------------ search


async def test_search_follows_next_page_token(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext, ann: FakeUser
) -> None:
    jira.max_page_size = 2
    for n in range(5):
        jira.add_issue("PROJ", f"Issue {n + 1}", assignee=ann.account_id if n == 0 else None)
    jira.add_issue("OPS", "Elsewhere")
    result = await run(tools, context, "search", jql="project = PROJ ORDER BY key ASC")
    assert result.outside_content
    assert [i["key"] for i in result.data["issues"]] == [f"PROJ-{n}" for n in range(1, 6)]
    assert result.data["more"] is False
    assert result.data["issues"][0]["assignee"] == "Ann"
    assert result.data["issues"][0]["url"] == f"{jira.base_url}/browse/PROJ-1"
    assert result.summary.startswith("5 issues for `project = PROJ ORDER BY key ASC`:")
    assert "• PROJ-1 Issue 1 (To Do, Ann)" in result.summary
    searches = [r for r in jira.requests if r.method == "POST"]
    assert [r.path for r in searches] == ["/rest/api/3/search/jql"] * 3
    assert "nextPageToken" not in searches[0].body
    assert searches[1].body["nextPageToken"] and searches[2].body["nextPageToken"]
    assert "summary" in searches[0].body["fields"]


async def test_search_stops_at_the_limit(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext
) -> None:
    jira.max_page_size = 2
    for n in range(5):
        jira.add_issue("PROJ", f"Issue {n + 1}")
    result = await run(tools, context, "search", jql="project = PROJ", limit=3)
    assert [i["key"] for i in result.data["issues"]] == ["PROJ-1", "PROJ-2", "PROJ-3"]
    assert result.data["more"] is True
    assert result.summary.startswith("The first 3 issues for")
    bodies = [r.body for r in jira.requests if r.path == "/rest/api/3/search/jql"]
    assert [b["maxResults"] for b in bodies] == [3, 1]
    none = await run(tools, context, "search", jql="project = PROJ AND status = Done")
    assert none.summary == "No Jira issues match `project = PROJ AND status = Done`."
    assert await describe(tools, context, "search", jql="project = PROJ") == (
        "Search Jira for `project = PROJ` (up to 30 issues)."
    )


async def test_search_errors_come_from_jira(tools: dict[str, Tool], context: ToolContext) -> None:
    with pytest.raises(ToolError) as error:
        await run(tools, context, "search", jql="project = NOPE")
    assert error.value.error_class == "invalid_request"
    assert "The value 'NOPE' does not exist for the field 'project'." in error.value.message
    with pytest.raises(ToolError) as error:
        await run(tools, context, "search", jql="project = PROJ", limit=500)
    assert error.value.error_class == "invalid_arguments"


async def test_fake_follows_the_current_api(jira: FakeJira) -> None:
    auth = {"Authorization": "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()}
    async with aiohttp.ClientSession() as session:
        old = await session.post(
            f"{jira.base_url}/rest/api/3/search", json={"jql": "project = PROJ"}, headers=auth
        )
        assert old.status == 410
        jira.add_issue("PROJ", "One")
        ids = await session.post(
            f"{jira.base_url}/rest/api/3/search/jql", json={"jql": "project = PROJ"}, headers=auth
        )
        assert await ids.json() == {"issues": [{"id": jira.issues["PROJ-1"].id}], "isLast": True}
        paged = await session.post(
            f"{jira.base_url}/rest/api/3/search/jql",
            json={"jql": "project = PROJ", "startAt": 0},
            headers=auth,
        )
        assert paged.status == 400
        comment = await session.post(
            f"{jira.base_url}/rest/api/3/issue/PROJ-1/comment", json={"body": "hi"}, headers=auth
        )
        assert comment.status == 400
        assert "Atlassian Document" in (await comment.json())["errors"]["comment"]
        anonymous = await session.get(f"{jira.base_url}/rest/api/3/myself")
        assert anonymous.status == 401


# ------------------------------------------------------------------ create


async def test_create_issue_and_undo(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext
) -> None:
    args = {"project": "proj", "summary": "Login fails", "description": "Steps:\nopen the app"}
    assert await describe(tools, context, "create_issue", **args) == (
        "Create a Task in PROJ: “Login fails”."
    )
    result = await run(tools, context, "create_issue", **args)
    assert result.summary == "Created PROJ-1 (“Login fails”)."
    created = jira.issues["PROJ-1"]
    assert created.issue_type == "Task"
    assert validate_adf(created.description)
    assert adf_to_text(created.description) == "Steps:\nopen the app"
    plan = stored(result.undo)
    assert plan.description == "delete PROJ-1"
    assert await changed(tools, "create_issue", context, plan) is None
    assert await undo(tools, "create_issue", context, plan) == (
        "Deleted PROJ-1 (“Login fails”), the issue I created."
    )
    assert "PROJ-1" not in jira.issues
    assert await changed(tools, "create_issue", context, plan) == "PROJ-1 no longer exists."


async def test_create_issue_checks_project_and_type(
    tools: dict[str, Tool], context: ToolContext
) -> None:
    bug = await run(
        tools, context, "create_issue", project="Operations", summary="Disk", issue_type="bug"
    )
    assert bug.data["issue_type"] == "Bug" and bug.data["key"] == "OPS-1"
    with pytest.raises(ToolError) as error:
        await run(tools, context, "create_issue", project="PROJ", summary="x", issue_type="Saga")
    assert error.value.message == "PROJ has no issue type “Saga” (it has Task, Bug, Story)."
    with pytest.raises(ToolError) as error:
        await run(tools, context, "create_issue", project="NOPE", summary="x")
    assert error.value.error_class == "not_found"


async def test_created_issue_worked_on_since_is_not_deleted(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext, ann: FakeUser
) -> None:
    plan = stored((await run(tools, context, "create_issue", project="PROJ", summary="A")).undo)
    jira.issues["PROJ-1"].status = "Done"
    assert await changed(tools, "create_issue", context, plan) == "PROJ-1 moved to Done since."
    jira.issues["PROJ-1"].status = "To Do"
    jira.add_comment("PROJ-1", "on it", author=ann.account_id)
    assert await changed(tools, "create_issue", context, plan) == "PROJ-1 has new comments since."


# ------------------------------------------------------------------ comment


async def test_comment_in_adf_and_undo(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext
) -> None:
    jira.add_issue("PROJ", "Login fails")
    assert await describe(tools, context, "comment", key="PROJ-1", body="shipped") == (
        "Comment on PROJ-1 (“Login fails”): “shipped”."
    )
    result = await run(tools, context, "comment", key="proj-1", body="shipped")
    assert result.summary == "Commented on PROJ-1 (“Login fails”)."
    (comment,) = jira.issues["PROJ-1"].comments
    assert comment.body == {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": "shipped"}]}],
    }
    plan = stored(result.undo)
    assert await changed(tools, "comment", context, plan) is None
    comment.body = text_to_adf("shipped (edited)")
    assert await changed(tools, "comment", context, plan) == (
        "That comment on PROJ-1 was edited since."
    )
    comment.body = text_to_adf("shipped")
    assert await undo(tools, "comment", context, plan) == "Deleted my comment on PROJ-1."
    assert jira.issues["PROJ-1"].comments == []
    assert await changed(tools, "comment", context, plan) == (
        "That comment on PROJ-1 no longer exists."
    )


# ------------------------------------------------------------------ assign


async def test_assign_by_every_kind_of_name_and_undo(
    jira: FakeJira,
    tools: dict[str, Tool],
    context: ToolContext,
    emu: SlackEmulator,
    ann: FakeUser,
    bob: FakeUser,
) -> None:
    jira.add_issue("PROJ", "Login fails", assignee=bob.account_id)
    assert await describe(tools, context, "assign", key="PROJ-1", assignee="ann@acme.test") == (
        "Assign PROJ-1 (“Login fails”) to Ann (now Bob Stone)."
    )
    result = await run(tools, context, "assign", key="PROJ-1", assignee="ann@acme.test")
    assert result.summary == "Assigned PROJ-1 (“Login fails”) to Ann."
    assert jira.issues["PROJ-1"].assignee == ann.account_id
    put = next(r for r in reversed(jira.requests) if r.method == "PUT")
    assert put.path == "/rest/api/3/issue/PROJ-1/assignee"
    assert put.body == {"accountId": ann.account_id}
    plan = stored(result.undo)
    assert plan.description == "assign PROJ-1 back to Bob Stone"
    assert await changed(tools, "assign", context, plan) is None
    assert await undo(tools, "assign", context, plan) == "Assigned PROJ-1 back to Bob Stone."
    assert jira.issues["PROJ-1"].assignee == bob.account_id

    await run(tools, context, "assign", key="PROJ-1", assignee="bob stone")  # already Bob
    await run(tools, context, "assign", key="PROJ-1", assignee=ann.account_id)
    assert jira.issues["PROJ-1"].assignee == ann.account_id
    alice = jira.add_user("Alice Archer", email=emu.workspace.users["U0ALICE"].email)
    mine = await run(tools, context, "assign", key="PROJ-1", assignee="me")
    assert mine.summary == "Assigned PROJ-1 (“Login fails”) to Alice Archer."
    assert jira.issues["PROJ-1"].assignee == alice.account_id
    cleared = await run(tools, context, "assign", key="PROJ-1", assignee="unassigned")
    assert cleared.summary == "Unassigned PROJ-1 (“Login fails”)."
    assert jira.issues["PROJ-1"].assignee is None
    assert await undo(tools, "assign", context, stored(cleared.undo)) == (
        "Assigned PROJ-1 back to Alice Archer."
    )


async def test_assign_undo_refused_when_reassigned_since(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext, ann: FakeUser, bob: FakeUser
) -> None:
    jira.add_issue("PROJ", "Login fails")
    result = await run(tools, context, "assign", key="PROJ-1", assignee="Bob Stone")
    plan = stored(result.undo)
    assert plan.description == "unassign PROJ-1 again"
    jira.issues["PROJ-1"].assignee = ann.account_id
    assert await changed(tools, "assign", context, plan) == "PROJ-1 was reassigned to Ann since."
    jira.issues["PROJ-1"].assignee = None
    assert await changed(tools, "assign", context, plan) == "PROJ-1 was unassigned since."
    del jira.issues["PROJ-1"]
    assert await changed(tools, "assign", context, plan) == "PROJ-1 no longer exists."


async def test_assign_names_must_be_clear(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext
) -> None:
    jira.add_issue("PROJ", "Login fails")
    jira.add_user("Ann Lee")
    jira.add_user("Ann Ray")
    with pytest.raises(ToolError) as error:
        await run(tools, context, "assign", key="PROJ-1", assignee="Ann")
    assert error.value.error_class == "ambiguous_user"
    assert "Ann Lee, Ann Ray" in error.value.message
    with pytest.raises(ToolError) as error:
        await run(tools, context, "assign", key="PROJ-1", assignee="me")  # no Jira account
    assert error.value.error_class == "unknown_requester"


# ------------------------------------------------------------------ transition


async def test_transition_and_undo_through_the_workflow(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext
) -> None:
    jira.add_issue("PROJ", "Login fails")
    assert await describe(tools, context, "transition", key="PROJ-1", to="in progress") == (
        "Move PROJ-1 (“Login fails”) from To Do to In Progress."
    )
    result = await run(tools, context, "transition", key="PROJ-1", to="Start progress")
    assert result.summary == "Moved PROJ-1 (“Login fails”) from To Do to In Progress."
    assert jira.issues["PROJ-1"].status == "In Progress"
    post = next(r for r in reversed(jira.requests) if r.method == "POST")
    assert post.body == {"transition": {"id": "21"}}
    plan = stored(result.undo)
    assert plan.description == "move PROJ-1 back to To Do"
    assert await changed(tools, "transition", context, plan) is None
    assert await undo(tools, "transition", context, plan) == "Moved PROJ-1 back to To Do."
    assert jira.issues["PROJ-1"].status == "To Do"
    assert await changed(tools, "transition", context, plan) == "PROJ-1 moved to To Do since."


async def test_transition_back_needs_a_workflow_path(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext
) -> None:
    jira.add_issue("PROJ", "Login fails", status="In Progress")
    result = await run(tools, context, "transition", key="PROJ-1", to="Done")
    plan = stored(result.undo)
    assert await changed(tools, "transition", context, plan) is None
    with pytest.raises(ToolError) as error:
        await undo(tools, "transition", context, plan)
    assert error.value.error_class == "no_transition_back"
    assert error.value.message.startswith(
        "Jira's workflow has no transition from Done back to In Progress for PROJ-1"
    )
    assert jira.issues["PROJ-1"].status == "Done"
    with pytest.raises(ToolError) as error:
        await run(tools, context, "transition", key="PROJ-1", to="In Review")
    assert error.value.message == (
        "PROJ-1 can't move to “In Review”: Jira's workflow from Done it can go to To Do."
    )
    same = await run(tools, context, "transition", key="PROJ-1", to="done")
    assert same.summary == "PROJ-1 (“Login fails”) is already in Done." and same.undo is None


# ------------------------------------------------------------------ delete


async def test_delete_and_recreate_with_a_new_key(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext, ann: FakeUser
) -> None:
    jira.add_issue("PROJ", "Other")
    original = jira.add_issue(
        "PROJ",
        "Login fails",
        issue_type="Bug",
        description=text_to_adf("It fails\n\nsee https://x.test"),
        status="In Progress",
        assignee=ann.account_id,
        labels=["auth", "p1"],
    )
    assert await describe(tools, context, "delete_issue", key="PROJ-2") == (
        "Delete PROJ-2 (“Login fails”)."
    )
    result = await run(tools, context, "delete_issue", key="PROJ-2")
    assert result.summary == "Deleted PROJ-2 (“Login fails”)."
    assert "PROJ-2" not in jira.issues
    plan = stored(result.undo)
    assert await changed(tools, "delete_issue", context, plan) is None
    jira.add_issue("PROJ", "Meanwhile")  # PROJ-3
    assert await undo(tools, "delete_issue", context, plan) == (
        "Re-created PROJ-2 as PROJ-4 (Jira gives a new key)."
    )
    again = jira.issues["PROJ-4"]
    assert (again.summary, again.issue_type, again.assignee, again.labels) == (
        "Login fails",
        "Bug",
        ann.account_id,
        ["auth", "p1"],
    )
    assert again.description == original.description
    assert again.status == "In Progress"
    del jira.projects["PROJ"]
    assert await changed(tools, "delete_issue", context, plan) == "Project PROJ no longer exists."


async def test_recreate_without_an_assignee_who_left(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext, ann: FakeUser
) -> None:
    jira.add_issue("PROJ", "Login fails", assignee=ann.account_id, status="Done")
    plan = stored((await run(tools, context, "delete_issue", key="PROJ-1")).undo)
    ann.active = False
    sentence = await undo(tools, "delete_issue", context, plan)
    assert sentence == (
        "Re-created PROJ-1 as PROJ-2 (Jira gives a new key). Jira wouldn't assign it to Ann again."
    )
    assert jira.issues["PROJ-2"].assignee is None
    assert jira.issues["PROJ-2"].status == "Done"


# ------------------------------------------------------------------ errors


async def test_bad_credentials_never_show_the_token(jira: FakeJira, context: ToolContext) -> None:
    wrong = JiraIntegration(url=jira.base_url, email=EMAIL, api_token="wrong-token-123")
    search = next(t for t in wrong.tools() if t.name == "search")
    with pytest.raises(ToolError) as error:
        await search.run(context, {"jql": "project = PROJ"})
    await wrong.close()
    assert error.value.error_class == "bad_credentials"
    assert not error.value.retryable
    for secret in ("wrong-token-123", TOKEN, EMAIL):
        assert secret not in error.value.message
    assert jira.requests[-1].authenticated is False


async def test_unknown_issue_is_not_found(tools: dict[str, Tool], context: ToolContext) -> None:
    for name, args in (
        ("comment", {"key": "PROJ-99", "body": "hi"}),
        ("transition", {"key": "PROJ-99", "to": "Done"}),
        ("delete_issue", {"key": "PROJ-99"}),
    ):
        with pytest.raises(ToolError) as error:
            await run(tools, context, name, **args)
        assert error.value.error_class == "not_found"
        assert error.value.message == "Jira has no issue PROJ-99, or the token can't see it."
    with pytest.raises(ToolError) as error:
        await run(tools, context, "comment", key="PROJ-1", body="hi", channel="#x")
    assert error.value.error_class == "invalid_arguments"


async def test_rate_limit_is_retried_after_retry_after(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext
) -> None:
    jira.add_issue("PROJ", "Login fails")
    jira.rate_limit_next(retry_after=1)
    with pytest.raises(RetryableToolError) as error:
        await run(tools, context, "search", jql="project = PROJ")
    assert error.value.retry_after == 1
    assert error.value.error_class == "rate_limited"

    jira.rate_limit_next(retry_after=1)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    result = await call_with_retries(
        lambda: run(tools, context, "comment", key="PROJ-1", body="retried"),
        budget=RetryBudget(3),
        sleep=sleep,
    )
    assert waits == [1.0]
    assert result.summary == "Commented on PROJ-1 (“Login fails”)."
    assert len(jira.issues["PROJ-1"].comments) == 1


async def test_server_errors_are_retryable(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext
) -> None:
    jira.fail_next(503)
    with pytest.raises(RetryableToolError) as error:
        await run(tools, context, "search", jql="project = PROJ")
    assert error.value.error_class == "server_error"
    assert "Simulated failure (503)." in error.value.message


async def test_me_falls_back_to_the_slack_name(
    jira: FakeJira, tools: dict[str, Tool], context: ToolContext, emu: SlackEmulator
) -> None:
    """Without the users:read.email scope Slack gives no email: the real name must match."""
    emu.workspace.users["U0ALICE"].email = None
    alice = jira.add_user("Alice Archer", email="alice.a@elsewhere.test")
    jira.add_issue("PROJ", "Login fails")
    await run(tools, context, "assign", key="PROJ-1", assignee="@me")
    assert jira.issues["PROJ-1"].assignee == alice.account_id
