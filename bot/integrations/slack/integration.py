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

from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import Risk, Tool, UndoHandler
from bot.integrations.schema import Handler, check_arguments, checked, object_schema
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
from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.slack import SLACK_RULES

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

    def offline_rules(self) -> tuple[OfflineRule, ...]:
        """What the offline planner understands for Slack (`bot.planning.offline.rules`)."""
        return SLACK_RULES

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
_CHANNEL_NAME = {
    "type": "string",
    "minLength": 1,
    "maxLength": 80,
    "description": "A channel name: lowercase letters, digits, - and _.",
}


# -------------------------------------------------------------- the tool list


def _tool(
    name: str,
    description: str,
    parameters: dict[str, Any],
    risk: Risk,
    run: Handler,
    describe: Handler,
    undo: UndoHandler | None = None,
    target_channel_argument: str | None = "channel",
) -> Tool:
    return Tool(
        integration="slack",
        name=name,
        description=description,
        parameters=parameters,
        risk=risk,
        run=checked(parameters, run),
        describe=checked(parameters, describe),
        undo=undo,
        target_channel_argument=target_channel_argument,
    )


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
        _tool(
            "post_message",
            "Post a message in a channel, or reply in a thread with thread_ts.",
            object_schema(
                {"channel": _CHANNEL, "text": text},
                {"thread_ts": {**_MESSAGE, "description": "Reply in this message's thread."}},
            ),
            Risk.WRITE,
            messages.post_message,
            messages.describe_post_message,
            DeletePostedMessage(),
        ),
        _tool(
            "update_message",
            "Change the text of a message the bot posted.",
            object_schema({"channel": _CHANNEL, "ts": _MESSAGE, "text": text}),
            Risk.WRITE,
            messages.update_message,
            messages.describe_update_message,
            RestoreMessageText(),
        ),
        _tool(
            "delete_message",
            "Delete a message the bot posted.",
            message,
            Risk.DESTRUCTIVE,
            messages.delete_message,
            messages.describe_delete_message,
            RepostDeletedMessage(),
        ),
        _tool(
            "read_channel",
            "Read the recent messages of a channel (oldest first).",
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
        ),
        _tool(
            "list_channels",
            "List the workspace's channels with their ids, archive state, members and topics.",
            object_schema({}),
            Risk.READ,
            channels.list_channels,
            channels.describe_list_channels,
            target_channel_argument=None,
        ),
        _tool(
            "archive_channel",
            "Archive a channel.",
            object_schema({"channel": _CHANNEL}),
            Risk.DESTRUCTIVE,
            channels.archive_channel,
            channels.describe_archive_channel,
            RestoreArchiveState(archived_after=True),
        ),
        _tool(
            "unarchive_channel",
            "Unarchive an archived channel.",
            object_schema({"channel": _CHANNEL}),
            Risk.WRITE,
            channels.unarchive_channel,
            channels.describe_unarchive_channel,
            RestoreArchiveState(archived_after=False),
        ),
        _tool(
            "rename_channel",
            "Rename a channel.",
            object_schema({"channel": _CHANNEL, "name": _CHANNEL_NAME}),
            Risk.WRITE,
            channels.rename_channel,
            channels.describe_rename_channel,
            RestoreChannelName(),
        ),
        _tool(
            "set_topic",
            "Set a channel's topic (an empty topic clears it).",
            object_schema({"channel": _CHANNEL, "topic": {"type": "string", "maxLength": 250}}),
            Risk.WRITE,
            set_topic,
            describe_set_topic,
            RestoreChannelText("topic"),
        ),
        _tool(
            "set_purpose",
            "Set a channel's purpose (its description; empty clears it).",
            object_schema({"channel": _CHANNEL, "purpose": {"type": "string", "maxLength": 250}}),
            Risk.WRITE,
            set_purpose,
            describe_set_purpose,
            RestoreChannelText("purpose"),
        ),
        _tool(
            "create_channel",
            "Create a channel, public unless is_private.",
            object_schema(
                {"name": _CHANNEL_NAME},
                {"is_private": {"type": "boolean", "default": False}},
            ),
            Risk.WRITE,
            channels.create_channel,
            channels.describe_create_channel,
            ArchiveCreatedChannel(),
            target_channel_argument=None,
        ),
        _tool(
            "invite_member",
            "Invite a person to a channel.",
            object_schema({"channel": _CHANNEL, "user": _USER}),
            Risk.WRITE,
            channels.invite_member,
            channels.describe_invite_member,
            RestoreMembership(member_after=True),
        ),
        _tool(
            "remove_member",
            "Remove a person from a channel.",
            object_schema({"channel": _CHANNEL, "user": _USER}),
            Risk.DESTRUCTIVE,
            channels.remove_member,
            channels.describe_remove_member,
            RestoreMembership(member_after=False),
        ),
        _tool(
            "pin_message",
            "Pin a message in its channel.",
            message,
            Risk.WRITE,
            messages.pin_message,
            messages.describe_pin_message,
            RestorePinState(pinned_after=True),
        ),
        _tool(
            "unpin_message",
            "Unpin a pinned message.",
            message,
            Risk.WRITE,
            messages.unpin_message,
            messages.describe_unpin_message,
            RestorePinState(pinned_after=False),
        ),
        _tool(
            "add_reaction",
            "Add an emoji reaction to a message.",
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
            RemoveReaction(),
        ),
    ]
