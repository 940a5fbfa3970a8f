"""`kaizen serve` as real processes: exactly-once across processes, and no secret leaks."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.sandbox.emulator import SlackEmulator
from bot.sandbox.slack_requests import (
    SlackRequestSender,
    WorkspaceIdentity,
    app_mention_event,
    event_callback,
)
from tests.conftest import SIGNING_SECRET, fresh_postgres_database
from tests.fakes.openai_server import FakeOpenAI
from tests.support import stays_false, wait_until

REPO_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def kaizen_serve(env: dict[str, str], cwd: Path) -> AsyncIterator[tuple[str, Path]]:
    """Run `python -m bot serve` until the block ends; yields its URL and its log file."""
    port = free_port()
    log = cwd / f"serve-{port}.log"
    full_env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(cwd),
        **env,
    }
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "serve",
            "--port",
            str(port),
            env=full_env,
            cwd=cwd,
            stdout=sink,
            stderr=asyncio.subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_healthy(url, process, log)
        yield url, log
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _wait_healthy(url: str, process: asyncio.subprocess.Process, log: Path) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            if process.returncode is not None:
                raise AssertionError(f"kaizen serve exited: {log.read_text()}")
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(f"kaizen serve never became healthy: {log.read_text()}")


def slack_env(emulator: SlackEmulator, database_url: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": emulator.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": emulator.api_url,
        "DATABASE_URL": database_url,
    }


def mention_envelope(emulator: SlackEmulator, text: str) -> dict[str, object]:
    workspace = WorkspaceIdentity(
        team_id=emulator.workspace.team_id, bot_user_id=emulator.bot_user_id
    )
    full = f"<@{emulator.bot_user_id}> {text}"
    ts = emulator.workspace.post_message("C0GENERAL", full, user="U0ALICE").ts
    event = app_mention_event(
        user="U0ALICE", channel="C0GENERAL", text=full, ts=ts, team_id=workspace.team_id
    )
    return event_callback(event, workspace)


async def test_two_processes_on_postgres_answer_a_redelivered_mention_once(
    emulator: SlackEmulator, tmp_path: Path
) -> None:
    async with fresh_postgres_database() as database_url:
        env = slack_env(emulator, database_url)
        async with (
            kaizen_serve(env, tmp_path) as (first, _),
            kaizen_serve(env, tmp_path) as (second, _),
            aiohttp.ClientSession() as http,
        ):
            envelope = mention_envelope(emulator, "hello from two processes")
            senders = [
                SlackRequestSender(f"{url}/slack/events", SIGNING_SECRET, http)
                for url in (first, second)
            ]
            deliveries = [
                sender.send_json(envelope, retry_num=retry or None)
                for retry in range(3)
                for sender in senders
            ]
            responses = await asyncio.gather(*deliveries)
            assert {r.status for r in responses} == {200}
            await wait_until(lambda: emulator.calls_to("chat.postMessage"), timeout=15)
            assert await stays_false(
                lambda: len(emulator.calls_to("chat.postMessage")) > 1, duration=1.0
            )


async def test_serve_never_writes_a_secret_to_its_log_or_database(
    emulator: SlackEmulator, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    database = tmp_path / "kaizen.db"
    env = {
        **slack_env(emulator, f"sqlite+aiosqlite:///{database}"),
        "OPENAI_API_KEY": fake_openai.api_key,
        "OPENAI_BASE_URL": fake_openai.base_url,
        "KAIZEN_LOG_LEVEL": "DEBUG",
    }
    fake_openai.reply(f"Your token is {emulator.bot_token}, keep it safe.")
    async with kaizen_serve(env, tmp_path) as (url, log), aiohttp.ClientSession() as http:
        sender = SlackRequestSender(f"{url}/slack/events", SIGNING_SECRET, http)
        response = await sender.send_json(mention_envelope(emulator, "what is my token?"))
        assert response.status == 200
        await wait_until(lambda: emulator.calls_to("chat.postMessage"), timeout=15)
        emulator.fail_next("chat.postMessage", "invalid_auth", times=3)
        await sender.send_json(mention_envelope(emulator, "fail please"))
        await wait_until(lambda: len(emulator.calls_to("chat.postMessage")) >= 2, timeout=15)
        await asyncio.sleep(0.3)
    secrets = [emulator.bot_token, SIGNING_SECRET, fake_openai.api_key]
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("kaizen.db*"))
    logged = log.read_text()
    assert "POST /slack/events" in logged or "kaizen" in logged.lower()
    for secret in secrets:
        assert secret not in logged, "a secret reached the log"
        assert secret.encode() not in stored, "a secret reached the database"
    posted = emulator.calls_to("chat.postMessage")[0].params["text"]
    assert emulator.bot_token not in posted, "a secret reached a Slack message"


@pytest.fixture(autouse=True)
def _give_processes_time(request: pytest.FixtureRequest) -> None:
    request.node.add_marker(pytest.mark.timeout(120))
