"""The Slack message tools: post, edit, delete, read.

Each tool is a ``run`` / ``describe`` pair of functions; `bot.integrations.slack.tools`
turns them into `Tool`s with their schemas. Arguments arrive checked.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolResult, UndoPlan
from bot.integrations.slack.client import SUMMARY_TEXT_LIMIT, call, clip
from bot.integrations.slack.message_lookup import author_label, message_of, which_message
from bot.integrations.slack.resolve import (
    resolve_channel_argument,
    resolve_message_ts,
)
from bot.messages import slack as words


def _reply_to(message: dict[str, Any]) -> str | None:
    """The thread a message replies in, if it is a reply."""
    thread_ts = message.get("thread_ts")
    return str(thread_ts) if thread_ts and thread_ts != message.get("ts") else None


async def post_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    directory, channel = await resolve_channel_argument(context, arguments)
    thread_ts = arguments.get("thread_ts")
    if thread_ts:
        thread_ts = await resolve_message_ts(directory, channel, thread_ts, context)
    data = await call(
        context.slack,
        "chat.postMessage",
        channel=channel.id,
        text=arguments["text"],
        thread_ts=thread_ts,
        unfurl_links=False,
        unfurl_media=False,
        subject=channel.subject,
        join=channel.join_id,
    )
    ts = str(data.get("ts") or "")
    posted = str((data.get("message") or {}).get("text") or arguments["text"])
    return ToolResult(
        summary=words.posted(channel.label),
        data={"channel": channel.id, "ts": ts, "thread_ts": thread_ts},
        undo=UndoPlan(
            description=f"delete the message I posted in {channel.label}",
            params={"channel": channel.id, "ts": ts},
            before={"channel_name": channel.name},
            after={"text": posted, "channel_name": channel.name},
        ),
    )


async def describe_post_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    _, channel = await resolve_channel_argument(context, arguments)
    in_thread = bool(arguments.get("thread_ts"))
    return words.post_preview(channel.label, clip(arguments["text"]), in_thread=in_thread)


async def update_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    _, channel, message = await message_of(context, arguments)
    ts, previous = str(message["ts"]), str(message.get("text") or "")
    data = await call(
        context.slack,
        "chat.update",
        channel=channel.id,
        ts=ts,
        text=arguments["text"],
        subject=channel.subject,
    )
    updated = str((data.get("message") or {}).get("text") or data.get("text") or arguments["text"])
    return ToolResult(
        summary=words.edited(channel.label),
        data={"channel": channel.id, "ts": ts},
        undo=UndoPlan(
            description=f"restore the previous text of the message in {channel.label}",
            params={"channel": channel.id, "ts": ts, "text": previous},
            before={"text": previous, "channel_name": channel.name},
            after={"text": updated, "channel_name": channel.name},
        ),
    )


async def describe_update_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    which = await which_message(context, arguments)
    return words.edit_preview(which, clip(arguments["text"]))


async def delete_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    _, channel, message = await message_of(context, arguments)
    ts = str(message["ts"])
    await call(context.slack, "chat.delete", channel=channel.id, ts=ts, subject=channel.subject)
    text = str(message.get("text") or "")
    return ToolResult(
        summary=words.deleted(channel.label),
        data={"channel": channel.id, "ts": ts},
        undo=UndoPlan(
            description=f"post the deleted message again in {channel.label}",
            params={
                "channel": channel.id,
                "ts": ts,
                "text": text,
                "user": message.get("user"),
                "thread_ts": _reply_to(message),
            },
            before={"text": text, "user": message.get("user"), "channel_name": channel.name},
            after={"deleted": True, "channel_name": channel.name},
        ),
    )


async def describe_delete_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    return words.delete_preview(await which_message(context, arguments))


async def read_channel(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    directory, channel = await resolve_channel_argument(context, arguments)
    data = await call(
        context.slack,
        "conversations.history",
        channel=channel.id,
        limit=arguments["limit"],
        subject=channel.subject,
        join=channel.join_id,
    )
    messages = []
    for message in reversed(data.get("messages") or []):  # Slack sends newest first
        text = str(message.get("text") or "")
        entry: dict[str, Any] = {
            "user": message.get("user") or message.get("bot_id") or "",
            "user_name": await author_label(directory, message),
            "text": clip(text),
            "ts": message.get("ts"),
        }
        if len(text) > SUMMARY_TEXT_LIMIT:
            entry["truncated"] = True
        if message.get("reply_count"):
            entry["reply_count"] = message["reply_count"]
        messages.append(entry)
    return ToolResult(
        summary=words.messages_read(len(messages), channel.label),
        data={"channel": channel.id, "channel_name": channel.name, "messages": messages},
        outside_content=True,
    )


async def describe_read_channel(context: ToolContext, arguments: dict[str, Any]) -> str:
    _, channel = await resolve_channel_argument(context, arguments)
    return words.read_preview(arguments["limit"], channel.label)
