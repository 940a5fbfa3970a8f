"""Undo of invite_member and remove_member: take the person out again, or invite them back."""

from __future__ import annotations

from bot.integrations.base import ToolContext, UndoPlan
from bot.integrations.slack.client import Subject, call
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.refs import ChannelRef
from bot.integrations.slack.undo_lookups import ChannelUndo
from bot.messages import slack_undo as words

__all__ = ["RestoreMembership", "is_channel_member"]


class RestoreMembership(ChannelUndo):
    """Undo of slack.invite_member (remove) and slack.remove_member (invite back)."""

    def __init__(self, *, member_after: bool) -> None:
        self.member_after = member_after

    async def _user_label(self, context: ToolContext, plan: UndoPlan) -> str:
        user = await SlackDirectory(context.slack).user_info(str(plan.params["user"]))
        if user is not None:
            return user.label
        name = plan.before.get("user_name")
        return f"@{name}" if name else f"<@{plan.params['user']}>"

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        member = await is_channel_member(context, channel, str(plan.params["user"]))
        if member == self.member_after:
            return None
        user = await self._user_label(context, plan)
        if self.member_after:
            return words.member_left_since(user, channel.label)
        return words.member_back_since(user, channel.label)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        user = await self._user_label(context, plan)
        subject = Subject(channel=channel.label, user=user)
        user_id = str(plan.params["user"])
        if self.member_after:
            await call(
                context.slack,
                "conversations.kick",
                channel=channel.id,
                user=user_id,
                subject=subject,
                sentences={"not_in_channel": words.member_gone(user, channel.label)},
                join=channel.join_id,
            )
            return words.member_removed_again(user, channel.label)
        await call(
            context.slack,
            "conversations.invite",
            channel=channel.id,
            users=user_id,
            subject=subject,
            join=channel.join_id,
        )
        return words.member_invited_back(user, channel.label)


async def is_channel_member(context: ToolContext, channel: ChannelRef, user_id: str) -> bool:
    """Whether ``user_id`` is in the channel now (conversations.members, every page)."""
    cursor: str | None = None
    for _ in range(100):
        data = await call(
            context.slack,
            "conversations.members",
            channel=channel.id,
            limit=500,
            cursor=cursor,
            subject=channel.subject,
        )
        if user_id in (data.get("members") or []):
            return True
        cursor = (data.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return False
    return False
