"""The message a tool's ``channel`` and ``ts`` arguments point at, and how confirmations name it."""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolError
from bot.integrations.slack.client import clip
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.references import parse_message_reference
from bot.integrations.slack.refs import ChannelRef
from bot.integrations.slack.resolve import (
    fetch_message,
    resolve_channel_argument,
    resolve_message_ts,
)
from bot.messages import slack as words

__all__ = ["PREVIEW_LIMIT", "author_label", "message_of", "which_message"]

PREVIEW_LIMIT = 200  # a message quoted in a confirmation, to say which one


async def message_of(
    context: ToolContext, arguments: dict[str, Any]
) -> tuple[SlackDirectory, ChannelRef, dict[str, Any]]:
    """The channel and the message ``arguments`` point at (joining the channel if needed)."""
    directory, channel = await resolve_channel_argument(context, arguments)
    ts = await resolve_message_ts(directory, channel, arguments["ts"], context)
    message = await fetch_message(context.slack, channel, ts)
    if message is None:
        raise ToolError(words.message_not_found(channel.label), error_class="message_not_found")
    return directory, channel, message


async def which_message(context: ToolContext, arguments: dict[str, Any]) -> str:
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
            return words.the_latest_message(channel.label)
        return words.the_message_at(arguments["ts"], channel.label)
    if message is None:
        raise ToolError(words.message_not_found(channel.label), error_class="message_not_found")
    author = await author_label(directory, message)
    text = clip(str(message.get("text") or ""), PREVIEW_LIMIT)
    return words.the_message_by(author, channel.label, text)


async def author_label(directory: SlackDirectory, message: dict[str, Any]) -> str:
    if message.get("user"):
        return await directory.user_label(message["user"])
    profile = message.get("bot_profile") or {}
    return str(profile.get("name") or message.get("username") or "an app")
