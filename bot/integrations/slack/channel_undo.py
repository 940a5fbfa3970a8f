"""Undo of the channel tools: archive state, a created channel, the name, topic and purpose."""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.slack.client import Subject, call
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.refs import ChannelRef
from bot.integrations.slack.undo_lookups import ChannelUndo
from bot.messages import slack_undo as words

__all__ = [
    "ArchiveCreatedChannel",
    "RestoreArchiveState",
    "RestoreChannelName",
    "RestoreChannelText",
]

_SYSTEM_SUBTYPES = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose"})


class RestoreArchiveState(ChannelUndo):
    """Undo of slack.archive_channel (unarchive) and slack.unarchive_channel (archive again)."""

    def __init__(self, *, archived_after: bool) -> None:
        self.archived_after = archived_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel = await self._channel(context, plan)
        if channel is None:
            return words.channel_gone(self._label(None, plan))
        if channel.is_archived == self.archived_after:
            return None
        return words.channel_archived_since(channel.label, archived=not self.archived_after)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        method = "conversations.unarchive" if self.archived_after else "conversations.archive"
        await call(context.slack, method, channel=channel.id, subject=channel.subject)
        return words.archive_restored(channel.label, archived_after=self.archived_after)


class ArchiveCreatedChannel(ChannelUndo):
    """Undo of slack.create_channel: archive the new channel (Slack bots cannot delete one)."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        created_as = plan.after.get("channel_name")
        if created_as and channel.name != created_as:
            return words.channel_renamed_since(created_as, channel.label)
        if await _others_posted(context, channel):
            return words.people_posted_since(channel.label)
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        await call(
            context.slack, "conversations.archive", channel=channel.id, subject=channel.subject
        )
        return words.created_channel_archived(channel.label)


async def _others_posted(context: ToolContext, channel: ChannelRef) -> bool:
    """Whether anyone but the bot wrote in the channel (unknown counts as no)."""
    try:
        data = await call(context.slack, "conversations.history", channel=channel.id, limit=20)
    except ToolError as exc:
        if exc.retryable:
            raise
        return False
    bot = await SlackDirectory(context.slack).bot_user_id()
    return any(
        m.get("subtype") not in _SYSTEM_SUBTYPES and m.get("user") not in (None, bot)
        for m in data.get("messages") or []
    )


class RestoreChannelName(ChannelUndo):
    """Undo of slack.rename_channel: the previous name."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel = await self._channel(context, plan)
        if channel is None:
            return words.channel_gone(self._label(None, plan))
        renamed_to = str(plan.after["name"])
        if channel.name != renamed_to:
            return words.channel_renamed_since(renamed_to, channel.label)
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        name = str(plan.params["name"])
        await call(
            context.slack,
            "conversations.rename",
            channel=channel.id,
            name=name,
            subject=Subject(channel=channel.label, name=name),
        )
        return words.name_restored(channel.label, name)


class RestoreChannelText(ChannelUndo):
    """Undo of slack.set_topic / slack.set_purpose: the previous text."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute  # "topic" or "purpose"
        self.method = (
            "conversations.setTopic" if attribute == "topic" else "conversations.setPurpose"
        )

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        current = getattr(channel, self.attribute)
        if current == plan.after.get(self.attribute, ""):
            return None
        return words.channel_text_changed_since(self.attribute, channel.label, current)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        previous = str(plan.params.get(self.attribute) or "")
        text: dict[str, Any] = {self.attribute: previous}  # topic= or purpose=
        await call(
            context.slack,
            self.method,
            channel=channel.id,
            subject=channel.subject,
            join=channel.join_id,
            **text,
        )
        return words.channel_text_restored(self.attribute, channel.label, previous)
