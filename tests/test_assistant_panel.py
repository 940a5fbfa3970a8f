"""The assistant panel (agent view): greeting and prompts, status while working, one answer."""

from __future__ import annotations

import time
from typing import Any

from bot import messages
from bot.sandbox.emulator import ApiCall
from bot.sandbox.slack_requests import event_callback
from tests.conftest import BotUnderTest
from tests.fakes.openai_server import FakeOpenAI
from tests.support import stays_false, wait_until

USER = "U0ALICE"


def _open_panel(bot: BotUnderTest, *, user: str = USER) -> tuple[str, str]:
    """The member opens the panel: Slack starts a thread in their DM with the bot."""
    channel = bot.emulator.workspace.open_im(user).id
    thread_ts = bot.emulator.workspace.post_message(channel, "New chat", user=user).ts
    return channel, thread_ts


def _thread_started(bot: BotUnderTest, channel: str, thread_ts: str) -> dict[str, Any]:
    """`assistant_thread_started`, shaped as Slack documents it."""
    event = {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": USER,
            "context": {
                "channel_id": "C0GENERAL",
                "team_id": bot.workspace.team_id,
                "enterprise_id": None,
            },
            "channel_id": channel,
            "thread_ts": thread_ts,
        },
        "event_ts": f"{time.time():.6f}",
    }
    return event_callback(event, bot.workspace)


def _calls_in_thread(bot: BotUnderTest, method: str, channel: str, thread_ts: str) -> list[ApiCall]:
    return [
        call
        for call in bot.emulator.calls_to(method)
        if call.params.get("channel_id", call.params.get("channel")) == channel
        and call.params.get("thread_ts") == thread_ts
    ]


async def _start_thread(bot: BotUnderTest) -> tuple[str, str]:
    channel, thread_ts = _open_panel(bot)
    response = await bot.sender.send_json(_thread_started(bot, channel, thread_ts))
    assert response.status == 200, response.text
    await bot.replies_in_thread(channel, thread_ts)
    await wait_until(lambda: (channel, thread_ts) in bot.emulator.workspace.assistant_threads)
    return channel, thread_ts


async def test_a_new_thread_is_greeted_with_suggested_prompts(bot: BotUnderTest) -> None:
    channel, thread_ts = await _start_thread(bot)

    (greeting,) = await bot.replies_in_thread(channel, thread_ts)
    assert greeting.text == messages.assistant_greeting()
    thread = bot.emulator.workspace.assistant_threads[(channel, thread_ts)]
    assert thread.suggested_prompts == messages.ASSISTANT_SUGGESTED_PROMPTS
    (prompts_call,) = bot.emulator.calls_to("assistant.threads.setSuggestedPrompts")
    assert prompts_call.params["channel_id"] == channel
    assert prompts_call.params["thread_ts"] == thread_ts
    assert prompts_call.response["ok"] is True
    (post,) = bot.emulator.calls_to("chat.postMessage")
    assert post.response["ok"] is True
    assert post.params["thread_ts"] == thread_ts


async def test_a_message_in_the_thread_shows_a_status_then_gets_the_models_answer(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    bot = bot_with_model
    channel, thread_ts = await _start_thread(bot)
    fake_openai.reply("Archived #old-launch is something I can help with soon.")

    envelope = await bot.dm("Archive #old-launch and tell #general", thread_ts=thread_ts)

    assert envelope["event"]["channel_type"] == "im"
    replies = await bot.replies_in_thread(channel, thread_ts, count=2)
    assert replies[-1].text == "Archived #old-launch is something I can help with soon."
    assert fake_openai.last_request["messages"][-1] == {
        "role": "user",
        "content": "Archive #old-launch and tell #general",
    }

    statuses = _calls_in_thread(bot, "assistant.threads.setStatus", channel, thread_ts)
    assert statuses, "no status was shown while working"
    assert statuses[0].params["status"] == messages.WORKING_STATUS
    assert all(call.response["ok"] for call in statuses)
    (answer_post,) = [
        call
        for call in _calls_in_thread(bot, "chat.postMessage", channel, thread_ts)
        if call.params.get("text") == replies[-1].text
    ]
    calls = bot.emulator.calls
    assert calls.index(statuses[0]) < calls.index(answer_post)


async def test_without_a_model_the_thread_still_gets_an_answer(bot: BotUnderTest) -> None:
    channel, thread_ts = await _start_thread(bot)

    await bot.dm("what can you do?", thread_ts=thread_ts)

    replies = await bot.replies_in_thread(channel, thread_ts, count=2)
    assert replies[-1].text == messages.offline_help("what can you do?")
    assert _calls_in_thread(bot, "assistant.threads.setStatus", channel, thread_ts)


async def test_a_redelivered_thread_message_is_answered_once(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    bot = bot_with_model
    channel, thread_ts = await _start_thread(bot)

    envelope = await bot.dm("hello", thread_ts=thread_ts)
    for retry in (1, 2):
        response = await bot.sender.send_json(envelope, retry_num=retry)
        assert response.status == 200, response.text

    await bot.replies_in_thread(channel, thread_ts, count=2)
    assert await stays_false(
        lambda: len(bot.emulator.calls_to("chat.postMessage")) > 2, duration=0.5
    )
    assert len(fake_openai.requests) == 1


async def test_a_redelivered_thread_start_greets_once(bot: BotUnderTest) -> None:
    channel, thread_ts = _open_panel(bot)
    envelope = _thread_started(bot, channel, thread_ts)
    for retry in (None, 1, 2):
        response = await bot.sender.send_json(envelope, retry_num=retry)
        assert response.status == 200, response.text

    await bot.replies_in_thread(channel, thread_ts)
    assert await stays_false(
        lambda: (
            len(bot.emulator.calls_to("chat.postMessage")) > 1
            or len(bot.emulator.calls_to("assistant.threads.setSuggestedPrompts")) > 1
        ),
        duration=0.5,
    )
    await wait_until(lambda: bot.emulator.calls_to("assistant.threads.setSuggestedPrompts"))
