"""`/undo`, `/undo list`, `/undo <id>`: the answers; handlers only ack and pass on."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import commands as command_words
from bot.messages import undo as words
from bot.orchestrator.undo import UndoService
from bot.surfaces.blocks import UNDO_ACTION, button, context, section
from bot.surfaces.reply import CommandReply
from bot.surfaces.undo_entries import is_undoable, state_of

HELP_WORDS = ("help", "-h", "--help", "?")
LISTED = 20


async def run_undo_command(
    undo: UndoService,
    *,
    text: str,
    team_id: str,
    user_id: str,
    channel_id: str,
    client: AsyncWebClient,
    is_admin: bool,
) -> CommandReply:
    word = text.strip().split()[0].lower() if text.strip() else ""
    if word in HELP_WORDS:
        return CommandReply(command_words.command_help("/undo"))
    if word == "list":
        return await _list(undo, team_id=team_id, user_id=user_id)
    if word:
        entry_id = word.lstrip("#")
        if not entry_id.isdigit():
            return CommandReply(command_words.unknown_subcommand("/undo", word[:40]))
        outcome = await undo.undo_by_id(
            entry_id=int(entry_id),
            team_id=team_id,
            user_id=user_id,
            channel_id=channel_id,
            client=client,
            is_admin=is_admin,
        )
    else:
        outcome = await undo.undo_latest(
            team_id=team_id, user_id=user_id, channel_id=channel_id, client=client
        )
    if outcome.ok:
        return CommandReply(words.undone_by(outcome.message, user_id), public=True)
    return CommandReply(outcome.message)


async def _list(undo: UndoService, *, team_id: str, user_id: str) -> CommandReply:
    entries = await undo.entries(team_id=team_id, user_id=user_id)
    if not entries:
        return CommandReply(words.NOTHING_TO_UNDO)
    blocks: list[dict[str, Any]] = [section(words.RECENT_ACTIONS_TITLE)]
    for entry in entries[:LISTED]:
        block = section(words.entry_line(entry.id, entry.summary, state_of(entry)))
        if is_undoable(entry):
            block["accessory"] = button(words.UNDO_BUTTON, UNDO_ACTION, f"undo:{entry.id}")
        blocks.append(block)
    blocks.append(context(words.LIST_FOOTER))
    return CommandReply(words.RECENT_ACTIONS, blocks)
