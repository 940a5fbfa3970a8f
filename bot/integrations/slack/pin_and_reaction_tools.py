"""The Slack tools on pins and reactions: pin, unpin, react.

Each tool is a ``run`` / ``describe`` pair of functions; `bot.integrations.slack.tools`
turns them into `Tool`s with their schemas. Arguments arrive checked.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolResult, UndoPlan
from bot.integrations.slack.client import Subject, call
from bot.integrations.slack.message_lookup import message_of, which_message
from bot.messages import slack as words


async def pin_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    return await _set_pin(context, arguments, pinned=True)


async def unpin_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    return await _set_pin(context, arguments, pinned=False)


async def _set_pin(context: ToolContext, arguments: dict[str, Any], *, pinned: bool) -> ToolResult:
    _, channel, message = await message_of(context, arguments)
    ts = str(message["ts"])
    await call(
        context.slack,
        "pins.add" if pinned else "pins.remove",
        channel=channel.id,
        timestamp=ts,
        subject=channel.subject,
        join=channel.join_id,
    )
    undo = "unpin the message" if pinned else "pin the message again"
    return ToolResult(
        summary=words.pinned(channel.label, pinned=pinned),
        data={"channel": channel.id, "ts": ts},
        undo=UndoPlan(
            description=f"{undo} in {channel.label}",
            params={"channel": channel.id, "ts": ts},
            before={"pinned": not pinned, "channel_name": channel.name},
            after={"pinned": pinned, "channel_name": channel.name},
        ),
    )


async def describe_pin_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    return words.pin_preview(await which_message(context, arguments), pin=True)


async def describe_unpin_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    return words.pin_preview(await which_message(context, arguments), pin=False)


def emoji_name(value: str) -> str:
    """``:Rocket:`` → ``rocket``: reactions are named without colons."""
    return value.strip().strip(":").lower()


async def add_reaction(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    directory, channel, message = await message_of(context, arguments)
    ts, name = str(message["ts"]), emoji_name(arguments["name"])
    # Asked before reacting: a retry after a late failure would find the reaction already there.
    bot_user_id = await directory.bot_user_id()
    await call(
        context.slack,
        "reactions.add",
        channel=channel.id,
        timestamp=ts,
        name=name,
        subject=Subject(channel=channel.label, emoji=name),
        sentences={"invalid_name": words.unknown_emoji(name)},
        join=channel.join_id,
    )
    return ToolResult(
        summary=words.reacted(name, channel.label),
        data={"channel": channel.id, "ts": ts, "name": name},
        undo=UndoPlan(
            description=f"remove my :{name}: reaction in {channel.label}",
            params={"channel": channel.id, "ts": ts, "name": name},
            before={"channel_name": channel.name},
            after={"user": bot_user_id, "channel_name": channel.name},
        ),
    )


async def describe_add_reaction(context: ToolContext, arguments: dict[str, Any]) -> str:
    which = await which_message(context, arguments)
    return words.reaction_preview(emoji_name(arguments["name"]), which)
