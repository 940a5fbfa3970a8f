"""The App Home tab."""

from __future__ import annotations

from bot.sandbox.slack_requests import app_home_opened_event, event_callback
from tests.conftest import BotUnderTest
from tests.support import stays_false, wait_until


async def test_opening_home_publishes_the_view(bot: BotUnderTest) -> None:
    im = bot.emulator.workspace.open_im("U0BOB").id
    event = app_home_opened_event(user="U0BOB", channel=im)
    assert (await bot.sender.send_json(event_callback(event, bot.workspace))).status == 200
    await wait_until(lambda: bot.emulator.calls_to("views.publish"))
    call = bot.emulator.calls_to("views.publish")[0]
    assert call.params["user_id"] == "U0BOB"
    view = call.params["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert "You are an admin" not in str(view)


async def test_admins_see_that_stats_are_open_to_them(bot: BotUnderTest) -> None:
    im = bot.emulator.workspace.open_im("U0ALICE").id
    event = app_home_opened_event(user="U0ALICE", channel=im)
    assert (await bot.sender.send_json(event_callback(event, bot.workspace))).status == 200
    await wait_until(lambda: bot.emulator.calls_to("views.publish"))
    assert "/stats" in str(bot.emulator.calls_to("views.publish")[0].params["view"])


async def test_the_messages_tab_greets_a_member_once(bot: BotUnderTest) -> None:
    im = bot.emulator.workspace.open_im("U0CAROL").id
    for _ in range(3):
        event = app_home_opened_event(user="U0CAROL", channel=im, tab="messages")
        assert (await bot.sender.send_json(event_callback(event, bot.workspace))).status == 200
    await wait_until(lambda: bot.emulator.calls_to("chat.postMessage"))
    assert await stays_false(lambda: len(bot.emulator.calls_to("chat.postMessage")) > 1)
    (greeting,) = bot.emulator.workspace.messages_in(im)
    assert "Hi, I'm Kaizen" in greeting.text
