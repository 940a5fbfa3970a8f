"""Only requests signed by Slack run anything: url_verification, bad and stale signatures."""

from __future__ import annotations

import json
import time

from bot.sandbox.slack_requests import app_mention_event, event_callback
from tests.conftest import BotUnderTest
from tests.support import stays_false


async def test_url_verification_echoes_the_challenge(bot: BotUnderTest) -> None:
    response = await bot.sender.send_json(
        {
            "token": "x",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    assert response.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.text


def _mention(bot: BotUnderTest) -> str:
    event = app_mention_event(
        user="U0ALICE",
        channel="C0GENERAL",
        text="<@U0KAIZEN> hi",
        ts="1732262400.000100",
        team_id=bot.workspace.team_id,
    )
    return json.dumps(event_callback(event, bot.workspace))


async def test_a_bad_signature_gets_401_and_runs_nothing(bot: BotUnderTest) -> None:
    body = _mention(bot)
    headers = bot.sender.signed_headers(body, "application/json")
    headers["X-Slack-Signature"] = "v0=" + "0" * 64
    response = await bot.sender.post_raw(body, headers)
    assert response.status == 401
    assert await stays_false(lambda: bot.emulator.calls_to("chat.postMessage"))


async def test_a_stale_signature_gets_401(bot: BotUnderTest) -> None:
    body = _mention(bot)
    headers = bot.sender.signed_headers(body, "application/json", timestamp=int(time.time()) - 600)
    response = await bot.sender.post_raw(body, headers)
    assert response.status == 401
    assert await stays_false(lambda: bot.emulator.calls_to("chat.postMessage"))


async def test_a_body_changed_after_signing_gets_401(bot: BotUnderTest) -> None:
    body = _mention(bot)
    headers = bot.sender.signed_headers(body, "application/json")
    response = await bot.sender.post_raw(body.replace("hi", "archive everything"), headers)
    assert response.status == 401


async def test_missing_signature_headers_get_401(bot: BotUnderTest) -> None:
    response = await bot.sender.post_raw(_mention(bot), {"Content-Type": "application/json"})
    assert response.status == 401


async def test_malformed_signed_bodies_get_a_clear_4xx(bot: BotUnderTest) -> None:
    for body in ("{not json", "", "payload=%7Bbroken", '{"type": "event_callback"}'):
        content_type = (
            "application/x-www-form-urlencoded"
            if body.startswith("payload")
            else ("application/json")
        )
        response = await bot.sender.post_raw(body, bot.sender.signed_headers(body, content_type))
        assert 400 <= response.status < 500 or response.status == 200, (body, response.status)
        assert "Traceback" not in response.text


async def test_an_oversized_body_is_refused(bot: BotUnderTest) -> None:
    body = json.dumps({"type": "event_callback", "padding": "x" * (2 * 1024 * 1024)})
    response = await bot.sender.post_raw(body, bot.sender.signed_headers(body, "application/json"))
    assert response.status == 413
