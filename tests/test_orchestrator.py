"""Orchestrator runs end to end through POST /slack/events: confirmations, undo, traces."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.sandbox.slack_requests import block_action_payload
from bot.sandbox.workspace import Message
from bot.surfaces.blocks import CANCEL_ACTION, CONFIRM_ACTION, UNDO_ACTION
from storage.models import AuditEntry, PendingAction, Run, RunStep
from tests.conftest import BotFactory, BotUnderTest
from tests.fakes.openai_server import FakeOpenAI
from tests.support import stays_false, wait_until


def bot_messages_with_button(bot: BotUnderTest, action_id: str) -> list[Message]:
    return [
        m
        for m in bot.emulator.workspace.messages
        if m.user == bot.emulator.bot_user_id and _button(m, action_id) is not None
    ]


def _button(message: Message, action_id: str) -> dict[str, Any] | None:
    for block in message.blocks or []:
        elements = block.get("elements", []) + (
            [block["accessory"]] if "accessory" in block else []
        )
        for element in elements:
            if element.get("action_id") == action_id:
                return element
    return None


async def click(bot: BotUnderTest, message: Message, action_id: str, user: str) -> None:
    element = _button(message, action_id)
    assert element is not None, f"no {action_id} button"
    channel = bot.emulator.workspace.channels[message.channel]
    payload = block_action_payload(
        user_id=user,
        user_name=bot.emulator.workspace.users[user].name,
        workspace=bot.workspace,
        channel_id=channel.id,
        channel_name=channel.name,
        message={
            "type": "message",
            "ts": message.ts,
            "text": message.text,
            "thread_ts": message.thread_ts,
            "blocks": message.blocks,
        },
        action=element,
        response_url=bot.emulator.new_response_url(
            channel_id=channel.id, user_id=user, message_ts=message.ts
        ),
    )
    response = await bot.sender.send_interaction(payload)
    assert response.status == 200, response.text


async def confirmation_for(bot: BotUnderTest, count: int = 1) -> list[Message]:
    await wait_until(lambda: len(bot_messages_with_button(bot, CONFIRM_ACTION)) >= count)
    return bot_messages_with_button(bot, CONFIRM_ACTION)


def archived(bot: BotUnderTest, channel: str = "C0OLDLAUNCH") -> bool:
    return bot.emulator.workspace.channels[channel].is_archived


def ephemerals_for(bot: BotUnderTest, user: str) -> list[str]:
    return [
        m.text
        for m in bot.emulator.workspace.messages
        if m.is_ephemeral and m.ephemeral_user == user
    ]


async def test_archive_asks_first_and_only_the_requester_can_confirm(bot: BotUnderTest) -> None:
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    assert "Archive" in str(confirmation.blocks) and "old-launch" in str(confirmation.blocks)
    assert not bot.emulator.calls_to("conversations.archive")
    assert not archived(bot)

    await click(bot, confirmation, CONFIRM_ACTION, user="U0CAROL")
    await wait_until(lambda: ephemerals_for(bot, "U0CAROL"))
    assert "Only <@U0BOB>" in ephemerals_for(bot, "U0CAROL")[0]
    assert not archived(bot)

    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: archived(bot))
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))
    edited = bot.emulator.workspace.find_message(confirmation.channel, confirmation.ts)
    assert edited is not None and "Confirmed by <@U0BOB>" in edited.text


async def test_undo_by_command_then_a_second_undo_is_refused(bot: BotUnderTest) -> None:
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: archived(bot))
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))

    await bot.command("/undo", "", user="U0BOB", channel="C0GENERAL")
    await wait_until(lambda: not archived(bot))
    await wait_until(lambda: any("Unarchived" in m.text for m in bot.emulator.workspace.messages))

    await bot.command("/undo", "", user="U0BOB", channel="C0GENERAL")
    await wait_until(lambda: any("nothing of yours" in t for t in ephemerals_for(bot, "U0BOB")))
    (result,) = bot_messages_with_button(bot, UNDO_ACTION)
    await click(bot, result, UNDO_ACTION, user="U0BOB")
    await wait_until(lambda: any("already undone" in t for t in ephemerals_for(bot, "U0BOB")))
    assert not archived(bot)


async def test_the_undo_button_reverses_and_refuses_someone_else(bot: BotUnderTest) -> None:
    await bot.mention("set the topic of #random to weekly sync", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: bot.emulator.workspace.channels["C0RANDOM"].topic == "weekly sync")
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))
    (result,) = bot_messages_with_button(bot, UNDO_ACTION)

    await click(bot, result, UNDO_ACTION, user="U0CAROL")
    await wait_until(lambda: ephemerals_for(bot, "U0CAROL"))
    assert "only they or an admin" in ephemerals_for(bot, "U0CAROL")[0]

    await click(bot, result, UNDO_ACTION, user="U0BOB")
    await wait_until(lambda: bot.emulator.workspace.channels["C0RANDOM"].topic != "weekly sync")


async def test_undo_refuses_when_the_target_changed_since(bot: BotUnderTest) -> None:
    await bot.mention("set the topic of #random to weekly sync", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))
    bot.emulator.workspace.channels["C0RANDOM"].topic = "someone else's topic"

    await bot.command("/undo", "", user="U0BOB")
    await wait_until(lambda: any("changed since" in t for t in ephemerals_for(bot, "U0BOB")))
    assert bot.emulator.workspace.channels["C0RANDOM"].topic == "someone else's topic"


async def test_cancel_does_nothing_and_says_so(bot: BotUnderTest) -> None:
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CANCEL_ACTION, user="U0BOB")
    await wait_until(lambda: any("Not done" in m.text for m in bot.emulator.workspace.messages))
    assert not archived(bot)
    async with bot.kaizen.services.database.read() as session:
        (action,) = (await session.execute(select(PendingAction))).scalars()
    assert action.status == "cancelled"


async def test_a_pending_action_survives_a_restart(
    bot: BotUnderTest, start_bot: BotFactory
) -> None:
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    restarted = await start_bot()
    await click(restarted, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: archived(restarted))


async def test_an_expired_confirmation_does_nothing(bot: BotUnderTest) -> None:
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    async with bot.kaizen.services.database.transaction() as session:
        (action,) = (await session.execute(select(PendingAction))).scalars()
        from datetime import timedelta

        action.expires_at = action.expires_at - timedelta(hours=1)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: any("expired" in t for t in ephemerals_for(bot, "U0BOB")))
    assert not archived(bot)


async def test_two_independent_parts_become_two_confirmations(bot: BotUnderTest) -> None:
    await bot.mention("archive #old-launch and #ops", user="U0BOB")
    confirmations = await confirmation_for(bot, count=2)
    for confirmation in confirmations:
        await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: archived(bot) and archived(bot, "C0OPS"))
    async with bot.kaizen.services.database.read() as session:
        (run,) = (await session.execute(select(Run))).scalars()
    await wait_until(lambda: True)
    assert run.pattern in ("parallel", "direct")


async def test_the_trace_records_routing_steps_and_outcome(bot: BotUnderTest) -> None:
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")

    async def finished() -> Run | None:
        async with bot.kaizen.services.database.read() as session:
            run = (await session.execute(select(Run))).scalar_one()
        return run if run.status == "succeeded" else None

    import asyncio

    for _ in range(200):
        if await finished():
            break
        await asyncio.sleep(0.02)
    run = await finished()
    assert run is not None
    assert run.specialist == "slack" and run.task_kind == "slack:archive"
    assert run.routing["chosen"] == "slack" and "general" in run.routing["scores"]
    assert run.planner == "offline" and run.duration_ms and run.duration_ms > 0
    await bot.kaizen.services.audit.flush()
    async with bot.kaizen.services.database.read() as session:
        steps = (
            (
                await session.execute(
                    select(RunStep).where(RunStep.run_id == run.id).order_by(RunStep.position)
                )
            )
            .scalars()
            .all()
        )
        audit = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert [s.status for s in steps] == ["awaiting_confirmation", "done"]
    assert steps[-1].tool == "slack.archive_channel" and steps[-1].success
    assert {"run_started", "action_confirmed", "run_completed", "agent_spawned"} <= set(audit)


async def test_a_write_in_the_members_own_dm_runs_without_asking(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    bot = bot_with_model
    im = bot.emulator.workspace.open_im("U0BOB").id
    fake_openai.call_tool(
        "slack_post_message",
        {"channel": im, "text": "note to self"},
        reasoning="Posting the note in the DM.",
    )
    fake_openai.reply("Posted your note.")
    envelope = await bot.dm("post 'note to self' here", user="U0BOB")
    replies = await bot.replies_in_thread(im, envelope["event"]["ts"], count=1)
    await wait_until(
        lambda: any("Posted your note." in m.text for m in bot.emulator.workspace.messages)
    )
    assert not bot_messages_with_button(bot, CONFIRM_ACTION)
    assert any(m.text == "note to self" for m in bot.emulator.workspace.messages_in(im))
    assert replies


async def test_the_model_loop_pauses_for_confirmation_and_resumes(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    bot = bot_with_model
    fake_openai.call_tool(
        "slack_archive_channel",
        {"channel": "<#C0OLDLAUNCH|old-launch>"},
        reasoning="The member wants the channel archived.",
    )
    fake_openai.reply("Archived #old-launch for you.")
    await bot.mention("please archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    assert len(fake_openai.requests) == 1
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(
        lambda: any(
            "Archived #old-launch for you." in m.text for m in bot.emulator.workspace.messages
        )
    )
    assert archived(bot)
    last = fake_openai.requests[-1]["messages"]
    assert last[-1]["role"] == "tool" and last[-1]["content"].startswith("ok: <data")
    assert fake_openai.requests[0]["tools"]


async def test_unknown_or_malformed_tool_calls_cause_no_side_effect(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    bot = bot_with_model
    fake_openai.call_tools(
        [("slack_drop_all_tables", {"really": True}), ("slack_archive_channel", "{not json")]
    )
    fake_openai.reply("I could not do that.")
    await bot.mention("do something odd", user="U0BOB")
    await wait_until(
        lambda: any("I could not do that." in m.text for m in bot.emulator.workspace.messages)
    )
    assert not bot_messages_with_button(bot, CONFIRM_ACTION)
    assert not bot.emulator.calls_to("conversations.archive")
    tool_results = [m for m in fake_openai.requests[-1]["messages"] if m["role"] == "tool"]
    assert len(tool_results) == 2 and all("nothing was done" in m["content"] for m in tool_results)


async def test_a_failing_model_still_gets_the_request_done_offline(
    bot_with_model: BotUnderTest, fake_openai: FakeOpenAI
) -> None:
    bot = bot_with_model
    fake_openai.fail(500, times=3)
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: archived(bot))
    async with bot.kaizen.services.database.read() as session:
        run = (await session.execute(select(Run))).scalar_one()
    assert run.planner == "offline"
    assert any("model unavailable" in step for step in run.degradations)


async def test_offline_undo_by_plain_words(bot: BotUnderTest) -> None:
    await bot.mention("set the purpose of #ops to keep things running", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))
    assert bot.emulator.workspace.channels["C0OPS"].purpose == "keep things running"
    await bot.mention("undo", user="U0BOB")
    await wait_until(
        lambda: bot.emulator.workspace.channels["C0OPS"].purpose != "keep things running"
    )


async def test_a_workspace_over_its_daily_budget_is_refused_clearly(
    start_bot: BotFactory,
) -> None:
    bot = await start_bot(daily_cost_limit_usd=0.0)
    envelope = await bot.mention("archive #old-launch", user="U0BOB")
    (reply,) = await bot.replies_in_thread("C0GENERAL", envelope["event"]["ts"])
    assert "daily model budget" in reply.text
    assert await stays_false(lambda: bot_messages_with_button(bot, CONFIRM_ACTION))


async def test_a_rate_limited_call_is_retried_after_the_wait_slack_asked_for(
    bot: BotUnderTest,
) -> None:
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    bot.emulator.fail_next("conversations.archive", "ratelimited", retry_after=1)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: archived(bot), timeout=10)
    calls = bot.emulator.calls_to("conversations.archive")
    assert len(calls) == 2 and calls[1].at - calls[0].at >= 0.95
    run = await finished_run(bot)
    assert run.retries == 1 and run.status == "succeeded"


async def test_a_failed_action_is_explained_and_traced(bot: BotUnderTest) -> None:
    bot.emulator.workspace.channels["C0OLDLAUNCH"].is_archived = True
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(
        lambda: any("couldn't do that" in m.text for m in bot.emulator.workspace.messages)
    )
    run = await finished_run(bot)
    assert run.status == "failed" and run.error_class == "already_archived"


async def finished_run(bot: BotUnderTest) -> Run:
    import asyncio

    for _ in range(250):
        async with bot.kaizen.services.database.read() as session:
            run = (await session.execute(select(Run))).scalar_one()
        if run.finished_at is not None:
            return run
        await asyncio.sleep(0.02)
    raise AssertionError("the run never finished")


async def confirmed_archive(bot: BotUnderTest, user: str = "U0BOB") -> None:
    await bot.mention("archive <#C0OLDLAUNCH|old-launch>", user=user)
    (confirmation,) = await confirmation_for(bot)
    await click(bot, confirmation, CONFIRM_ACTION, user=user)
    await wait_until(lambda: bot_messages_with_button(bot, UNDO_ACTION))


async def test_undo_by_id_survives_a_restart_and_admins_may_undo_for_others(
    bot: BotUnderTest, start_bot: BotFactory
) -> None:
    await confirmed_archive(bot, user="U0BOB")
    restarted = await start_bot()
    await restarted.command("/undo", "list", user="U0BOB")
    await wait_until(
        lambda: any(
            "`#1` Archived #old-launch" in str(m.blocks)
            for m in restarted.emulator.workspace.messages
            if m.is_ephemeral
        )
    )
    await restarted.command("/undo", "1", user="U0CAROL")
    await wait_until(
        lambda: any("only they or an admin" in t for t in ephemerals_for(restarted, "U0CAROL"))
    )
    assert archived(restarted)
    await restarted.command("/undo", "1", user="U0ALICE")  # alice is an admin
    await wait_until(lambda: not archived(restarted))


async def test_an_expired_undo_is_refused(bot: BotUnderTest) -> None:
    await confirmed_archive(bot)
    from datetime import timedelta

    from storage.models import UndoEntry

    async with bot.kaizen.services.database.transaction() as session:
        (entry,) = (await session.execute(select(UndoEntry))).scalars()
        entry.expires_at = entry.expires_at - timedelta(hours=2)
    await bot.command("/undo", "1", user="U0BOB")
    await wait_until(
        lambda: any("can no longer be undone" in t for t in ephemerals_for(bot, "U0BOB"))
    )
    assert archived(bot)


async def test_secrets_in_a_request_never_reach_the_trace(bot: BotUnderTest) -> None:
    token = bot.emulator.bot_token
    await bot.mention(f"post in #general: my token is {token}", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    assert token not in str(confirmation.blocks)
    async with bot.kaizen.services.database.read() as session:
        run = (await session.execute(select(Run))).scalar_one()
        steps = (await session.execute(select(RunStep))).scalars().all()
        pending = (await session.execute(select(PendingAction))).scalars().all()
    stored = str(
        [
            run.request,
            run.answer,
            [(s.arguments, s.result_summary) for s in steps],
            [(p.arguments, p.description, p.resume) for p in pending],
        ]
    )
    assert token not in stored and "[redacted]" in stored
