"""The Slack channel tools: list, archive, unarchive, rename, topic, purpose, create.

Each tool is a ``run`` / ``describe`` pair of functions; `bot.integrations.slack.tools`
turns them into `Tool`s with their schemas. Arguments arrive checked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.integrations.base import ToolContext, ToolResult, UndoPlan
from bot.integrations.slack.client import Subject, call, clip
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.refs import ChannelRef
from bot.integrations.slack.resolve import resolve_channel_argument
from bot.messages import slack as words

Handler = Callable[[ToolContext, dict[str, Any]], Awaitable[Any]]


def channel_name(value: str) -> str:
    """What people write as a channel name, as Slack wants it: ``#Team Alpha`` → ``team-alpha``."""
    return "-".join(value.strip().removeprefix("#").lower().split())


async def list_channels(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    channels = [c for c in await SlackDirectory(context.slack).channels() if not c.is_im]
    listed = [
        {
            "id": c.id,
            "name": c.name,
            "is_private": c.is_private,
            "is_archived": c.is_archived,
            "is_member": c.is_member,
            "num_members": c.num_members,
            "created": c.created,
            "topic": clip(c.topic),
            "purpose": clip(c.purpose),
        }
        for c in channels
    ]
    labels = [words.archived_label(c.label) if c.is_archived else c.label for c in channels]
    summary = words.channels_listed(labels)
    # Topics and purposes are written by members: outside text, like channel history.
    return ToolResult(summary=clip(summary), data={"channels": listed}, outside_content=True)


async def describe_list_channels(context: ToolContext, arguments: dict[str, Any]) -> str:
    return words.LIST_CHANNELS_PREVIEW


async def archive_channel(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    return await _set_archived(context, arguments, archived=True)


async def unarchive_channel(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    return await _set_archived(context, arguments, archived=False)


async def _set_archived(
    context: ToolContext, arguments: dict[str, Any], *, archived: bool
) -> ToolResult:
    _, channel = await resolve_channel_argument(context, arguments)
    method = "conversations.archive" if archived else "conversations.unarchive"
    await call(context.slack, method, channel=channel.id, subject=channel.subject)
    undo = "unarchive" if archived else "archive"
    return ToolResult(
        summary=words.archived(channel.label, archived=archived),
        data={"channel": channel.id},
        undo=UndoPlan(
            description=f"{undo} {channel.label}" + ("" if archived else " again"),
            params={"channel": channel.id},
            before={"is_archived": not archived, "channel_name": channel.name},
            after={"is_archived": archived, "channel_name": channel.name},
        ),
    )


async def describe_archive_channel(context: ToolContext, arguments: dict[str, Any]) -> str:
    _, channel = await resolve_channel_argument(context, arguments)
    return words.archive_preview(channel.label_with_id, archive=True)


async def describe_unarchive_channel(context: ToolContext, arguments: dict[str, Any]) -> str:
    _, channel = await resolve_channel_argument(context, arguments)
    return words.archive_preview(channel.label_with_id, archive=False)


async def rename_channel(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    _, channel = await resolve_channel_argument(context, arguments)
    name = channel_name(arguments["name"])
    data = await call(
        context.slack,
        "conversations.rename",
        channel=channel.id,
        name=name,
        subject=Subject(channel=channel.label, name=name),
    )
    new_name = str((data.get("channel") or {}).get("name") or name)
    return ToolResult(
        summary=words.renamed(channel.label, new_name),
        data={"channel": channel.id, "name": new_name},
        undo=UndoPlan(
            description=f"rename #{new_name} back to {channel.label}",
            params={"channel": channel.id, "name": channel.name},
            before={"name": channel.name, "channel_name": channel.name},
            after={"name": new_name, "channel_name": new_name},
        ),
    )


async def describe_rename_channel(context: ToolContext, arguments: dict[str, Any]) -> str:
    _, channel = await resolve_channel_argument(context, arguments)
    return words.rename_preview(channel.label_with_id, channel_name(arguments["name"]))


def channel_text_tool(attribute: str) -> tuple[Handler, Handler]:
    """run and describe of set_topic / set_purpose (an empty text clears it)."""
    method = "conversations.setTopic" if attribute == "topic" else "conversations.setPurpose"

    async def run(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        _, channel = await resolve_channel_argument(context, arguments)
        previous, wanted = getattr(channel, attribute), arguments[attribute].strip()
        data = await call(
            context.slack,
            method,
            channel=channel.id,
            subject=channel.subject,
            join=channel.join_id,
            **{attribute: wanted},
        )
        now = ChannelRef.from_payload(data["channel"]) if data.get("channel") else None
        value = getattr(now, attribute) if now is not None else wanted
        summary = words.channel_text_set(attribute, channel.label, clip(value) if value else "")
        undo = (
            f"restore the {attribute} of {channel.label} to “{clip(previous)}”"
            if previous
            else f"clear the {attribute} of {channel.label}"
        )
        return ToolResult(
            summary=summary,
            data={"channel": channel.id, attribute: value},
            undo=UndoPlan(
                description=undo,
                params={"channel": channel.id, attribute: previous},
                before={attribute: previous, "channel_name": channel.name},
                after={attribute: value, "channel_name": channel.name},
            ),
        )

    async def describe(context: ToolContext, arguments: dict[str, Any]) -> str:
        _, channel = await resolve_channel_argument(context, arguments)
        wanted = arguments[attribute].strip()
        return words.channel_text_preview(attribute, channel.label, clip(wanted) if wanted else "")

    return run, describe


async def create_channel(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    name = channel_name(arguments["name"])
    data = await call(
        context.slack,
        "conversations.create",
        name=name,
        is_private=bool(arguments["is_private"]),
        subject=Subject(name=name),
    )
    channel = ChannelRef.from_payload(data.get("channel") or {})
    return ToolResult(
        summary=words.channel_created(channel.label, private=channel.is_private),
        data={"channel": channel.id, "name": channel.name, "is_private": channel.is_private},
        undo=UndoPlan(
            description=f"archive {channel.label}",
            params={"channel": channel.id},
            before={"channel_name": channel.name},
            after={"channel_name": channel.name, "is_archived": False},
        ),
    )


async def describe_create_channel(context: ToolContext, arguments: dict[str, Any]) -> str:
    name = channel_name(arguments["name"])
    return words.create_preview(name, private=bool(arguments["is_private"]))
