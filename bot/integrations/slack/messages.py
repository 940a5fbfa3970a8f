"""The Slack message tools: post, edit, delete, read, pin, unpin, react.

Each tool is a ``run`` / ``describe`` pair of functions; `bot.integrations.slack`
turns them into `Tool`s with their schemas. Arguments arrive checked.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolError, ToolResult, UndoPlan
from bot.integrations.slack.client import SUMMARY_TEXT_LIMIT, Subject, call, clip
from bot.integrations.slack.resolve import (
    ChannelRef,
    SlackDirectory,
    fetch_message,
    parse_message_reference,
    resolve_channel_argument,
    resolve_message_ts,
)

PREVIEW_LIMIT = 200  # a message quoted in a confirmation, to say which one


async def _message(
    context: ToolContext, arguments: dict[str, Any]
) -> tuple[SlackDirectory, ChannelRef, dict[str, Any]]:
    """The channel and the message ``arguments`` point at (joining the channel if needed)."""
    directory, channel = await resolve_channel_argument(context, arguments)
    ts = await resolve_message_ts(directory, channel, arguments["ts"], context)
    message = await fetch_message(context.slack, channel, ts)
    if message is None:
        raise ToolError(
            f"I can't find that message in {channel.label}.", error_class="message_not_found"
        )
    return directory, channel, message


async def _which_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    """``the message by @bob in #ops: “…”``, for confirmations (never joins a channel)."""
    directory, channel = await resolve_channel_argument(context, arguments)
    try:
        ts = await resolve_message_ts(directory, channel, arguments["ts"], context, join=False)
        message = await fetch_message(context.slack, channel, ts, join=False)
    except ToolError as exc:
        if exc.retryable or exc.error_class != "not_in_channel":
            raise
        parsed = parse_message_reference(arguments["ts"])
        if parsed is not None and parsed.latest:
            return f"the latest message in {channel.label}"
        return f"the message {arguments['ts']} in {channel.label}"
    if message is None:
        raise ToolError(
            f"I can't find that message in {channel.label}.", error_class="message_not_found"
        )
    author = await _author(directory, message)
    text = clip(str(message.get("text") or ""), PREVIEW_LIMIT)
    return f"the message by {author} in {channel.label}: “{text}”"


async def _author(directory: SlackDirectory, message: dict[str, Any]) -> str:
    if message.get("user"):
        return await directory.user_label(message["user"])
    profile = message.get("bot_profile") or {}
    return str(profile.get("name") or message.get("username") or "an app")


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
        summary=f"Posted in {channel.label}.",
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
    where = "Reply in a thread in" if arguments.get("thread_ts") else "Post in"
    return f"{where} {channel.label}: “{clip(arguments['text'])}”"


async def update_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    _, channel, message = await _message(context, arguments)
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
        summary=f"Edited the message in {channel.label}.",
        data={"channel": channel.id, "ts": ts},
        undo=UndoPlan(
            description=f"restore the previous text of the message in {channel.label}",
            params={"channel": channel.id, "ts": ts, "text": previous},
            before={"text": previous, "channel_name": channel.name},
            after={"text": updated, "channel_name": channel.name},
        ),
    )


async def describe_update_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    which = await _which_message(context, arguments)
    return f"Edit {which} — new text: “{clip(arguments['text'])}”"


async def delete_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    _, channel, message = await _message(context, arguments)
    ts = str(message["ts"])
    await call(context.slack, "chat.delete", channel=channel.id, ts=ts, subject=channel.subject)
    text = str(message.get("text") or "")
    return ToolResult(
        summary=f"Deleted the message in {channel.label}.",
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
    return f"Delete {await _which_message(context, arguments)}."


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
            "user_name": await _author(directory, message),
            "text": clip(text),
            "ts": message.get("ts"),
        }
        if len(text) > SUMMARY_TEXT_LIMIT:
            entry["truncated"] = True
        if message.get("reply_count"):
            entry["reply_count"] = message["reply_count"]
        messages.append(entry)
    count = len(messages)
    summary = (
        f"{count} message{'s' if count != 1 else ''} from {channel.label}."
        if count
        else f"No messages in {channel.label}."
    )
    return ToolResult(
        summary=summary,
        data={"channel": channel.id, "channel_name": channel.name, "messages": messages},
        outside_content=True,
    )


async def describe_read_channel(context: ToolContext, arguments: dict[str, Any]) -> str:
    _, channel = await resolve_channel_argument(context, arguments)
    return f"Read the last {arguments['limit']} messages of {channel.label}."


async def pin_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    return await _set_pin(context, arguments, pinned=True)


async def unpin_message(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    return await _set_pin(context, arguments, pinned=False)


async def _set_pin(context: ToolContext, arguments: dict[str, Any], *, pinned: bool) -> ToolResult:
    _, channel, message = await _message(context, arguments)
    ts = str(message["ts"])
    await call(
        context.slack,
        "pins.add" if pinned else "pins.remove",
        channel=channel.id,
        timestamp=ts,
        subject=channel.subject,
        join=channel.join_id,
    )
    done = "Pinned" if pinned else "Unpinned"
    undo = "unpin the message" if pinned else "pin the message again"
    return ToolResult(
        summary=f"{done} the message in {channel.label}.",
        data={"channel": channel.id, "ts": ts},
        undo=UndoPlan(
            description=f"{undo} in {channel.label}",
            params={"channel": channel.id, "ts": ts},
            before={"pinned": not pinned, "channel_name": channel.name},
            after={"pinned": pinned, "channel_name": channel.name},
        ),
    )


async def describe_pin_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    return f"Pin {await _which_message(context, arguments)}."


async def describe_unpin_message(context: ToolContext, arguments: dict[str, Any]) -> str:
    return f"Unpin {await _which_message(context, arguments)}."


def emoji_name(value: str) -> str:
    """``:Rocket:`` → ``rocket``: reactions are named without colons."""
    return value.strip().strip(":").lower()


async def add_reaction(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    directory, channel, message = await _message(context, arguments)
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
        sentences={"invalid_name": f":{name}: is not an emoji I know."},
        join=channel.join_id,
    )
    return ToolResult(
        summary=f"Reacted with :{name}: in {channel.label}.",
        data={"channel": channel.id, "ts": ts, "name": name},
        undo=UndoPlan(
            description=f"remove my :{name}: reaction in {channel.label}",
            params={"channel": channel.id, "ts": ts, "name": name},
            before={"channel_name": channel.name},
            after={"user": bot_user_id, "channel_name": channel.name},
        ),
    )


async def describe_add_reaction(context: ToolContext, arguments: dict[str, Any]) -> str:
    which = await _which_message(context, arguments)
    return f"React with :{emoji_name(arguments['name'])}: to {which}."
