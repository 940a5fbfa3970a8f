"""The four slash commands, each with help; /stats for admins only."""

from __future__ import annotations

import pytest

from tests.conftest import BotUnderTest


@pytest.mark.parametrize("command", ["/improve", "/undo", "/prefs", "/stats"])
async def test_every_command_has_help(bot: BotUnderTest, command: str) -> None:
    answer = await bot.command(command, "help", user="U0ALICE")
    assert answer.startswith(f"*`{command}")


@pytest.mark.parametrize("command", ["/improve", "/undo", "/prefs"])
async def test_commands_say_honestly_what_is_not_built_yet(bot: BotUnderTest, command: str) -> None:
    answer = await bot.command(command, "", user="U0BOB")
    assert "yet" in answer and command in answer


async def test_stats_refuses_members_who_are_not_admins(bot: BotUnderTest) -> None:
    answer = await bot.command("/stats", "", user="U0BOB")
    assert "for admins" in answer and "KAIZEN_ADMIN_USERS" in answer


async def test_an_unknown_subcommand_gets_the_valid_ones(bot: BotUnderTest) -> None:
    answer = await bot.command("/prefs", "frobnicate everything", user="U0BOB")
    assert "I don't know `/prefs frobnicate`" in answer
    assert "show | set" in answer


async def test_a_command_with_odd_text_is_answered(bot: BotUnderTest) -> None:
    answer = await bot.command("/undo", "\u202e" * 3000, user="U0BOB")
    assert answer
