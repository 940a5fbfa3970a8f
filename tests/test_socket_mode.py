"""Socket Mode end to end: the bot's real entry point against the emulator's Socket Mode server.

`run_socket_mode` opens a connection with `apps.connections.open`, and the
emulator delivers envelopes over the WebSocket exactly as Slack does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.runtime.runner import run_socket_mode
from bot.sandbox.emulator import SlackEmulator
from bot.sandbox.slack_requests import (
    WorkspaceIdentity,
    app_mention_event,
    event_callback,
    slash_command_form,
)
from storage.db import Database
from storage.repositories import events
from tests.support import stays_false, wait_until


@pytest.fixture
async def socket_bot(
    emulator: SlackEmulator, settings_for: Callable[..., Settings]
) -> AsyncIterator[Settings]:
    """The bot running `run_socket_mode`, connected to the emulator; stopped afterwards."""
    settings = settings_for(slack_app_token=emulator.app_token, slack_signing_secret=None)
    task = asyncio.create_task(run_socket_mode(settings))
    await wait_until(lambda: emulator.socket_mode_connected.is_set() or task.done())
    assert not task.done(), "run_socket_mode stopped before it connected"
    yield settings
    task.cancel()
    assert await asyncio.wait_for(task, timeout=3) == 0
    await wait_until(lambda: not emulator.socket_mode_connected.is_set())


def identity(emulator: SlackEmulator) -> WorkspaceIdentity:
    return WorkspaceIdentity(team_id=emulator.workspace.team_id, bot_user_id=emulator.bot_user_id)


def post_mention(emulator: SlackEmulator, text: str, *, user: str = "U0ALICE") -> dict[str, Any]:
    """Post `@kaizen text` in #general and return the Events API body Slack would send."""
    workspace = identity(emulator)
    full_text = f"<@{emulator.bot_user_id}> {text}"
    ts = emulator.workspace.post_message("C0GENERAL", full_text, user=user).ts
    event = app_mention_event(
        user=user, channel="C0GENERAL", text=full_text, ts=ts, team_id=workspace.team_id
    )
    return event_callback(event, workspace)


def thread_replies(emulator: SlackEmulator, thread_ts: str) -> list[Any]:
    return [
        call
        for call in emulator.calls_to("chat.postMessage")
        if call.params.get("thread_ts") == thread_ts and call.response.get("ok")
    ]


async def finished_claim(settings: Settings, team_id: str, event_id: str) -> str:
    """Wait until the bot has finished the event (its claim left `processing`); its status."""
    database = Database(settings.database_url)

    async def status() -> str:
        async with database.read() as session:
            claim = await events.get_event(session, team_id=team_id, event_id=event_id)
        return events.PROCESSING if claim is None else claim.status

    try:
        async with asyncio.timeout(5):
            while (current := await status()) == events.PROCESSING:
                await asyncio.sleep(0.02)
    finally:
        await database.dispose()
    return current


# ------------------------------------------------------------------ the emulator


async def test_apps_connections_open_wants_the_app_token(emulator: SlackEmulator) -> None:
    assert emulator.app_token.startswith("xapp-1-A0KAIZEN-")
    client = AsyncWebClient(base_url=emulator.api_url, retry_handlers=[])
    opened = await client.apps_connections_open(app_token=emulator.app_token)
    assert opened["url"].startswith(
        f"ws://{emulator.base_url.removeprefix('http://')}/socket-mode/"
    )
    for token, error in [
        (emulator.bot_token, "not_allowed_token_type"),
        ("xapp-1-A0KAIZEN-1-nope", "invalid_auth"),
    ]:
        with pytest.raises(SlackApiError) as refused:
            await client.apps_connections_open(app_token=token)
        assert refused.value.response["error"] == error
    bot_client = AsyncWebClient(token=emulator.app_token, base_url=emulator.api_url)
    with pytest.raises(SlackApiError) as refused:
        await bot_client.auth_test()
    assert refused.value.response["error"] == "not_allowed_token_type"


async def test_the_websocket_says_hello_once_per_url(emulator: SlackEmulator) -> None:
    client = AsyncWebClient(base_url=emulator.api_url)
    url = (await client.apps_connections_open(app_token=emulator.app_token))["url"]
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url, autoping=False) as ws:
            hello = await ws.receive_json(timeout=2)
            assert hello["type"] == "hello" and hello["num_connections"] == 1
            assert hello["connection_info"] == {"app_id": "A0KAIZEN"}
            await asyncio.wait_for(emulator.socket_mode_connected.wait(), 2)
            sending = asyncio.create_task(emulator.socket_mode_send("events_api", {"x": 1}))
            envelope = await ws.receive_json(timeout=2)
            assert envelope["type"] == "events_api" and envelope["payload"] == {"x": 1}
            assert envelope["accepts_response_payload"] is False
            assert envelope["retry_attempt"] == 0 and envelope["retry_reason"] == ""
            await ws.send_json({"envelope_id": envelope["envelope_id"]})
            assert await sending == {"envelope_id": envelope["envelope_id"]}
            await ws.ping(b"sdk-ping-pong:1")
            pong = await ws.receive(timeout=2)
            assert pong.type is aiohttp.WSMsgType.PONG and pong.data == b"sdk-ping-pong:1"
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await http.ws_connect(url)  # a URL connects once
    await wait_until(lambda: not emulator.socket_mode_connected.is_set())
    assert [c.method for c in emulator.calls if c.method.startswith("socket_mode")] == [
        "socket_mode.connect",
        "socket_mode.envelope",
        "socket_mode.connect",
    ]


async def test_an_envelope_nobody_acks_returns_none(emulator: SlackEmulator) -> None:
    with pytest.raises(RuntimeError):
        await emulator.socket_mode_send("events_api", {}, timeout=0.05)
    url = (
        await AsyncWebClient(base_url=emulator.api_url).apps_connections_open(
            app_token=emulator.app_token
        )
    )["url"]
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        await ws.receive_json(timeout=2)
        await asyncio.wait_for(emulator.socket_mode_connected.wait(), 2)
        assert await emulator.socket_mode_send("slash_commands", {}, timeout=0.2) is None
    assert emulator.calls_to("socket_mode.envelope")[-1].response["error"] == "no_ack"


# ------------------------------------------------------------------------ the bot


async def test_a_mention_over_socket_mode_is_acked_and_answered_in_the_thread(
    emulator: SlackEmulator, socket_bot: Settings
) -> None:
    body = post_mention(emulator, "what can you do?")
    ack = await emulator.socket_mode_send("events_api", body)
    assert ack is not None and set(ack) == {"envelope_id"}
    thread_ts = body["event"]["ts"]
    await wait_until(lambda: thread_replies(emulator, thread_ts))
    assert emulator.calls_to("apps.connections.open")[0].token == emulator.app_token
    status = await finished_claim(socket_bot, emulator.workspace.team_id, body["event_id"])
    assert status == events.DONE


async def test_a_retried_envelope_is_answered_once(
    emulator: SlackEmulator, socket_bot: Settings
) -> None:
    body = post_mention(emulator, "hello twice")
    first = await emulator.socket_mode_send("events_api", body)
    retry = await emulator.socket_mode_send(
        "events_api", body, retry_attempt=1, retry_reason="timeout"
    )
    assert first is not None and retry is not None
    thread_ts = body["event"]["ts"]
    await wait_until(lambda: thread_replies(emulator, thread_ts))
    assert await stays_false(lambda: len(thread_replies(emulator, thread_ts)) > 1, duration=0.5)
    status = await finished_claim(socket_bot, emulator.workspace.team_id, body["event_id"])
    assert status == events.DONE


async def test_the_bot_reconnects_when_asked_to(
    emulator: SlackEmulator, socket_bot: Settings
) -> None:
    opened_before = len(emulator.calls_to("apps.connections.open"))
    await emulator.socket_mode.disconnect("refresh_requested")
    await wait_until(lambda: len(emulator.calls_to("socket_mode.connect")) == 2)
    await wait_until(lambda: emulator.socket_mode.num_connections == 1)
    assert len(emulator.calls_to("apps.connections.open")) == opened_before + 1
    body = post_mention(emulator, "still there?")
    assert await emulator.socket_mode_send("events_api", body) is not None
    await wait_until(lambda: thread_replies(emulator, body["event"]["ts"]))
    status = await finished_claim(socket_bot, emulator.workspace.team_id, body["event_id"])
    assert status == events.DONE


async def test_a_slash_command_is_acked_with_its_answer(
    emulator: SlackEmulator, socket_bot: Settings
) -> None:
    payload = slash_command_form(
        command="/prefs",
        text="help",
        user_id="U0ALICE",
        user_name="alice",
        channel_id="C0GENERAL",
        channel_name="general",
        workspace=identity(emulator),
        response_url=emulator.new_response_url(channel_id="C0GENERAL", user_id="U0ALICE"),
    )
    ack = await emulator.socket_mode_send("slash_commands", payload)
    assert ack is not None
    envelope = emulator.calls_to("socket_mode.envelope")[-1].params
    assert envelope["accepts_response_payload"] is True and "retry_attempt" not in envelope
    assert ack["envelope_id"] == envelope["envelope_id"]
    assert ack["payload"]["text"].startswith("*`/prefs")
    assert ack["payload"]["response_type"] == "ephemeral"


async def test_a_refused_app_token_stops_socket_mode_with_a_clear_sentence(
    emulator: SlackEmulator,
    settings_for: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = settings_for(slack_app_token="xapp-1-A0KAIZEN-1-wrong", slack_signing_secret=None)
    assert await asyncio.wait_for(run_socket_mode(settings), 10) == 2
    error = capsys.readouterr().err
    assert "SLACK_APP_TOKEN" in error and "xapp-1-A0KAIZEN-1-wrong" not in error
