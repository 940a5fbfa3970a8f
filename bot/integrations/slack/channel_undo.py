"""Undo of the channel tools: archive state, a created channel, the name, topic and purpose."""

from __future__ import annotations

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.slack.client import Subject, call
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.refs import ChannelRef
from bot.integrations.slack.undo_lookups import ChannelUndo

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
            return f"{self._label(None, plan)} no longer exists."
        if channel.is_archived == self.archived_after:
            return None
        change = "unarchived" if self.archived_after else "archived"
        return f"{channel.label} was {change} since."

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        method = "conversations.unarchive" if self.archived_after else "conversations.archive"
        await call(context.slack, method, channel=channel.id, subject=channel.subject)
        if self.archived_after:
            return f"Unarchived {channel.label}."
        return f"Archived {channel.label} again."


class ArchiveCreatedChannel(ChannelUndo):
    """Undo of slack.create_channel: archive the new channel (Slack bots cannot delete one)."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        created_as = plan.after.get("channel_name")
        if created_as and channel.name != created_as:
            return f"#{created_as} was renamed since to {channel.label}."
        if await _others_posted(context, channel):
            return f"People have posted in {channel.label} since."
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        await call(
            context.slack, "conversations.archive", channel=channel.id, subject=channel.subject
        )
        return f"Archived {channel.label}."


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
            return f"{self._label(None, plan)} no longer exists."
        renamed_to = str(plan.after["name"])
        if channel.name != renamed_to:
            return f"#{renamed_to} was renamed since to {channel.label}."
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
        return f"Renamed {channel.label} back to #{name}."


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
        if not current:
            return f"The {self.attribute} of {channel.label} was cleared since."
        return f"The {self.attribute} of {channel.label} was changed since to “{current}”."

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        previous = str(plan.params.get(self.attribute) or "")
        await call(
            context.slack,
            self.method,
            channel=channel.id,
            subject=channel.subject,
            join=channel.join_id,
            **{self.attribute: previous},
        )
        if not previous:
            return f"Cleared the {self.attribute} of {channel.label} again."
        return f"Restored the {self.attribute} of {channel.label} to “{previous}”."
