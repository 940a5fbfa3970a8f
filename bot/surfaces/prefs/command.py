"""`/prefs`: what Kaizen has learned about you, with the evidence, and your overrides.

    /prefs [show]                                   everything, with counts, confidence, last seen
    /prefs set confirm <pattern> always|never|learn when to ask before an action
    /prefs set style concise|detailed|learn         how long answers should be
    /prefs set emoji on|off|learn                   emoji in answers
    /prefs set specialist <kind> <name>|learn       who handles a kind of task
    /prefs set hours <from>-<to>|any|learn          when notifications may reach you
    /prefs forget <pattern>|style|hours|specialist [<kind>]
    /prefs reset                                    forget everything (asks first)

Explicit settings beat anything learned. Handlers ack and pass on.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.preferences.service import PreferenceService
from bot.messages import commands as command_words
from bot.messages import prefs as words
from bot.surfaces.blocks import MAX_BLOCKS, context, section
from bot.surfaces.preference_lines import sections_of
from bot.surfaces.prefs.forgetting import forget, reset_question
from bot.surfaces.prefs.setting import apply_set
from bot.surfaces.reply import CommandReply
from bot.surfaces.text import split_for_slack

HELP_WORDS = {"help", "-h", "--help", "?"}
SUBCOMMANDS = ("show", "set", "forget", "reset", "help")
TEXT_LIMIT = 3000


def quick_prefs_answer(text: str) -> str | None:
    """The answer when it needs no database (help, an unknown sub-command); else None.

    A handler can put it straight into the ack; everything else is answered after it.
    """
    parts = text.split()
    first = parts[0].lower() if parts else ""
    if first in HELP_WORDS:
        return command_words.command_help("/prefs") + "\n\n" + words.USAGE
    if first and first not in SUBCOMMANDS:
        return command_words.unknown_subcommand("/prefs", parts[0][:40])
    return None


def prefs_ack_answer(text: str, preferences: PreferenceService | None) -> str | None:
    """What to answer in the ack; None when the work follows it."""
    quick = quick_prefs_answer(text)
    if quick is not None or preferences is None:
        return quick or words.NOT_AVAILABLE
    return None


async def run_prefs_command(
    preferences: PreferenceService,
    *,
    text: str,
    team_id: str,
    user_id: str,
    client: AsyncWebClient | None = None,
) -> CommandReply:
    quick = quick_prefs_answer(text)
    if quick is not None:
        return CommandReply(quick)
    parts = text.split()
    first = parts[0].lower() if parts else "show"
    if first == "show":
        if client is not None:
            await preferences.ensure_timezone(team_id, user_id, client)
        return await show(preferences, team_id=team_id, user_id=user_id)
    if first == "set":
        _ok, answer = await apply_set(preferences, team_id, user_id, parts[1:])
        return CommandReply(answer)
    if first == "forget":
        return CommandReply(await forget(preferences, team_id, user_id, parts[1:]))
    return reset_question(user_id)


async def show(preferences: PreferenceService, *, team_id: str, user_id: str) -> CommandReply:
    learned = await preferences.summary(team_id, user_id)
    sections = sections_of(learned)
    blocks: list[dict[str, Any]] = [section(words.SHOW_TITLE)]
    for title, lines in sections:
        for piece in split_for_slack(f"*{title}*\n" + "\n".join(lines)):
            blocks.append(section(piece))
    blocks.append(context(words.SHOW_FOOTER))
    text = "\n".join(
        f"{title}: " + "; ".join(_plain(line) for line in lines) for title, lines in sections
    )
    return CommandReply(text[:TEXT_LIMIT] or words.SHOW_FALLBACK, blocks[:MAX_BLOCKS])


def _plain(line: str) -> str:
    return line.lstrip("• ").replace("*", "").replace("`", "")
