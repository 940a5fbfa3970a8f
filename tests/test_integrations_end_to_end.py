"""GitHub, Jira and Notion through POST /slack/events: reads, confirmed writes, undo, waits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.surfaces.blocks import UNDO_ACTION
from storage.models import UndoEntry
from tests.conftest import BotFactory, BotUnderTest
from tests.fakes.github_server import FakeGitHub
from tests.fakes.jira_server import FakeJira
from tests.fakes.notion_server import FakeNotion
from tests.fakes.openai_server import FakeOpenAI
from tests.support import wait_until
from tests.test_orchestrator import (
    CONFIRM_ACTION,
    bot_messages_with_button,
    click,
    confirmation_for,
    ephemerals_for,
    finished_run,
)


def bot_said(bot: BotUnderTest, text: str) -> bool:
    return any(text in m.text or text in str(m.blocks) for m in bot.emulator.workspace.messages)


@pytest.fixture
async def github() -> AsyncIterator[FakeGitHub]:
    async with FakeGitHub(token="ghp_end2endtokenvalue0000000000000") as fake:
        fake.add_repo("acme/api")
        fake.add_issue("acme/api", "Login fails", labels=["bug"])
        fake.add_issue("acme/api", "Dark mode")
        fake.add_branch("acme/api", "feature-x")
        yield fake


@pytest.fixture
async def github_bot(
    start_bot: BotFactory, github: FakeGitHub, fake_openai: FakeOpenAI
) -> BotUnderTest:
    return await start_bot(
        github_token=github.token,
        github_api_url=github.base_url,
        openai_api_key=fake_openai.api_key,
        openai_base_url=fake_openai.base_url,
    )


async def test_github_read_runs_at_once_and_is_data_for_the_model(
    github_bot: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    fake_openai.call_tool("github_list_issues", {"repo": "acme/api"})
    fake_openai.reply("There are 2 open issues.")
    await github_bot.mention("list the open issues in acme/api", user="U0BOB")
    await wait_until(lambda: bot_said(github_bot, "There are 2 open issues."))
    assert not bot_messages_with_button(github_bot, CONFIRM_ACTION)
    tool_result = fake_openai.requests[-1]["messages"][-1]
    assert (
        tool_result["role"] == "tool"
        and '<data source="github.list_issues">' in tool_result["content"]
        and "Login fails" in tool_result["content"]
    )
    run = await finished_run(github_bot)
    assert run.specialist == "github" and run.tainted


async def test_github_write_asks_then_comments(
    github_bot: BotUnderTest, github: FakeGitHub, fake_openai: FakeOpenAI
) -> None:
    fake_openai.call_tool(
        "github_comment_issue", {"repo": "acme/api", "number": 1, "body": "Looking into it"}
    )
    fake_openai.reply("Commented.")
    await github_bot.mention("comment on acme/api#1: Looking into it", user="U0BOB")
    (confirmation,) = await confirmation_for(github_bot)
    assert not github.comments_on("acme/api", 1)
    await click(github_bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: github.comments_on("acme/api", 1))
    assert github.comments_on("acme/api", 1)[0].body == "Looking into it"


async def test_github_branch_delete_is_confirmed_undone_and_a_second_undo_refused(
    github_bot: BotUnderTest, github: FakeGitHub, fake_openai: FakeOpenAI
) -> None:
    sha = github.repo("acme/api").refs["feature-x"]
    fake_openai.call_tool("github_delete_branch", {"repo": "acme/api", "branch": "feature-x"})
    fake_openai.reply("Deleted the branch.")
    await github_bot.mention("delete branch feature-x in acme/api", user="U0BOB")
    (confirmation,) = await confirmation_for(github_bot)
    assert "feature-x" in str(confirmation.blocks)
    await click(github_bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: "feature-x" not in github.repo("acme/api").refs)
    await wait_until(lambda: bot_messages_with_button(github_bot, UNDO_ACTION))

    await github_bot.command("/undo", "", user="U0BOB")
    await wait_until(lambda: github.repo("acme/api").refs.get("feature-x") == sha)
    (result,) = bot_messages_with_button(github_bot, UNDO_ACTION)
    await click(github_bot, result, UNDO_ACTION, user="U0BOB")
    await wait_until(
        lambda: any("already undone" in t for t in ephemerals_for(github_bot, "U0BOB"))
    )


async def test_github_expired_undo_is_refused(
    github_bot: BotUnderTest, github: FakeGitHub, fake_openai: FakeOpenAI
) -> None:
    fake_openai.call_tool("github_close_issue", {"repo": "acme/api", "number": 2})
    fake_openai.reply("Closed.")
    await github_bot.mention("close acme/api#2", user="U0BOB")
    (confirmation,) = await confirmation_for(github_bot)
    await click(github_bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: bot_messages_with_button(github_bot, UNDO_ACTION))
    async with github_bot.kaizen.services.database.transaction() as session:
        (entry,) = (await session.execute(select(UndoEntry))).scalars()
        entry.expires_at = entry.expires_at - timedelta(hours=2)
    await github_bot.command("/undo", "1", user="U0BOB")
    await wait_until(
        lambda: any("can no longer be undone" in t for t in ephemerals_for(github_bot, "U0BOB"))
    )
    assert github.issue("acme/api", 2)["state"] == "closed"


async def test_github_secondary_rate_limit_is_waited_out(
    github_bot: BotUnderTest, github: FakeGitHub, fake_openai: FakeOpenAI
) -> None:
    fake_openai.call_tool("github_reopen_issue", {"repo": "acme/api", "number": 2})
    fake_openai.reply("Reopened.")
    github.set_state("acme/api", 2, "closed")
    await github_bot.mention("reopen acme/api#2", user="U0BOB")
    (confirmation,) = await confirmation_for(github_bot)
    github.rate_limit_next(secondary=True, retry_after=1)
    await click(github_bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: github.issue("acme/api", 2)["state"] == "open", timeout=10)
    run = await finished_run(github_bot)
    assert run.retries == 1 and run.status == "succeeded"


@pytest.fixture
async def jira() -> AsyncIterator[FakeJira]:
    async with FakeJira() as fake:
        fake.add_project("PROJ", "Project")
        fake.add_issue("PROJ", "Login fails", description="It fails on Safari.")
        yield fake


async def test_jira_delete_is_confirmed_and_undone_by_recreating_with_a_new_key(
    start_bot: BotFactory,
    jira: FakeJira,
) -> None:
    bot = await start_bot(
        jira_url=jira.base_url, jira_email=jira.email, jira_api_token=jira.api_token
    )
    await bot.mention("delete PROJ-1", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    assert "PROJ-1" in str(confirmation.blocks)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: jira.issue("PROJ-1") is None)
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))
    await bot.command("/undo", "", user="U0BOB")
    await wait_until(lambda: any(i.summary == "Login fails" for i in jira.issues.values()))
    await wait_until(lambda: bot_said(bot, "PROJ-2"))


async def test_jira_rate_limited_comment_succeeds_after_the_wait(
    start_bot: BotFactory,
    jira: FakeJira,
) -> None:
    bot = await start_bot(
        jira_url=jira.base_url, jira_email=jira.email, jira_api_token=jira.api_token
    )
    await bot.mention("comment on PROJ-1: shipped", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    jira.rate_limit_next(retry_after=1)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: jira.issue("PROJ-1").comments, timeout=10)  # type: ignore[union-attr]
    run = await finished_run(bot)
    assert run.retries == 1 and run.specialist == "jira"


@pytest.fixture
async def notion() -> AsyncIterator[FakeNotion]:
    async with FakeNotion() as fake:
        yield fake


async def test_notion_archive_is_confirmed_and_restored_by_undo(
    start_bot: BotFactory,
    notion: FakeNotion,
) -> None:
    database = notion.add_database("Roadmap", {"Status": ("status", ["Todo", "Done"])})
    page_id = notion.add_page(database.data_source_ids[0], "Launch plan", {"Status": "Todo"})
    bot = await start_bot(notion_token=notion.token, notion_api_url=notion.base_url)
    url = f"https://www.notion.so/Launch-plan-{page_id.replace('-', '')}"
    await bot.mention(f"archive the Notion page {url}", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    assert "Launch plan" in str(confirmation.blocks)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: notion.pages[page_id]["in_trash"])
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))
    await bot.command("/undo", "", user="U0BOB")
    await wait_until(lambda: not notion.pages[page_id]["in_trash"])


async def test_an_unconfigured_integration_says_how_to_enable_it(bot: BotUnderTest) -> None:
    envelope = await bot.mention("close acme/api#12", user="U0BOB")
    (reply,) = await bot.replies_in_thread("C0GENERAL", envelope["event"]["ts"])
    assert "GitHub isn't connected" in reply.text and "`GITHUB_TOKEN`" in reply.text
