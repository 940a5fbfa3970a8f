"""The four slash commands, each with help; /stats for admins only."""

from __future__ import annotations

import pytest

from tests.conftest import BotUnderTest
from tests.support import wait_until


@pytest.mark.parametrize("command", ["/improve", "/prefs", "/stats"])
async def test_every_command_has_help(bot: BotUnderTest, command: str) -> None:
    answer = await bot.command(command, "help", user="U0ALICE")
    assert answer.startswith(f"*`{command}")


async def test_undo_help_and_an_empty_list_answer_through_the_response_url(
    bot: BotUnderTest,
) -> None:
    assert await bot.command("/undo", "help", user="U0BOB") == ""
    await bot.command("/undo", "list", user="U0BOB")
    await bot.command("/undo", "frobnicate", user="U0BOB")

    def answers() -> list[str]:
        return [
            m.text
            for m in bot.emulator.workspace.messages
            if m.is_ephemeral and m.ephemeral_user == "U0BOB"
        ]

    await wait_until(lambda: len(answers()) == 3)
    assert any(a.startswith("*`/undo") for a in answers())
    assert "You have no recent actions to undo." in answers()
    assert any("I don't know `/undo frobnicate`" in a for a in answers())


async def test_stats_refuses_members_who_are_not_admins(bot: BotUnderTest) -> None:
    answer = await bot.command("/stats", "", user="U0BOB")
    assert "for admins" in answer and "KAIZEN_ADMIN_USERS" in answer


async def test_an_unknown_subcommand_gets_the_valid_ones(bot: BotUnderTest) -> None:
    answer = await bot.command("/prefs", "frobnicate everything", user="U0BOB")
    assert "I don't know `/prefs frobnicate`" in answer
    assert "show | set" in answer


async def test_a_command_with_odd_text_is_answered(bot: BotUnderTest) -> None:
    answer = await bot.command("/prefs", "\u202e" * 3000, user="U0BOB")
    assert answer
