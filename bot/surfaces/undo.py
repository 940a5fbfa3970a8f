"""`/undo`, `/undo list`, `/undo <id>`: the words and blocks; handlers only ack and pass on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.orchestrator.undo import UndoService
from bot.surfaces.blocks import UNDO_ACTION, button, context, section
from storage.models import UndoEntry, utcnow


@dataclass(frozen=True)
class CommandReply:
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    public: bool = False  # in_channel: an undo changes shared state, so others see it


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
    if word in ("help", "-h", "--help", "?"):
        return CommandReply(messages.command_help("/undo"))
    if word == "list":
        return await _list(undo, team_id=team_id, user_id=user_id)
    if word:
        entry_id = word.lstrip("#")
        if not entry_id.isdigit():
            return CommandReply(messages.unknown_subcommand("/undo", word[:40]))
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
        return CommandReply(f"{outcome.message} (undone by <@{user_id}>)", public=True)
    return CommandReply(outcome.message)


async def _list(undo: UndoService, *, team_id: str, user_id: str) -> CommandReply:
    entries = await undo.entries(team_id=team_id, user_id=user_id)
    if not entries:
        return CommandReply("You have no recent actions to undo.")
    blocks: list[dict[str, Any]] = [section("*Your recent actions* (newest first)")]
    for entry in entries[:20]:
        line = f"`#{entry.id}` {entry.summary} — _{_state(entry)}_"
        block = section(line)
        if _undoable(entry):
            block["accessory"] = button("Undo", UNDO_ACTION, f"undo:{entry.id}")
        blocks.append(block)
    blocks.append(context("`/undo <id>` undoes one by its number; `/undo` the newest."))
    return CommandReply("Your recent actions", blocks)


def _undoable(entry: UndoEntry) -> bool:
    return entry.status == "active" and _aware(entry.expires_at) > utcnow()


def _state(entry: UndoEntry) -> str:
    if entry.status == "undone":
        return "undone"
    if _aware(entry.expires_at) <= utcnow():
        return "expired"
    minutes = int((_aware(entry.expires_at) - utcnow()).total_seconds() // 60)
    return f"can be undone for {minutes} more min"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
