"""Slack's redeliveries and repeated event ids are answered once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from storage.repositories import events
from tests.conftest import BotUnderTest
from tests.support import stays_false, wait_until


async def test_a_mention_delivered_three_times_is_answered_once(bot: BotUnderTest) -> None:
    envelope = await bot.mention("hello", event_id="Ev0REDELIVER1")
    for retry in (1, 2):
        response = await bot.sender.send_json(envelope, retry_num=retry)
        assert response.status == 200
    ts = envelope["event"]["ts"]
    await bot.replies_in_thread("C0GENERAL", ts)
    assert await stays_false(
        lambda: len(bot.emulator.calls_to("chat.postMessage")) > 1, duration=0.5
    )
    async with bot.kaizen.services.database.read() as session:
        claim = await events.get_event(
            session, team_id=bot.workspace.team_id, event_id="Ev0REDELIVER1"
        )
    assert claim is not None and claim.status == events.DONE


async def test_concurrent_duplicates_are_answered_once(bot: BotUnderTest) -> None:
    envelope = await bot.mention("hello", event_id="Ev0CONCURRENT")
    responses = await asyncio.gather(
        *(bot.sender.send_json(envelope, retry_num=n % 3 or None) for n in range(6))
    )
    assert {r.status for r in responses} == {200}
    await wait_until(lambda: bot.emulator.calls_to("chat.postMessage"))
    assert await stays_false(
        lambda: len(bot.emulator.calls_to("chat.postMessage")) > 1, duration=0.5
    )


async def test_a_listener_that_fails_after_the_ack_is_recorded(bot: BotUnderTest) -> None:
    bot.emulator.fail_next("chat.postMessage", "fatal_error", status=500, times=10)
    await bot.mention("hello", event_id="Ev0WILLFAIL")

    async def status() -> str | None:
        async with bot.kaizen.services.database.read() as session:
            claim = await events.get_event(
                session, team_id=bot.workspace.team_id, event_id="Ev0WILLFAIL"
            )
        return claim.status if claim else None

    for _ in range(300):
        if await status() == events.FAILED:
            break
        await asyncio.sleep(0.02)
    assert await status() == events.FAILED


async def test_the_documented_payloads_are_accepted(bot: BotUnderTest, payloads_dir: Path) -> None:
    """Slack's own example bodies, with ids pointed at the sandbox workspace."""
    workspace = bot.emulator.workspace
    im = workspace.open_im("U0ALICE").id
    mention_ts = workspace.post_message("C0OPS", "archive", user="U0ALICE").ts
    dm_ts = workspace.post_message(im, "what can you do?", user="U0ALICE").ts
    replacements = {
        "T0EXAMPLE": bot.workspace.team_id,
        "C0XYZ789": "C0OPS",
        "C0ABC123": "C0OLDLAUNCH",
        "U0BOT1": bot.emulator.bot_user_id,
        "U0MEMBER1": "U0ALICE",
        "D0MEMBER1": im,
        "1732262400.000100": mention_ts,
        "1732262401.000200": dm_ts,
    }
    for name in ("event_app_mention.json", "event_message_im.json"):
        text = (payloads_dir / name).read_text()
        for old, new in replacements.items():
            text = text.replace(old, new)
        assert (await bot.sender.send_json(json.loads(text))).status == 200
    await wait_until(lambda: len(bot.emulator.calls_to("chat.postMessage")) == 2)
    posts = {
        call.params["thread_ts"]: call.params for call in bot.emulator.calls_to("chat.postMessage")
    }
    assert set(posts) == {mention_ts, dm_ts}
    assert "old-launch" in str(posts[mention_ts]["blocks"])  # the confirmation
    assert "What I can do" in posts[dm_ts]["text"]
