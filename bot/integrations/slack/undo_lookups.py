"""What every Slack undo handler looks up: the plan's channel as it is now, and its name.

Each handler reads only the `UndoPlan` a tool returned (ids in ``params``,
the state before and after the action in ``before`` / ``after``), so it works
after a restart. Names in sentences are looked up again, because a channel may
have been renamed since; the stored names are the fallback.
"""

from __future__ import annotations

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.refs import ChannelRef
from bot.messages import slack_undo as words

__all__ = ["ChannelUndo"]


class ChannelUndo:
    """Shared lookups: the channel of the plan as it is now, and its name for sentences."""

    async def _channel(self, context: ToolContext, plan: UndoPlan) -> ChannelRef | None:
        return await SlackDirectory(context.slack).channel_info(str(plan.params["channel"]))

    def _label(self, channel: ChannelRef | None, plan: UndoPlan) -> str:
        if channel is not None:
            return channel.label
        name = plan.before.get("channel_name") or plan.after.get("channel_name")
        return f"#{name}" if name else words.THAT_CHANNEL

    async def _gone_or_archived(
        self, context: ToolContext, plan: UndoPlan
    ) -> tuple[ChannelRef | None, str | None]:
        """(channel, None) when it can be acted on; (None, reason) when it is gone or archived."""
        channel = await self._channel(context, plan)
        if channel is None:
            return None, words.channel_gone(self._label(None, plan))
        if channel.is_archived:
            return None, words.channel_archived_since(channel.label)
        return channel, None

    async def _require(self, context: ToolContext, plan: UndoPlan) -> ChannelRef:
        channel = await self._channel(context, plan)
        if channel is None:
            raise ToolError(
                words.channel_gone(self._label(None, plan)), error_class="channel_not_found"
            )
        return channel
