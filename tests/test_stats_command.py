"""`/stats` end to end through POST /slack/events, the daily digest, and `kaizen stats`."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Kaizen
from bot.messages.stats import HEALTH_FORMULA
from bot.runtime.slack_clients import workspace_clients
from bot.sandbox.emulator import SlackEmulator
from bot.sandbox.workspace import Message
from bot.surfaces.stats.command import run_stats_command, stats_quick_answer
from bot.surfaces.stats.digest import DailyDigest, post_daily_digest
from storage.db import Database
from storage.migrate import upgrade_async
from tests.analytics_history import EXPECTED_HEALTH, seed_known_history
from tests.conftest import BotFactory, BotUnderTest
from tests.support import wait_until

PNG = b"\x89PNG\r\n\x1a\n"
REPO_ROOT = Path(__file__).resolve().parent.parent


def wire_stats(kaizen: Kaizen) -> None:
    """Route /stats to `run_stats_command` as handlers/commands.py will once it is wired.

    Until `CommandListeners.on_stats` exists, a listener doing exactly that is put in
    front of the placeholder one; afterwards this does nothing.
    """
    from handlers.commands import CommandListeners

    if hasattr(CommandListeners, "on_stats"):
        return
    services = kaizen.services

    async def on_stats(
        ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user_id = str(command.get("user_id", ""))
        text = str(command.get("text") or "")
        is_admin = services.settings.is_admin(user_id)
        quick = stats_quick_answer(text, is_admin=is_admin)
        if quick is not None:
            await ack(text=quick, response_type="ephemeral")
            return
        await ack()
        reply = await run_stats_command(
            services.database,
            text=text,
            team_id=str(command.get("team_id", "")),
            user_id=user_id,
            channel_id=str(command.get("channel_id", "")),
            client=client,
            is_admin=is_admin,
        )
        await respond(text=reply.text, blocks=reply.blocks or None, response_type="ephemeral")

    kaizen.bolt.command("/stats")(on_stats)
    listeners = kaizen.bolt._async_listeners
    listeners.insert(0, listeners.pop())


@pytest.fixture
async def stats_bot(start_bot: BotFactory) -> BotUnderTest:
    bot = await start_bot()
    wire_stats(bot.kaizen)
    await seed_known_history(
        bot.kaizen.services.database, now=datetime.now(UTC), team_id=bot.workspace.team_id
    )
    return bot


def ephemerals(bot: BotUnderTest, user: str) -> list[Message]:
    return [
        m for m in bot.emulator.workspace.messages if m.is_ephemeral and m.ephemeral_user == user
    ]


def check_block_limits(blocks: list[dict[str, Any]]) -> None:
    assert 0 < len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(field["text"]) <= 2000 for field in block.get("fields", []))


async def test_a_member_is_refused(stats_bot: BotUnderTest) -> None:
    answer = await stats_bot.command("/stats", "", user="U0BOB")
    assert "for admins" in answer and "KAIZEN_ADMIN_USERS" in answer
    await asyncio.sleep(0.2)
    assert not stats_bot.emulator.calls_to("files.getUploadURLExternal")
    assert not ephemerals(stats_bot, "U0BOB")


async def test_an_admin_gets_the_figures_and_a_chart_in_the_channel(
    stats_bot: BotUnderTest,
) -> None:
    bot = stats_bot
    assert await bot.command("/stats", "", user="U0ALICE", channel="C0GENERAL") == ""
    await wait_until(lambda: ephemerals(bot, "U0ALICE"), timeout=20)
    (reply,) = ephemerals(bot, "U0ALICE")
    text = json.dumps(reply.blocks, ensure_ascii=False)
    assert "21 (20 finished)" in text and "80.0%" in text
    assert "1.00 s / 1.90 s / 2.00 s" in text  # P50 / P95 / P99
    assert f"{EXPECTED_HEALTH:.2f} of 1" in text
    assert "5 asked, 3 decided, 1 expired, 1 saved" in text
    check_block_limits(reply.blocks or [])

    (complete,) = bot.emulator.calls_to("files.completeUploadExternal")
    assert bot.emulator.calls_to("files.getUploadURLExternal")
    assert bot.emulator.calls_to("upload")
    (file,) = bot.emulator.workspace.files.values()
    assert file.content.startswith(PNG) and file.completed
    assert file.channels == ["C0GENERAL"]
    assert "Chart posted in <#C0GENERAL>" in text
    assert complete.params["files"][0]["title"].startswith("Kaizen overview")


async def test_from_a_dm_the_chart_goes_to_the_admins_dm(stats_bot: BotUnderTest) -> None:
    bot = stats_bot
    dm = bot.emulator.workspace.open_im("U0ALICE").id
    await bot.command("/stats", "agents --days 30", user="U0ALICE", channel=dm)
    await wait_until(lambda: ephemerals(bot, "U0ALICE"), timeout=20)
    (reply,) = ephemerals(bot, "U0ALICE")
    text = json.dumps(reply.blocks, ensure_ascii=False)
    assert "*slack*" in text and "*general*" in text and "`slack.archive`" in text
    await wait_until(lambda: bot.emulator.calls_to("files.completeUploadExternal"))
    (file,) = bot.emulator.workspace.files.values()
    assert file.channels == [dm] and file.content.startswith(PNG)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("errors", ["`SlackApiError` — 2 runs", "`TimeoutError` — 2 runs", "Most failing tools"]),
        ("learning", ["*Cycles*\\n0", "*Canaries running*\\n0"]),
        ("prompts", ["No learned prompt versions yet"]),
        ("costs", ["$0.2100", "2,100", "`slack` — $0.1100"]),
    ],
)
async def test_each_view_answers_without_a_chart(
    stats_bot: BotUnderTest, words: str, expected: list[str]
) -> None:
    bot = stats_bot
    await bot.command("/stats", words, user="U0ALICE")
    await wait_until(lambda: ephemerals(bot, "U0ALICE"), timeout=20)
    (reply,) = ephemerals(bot, "U0ALICE")
    text = json.dumps(reply.blocks, ensure_ascii=False)
    for piece in expected:
        assert piece in text
    check_block_limits(reply.blocks or [])
    assert not bot.emulator.calls_to("files.completeUploadExternal")


async def test_help_states_the_health_formula_and_bad_input_is_explained(
    stats_bot: BotUnderTest,
) -> None:
    answer = await stats_bot.command("/stats", "help", user="U0ALICE")
    assert answer.startswith("*`/stats") and HEALTH_FORMULA in answer
    assert "`--days` takes" in await stats_bot.command("/stats", "--days 0", user="U0ALICE")
    assert "I don't know `/stats frobnicate`" in await stats_bot.command(
        "/stats", "frobnicate", user="U0ALICE"
    )


async def test_run_stats_command_on_an_empty_workspace(database_url: str) -> None:
    database = Database(database_url)
    try:
        reply = await run_stats_command(
            database,
            text="",
            team_id="T0EMPTY",
            user_id="U0ALICE",
            channel_id="C0GENERAL",
            client=AsyncWebClient(token="xoxb-unused", base_url="http://127.0.0.1:9/api/"),
            is_admin=True,
        )
    finally:
        await database.dispose()
    assert "No runs in the last 7 days yet" in json.dumps(reply.blocks)
    assert not reply.public


# --- the daily digest ---------------------------------------------------------------------


def posts_in(emulator: SlackEmulator, channel: str) -> list[Message]:
    return [
        m
        for m in emulator.workspace.messages_in(channel)
        if m.user == emulator.bot_user_id and m.blocks
    ]


async def test_the_digest_posts_once_even_when_two_processes_try_at_once(
    any_database_url: str, emulator: SlackEmulator
) -> None:
    await upgrade_async(any_database_url)
    first, second = Database(any_database_url), Database(any_database_url)
    client = AsyncWebClient(token=emulator.bot_token, base_url=emulator.api_url)
    now = datetime.now(UTC)
    team = emulator.workspace.team_id
    try:
        await seed_known_history(first, now=now - timedelta(minutes=5), team_id=team)
        results = await asyncio.gather(
            post_daily_digest(first, client, team_id=team, channel="C0OPS", now=now),
            post_daily_digest(second, client, team_id=team, channel="C0OPS", now=now),
        )
        assert sorted(results) == [False, True]
        assert not await post_daily_digest(
            second, client, team_id=team, channel="C0OPS", now=now + timedelta(hours=2)
        )
        (digest,) = posts_in(emulator, "C0OPS")
        text = json.dumps(digest.blocks, ensure_ascii=False)
        assert "Kaizen daily digest" in text and "What changed since yesterday" in text
        assert "Slowest tools" in text and "Most failing tools" in text and "Learning" in text
        assert digest.unfurl_links is False and digest.unfurl_media is False
        await wait_until(lambda: emulator.calls_to("files.completeUploadExternal"))
        (file,) = emulator.workspace.files.values()
        assert file.content.startswith(PNG) and file.channels == ["C0OPS"]

        tomorrow = now + timedelta(days=1)
        assert await post_daily_digest(second, client, team_id=team, channel="C0OPS", now=tomorrow)
    finally:
        await first.dispose()
        await second.dispose()


async def test_the_digest_is_skipped_with_a_log_line_without_an_admin_channel(
    database_url: str, emulator: SlackEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    database = Database(database_url)
    client = AsyncWebClient(token=emulator.bot_token, base_url=emulator.api_url)
    try:
        with caplog.at_level(logging.INFO, logger="bot.surfaces.stats.digest"):
            posted = await post_daily_digest(
                database, client, team_id="T0X", channel=None, now=datetime.now(UTC)
            )
            job = DailyDigest(database, channel=None, clients=workspace_clients(client))
            assert await job.run() == 0
    finally:
        await database.dispose()
    assert posted is False
    assert [r.getMessage() for r in caplog.records if "KAIZEN_ADMIN_CHANNEL" in r.getMessage()]
    assert not emulator.calls_to("chat.postMessage")


async def test_the_digest_job_posts_for_each_workspace_once(
    database_url: str, emulator: SlackEmulator
) -> None:
    database = Database(database_url)
    client = AsyncWebClient(token=emulator.bot_token, base_url=emulator.api_url)
    team = emulator.workspace.team_id
    try:
        await seed_known_history(database, now=datetime.now(UTC), team_id=team)
        job = DailyDigest(database, channel="C0OPS", clients=workspace_clients(client))
        assert await job.run() == 1
        assert await job.run() == 0
    finally:
        await database.dispose()
    assert len(posts_in(emulator, "C0OPS")) == 1


# --- kaizen stats ---------------------------------------------------------------------------


def kaizen(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(cwd),
        "DATABASE_URL": database_url,
        "COLUMNS": "120",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "stats", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_kaizen_stats_json_matches_the_seeded_history(
    database_url: str, tmp_path: Path
) -> None:
    database = Database(database_url)
    try:
        await seed_known_history(database, now=datetime.now(UTC))
    finally:
        await database.dispose()
    result = await asyncio.to_thread(
        kaizen, "--json", "--days", "7", database_url=database_url, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["days"] == 7 and document["health_formula"] == HEALTH_FORMULA
    by_team = {item["team_id"]: item for item in document["workspaces"]}
    assert set(by_team) == {"T0OTHER", "T0STATS"}
    stats = by_team["T0STATS"]
    assert (stats["runs"], stats["finished"], stats["succeeded"]) == (21, 20, 16)
    assert stats["success_rate"] == 0.8
    assert stats["latency"] == {"samples": 20, "p50_ms": 1000.0, "p95_ms": 1900.0, "p99_ms": 2000.0}
    assert stats["health"]["score"] == EXPECTED_HEALTH
    assert stats["confirmations"]["asked"] == 5 and stats["undos"]["undone"] == 1
    assert [s["name"] for s in stats["specialists"]] == ["slack", "general"]
    assert list(stats) == [
        "team_id",
        "days",
        "since",
        "until",
        "runs",
        "finished",
        "succeeded",
        "failed",
        "success_rate",
        "retries",
        "latency",
        "health",
        "specialists",
        "tools",
        "errors",
        "tool_errors",
        "confirmations",
        "undos",
        "feedback",
        "costs",
        "usage",
        "per_day",
        "learning",
        "previous",
        "changes",
    ]

    only = await asyncio.to_thread(
        kaizen, "--json", "--team", "T0OTHER", database_url=database_url, cwd=tmp_path
    )
    assert [w["team_id"] for w in json.loads(only.stdout)["workspaces"]] == ["T0OTHER"]


async def test_kaizen_stats_prints_tables(database_url: str, tmp_path: Path) -> None:
    database = Database(database_url)
    try:
        await seed_known_history(database, now=datetime.now(UTC))
    finally:
        await database.dispose()
    result = await asyncio.to_thread(kaizen, database_url=database_url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "T0STATS" in result.stdout and "80.0%" in result.stdout
    assert "slack.archive" in result.stdout and "latency P95" in result.stdout
    bad = await asyncio.to_thread(kaizen, "--days", "0", database_url=database_url, cwd=tmp_path)
    assert bad.returncode == 2 and "--days" in bad.stderr
