"""A first conversation: mentions, DMs and thread replies answered in the thread."""

from __future__ import annotations

from bot import messages
from bot.sandbox.slack_requests import event_callback, message_event
from tests.conftest import BotFactory, BotUnderTest
from tests.fakes.openai_server import FakeOpenAI
from tests.support import stays_false, wait_until


async def test_a_mention_without_a_model_gets_the_help_reply_in_its_thread(
    bot: BotUnderTest,
) -> None:
    envelope = await bot.mention("what can you do?")
    ts = envelope["event"]["ts"]
    (reply,) = await bot.replies_in_thread("C0GENERAL", ts)
    assert reply.thread_ts == ts
    assert "What I can do" in reply.text and "/undo" in reply.text
    post = bot.emulator.calls_to("chat.postMessage")[-1]
    assert post.params["unfurl_links"] in (False, "false", "0", 0)


async def test_a_dm_gets_an_answer_in_its_thread(bot: BotUnderTest) -> None:
    envelope = await bot.dm("hello there")
    channel, ts = envelope["event"]["channel"], envelope["event"]["ts"]
    (reply,) = await bot.replies_in_thread(channel, ts)
    assert "Kaizen" in reply.text


async def test_with_a_model_the_answer_comes_from_it_with_the_thread_as_context(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    bot = bot_with_model
    fake_openai.reply("Sure — I can archive channels for you.")
    fake_openai.reply("You asked about archiving.")
    first = await bot.mention("can you archive channels?")
    ts = first["event"]["ts"]
    await bot.replies_in_thread("C0GENERAL", ts)

    user_ts = bot.emulator.workspace.post_message(
        "C0GENERAL", "what did I ask?", user="U0ALICE", thread_ts=ts
    ).ts
    reply_event = message_event(
        user="U0ALICE",
        channel="C0GENERAL",
        text="what did I ask?",
        ts=user_ts,
        team_id=bot.workspace.team_id,
        channel_type="channel",
        thread_ts=ts,
    )
    assert (await bot.sender.send_json(event_callback(reply_event, bot.workspace))).status == 200
    replies = await bot.replies_in_thread("C0GENERAL", ts, count=2)

    assert [r.text for r in replies] == [
        "Sure — I can archive channels for you.",
        "You asked about archiving.",
    ]
    second_request = fake_openai.requests[-1]
    assert second_request["model"] == "gpt-test"
    assert second_request["messages"][0]["role"] == "system"
    assert [m["content"] for m in second_request["messages"][1:]] == [
        "can you archive channels?",
        "Sure — I can archive channels for you.",
        "what did I ask?",
    ]


async def test_a_failing_model_still_gets_an_honest_answer(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    fake_openai.fail(500, times=5)
    envelope = await bot_with_model.mention("hello?")
    (reply,) = await bot_with_model.replies_in_thread("C0GENERAL", envelope["event"]["ts"])
    assert "couldn't reach the language model" in reply.text


async def test_a_slow_model_times_out_into_the_offline_answer(
    start_bot: BotFactory, fake_openai: FakeOpenAI
) -> None:
    bot = await start_bot(
        openai_api_key=fake_openai.api_key, openai_base_url=fake_openai.base_url, model_timeout=0.3
    )
    fake_openai.delay(3.0)
    envelope = await bot.mention("hello?")
    (reply,) = await bot.replies_in_thread("C0GENERAL", envelope["event"]["ts"])
    assert "couldn't reach the language model" in reply.text


async def test_channel_messages_outside_bot_threads_are_ignored(bot: BotUnderTest) -> None:
    ts = bot.emulator.workspace.post_message("C0GENERAL", "lunch?", user="U0BOB").ts
    event = message_event(
        user="U0BOB",
        channel="C0GENERAL",
        text="lunch?",
        ts=ts,
        team_id=bot.workspace.team_id,
        channel_type="channel",
    )
    assert (await bot.sender.send_json(event_callback(event, bot.workspace))).status == 200
    assert await stays_false(lambda: bot.emulator.calls_to("chat.postMessage"))


async def test_a_40000_character_message_gets_a_clear_answer(bot: BotUnderTest) -> None:
    envelope = await bot.dm("é" * 40_000)
    (reply,) = await bot.replies_in_thread(envelope["event"]["channel"], envelope["event"]["ts"])
    assert reply.text == messages.message_too_long(12_000)


async def test_odd_unicode_is_answered_not_crashed_on(bot: BotUnderTest) -> None:
    envelope = await bot.dm("rtl \u202e zero\u200bwidth \x00 nul 🧪 and a lone \ud800")
    (reply,) = await bot.replies_in_thread(envelope["event"]["channel"], envelope["event"]["ts"])
    assert "Kaizen" in reply.text


async def test_an_empty_mention_gets_a_prompt_for_what_to_do(bot: BotUnderTest) -> None:
    envelope = await bot.mention("")
    (reply,) = await bot.replies_in_thread("C0GENERAL", envelope["event"]["ts"])
    assert reply.text == messages.empty_message_reply()


LONG_ANSWER = "\n".join(f"line {n}: " + "x" * 90 for n in range(40))


async def test_a_long_model_answer_is_streamed(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply(LONG_ANSWER)
    envelope = await bot_with_model.mention("give me a long answer")
    emulator = bot_with_model.emulator
    await wait_until(lambda: emulator.calls_to("chat.stopStream"))
    assert len(emulator.calls_to("chat.appendStream")) >= 2
    (reply,) = await bot_with_model.replies_in_thread("C0GENERAL", envelope["event"]["ts"])
    assert reply.text == LONG_ANSWER and not reply.streaming


async def test_an_expired_stream_falls_back_to_chat_update(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply(LONG_ANSWER)
    emulator = bot_with_model.emulator
    emulator.fail_next("chat.appendStream", "message_not_in_streaming_state")
    envelope = await bot_with_model.mention("give me a long answer")
    await wait_until(lambda: emulator.calls_to("chat.update"))
    replies = await bot_with_model.replies_in_thread("C0GENERAL", envelope["event"]["ts"], 2)
    assert all(len(r.text) <= 3000 for r in replies)
    assert "line 0:" in replies[0].text and "line 39:" in replies[-1].text
