"""Undo of pins and reactions: pin or unpin again, remove the bot's reaction."""

from __future__ import annotations

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.slack.client import Subject, call
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.refs import ChannelRef
from bot.integrations.slack.resolve import fetch_message
from bot.integrations.slack.undo_lookups import ChannelUndo
from bot.messages import slack_undo as words

__all__ = ["RemoveReaction", "RestorePinState"]


class RestorePinState(ChannelUndo):
    """Undo of slack.pin_message (unpin) and slack.unpin_message (pin again)."""

    def __init__(self, *, pinned_after: bool) -> None:
        self.pinned_after = pinned_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        ts = str(plan.params["ts"])
        if await fetch_message(context.slack, channel, ts) is None:
            return words.MESSAGE_GONE
        pinned = await _is_pinned(context, channel, ts)
        if pinned == self.pinned_after:
            return None
        return words.message_pinned_since(pinned=pinned)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        method = "pins.remove" if self.pinned_after else "pins.add"
        await call(
            context.slack,
            method,
            channel=channel.id,
            timestamp=plan.params["ts"],
            subject=channel.subject,
            join=channel.join_id,
        )
        return words.pin_restored(channel.label, pinned_after=self.pinned_after)


async def _is_pinned(context: ToolContext, channel: ChannelRef, ts: str) -> bool:
    data = await call(context.slack, "pins.list", channel=channel.id, subject=channel.subject)
    return any((item.get("message") or {}).get("ts") == ts for item in data.get("items") or [])


class RemoveReaction(ChannelUndo):
    """Undo of slack.add_reaction: remove the bot's reaction."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        name = str(plan.params["name"])
        try:
            data = await call(
                context.slack,
                "reactions.get",
                channel=channel.id,
                timestamp=plan.params["ts"],
                full=True,
                subject=channel.subject,
            )
        except ToolError as exc:
            if exc.error_class == "message_not_found":
                return words.MESSAGE_GONE
            raise
        bot = str(plan.after.get("user") or await SlackDirectory(context.slack).bot_user_id())
        reactions = (data.get("message") or {}).get("reactions") or []
        if any(r.get("name") == name and bot in (r.get("users") or []) for r in reactions):
            return None
        return words.reaction_removed_since(name)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        name = str(plan.params["name"])
        await call(
            context.slack,
            "reactions.remove",
            channel=channel.id,
            timestamp=plan.params["ts"],
            name=name,
            subject=Subject(channel=channel.label, emoji=name),
        )
        return words.reaction_removed(name, channel.label)
