"""The test bench: the Slack emulator, a fake model server, and the bot on loopback port 0.

Everything talks over real HTTP: the bot's Web API client calls the emulator,
its model client calls the fake OpenAI server, and tests reach the bot through
`POST /slack/events` with requests signed as Slack signs them.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.app import Kaizen, build_kaizen
from bot.config import Settings
from bot.runtime.server import build_web_app
from bot.sandbox.emulator import SlackEmulator
from bot.sandbox.slack_requests import (
    SlackRequestSender,
    WorkspaceIdentity,
    app_mention_event,
    event_callback,
    message_event,
    slash_command_form,
)
from storage.migrate import upgrade
from tests.fakes.openai_server import FakeOpenAI
from tests.support import wait_until

SIGNING_SECRET = "test-signing-secret-5f2a9c"

ENVIRONMENT_VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_API_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "KAIZEN_MODEL",
    "DATABASE_URL",
    "KAIZEN_ADMIN_USERS",
    "KAIZEN_ADMIN_CHANNEL",
    "GITHUB_TOKEN",
    "JIRA_URL",
    "JIRA_EMAIL",
    "JIRA_API_TOKEN",
    "NOTION_TOKEN",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests see only the configuration they set: no developer's env or .env leaks in."""
    for name in ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head, copied for each test (migrations run once)."""
    path = tmp_path_factory.mktemp("template") / "kaizen.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path: Path, migrated_sqlite_template: Path) -> str:
    path = tmp_path / "kaizen.db"
    shutil.copy(migrated_sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def emulator() -> AsyncIterator[SlackEmulator]:
    async with SlackEmulator() as running:
        yield running


@pytest.fixture
async def fake_openai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as running:
        yield running


@dataclass
class BotUnderTest:
    """The running bot, and a Slack-like client that talks to it."""

    url: str
    kaizen: Kaizen
    emulator: SlackEmulator
    sender: SlackRequestSender
    http: aiohttp.ClientSession

    @property
    def workspace(self) -> WorkspaceIdentity:
        return WorkspaceIdentity(
            team_id=self.emulator.workspace.team_id, bot_user_id=self.emulator.bot_user_id
        )

    async def mention(
        self,
        text: str,
        *,
        user: str = "U0ALICE",
        channel: str = "C0GENERAL",
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> dict[str, Any]:
        """Post `@kaizen text` in `channel` (in the emulator too) and deliver the event."""
        full_text = f"<@{self.emulator.bot_user_id}> {text}"
        ts = self.emulator.workspace.post_message(channel, full_text, user=user).ts
        event = app_mention_event(
            user=user, channel=channel, text=full_text, ts=ts, team_id=self.workspace.team_id
        )
        envelope = event_callback(event, self.workspace, event_id=event_id)
        response = await self.sender.send_json(envelope, retry_num=retry_num)
        assert response.status == 200, response.text
        return envelope

    async def dm(
        self,
        text: str,
        *,
        user: str = "U0ALICE",
        thread_ts: str | None = None,
    ) -> dict[str, Any]:
        channel = self.emulator.workspace.open_im(user).id
        ts = self.emulator.workspace.post_message(channel, text, user=user, thread_ts=thread_ts).ts
        event = message_event(
            user=user,
            channel=channel,
            text=text,
            ts=ts,
            team_id=self.workspace.team_id,
            thread_ts=thread_ts,
        )
        envelope = event_callback(event, self.workspace)
        response = await self.sender.send_json(envelope)
        assert response.status == 200, response.text
        return envelope

    async def command(
        self, command: str, text: str = "", *, user: str = "U0ALICE", channel: str = "C0GENERAL"
    ) -> str:
        """Run a slash command; returns the text of the immediate (ephemeral) answer."""
        member = self.emulator.workspace.users[user]
        form = slash_command_form(
            command=command,
            text=text,
            user_id=user,
            user_name=member.name,
            channel_id=channel,
            channel_name=self.emulator.workspace.channels[channel].name,
            workspace=self.workspace,
            response_url=self.emulator.new_response_url(channel_id=channel, user_id=user),
        )
        response = await self.sender.send_form(form)
        assert response.status == 200, response.text
        return str(response.json()["text"]) if response.text else ""

    async def replies_in_thread(self, channel: str, thread_ts: str, count: int = 1) -> list[Any]:
        """Wait for `count` bot posts in the thread; returns them."""

        def bot_posts() -> list[Any]:
            return [
                m
                for m in self.emulator.workspace.messages_in(channel, thread_ts=thread_ts)
                if m.user == self.emulator.bot_user_id and m.ts != thread_ts
            ]

        await wait_until(lambda: len(bot_posts()) >= count)
        return bot_posts()


BotFactory = Callable[..., Awaitable[BotUnderTest]]


@pytest.fixture
def settings_for(emulator: SlackEmulator, database_url: str) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "slack_bot_token": emulator.bot_token,
            "slack_signing_secret": SIGNING_SECRET,
            "slack_api_url": emulator.api_url,
            "database_url": database_url,
            "admin_users": ["U0ALICE"],
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    return make


@pytest.fixture
async def start_bot(
    emulator: SlackEmulator, settings_for: Callable[..., Settings]
) -> AsyncIterator[BotFactory]:
    """Start the bot on 127.0.0.1:0 with the given settings overrides."""
    runners: list[web.AppRunner] = []
    sessions: list[aiohttp.ClientSession] = []

    async def start(**overrides: Any) -> BotUnderTest:
        kaizen = build_kaizen(settings_for(**overrides))
        runner = web.AppRunner(build_web_app(kaizen), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        url = f"http://127.0.0.1:{port}"
        http = aiohttp.ClientSession()
        sessions.append(http)
        sender = SlackRequestSender(f"{url}/slack/events", SIGNING_SECRET, http)
        return BotUnderTest(url=url, kaizen=kaizen, emulator=emulator, sender=sender, http=http)

    yield start
    for session in sessions:
        await session.close()
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
async def bot(start_bot: BotFactory) -> BotUnderTest:
    """The bot with no model configured (the offline side answers)."""
    return await start_bot()


@pytest.fixture
async def bot_with_model(start_bot: BotFactory, fake_openai: FakeOpenAI) -> BotUnderTest:
    return await start_bot(
        openai_api_key=fake_openai.api_key, openai_base_url=fake_openai.base_url, model="gpt-test"
    )


@pytest.fixture
def payloads_dir() -> Iterator[Path]:
    yield Path(__file__).parent / "payloads"


# --- PostgreSQL, where the machine has it ---------------------------------------------

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def _postgres_base_url() -> str | None:
    """The server to use: required when CI names it, otherwise used if it answers."""
    import os
    import socket

    configured = os.environ.get("KAIZEN_TEST_POSTGRES_URL")
    if configured:
        return configured
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.3):
            return DEFAULT_POSTGRES_URL
    except OSError:
        return None


POSTGRES_BASE_URL = _postgres_base_url()


async def _create_postgres_database(base_url: str) -> str:
    import uuid

    import asyncpg
    from sqlalchemy.engine import make_url

    base = make_url(base_url)
    name = f"kaizen_test_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(
        host=base.host,
        port=base.port,
        user=base.username,
        password=base.password,
        database=base.database,
    )
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return base.set(database=name).render_as_string(hide_password=False)


async def _drop_postgres_database(url: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    connection = await asyncpg.connect(
        host=target.host,
        port=target.port,
        user=target.username,
        password=target.password,
        database=make_url(POSTGRES_BASE_URL or "").database,
    )
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
    finally:
        await connection.close()


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; skips where there is no server."""
    if POSTGRES_BASE_URL is None:
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    url = await _create_postgres_database(POSTGRES_BASE_URL)
    try:
        yield url
    finally:
        await _drop_postgres_database(url)


@pytest.fixture
async def empty_postgres_url() -> AsyncIterator[str]:
    async with fresh_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database on each backend this machine has (storage tests run on both)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    async with fresh_postgres_database() as url:
        yield url
