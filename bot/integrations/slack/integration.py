"""The Slack integration: messages, channels, members, pins and reactions.

Tools act through ``context.slack`` (the workspace's `AsyncWebClient`).
Arguments are what the model writes — channel and user references are
resolved by `bot.integrations.slack_resolve`, Slack's errors become
`ToolError` sentences in `bot.integrations.slack_api`, and each write returns
an `UndoPlan` run by a handler of `bot.integrations.slack_undo`.

Usage::

    integration = SlackIntegration(client)
    tool = next(t for t in integration.tools() if t.qualified_name == "slack.archive_channel")
    print(await tool.describe(context, {"channel": "#old-launch"}))  # Archive #old-launch (C…).
    result = await tool.run(context, {"channel": "#old-launch"})
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import Risk, Tool
from bot.integrations.schema import check_arguments, object_schema
from bot.integrations.slack import channels, messages
from bot.integrations.slack.undo import (
    ArchiveCreatedChannel,
    DeletePostedMessage,
    RemoveReaction,
    RepostDeletedMessage,
    RestoreArchiveState,
    RestoreChannelName,
    RestoreChannelText,
    RestoreMembership,
    RestoreMessageText,
    RestorePinState,
)
from bot.integrations.tool_factory import checked_tool

__all__ = ["SlackIntegration", "check_arguments", "slack_tools"]

DEFAULT_READ_LIMIT = 20


class SlackIntegration:
    """The Slack tools, and a health check through the workspace's client."""

    name = "slack"
    credentials = ("SLACK_BOT_TOKEN",)

    def __init__(self, client: AsyncWebClient | None = None) -> None:
        self.client = client

    def configured(self) -> bool:
        # Always on: without a token the bot runs against the sandbox emulator (console mode).
        return True

    def tools(self) -> list[Tool]:
        return slack_tools()

    async def health(self) -> bool:
        """Whether auth.test succeeds with the client this integration was given."""
        if self.client is None:
            return False
        try:
            response = await self.client.auth_test()
        except (SlackApiError, TimeoutError, aiohttp.ClientError):
            return False
        return bool(response.get("ok"))


# -------------------------------------------------------------- arguments

_CHANNEL = {
    "type": "string",
    "minLength": 1,
    "description": "The channel: <#C…|name>, #name, name, or an id (C…, G…, D…).",
}
_MESSAGE = {
    "type": "string",
    "minLength": 1,
    "description": "The message: its ts (1732262400.000100), its permalink, or 'latest'.",
}
_USER = {
    "type": "string",
    "minLength": 1,
    "description": "The person: <@U…>, @handle, handle, real name, or a user id.",
}
# A topic or purpose; empty clears it (minLength 0: an empty text is not a missing one).
_CHANNEL_TEXT = {"type": "string", "minLength": 0, "maxLength": 250}
_CHANNEL_NAME = {
    "type": "string",
    "minLength": 1,
    "maxLength": 80,
    "description": "A channel name: lowercase letters, digits, - and _.",
}


# -------------------------------------------------------------- the tool list


def slack_tools() -> list[Tool]:
    """Every Slack tool, in a stable order."""
    set_topic, describe_set_topic = channels.channel_text_tool("topic")
    set_purpose, describe_set_purpose = channels.channel_text_tool("purpose")
    message = object_schema({"channel": _CHANNEL, "ts": _MESSAGE})
    text = {
        "type": "string",
        "minLength": 1,
        "maxLength": 40_000,
        "description": "The message text (Slack mrkdwn).",
    }
    return [
        checked_tool(
            "slack",
            "post_message",
            object_schema(
                {"channel": _CHANNEL, "text": text},
                {"thread_ts": {**_MESSAGE, "description": "Reply in this message's thread."}},
            ),
            Risk.WRITE,
            messages.post_message,
            messages.describe_post_message,
            description="Post a message in a channel, or reply in a thread with thread_ts.",
            undo=DeletePostedMessage(),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "update_message",
            object_schema({"channel": _CHANNEL, "ts": _MESSAGE, "text": text}),
            Risk.WRITE,
            messages.update_message,
            messages.describe_update_message,
            description="Change the text of a message the bot posted.",
            undo=RestoreMessageText(),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "delete_message",
            message,
            Risk.DESTRUCTIVE,
            messages.delete_message,
            messages.describe_delete_message,
            description="Delete a message the bot posted.",
            undo=RepostDeletedMessage(),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "read_channel",
            object_schema(
                {"channel": _CHANNEL},
                {
                    "limit": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 100,
                        "default": DEFAULT_READ_LIMIT,
                        "description": "How many messages (1-100, default 20).",
                    }
                },
            ),
            Risk.READ,
            messages.read_channel,
            messages.describe_read_channel,
            description="Read the recent messages of a channel (oldest first).",
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "list_channels",
            object_schema({}),
            Risk.READ,
            channels.list_channels,
            channels.describe_list_channels,
            description=(
                "List the workspace's channels with their ids, archive state, members and topics."
            ),
            target_channel_argument=None,
        ),
        checked_tool(
            "slack",
            "archive_channel",
            object_schema({"channel": _CHANNEL}),
            Risk.DESTRUCTIVE,
            channels.archive_channel,
            channels.describe_archive_channel,
            description="Archive a channel.",
            undo=RestoreArchiveState(archived_after=True),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "unarchive_channel",
            object_schema({"channel": _CHANNEL}),
            Risk.WRITE,
            channels.unarchive_channel,
            channels.describe_unarchive_channel,
            description="Unarchive an archived channel.",
            undo=RestoreArchiveState(archived_after=False),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "rename_channel",
            object_schema({"channel": _CHANNEL, "name": _CHANNEL_NAME}),
            Risk.WRITE,
            channels.rename_channel,
            channels.describe_rename_channel,
            description="Rename a channel.",
            undo=RestoreChannelName(),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "set_topic",
            object_schema({"channel": _CHANNEL, "topic": _CHANNEL_TEXT}),
            Risk.WRITE,
            set_topic,
            describe_set_topic,
            description="Set a channel's topic (an empty topic clears it).",
            undo=RestoreChannelText("topic"),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "set_purpose",
            object_schema({"channel": _CHANNEL, "purpose": _CHANNEL_TEXT}),
            Risk.WRITE,
            set_purpose,
            describe_set_purpose,
            description="Set a channel's purpose (its description; empty clears it).",
            undo=RestoreChannelText("purpose"),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "create_channel",
            object_schema(
                {"name": _CHANNEL_NAME},
                {"is_private": {"type": "boolean", "default": False}},
            ),
            Risk.WRITE,
            channels.create_channel,
            channels.describe_create_channel,
            description="Create a channel, public unless is_private.",
            undo=ArchiveCreatedChannel(),
            target_channel_argument=None,
        ),
        checked_tool(
            "slack",
            "invite_member",
            object_schema({"channel": _CHANNEL, "user": _USER}),
            Risk.WRITE,
            channels.invite_member,
            channels.describe_invite_member,
            description="Invite a person to a channel.",
            undo=RestoreMembership(member_after=True),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "remove_member",
            object_schema({"channel": _CHANNEL, "user": _USER}),
            Risk.DESTRUCTIVE,
            channels.remove_member,
            channels.describe_remove_member,
            description="Remove a person from a channel.",
            undo=RestoreMembership(member_after=False),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "pin_message",
            message,
            Risk.WRITE,
            messages.pin_message,
            messages.describe_pin_message,
            description="Pin a message in its channel.",
            undo=RestorePinState(pinned_after=True),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "unpin_message",
            message,
            Risk.WRITE,
            messages.unpin_message,
            messages.describe_unpin_message,
            description="Unpin a pinned message.",
            undo=RestorePinState(pinned_after=False),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "add_reaction",
            object_schema(
                {
                    "channel": _CHANNEL,
                    "ts": _MESSAGE,
                    "name": {
                        "type": "string",
                        "minLength": 1,
                        "description": "The emoji name, e.g. eyes or white_check_mark.",
                    },
                }
            ),
            Risk.WRITE,
            messages.add_reaction,
            messages.describe_add_reaction,
            description="Add an emoji reaction to a message.",
            undo=RemoveReaction(),
            target_channel_argument="channel",
        ),
    ]
