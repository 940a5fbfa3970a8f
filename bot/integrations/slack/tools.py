"""The Slack tools: each one's schema, risk, handlers and undo, in a stable order.

Arguments are what the model writes: channel and user references are resolved
by `bot.integrations.slack.resolve`, Slack's errors become `ToolError`
sentences in `bot.integrations.slack.client`, and each write returns an
`UndoPlan` run by one of the ``*_undo`` handlers.
"""

from __future__ import annotations

from bot.integrations.base import Risk, Tool
from bot.integrations.schema import object_schema
from bot.integrations.slack import (
    channel_tools,
    member_tools,
    message_tools,
    pin_and_reaction_tools,
)
from bot.integrations.slack.arguments import CHANNEL, CHANNEL_NAME, CHANNEL_TEXT, MESSAGE, USER
from bot.integrations.slack.channel_undo import (
    ArchiveCreatedChannel,
    RestoreArchiveState,
    RestoreChannelName,
    RestoreChannelText,
)
from bot.integrations.slack.membership_undo import RestoreMembership
from bot.integrations.slack.message_undo import (
    DeletePostedMessage,
    RepostDeletedMessage,
    RestoreMessageText,
)
from bot.integrations.slack.pin_and_reaction_undo import RemoveReaction, RestorePinState
from bot.integrations.tool_factory import checked_tool

__all__ = ["DEFAULT_READ_LIMIT", "slack_tools"]

DEFAULT_READ_LIMIT = 20

# -------------------------------------------------------------- the tool list


def slack_tools() -> list[Tool]:
    """Every Slack tool, in a stable order."""
    set_topic, describe_set_topic = channel_tools.channel_text_tool("topic")
    set_purpose, describe_set_purpose = channel_tools.channel_text_tool("purpose")
    message = object_schema({"channel": CHANNEL, "ts": MESSAGE})
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
                {"channel": CHANNEL, "text": text},
                {"thread_ts": {**MESSAGE, "description": "Reply in this message's thread."}},
            ),
            Risk.WRITE,
            message_tools.post_message,
            message_tools.describe_post_message,
            description="Post a message in a channel, or reply in a thread with thread_ts.",
            undo=DeletePostedMessage(),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "update_message",
            object_schema({"channel": CHANNEL, "ts": MESSAGE, "text": text}),
            Risk.WRITE,
            message_tools.update_message,
            message_tools.describe_update_message,
            description="Change the text of a message the bot posted.",
            undo=RestoreMessageText(),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "delete_message",
            message,
            Risk.DESTRUCTIVE,
            message_tools.delete_message,
            message_tools.describe_delete_message,
            description="Delete a message the bot posted.",
            undo=RepostDeletedMessage(),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "read_channel",
            object_schema(
                {"channel": CHANNEL},
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
            message_tools.read_channel,
            message_tools.describe_read_channel,
            description="Read the recent messages of a channel (oldest first).",
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "list_channels",
            object_schema({}),
            Risk.READ,
            channel_tools.list_channels,
            channel_tools.describe_list_channels,
            description=(
                "List the workspace's channels with their ids, archive state, members and topics."
            ),
            target_channel_argument=None,
        ),
        checked_tool(
            "slack",
            "archive_channel",
            object_schema({"channel": CHANNEL}),
            Risk.DESTRUCTIVE,
            channel_tools.archive_channel,
            channel_tools.describe_archive_channel,
            description="Archive a channel.",
            undo=RestoreArchiveState(archived_after=True),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "unarchive_channel",
            object_schema({"channel": CHANNEL}),
            Risk.WRITE,
            channel_tools.unarchive_channel,
            channel_tools.describe_unarchive_channel,
            description="Unarchive an archived channel.",
            undo=RestoreArchiveState(archived_after=False),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "rename_channel",
            object_schema({"channel": CHANNEL, "name": CHANNEL_NAME}),
            Risk.WRITE,
            channel_tools.rename_channel,
            channel_tools.describe_rename_channel,
            description="Rename a channel.",
            undo=RestoreChannelName(),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "set_topic",
            object_schema({"channel": CHANNEL, "topic": CHANNEL_TEXT}),
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
            object_schema({"channel": CHANNEL, "purpose": CHANNEL_TEXT}),
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
                {"name": CHANNEL_NAME},
                {"is_private": {"type": "boolean", "default": False}},
            ),
            Risk.WRITE,
            channel_tools.create_channel,
            channel_tools.describe_create_channel,
            description="Create a channel, public unless is_private.",
            undo=ArchiveCreatedChannel(),
            target_channel_argument=None,
        ),
        checked_tool(
            "slack",
            "invite_member",
            object_schema({"channel": CHANNEL, "user": USER}),
            Risk.WRITE,
            member_tools.invite_member,
            member_tools.describe_invite_member,
            description="Invite a person to a channel.",
            undo=RestoreMembership(member_after=True),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "remove_member",
            object_schema({"channel": CHANNEL, "user": USER}),
            Risk.DESTRUCTIVE,
            member_tools.remove_member,
            member_tools.describe_remove_member,
            description="Remove a person from a channel.",
            undo=RestoreMembership(member_after=False),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "pin_message",
            message,
            Risk.WRITE,
            pin_and_reaction_tools.pin_message,
            pin_and_reaction_tools.describe_pin_message,
            description="Pin a message in its channel.",
            undo=RestorePinState(pinned_after=True),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "unpin_message",
            message,
            Risk.WRITE,
            pin_and_reaction_tools.unpin_message,
            pin_and_reaction_tools.describe_unpin_message,
            description="Unpin a pinned message.",
            undo=RestorePinState(pinned_after=False),
            target_channel_argument="channel",
        ),
        checked_tool(
            "slack",
            "add_reaction",
            object_schema(
                {
                    "channel": CHANNEL,
                    "ts": MESSAGE,
                    "name": {
                        "type": "string",
                        "minLength": 1,
                        "description": "The emoji name, e.g. eyes or white_check_mark.",
                    },
                }
            ),
            Risk.WRITE,
            pin_and_reaction_tools.add_reaction,
            pin_and_reaction_tools.describe_add_reaction,
            description="Add an emoji reaction to a message.",
            undo=RemoveReaction(),
            target_channel_argument="channel",
        ),
    ]
