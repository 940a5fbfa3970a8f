"""Multi-workspace OAuth, end to end over HTTP: install, redirect, then serve the new team."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from sqlalchemy import func, inspect, select, text

from bot.app import BOT_SCOPES
from bot.sandbox.slack_requests import WorkspaceIdentity, app_mention_event, event_callback
from storage.models import Installation, Workspace
from tests.conftest import BotFactory, BotUnderTest
from tests.support import stays_false, wait_until

CLIENT_ID = "111.222"
CLIENT_SECRET = "oauth-client-secret-xyz"
STATE_COOKIE = "slack-app-oauth-state"  # Bolt's default state cookie name
OAUTH_TEAM = "T0OAUTH"
SUCCESS_PAGE = "Thank you!"
FAILURE_PAGE = "Oops, Something Went Wrong!"


@pytest.fixture
async def oauth_bot(start_bot: BotFactory) -> BotUnderTest:
    bot = await start_bot(
        slack_bot_token=None, slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET
    )
    bot.emulator.register_oauth_app(CLIENT_ID, CLIENT_SECRET)
    return bot


async def _get(bot: BotUnderTest, path: str, **kwargs: Any) -> tuple[int, str, Any]:
    async with bot.http.get(f"{bot.url}{path}", allow_redirects=False, **kwargs) as response:
        return response.status, await response.text(), response.headers


async def _install_link(bot: BotUnderTest) -> tuple[str, dict[str, list[str]], list[str]]:
    """The page of /slack/install: its "Add to Slack" URL, that URL's query, its cookies."""
    status, body, headers = await _get(bot, "/slack/install")
    assert status == 200, body
    assert headers["Content-Type"].startswith("text/html")
    match = re.search(r'<a href="([^"]+)"><img alt="Add to Slack"', body)
    assert match, body
    url = html.unescape(match.group(1))
    return url, parse_qs(urlparse(url).query), headers.getall("Set-Cookie", [])


async def _redirect(
    bot: BotUnderTest, *, code: str, state: str, cookie_state: str | None
) -> tuple[int, str]:
    query = urlencode({"code": code, "state": state})
    headers = {"Cookie": f"{STATE_COOKIE}={cookie_state}"} if cookie_state is not None else {}
    status, body, _ = await _get(bot, f"/slack/oauth_redirect?{query}", headers=headers)
    return status, body


async def _install(bot: BotUnderTest) -> str:
    """Run the whole install for OAUTH_TEAM; returns the bot token Slack issued."""
    _, query, _ = await _install_link(bot)
    state = query["state"][0]
    code = bot.emulator.issue_oauth_code(team_id=OAUTH_TEAM, team_name="OAuth Test Team")
    status, body = await _redirect(bot, code=code, state=state, cookie_state=state)
    assert status == 200, body
    assert SUCCESS_PAGE in body
    (exchange,) = bot.emulator.calls_to("oauth.v2.access")
    assert exchange.response["ok"] is True
    return str(exchange.response["access_token"])


async def _count(bot: BotUnderTest, table: Any) -> int:
    async with bot.kaizen.services.database.read() as session:
        return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


async def _every_stored_value(bot: BotUnderTest) -> list[str]:
    """Every value of every row of every table, as text."""
    engine = bot.kaizen.services.database.engine
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        values: list[str] = []
        for table in tables:
            rows = (await connection.execute(text(f'SELECT * FROM "{table}"'))).all()
            values.extend(str(value) for row in rows for value in row if value is not None)
    assert tables, "the database has no tables"
    return values


def _mention_for(team_id: str, bot: BotUnderTest, text_: str) -> tuple[dict[str, Any], str]:
    """A member's @mention in #general, posted in the emulator, as team `team_id` sends it."""
    full_text = f"<@{bot.emulator.bot_user_id}> {text_}"
    ts = bot.emulator.workspace.post_message("C0GENERAL", full_text, user="U0ALICE").ts
    event = app_mention_event(
        user="U0ALICE", channel="C0GENERAL", text=full_text, ts=ts, team_id=team_id
    )
    identity = WorkspaceIdentity(team_id=team_id, bot_user_id=bot.emulator.bot_user_id)
    return event_callback(event, identity), ts


async def test_the_install_page_links_to_slack_with_our_scopes_and_a_state(
    oauth_bot: BotUnderTest,
) -> None:
    url, query, cookies = await _install_link(oauth_bot)
    assert url.startswith("https://slack.com/oauth/v2/authorize?")
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == BOT_SCOPES
    state = query["state"][0]
    assert len(state) >= 32
    assert any(cookie.startswith(f"{STATE_COOKIE}={state};") for cookie in cookies), cookies


async def test_each_install_visit_gets_a_new_state(oauth_bot: BotUnderTest) -> None:
    first = (await _install_link(oauth_bot))[1]["state"][0]
    second = (await _install_link(oauth_bot))[1]["state"][0]
    assert first != second


async def test_the_redirect_installs_the_workspace_with_the_token_sealed(
    oauth_bot: BotUnderTest,
) -> None:
    token = await _install(oauth_bot)
    (exchange,) = oauth_bot.emulator.calls_to("oauth.v2.access")
    assert exchange.token is None  # app credentials, not a token, authenticate the exchange

    async with oauth_bot.kaizen.services.database.read() as session:
        (installation,) = (await session.execute(select(Installation))).scalars().all()
        workspace = await session.get(Workspace, OAUTH_TEAM)
    assert installation.team_id == OAUTH_TEAM
    assert installation.bot_user_id == oauth_bot.emulator.bot_user_id
    assert token not in installation.sealed
    assert workspace is not None
    assert workspace.name == "OAuth Test Team"
    assert workspace.bot_user_id == oauth_bot.emulator.bot_user_id

    stored = await _every_stored_value(oauth_bot)
    assert OAUTH_TEAM in stored and installation.sealed in stored  # the dump saw the install
    assert not [value for value in stored if token in value]
    assert not [value for value in stored if CLIENT_SECRET in value]

    store = oauth_bot.kaizen.services.installation_store
    assert store is not None
    bot = await store.async_find_bot(enterprise_id=None, team_id=OAUTH_TEAM)
    assert bot is not None and bot.bot_token == token  # sealed, not lost


async def test_the_installed_workspace_is_answered_with_its_own_token(
    oauth_bot: BotUnderTest,
) -> None:
    token = await _install(oauth_bot)
    envelope, ts = _mention_for(OAUTH_TEAM, oauth_bot, "hello from the new team")

    response = await oauth_bot.sender.send_json(envelope)

    assert response.status == 200, response.text
    (reply,) = await oauth_bot.replies_in_thread("C0GENERAL", ts)
    assert reply.text
    (post,) = oauth_bot.emulator.calls_to("chat.postMessage")
    assert post.token == token
    assert post.params["thread_ts"] == ts
    assert post.response["ok"] is True


async def test_a_forged_state_is_refused_and_nothing_is_stored(oauth_bot: BotUnderTest) -> None:
    code = oauth_bot.emulator.issue_oauth_code(team_id=OAUTH_TEAM)
    forged = "forged-state-value-that-was-never-issued"

    status, body = await _redirect(oauth_bot, code=code, state=forged, cookie_state=forged)

    assert 400 <= status < 500
    assert FAILURE_PAGE in body
    assert oauth_bot.emulator.calls_to("oauth.v2.access") == []
    assert await _count(oauth_bot, Installation) == 0
    async with oauth_bot.kaizen.services.database.read() as session:
        assert await session.get(Workspace, OAUTH_TEAM) is None


async def test_a_state_from_another_browser_is_refused(oauth_bot: BotUnderTest) -> None:
    state = (await _install_link(oauth_bot))[1]["state"][0]
    code = oauth_bot.emulator.issue_oauth_code(team_id=OAUTH_TEAM)

    for cookie_state in (None, "someone-elses-state"):
        status, body = await _redirect(oauth_bot, code=code, state=state, cookie_state=cookie_state)
        assert 400 <= status < 500
        assert FAILURE_PAGE in body

    assert oauth_bot.emulator.calls_to("oauth.v2.access") == []
    assert await _count(oauth_bot, Installation) == 0


async def test_a_used_state_cannot_install_again(oauth_bot: BotUnderTest) -> None:
    _, query, _ = await _install_link(oauth_bot)
    state = query["state"][0]
    first = oauth_bot.emulator.issue_oauth_code(team_id=OAUTH_TEAM)
    assert (await _redirect(oauth_bot, code=first, state=state, cookie_state=state))[0] == 200

    second = oauth_bot.emulator.issue_oauth_code(team_id="T0REPLAY")
    status, body = await _redirect(oauth_bot, code=second, state=state, cookie_state=state)

    assert 400 <= status < 500
    assert FAILURE_PAGE in body
    assert len(oauth_bot.emulator.calls_to("oauth.v2.access")) == 1
    assert await _count(oauth_bot, Installation) == 1
    async with oauth_bot.kaizen.services.database.read() as session:
        assert await session.get(Workspace, "T0REPLAY") is None


async def test_an_event_from_a_workspace_without_an_installation_gets_no_reply(
    oauth_bot: BotUnderTest,
) -> None:
    await _install(oauth_bot)
    envelope, _ = _mention_for("T0STRANGER", oauth_bot, "hello?")

    response = await oauth_bot.sender.send_json(envelope)

    assert response.status < 500, response.text
    assert await stays_false(lambda: oauth_bot.emulator.calls_to("chat.postMessage"))
    status, _, _ = await _get(oauth_bot, "/healthz")
    assert status == 200

    # The installed workspace is still served after the stranger's event.
    envelope, ts = _mention_for(OAUTH_TEAM, oauth_bot, "still there?")
    assert (await oauth_bot.sender.send_json(envelope)).status == 200
    await oauth_bot.replies_in_thread("C0GENERAL", ts)
    await wait_until(lambda: len(oauth_bot.emulator.calls_to("chat.postMessage")) == 1)
