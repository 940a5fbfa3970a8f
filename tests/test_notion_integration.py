"""The Notion integration against the fake Notion API: tools, references, errors, undo."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.integrations.base import RetryableToolError, Risk, Tool, ToolContext, ToolError
from bot.integrations.notion.client import NOTION_VERSION, NotionClient
from bot.integrations.notion.integration import NotionIntegration, check_arguments
from bot.integrations.notion.refs import parse_notion_id
from bot.orchestrator.resilience import RetryBudget, call_with_retries
from tests.fakes.notion_server import FakeDatabase, FakeNotion

TOKEN = "ntn_fake_4f9a2c81d7e3b6"
STATUSES = ["Not started", "In progress", "Blocked", "Done"]

EXPECTED = {
    "query_database": (Risk.READ, False),
    "create_page": (Risk.WRITE, True),
    "update_page": (Risk.WRITE, True),
    "archive_page": (Risk.DESTRUCTIVE, True),
    "restore_page": (Risk.WRITE, True),
}


@pytest.fixture
async def notion() -> AsyncIterator[FakeNotion]:
    async with FakeNotion(token=TOKEN) as fake:
        yield fake


@pytest.fixture
def projects(notion: FakeNotion) -> FakeDatabase:
    return notion.add_database(
        "Projects",
        {
            "Status": ("status", STATUSES),
            "Points": "number",
            "Priority": ("select", ["Low", "High"]),
            "Shipped": "checkbox",
            "Due": "date",
            "Notes": "rich_text",
        },
    )


@pytest.fixture
def launch(notion: FakeNotion, projects: FakeDatabase) -> str:
    return notion.add_page(
        projects.data_source_id, "Launch plan", {"Status": "In progress", "Points": 2}
    )


@pytest.fixture
async def integration(notion: FakeNotion) -> AsyncIterator[NotionIntegration]:
    settings = SimpleNamespace(notion_token=SecretStr(TOKEN), notion_api_url=notion.base_url)
    built = NotionIntegration.from_settings(settings)
    yield built
    await built.close()


@pytest.fixture
def tools(integration: NotionIntegration) -> dict[str, Tool]:
    return {tool.name: tool for tool in integration.tools()}


@pytest.fixture
def context() -> ToolContext:
    return ToolContext(team_id="T0TEAM", user_id="U0ALICE", channel_id="D0ALICE", slack=None)  # type: ignore[arg-type]


def bodies(notion: FakeNotion, method: str | None = None) -> list[Any]:
    return [r.json for r in notion.requests if method is None or r.method == method]


# ------------------------------------------------------------------ the contract


def test_tool_contract(tools: dict[str, Tool]) -> None:
    assert set(tools) == set(EXPECTED)
    for name, (risk, undoable) in EXPECTED.items():
        tool = tools[name]
        assert tool.qualified_name == f"notion.{name}"
        assert tool.risk is risk
        assert (tool.undo is not None) is undoable
        assert tool.target_channel_argument is None
        assert tool.parameters["additionalProperties"] is False
        assert tool.openai_schema()["function"]["name"] == f"notion_{name}"
    assert tools["query_database"].parameters["required"] == ["database"]
    limit = tools["query_database"].parameters["properties"]["limit"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 200, 25)
    assert tools["create_page"].parameters["required"] == ["parent", "title"]
    assert tools["update_page"].parameters["required"] == ["page", "properties"]
    assert tools["archive_page"].parameters["required"] == ["page"]


def test_configuration_from_settings() -> None:
    missing = NotionIntegration.from_settings(
        SimpleNamespace(notion_token=None, notion_api_url="https://api.notion.com")
    )
    assert missing.name == "notion"
    assert missing.credentials == ("NOTION_TOKEN",)
    assert not missing.configured()
    present = NotionIntegration.from_settings(
        SimpleNamespace(notion_token=SecretStr(TOKEN), notion_api_url="https://api.notion.com")
    )
    assert present.configured()
    assert TOKEN not in repr(present)


def test_check_arguments() -> None:
    schema = {
        "properties": {
            "page": {"type": "string", "minLength": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 25},
            "filter": {"type": "object"},
        },
        "required": ["page"],
    }
    assert check_arguments(schema, {"page": "x", "filter": {}}) == {
        "page": "x",
        "limit": 25,
        "filter": None,
    }
    for bad in ({"page": "x", "extra": 1}, {}, {"page": 3}, {"page": "x", "limit": 201}):
        with pytest.raises(ToolError) as caught:
            check_arguments(schema, bad)
        assert caught.value.error_class == "invalid_arguments"
    with pytest.raises(ToolError):
        check_arguments(schema, {"page": "x", "filter": ["not", "an", "object"]})


async def test_health_and_headers(notion: FakeNotion, integration: NotionIntegration) -> None:
    assert await integration.health() is True
    request = notion.requests[-1]
    assert (request.method, request.path) == ("GET", "/v1/users/me")
    assert request.headers["Notion-Version"] == NOTION_VERSION == "2026-03-11"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    wrong = NotionIntegration("ntn_wrong", notion.base_url)
    try:
        assert await wrong.health() is False
    finally:
        await wrong.close()


# ------------------------------------------------------------------ references

RAW = "1429989fe8ac4effbc8f57f56486db54"
DASHED = "1429989f-e8ac-4eff-bc8f-57f56486db54"
PEEK = "0b3c2d1e4f5a6b7c8d9e0f1a2b3c4d5e"


@pytest.mark.parametrize(
    "reference",
    [
        RAW,
        DASHED,
        RAW.upper(),
        f"https://www.notion.so/Launch-plan-{RAW}",
        f"https://www.notion.so/acme/Launch-plan-{RAW}",
        f"https://www.notion.so/{RAW}?v={PEEK}",
        f"https://acme.notion.site/Launch-plan-{RAW}",
        f"www.notion.so/Launch-plan-{RAW}",
        f"<https://www.notion.so/Launch-plan-{RAW}|Launch plan>",
        f"  https://www.notion.so/Launch-plan-{RAW}/  ",
    ],
)
def test_parse_notion_id(reference: str) -> None:
    assert parse_notion_id(reference) == DASHED


def test_parse_peeked_page() -> None:
    link = f"https://www.notion.so/acme/{RAW}?v={'2' * 32}&p={PEEK}&pm=s"
    assert parse_notion_id(link) == DASHED  # the database
    assert parse_notion_id(link, peek=True).replace("-", "") == PEEK  # the page opened over it


@pytest.mark.parametrize(
    "reference",
    [
        "Launch plan",
        "1234",
        f"https://example.com/Launch-plan-{RAW}",
        "https://www.notion.so/Launch-plan",
        f"ftp://www.notion.so/{RAW}",
    ],
)
def test_parse_rejects(reference: str) -> None:
    with pytest.raises(ToolError) as caught:
        parse_notion_id(reference)
    assert caught.value.error_class == "invalid_arguments"


# ------------------------------------------------------------------ query_database


async def test_query_database_by_link_and_filter(
    notion: FakeNotion,
    projects: FakeDatabase,
    launch: str,
    tools: dict[str, Tool],
    context: ToolContext,
) -> None:
    notion.add_page(projects.data_source_id, "Retro", {"Status": "Done", "Points": 1})
    tool = tools["query_database"]
    assert (
        await tool.describe(context, {"database": projects.url})
        == "Query the Notion database “Projects” (up to 25 pages)."
    )
    result = await tool.run(context, {"database": projects.url})
    assert result.outside_content is True
    assert result.summary == "Found 2 pages in “Projects”."
    assert [p["title"] for p in result.data["pages"]] == ["Launch plan", "Retro"]
    assert result.data["pages"][0]["properties"]["Status"] == "In progress"
    assert result.data["pages"][0]["url"] == notion.page_url(launch)
    # The rows come from the data source, as 2025-09-03 and later versions require.
    assert notion.requests[-1].path == f"/v1/data_sources/{projects.data_source_id}/query"

    done = {"property": "Status", "status": {"equals": "Done"}}
    filtered = await tool.run(context, {"database": projects.data_source_id, "filter": done})
    assert [p["title"] for p in filtered.data["pages"]] == ["Retro"]
    assert notion.requests[-1].json["filter"] == done  # passed through untouched
    assert (
        await tool.describe(context, {"database": projects.id, "filter": done})
        == "Query the Notion database “Projects” with a filter (up to 25 pages)."
    )


async def test_query_database_paginates(
    notion: FakeNotion, projects: FakeDatabase, tools: dict[str, Tool], context: ToolContext
) -> None:
    for n in range(130):
        notion.add_page(projects.data_source_id, f"Task {n:03}", {"Points": n})
    notion.requests.clear()
    result = await tools["query_database"].run(context, {"database": projects.id, "limit": 120})
    assert len(result.data["pages"]) == 120
    assert result.data["pages"][-1]["title"] == "Task 119"
    assert result.data["has_more"] is True
    assert "more match" in result.summary
    queries = [r.json for r in notion.requests if r.path.endswith("/query")]
    assert [q["page_size"] for q in queries] == [100, 20]
    assert "start_cursor" not in queries[0]
    assert queries[1]["start_cursor"]

    everything = await tools["query_database"].run(context, {"database": projects.id, "limit": 200})
    assert len(everything.data["pages"]) == 130
    assert everything.data["has_more"] is False
    assert everything.summary == "Found 130 pages in “Projects”."


async def test_query_skips_trashed_and_reports_empty(
    notion: FakeNotion, projects: FakeDatabase, tools: dict[str, Tool], context: ToolContext
) -> None:
    notion.add_page(projects.data_source_id, "Old", in_trash=True)
    result = await tools["query_database"].run(context, {"database": projects.id})
    assert result.summary == "No pages in “Projects” match."
    assert result.data["pages"] == []


async def test_database_with_several_data_sources(
    notion: FakeNotion, tools: dict[str, Tool], context: ToolContext
) -> None:
    merged = notion.add_database("Roadmap", {"Status": ("status", STATUSES)}, data_sources=2)
    with pytest.raises(ToolError) as caught:
        await tools["query_database"].run(context, {"database": merged.id})
    assert caught.value.error_class == "ambiguous"
    assert merged.data_source_ids[1] in caught.value.message
    # Naming one data source works.
    notion.add_page(merged.data_source_ids[1], "Q3 goals")
    result = await tools["query_database"].run(context, {"database": merged.data_source_ids[1]})
    assert [p["title"] for p in result.data["pages"]] == ["Q3 goals"]


# ------------------------------------------------------------------ create_page


async def test_create_page_in_database_and_undo(
    notion: FakeNotion, projects: FakeDatabase, tools: dict[str, Tool], context: ToolContext
) -> None:
    tool = tools["create_page"]
    arguments = {
        "parent": projects.url,
        "title": "Launch plan",
        "properties": {"status": "done", "Points": 3, "Shipped": True, "Due": "2026-03-31"},
    }
    assert await tool.describe(context, arguments) == (
        "Create the Notion page “Launch plan” in “Projects” "
        "(Status: Done, Points: 3, Shipped: checked, Due: 2026-03-31)."
    )
    result = await tool.run(context, arguments)
    assert result.summary == "Created the Notion page “Launch plan” in “Projects”."
    page_id = result.data["page_id"]
    assert notion.value(page_id, "Name") == "Launch plan"
    assert notion.value(page_id, "Status") == "Done"
    assert notion.value(page_id, "Points") == 3
    assert notion.value(page_id, "Shipped") is True
    assert notion.value(page_id, "Due") == "2026-03-31"
    created = next(r.json for r in notion.requests if r.method == "POST" and r.path == "/v1/pages")
    assert created["parent"] == {
        "type": "data_source_id",
        "data_source_id": projects.data_source_id,
    }
    assert created["properties"]["Status"] == {"status": {"name": "Done"}}

    assert result.undo is not None
    assert result.undo.description == "move the Notion page “Launch plan” to the trash"
    assert await tool.undo.changed_since(context, result.undo) is None
    assert await tool.undo.undo(context, result.undo) == (
        "Moved the Notion page “Launch plan” to the trash."
    )
    assert notion.in_trash(page_id)
    assert await tool.undo.changed_since(context, result.undo) == (
        "“Launch plan” was moved to the trash since."
    )


async def test_create_page_under_a_page(
    notion: FakeNotion,
    projects: FakeDatabase,
    launch: str,
    tools: dict[str, Tool],
    context: ToolContext,
) -> None:
    wiki = notion.add_page(launch, "Wiki")
    result = await tools["create_page"].run(
        context, {"parent": notion.page_url(wiki), "title": "Runbook"}
    )
    assert result.summary == "Created the Notion page “Runbook” in “Wiki”."
    created = notion.requests[-1].json
    assert created == {
        "parent": {"type": "page_id", "page_id": wiki},
        "properties": {"title": {"title": [{"type": "text", "text": {"content": "Runbook"}}]}},
    }
    with pytest.raises(ToolError) as caught:
        await tools["create_page"].run(
            context, {"parent": wiki, "title": "Runbook", "properties": {"Status": "Done"}}
        )
    assert caught.value.error_class == "invalid_arguments"


async def test_create_page_rejects_bad_values_before_sending(
    notion: FakeNotion, projects: FakeDatabase, tools: dict[str, Tool], context: ToolContext
) -> None:
    cases = [
        ({"Colour": "red"}, "no property “Colour”"),
        ({"Status": "Shipped"}, "choose Not started, In progress, Blocked or Done"),
        ({"Points": "many"}, "Points takes a number"),
        ({"Due": "next week"}, "Due takes a date"),
    ]
    for properties, words in cases:
        with pytest.raises(ToolError) as caught:
            await tools["create_page"].run(
                context, {"parent": projects.id, "title": "X", "properties": properties}
            )
        assert caught.value.error_class == "invalid_arguments"
        assert words in caught.value.message
    assert not [r for r in notion.requests if r.method == "POST" and r.path == "/v1/pages"]


async def test_new_select_option_is_created(
    notion: FakeNotion, projects: FakeDatabase, tools: dict[str, Tool], context: ToolContext
) -> None:
    result = await tools["create_page"].run(
        context,
        {"parent": projects.id, "title": "Spike", "properties": {"Priority": "Urgent"}},
    )
    assert notion.value(result.data["page_id"], "Priority") == "Urgent"


# ------------------------------------------------------------------ update_page


async def test_update_page_and_undo(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    tool = tools["update_page"]
    url = notion.page_url(launch)
    arguments = {"page": url, "properties": {"Status": "Done"}}
    assert await tool.describe(context, arguments) == "Set Status to Done on “Launch plan”."
    result = await tool.run(context, arguments)
    assert result.summary == "Set Status to Done on “Launch plan”."
    assert notion.value(launch, "Status") == "Done"
    assert notion.requests[-1].json == {"properties": {"Status": {"status": {"name": "Done"}}}}
    assert result.undo is not None
    assert result.undo.before["values"] == {"Status": "In progress"}
    assert result.undo.after["values"] == {"Status": "Done"}
    json.dumps([result.undo.params, result.undo.before, result.undo.after])  # storable

    assert await tool.undo.changed_since(context, result.undo) is None
    assert await tool.undo.undo(context, result.undo) == (
        "Restored Status to In progress on “Launch plan”."
    )
    assert notion.value(launch, "Status") == "In progress"


async def test_update_several_values_and_clear(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    tool = tools["update_page"]
    arguments = {"page": launch, "properties": {"points": 5, "Notes": "ship it", "Due": None}}
    notion.set_value(launch, "Due", "2026-04-01")
    assert await tool.describe(context, arguments) == (
        "Set Points to 5 and Notes to ship it and clear Due on “Launch plan”."
    )
    result = await tool.run(context, arguments)
    assert (notion.value(launch, "Points"), notion.value(launch, "Notes")) == (5, "ship it")
    assert notion.value(launch, "Due") is None
    await tool.undo.undo(context, result.undo)
    assert notion.value(launch, "Points") == 2
    assert notion.value(launch, "Notes") == ""
    assert notion.value(launch, "Due") == "2026-04-01"


async def test_update_changed_since(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    tool = tools["update_page"]
    result = await tool.run(context, {"page": launch, "properties": {"Status": "Done"}})
    notion.set_value(launch, "Status", "Blocked")
    assert await tool.undo.changed_since(context, result.undo) == (
        "Status on “Launch plan” was changed since to Blocked."
    )
    notion.set_value(launch, "Status", "Done")
    notion.set_trash(launch, True)
    assert await tool.undo.changed_since(context, result.undo) == (
        "“Launch plan” was moved to the trash since."
    )


async def test_update_refuses_a_trashed_page(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    notion.set_trash(launch, True)
    with pytest.raises(ToolError) as caught:
        await tools["update_page"].run(context, {"page": launch, "properties": {"Points": 1}})
    assert caught.value.error_class == "in_trash"
    assert "restore it" in caught.value.message


# ------------------------------------------------------------------ archive / restore


async def test_archive_page_and_undo(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    tool = tools["archive_page"]
    url = notion.page_url(launch)
    assert await tool.describe(context, {"page": url}) == (
        "Move the Notion page “Launch plan” to the trash."
    )
    result = await tool.run(context, {"page": url})
    assert result.summary == "Moved the Notion page “Launch plan” to the trash."
    assert notion.in_trash(launch)
    patch = [r for r in notion.requests if r.method == "PATCH"][-1]
    assert patch.json == {"in_trash": True}
    assert result.undo is not None
    assert result.undo.description == "restore the Notion page “Launch plan” from the trash"

    assert await tool.undo.changed_since(context, result.undo) is None
    assert await tool.undo.undo(context, result.undo) == (
        "Restored the Notion page “Launch plan” from the trash."
    )
    assert not notion.in_trash(launch)
    assert [r for r in notion.requests if r.method == "PATCH"][-1].json == {"in_trash": False}
    assert await tool.undo.changed_since(context, result.undo) == (
        "“Launch plan” was restored since."
    )


async def test_archive_an_archived_page_changes_nothing(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    notion.set_trash(launch, True)
    result = await tools["archive_page"].run(context, {"page": launch})
    assert result.undo is None
    assert result.summary == "The Notion page “Launch plan” is already in the trash."
    assert not [r for r in notion.requests if r.method == "PATCH"]


async def test_restore_page_and_undo(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    notion.set_trash(launch, True)
    tool = tools["restore_page"]
    assert await tool.describe(context, {"page": launch}) == (
        "Restore the Notion page “Launch plan” from the trash."
    )
    result = await tool.run(context, {"page": notion.page_url(launch)})
    assert result.summary == "Restored the Notion page “Launch plan” from the trash."
    assert not notion.in_trash(launch)
    assert result.undo is not None
    assert await tool.undo.changed_since(context, result.undo) is None
    assert await tool.undo.undo(context, result.undo) == (
        "Moved the Notion page “Launch plan” back to the trash."
    )
    assert notion.in_trash(launch)
    assert await tool.undo.changed_since(context, result.undo) == (
        "“Launch plan” was moved to the trash since."
    )


async def test_undo_of_a_page_that_is_gone(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    tool = tools["archive_page"]
    result = await tool.run(context, {"page": launch})
    del notion.pages[launch]
    assert await tool.undo.changed_since(context, result.undo) == (
        "The Notion page “Launch plan” no longer exists."
    )
    with pytest.raises(ToolError) as caught:
        await tool.undo.undo(context, result.undo)
    assert caught.value.error_class == "not_found"


# ------------------------------------------------------------------ errors


async def test_bad_token_is_bad_credentials(notion: FakeNotion, launch: str) -> None:
    wrong = NotionIntegration("ntn_wrong_secret_value", notion.base_url)
    tool = next(t for t in wrong.tools() if t.name == "archive_page")
    context = ToolContext(team_id="T", user_id="U", channel_id="D", slack=None)  # type: ignore[arg-type]
    try:
        with pytest.raises(ToolError) as caught:
            await tool.run(context, {"page": launch})
    finally:
        await wrong.close()
    assert caught.value.error_class == "bad_credentials"
    assert "ntn_wrong_secret_value" not in caught.value.message
    assert TOKEN not in caught.value.message
    assert not notion.in_trash(launch)


async def test_unknown_page_is_not_found(
    notion: FakeNotion, tools: dict[str, Tool], context: ToolContext
) -> None:
    for name in ("archive_page", "restore_page"):
        with pytest.raises(ToolError) as caught:
            await tools[name].run(context, {"page": RAW})
        assert caught.value.error_class == "not_found"
    with pytest.raises(ToolError) as caught:
        await tools["query_database"].run(context, {"database": RAW})
    assert caught.value.error_class == "not_found"
    with pytest.raises(ToolError) as caught:
        await tools["create_page"].run(context, {"parent": RAW, "title": "X"})
    assert caught.value.error_class == "not_found"


async def test_rate_limit_is_retryable_then_succeeds(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    tool = tools["archive_page"]
    notion.rate_limit_next(retry_after=1)
    with pytest.raises(RetryableToolError) as caught:
        await tool.run(context, {"page": launch})
    assert caught.value.retry_after == 1
    assert caught.value.error_class == "rate_limited"

    notion.rate_limit_next(retry_after=1)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    result = await call_with_retries(
        lambda: tool.run(context, {"page": launch}), budget=RetryBudget(3), sleep=sleep
    )
    assert waits == [1]
    assert result.summary == "Moved the Notion page “Launch plan” to the trash."
    assert notion.in_trash(launch)


async def test_server_errors_are_retryable(
    notion: FakeNotion, launch: str, tools: dict[str, Tool], context: ToolContext
) -> None:
    notion.fail_next(503)
    with pytest.raises(RetryableToolError) as caught:
        await tools["query_database"].run(context, {"database": RAW})
    assert caught.value.error_class == "server_error"


async def test_validation_error_carries_notions_message(
    notion: FakeNotion, launch: str, integration: NotionIntegration
) -> None:
    with pytest.raises(ToolError) as caught:
        await integration.client.update_page(launch, properties={"Points": {"number": "three"}})
    assert caught.value.error_class == "invalid_request"
    assert "number" in caught.value.message


async def test_summaries_never_contain_the_token(
    notion: FakeNotion,
    projects: FakeDatabase,
    launch: str,
    tools: dict[str, Tool],
    context: ToolContext,
) -> None:
    results = [
        await tools["query_database"].run(context, {"database": projects.id}),
        await tools["create_page"].run(context, {"parent": projects.id, "title": "A"}),
        await tools["update_page"].run(context, {"page": launch, "properties": {"Points": 4}}),
        await tools["archive_page"].run(context, {"page": launch}),
        await tools["restore_page"].run(context, {"page": launch}),
    ]
    for result in results:
        dumped = json.dumps([result.summary, result.data, result.undo and result.undo.params])
        assert TOKEN not in dumped


async def test_client_never_sends_archived(
    notion: FakeNotion,
    projects: FakeDatabase,
    launch: str,
    tools: dict[str, Tool],
    context: ToolContext,
) -> None:
    created = await tools["create_page"].run(context, {"parent": projects.id, "title": "B"})
    archived = await tools["archive_page"].run(context, {"page": launch})
    await tools["archive_page"].undo.undo(context, archived.undo)
    notion.set_trash(launch, True)
    restored = await tools["restore_page"].run(context, {"page": launch})
    await tools["restore_page"].undo.undo(context, restored.undo)
    notion.set_trash(launch, False)
    await tools["create_page"].undo.undo(context, created.undo)
    await tools["update_page"].run(context, {"page": launch, "properties": {"Status": "Done"}})
    assert len(notion.requests) > 8
    for request in notion.requests:
        assert request.headers["Notion-Version"] == "2026-03-11"
        assert "archived" not in json.dumps(request.json or {})


# ------------------------------------------------------------------ the fake follows Notion's docs


async def test_fake_requires_version_and_rejects_archived(notion: FakeNotion, launch: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{notion.base_url}/v1/pages/{launch}", headers=auth) as response:
            body = await response.json()
            assert response.status == 400
            assert body["object"] == "error"
            assert body["code"] == "missing_version"
        headers = {**auth, "Notion-Version": "2026-03-11"}
        async with session.patch(
            f"{notion.base_url}/v1/pages/{launch}", headers=headers, json={"archived": True}
        ) as response:
            body = await response.json()
            assert response.status == 400
            assert body["code"] == "validation_error"
            assert "archived" in body["message"]
        assert not notion.in_trash(launch)
        async with session.get(f"{notion.base_url}/v1/pages/{launch}", headers=headers) as response:
            page = await response.json()
            assert "archived" not in page
            assert page["in_trash"] is False
            assert page["parent"]["type"] == "data_source_id"
        async with session.post(
            f"{notion.base_url}/v1/data_sources/{notion.pages[launch]['parent']['data_source_id']}/query",
            headers=headers,
            json={"page_size": 101},
        ) as response:
            assert response.status == 400
            assert (await response.json())["code"] == "validation_error"
        async with session.get(
            f"{notion.base_url}/v1/users/me", headers={**headers, "Authorization": "Bearer x"}
        ) as response:
            assert response.status == 401
            assert (await response.json())["code"] == "unauthorized"
        notion.rate_limit_next(retry_after=2)
        async with session.get(f"{notion.base_url}/v1/users/me", headers=headers) as response:
            assert response.status == 429
            assert response.headers["Retry-After"] == "2"
            assert (await response.json())["code"] == "rate_limited"


async def test_client_can_be_used_directly(notion: FakeNotion, launch: str) -> None:
    client = NotionClient(TOKEN, f"{notion.base_url}/v1/")
    try:
        page = await client.page(launch.replace("-", ""))
    finally:
        await client.close()
    assert page["id"] == launch
