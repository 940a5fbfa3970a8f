"""Finding the Slack object a reference means: a channel, a member, a message.

Lookups go through a `SlackDirectory`, which lists channels and users at most
once: make one per tool call, so each call sees the workspace as it is now.
How references are written is in `bot.integrations.slack.references`.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import ToolContext, ToolError
from bot.integrations.slack.client import call
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.references import (
    parse_channel_reference,
    parse_message_reference,
    parse_user_reference,
)
from bot.integrations.slack.refs import ChannelRef, UserRef
from bot.messages import slack as words

__all__ = [
    "fetch_message",
    "resolve_channel",
    "resolve_channel_argument",
    "resolve_message_ts",
    "resolve_user",
]

#: Messages Slack writes itself (joins, topic changes …): not what "the latest message" means.
_SYSTEM_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "group_join",
        "group_leave",
        "pinned_item",
        "unpinned_item",
    }
)


async def resolve_channel(directory: SlackDirectory, reference: str) -> ChannelRef:
    """The channel a reference means; `ToolError` ``channel_not_found`` when there is none."""
    channel_id, name = parse_channel_reference(reference)
    if channel_id is None and not name:
        raise ToolError(words.NO_CHANNEL_GIVEN, error_class="channel_not_found")
    if channel_id is not None:
        found = await directory.channel_info(channel_id)
        if found is not None:
            return found
        if not name:
            raise ToolError(
                words.channel_id_not_found(channel_id),
                error_class="channel_not_found",
            )
    for channel in await directory.channels():
        if not channel.is_im and channel.name.lower() == name:
            return channel
    raise ToolError(words.channel_name_not_found(name), error_class="channel_not_found")


async def resolve_channel_argument(
    context: ToolContext, arguments: dict[str, Any]
) -> tuple[SlackDirectory, ChannelRef]:
    """A fresh directory and the channel of a tool's ``channel`` argument."""
    directory = SlackDirectory(context.slack)
    return directory, await resolve_channel(directory, arguments["channel"])


async def resolve_user(directory: SlackDirectory, reference: str) -> UserRef:
    """The member a reference means: by id, handle, display name, real name or first name."""
    user_id, name = parse_user_reference(reference)
    if user_id is None and not name:
        raise ToolError(words.NO_PERSON_GIVEN, error_class="user_not_found")
    if user_id is not None:
        found = await directory.user_info(user_id)
        if found is not None and not found.deleted:
            return found
        if not name:
            raise ToolError(words.user_id_not_found(user_id), error_class="user_not_found")
    wanted = name.casefold()
    people = [u for u in await directory.users() if not u.deleted]
    matchers = (
        lambda u: u.name.casefold() == wanted,
        lambda u: u.display_name.casefold() == wanted,
        lambda u: u.real_name.casefold() == wanted,
        lambda u: u.real_name.casefold().split(" ")[0] == wanted,
    )
    for matches in matchers:
        found_all = [u for u in people if matches(u)]
        if len(found_all) == 1:
            return found_all[0]
        if len(found_all) > 1:
            names = ", ".join(u.label for u in found_all)
            raise ToolError(
                words.several_people_match(name, names),
                error_class="ambiguous_user",
            )
    raise ToolError(words.person_not_found(name), error_class="user_not_found")


async def resolve_message_ts(
    directory: SlackDirectory,
    channel: ChannelRef,
    reference: str,
    context: ToolContext,
    *,
    join: bool = True,
) -> str:
    """The ts of the message a reference means, in ``channel``.

    ``latest`` is the newest message of the channel that is not the request
    itself (the thread the request started, or a message of the requester
    that mentions the bot) and not one Slack wrote (joins, topic changes).
    ``join`` lets a ``latest`` lookup join a public channel the bot is not in.
    """
    parsed = parse_message_reference(reference)
    if parsed is None:
        raise ToolError(
            words.not_a_message_reference(reference),
            error_class="invalid_message",
        )
    if parsed.latest:
        return await _latest_ts(directory, channel, context, join=join)
    if parsed.channel_id is not None and parsed.channel_id != channel.id:
        raise ToolError(
            words.link_in_another_channel(parsed.channel_id, channel.label),
            error_class="channel_mismatch",
        )
    assert parsed.ts is not None
    return parsed.ts


async def _latest_ts(
    directory: SlackDirectory, channel: ChannelRef, context: ToolContext, *, join: bool
) -> str:
    data = await call(
        directory.client,
        "conversations.history",
        channel=channel.id,
        limit=20,
        subject=channel.subject,
        join=channel.join_id if join else None,
    )
    here = channel.id == context.channel_id
    for message in data.get("messages") or []:
        if message.get("subtype") in _SYSTEM_SUBTYPES:
            continue
        if here and message.get("ts") == context.thread_ts:
            continue
        if here and message.get("user") == context.user_id:
            bot = await directory.bot_user_id()
            if f"<@{bot}>" in str(message.get("text") or ""):
                continue
        return str(message["ts"])
    raise ToolError(words.no_recent_message(channel.label), error_class="message_not_found")


async def fetch_message(
    client: AsyncWebClient, channel: ChannelRef, ts: str, *, join: bool = True
) -> dict[str, Any] | None:
    """The message with this ts (a thread reply too), or None when it does not exist."""
    data = await call(
        client,
        "conversations.history",
        channel=channel.id,
        latest=ts,
        oldest=ts,
        inclusive=True,
        limit=1,
        subject=channel.subject,
        join=channel.join_id if join else None,
    )
    for message in data.get("messages") or []:
        if message.get("ts") == ts:
            return message
    try:
        data = await call(
            client,
            "conversations.replies",
            channel=channel.id,
            ts=ts,
            oldest=ts,
            inclusive=True,
            limit=10,
            subject=channel.subject,
        )
    except ToolError as exc:
        if exc.error_class in {"thread_not_found", "message_not_found"}:
            return None
        raise
    return next((m for m in data.get("messages") or [] if m.get("ts") == ts), None)
