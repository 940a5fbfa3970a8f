"""The Slack member tools: invite a person to a channel, remove one.

Each tool is a ``run`` / ``describe`` pair of functions; `bot.integrations.slack.tools`
turns them into `Tool`s with their schemas. Arguments arrive checked.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolResult, UndoPlan
from bot.integrations.slack.client import Subject, call
from bot.integrations.slack.resolve import resolve_channel_argument, resolve_user
from bot.messages import slack as words


async def invite_member(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    return await _set_member(context, arguments, member=True)


async def remove_member(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    return await _set_member(context, arguments, member=False)


async def _set_member(
    context: ToolContext, arguments: dict[str, Any], *, member: bool
) -> ToolResult:
    directory, channel = await resolve_channel_argument(context, arguments)
    user = await resolve_user(directory, arguments["user"])
    subject = Subject(channel=channel.label, user=user.label)
    if member:
        await call(
            context.slack,
            "conversations.invite",
            channel=channel.id,
            users=user.id,
            subject=subject,
            join=channel.join_id,
        )
        summary = words.invited(user.label, channel.label)
    else:
        await call(
            context.slack,
            "conversations.kick",
            channel=channel.id,
            user=user.id,
            subject=subject,
            sentences={"not_in_channel": words.not_a_member(user.label, channel.label)},
            join=channel.join_id,
        )
        summary = words.removed(user.label, channel.label)
    return ToolResult(
        summary=summary,
        data={"channel": channel.id, "user": user.id},
        undo=UndoPlan(
            description=f"remove {user.label} from {channel.label}"
            if member
            else f"invite {user.label} back to {channel.label}",
            params={"channel": channel.id, "user": user.id},
            before={"member": not member, "user_name": user.name, "channel_name": channel.name},
            after={"member": member, "user_name": user.name, "channel_name": channel.name},
        ),
    )


async def describe_invite_member(context: ToolContext, arguments: dict[str, Any]) -> str:
    directory, channel = await resolve_channel_argument(context, arguments)
    user = await resolve_user(directory, arguments["user"])
    return words.invite_preview(user.label, channel.label)


async def describe_remove_member(context: ToolContext, arguments: dict[str, Any]) -> str:
    directory, channel = await resolve_channel_argument(context, arguments)
    user = await resolve_user(directory, arguments["user"])
    return words.remove_preview(user.label, channel.label)
