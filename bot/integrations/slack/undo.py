"""Undo handlers of the Slack tools: what changed since, and the compensating call.

Each handler reads only the `UndoPlan` a tool returned (ids in ``params``,
the state before and after the action in ``before`` / ``after``), so it works
after a restart. Names in sentences are looked up again, because a channel may
have been renamed since; the stored names are the fallback.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.slack.client import Subject, call
from bot.integrations.slack.resolve import ChannelRef, SlackDirectory, fetch_message

__all__ = [
    "ArchiveCreatedChannel",
    "DeletePostedMessage",
    "RemoveReaction",
    "RepostDeletedMessage",
    "RestoreArchiveState",
    "RestoreChannelName",
    "RestoreChannelText",
    "RestoreMembership",
    "RestoreMessageText",
    "RestorePinState",
    "attribution_note",
    "is_channel_member",
]

MAX_MESSAGE_CHARS = 40_000
_SYSTEM_SUBTYPES = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose"})


class _ChannelUndo:
    """Shared lookups: the channel of the plan as it is now, and its name for sentences."""

    async def _channel(self, context: ToolContext, plan: UndoPlan) -> ChannelRef | None:
        return await SlackDirectory(context.slack).channel_info(str(plan.params["channel"]))

    def _label(self, channel: ChannelRef | None, plan: UndoPlan) -> str:
        if channel is not None:
            return channel.label
        name = plan.before.get("channel_name") or plan.after.get("channel_name")
        return f"#{name}" if name else "That channel"

    async def _gone_or_archived(
        self, context: ToolContext, plan: UndoPlan
    ) -> tuple[ChannelRef | None, str | None]:
        """(channel, None) when it can be acted on; (None, reason) when it is gone or archived."""
        channel = await self._channel(context, plan)
        if channel is None:
            return None, f"{self._label(None, plan)} no longer exists."
        if channel.is_archived:
            return None, f"{channel.label} was archived since."
        return channel, None

    async def _require(self, context: ToolContext, plan: UndoPlan) -> ChannelRef:
        channel = await self._channel(context, plan)
        if channel is None:
            raise ToolError(
                f"{self._label(None, plan)} no longer exists.", error_class="channel_not_found"
            )
        return channel


# ------------------------------------------------------------------ messages


class _MessageUndo(_ChannelUndo):
    """Undo of an action on one message: it must still exist and read as the action left it."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        message = await fetch_message(context.slack, channel, str(plan.params["ts"]))
        if message is None:
            return "That message no longer exists."
        if "text" in plan.after and message.get("text") != plan.after["text"]:
            return "That message was edited since."
        return None


class DeletePostedMessage(_MessageUndo):
    """Undo of slack.post_message: delete the message the bot posted."""

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        await call(
            context.slack,
            "chat.delete",
            channel=channel.id,
            ts=plan.params["ts"],
            subject=channel.subject,
        )
        return f"Deleted the message I posted in {channel.label}."


class RestoreMessageText(_MessageUndo):
    """Undo of slack.update_message: put the previous text back."""

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        await call(
            context.slack,
            "chat.update",
            channel=channel.id,
            ts=plan.params["ts"],
            text=plan.params["text"],
            subject=channel.subject,
        )
        return f"Restored the previous text of the message in {channel.label}."


def attribution_note(user_id: str | None, ts: str) -> str:
    """``Restored by Kaizen — originally posted by <@U…> at <date>`` (in the reader's zone)."""
    seconds = int(float(ts))
    fallback = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    date = f"<!date^{seconds}^{{date_short_pretty}} at {{time}}|{fallback}>"
    author = f"<@{user_id}>" if user_id else "someone"
    return f"Restored by Kaizen — originally posted by {author} at {date}"


class RepostDeletedMessage(_ChannelUndo):
    """Undo of slack.delete_message: post the original text again, saying whose it was."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        _, reason = await self._gone_or_archived(context, plan)
        return reason

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        channel = await self._require(context, plan)
        note = attribution_note(plan.params.get("user"), str(plan.params["ts"]))
        original = str(plan.params.get("text") or "")
        room = MAX_MESSAGE_CHARS - len(note) - 3
        text = f"{original[:room]}\n\n{note}" if original else note
        arguments: dict[str, Any] = {
            "channel": channel.id,
            "text": text,
            "unfurl_links": False,
            "unfurl_media": False,
            "subject": channel.subject,
            "join": channel.join_id,
        }
        thread_ts = plan.params.get("thread_ts")
        try:
            await call(context.slack, "chat.postMessage", thread_ts=thread_ts, **arguments)
        except ToolError as exc:
            if not thread_ts or exc.error_class != "thread_not_found":
                raise
            # The thread went away with its parent: the message still belongs in the channel.
            await call(context.slack, "chat.postMessage", **arguments)
        return f"Re-posted the deleted message in {channel.label}."


class RestorePinState(_ChannelUndo):
    """Undo of slack.pin_message (unpin) and slack.unpin_message (pin again)."""

    def __init__(self, *, pinned_after: bool) -> None:
        self.pinned_after = pinned_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        ts = str(plan.params["ts"])
        if await fetch_message(context.slack, channel, ts) is None:
            return "That message no longer exists."
        pinned = await _is_pinned(context, channel, ts)
        if pinned == self.pinned_after:
            return None
        return (
            "That message was unpinned since." if not pinned else "That message was pinned since."
        )

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
        if self.pinned_after:
            return f"Unpinned the message in {channel.label}."
        return f"Pinned the message in {channel.label} again."


async def _is_pinned(context: ToolContext, channel: ChannelRef, ts: str) -> bool:
    data = await call(context.slack, "pins.list", channel=channel.id, subject=channel.subject)
    return any((item.get("message") or {}).get("ts") == ts for item in data.get("items") or [])


class RemoveReaction(_ChannelUndo):
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
                return "That message no longer exists."
            raise
        bot = str(plan.after.get("user") or await SlackDirectory(context.slack).bot_user_id())
        reactions = (data.get("message") or {}).get("reactions") or []
        if any(r.get("name") == name and bot in (r.get("users") or []) for r in reactions):
            return None
        return f"My :{name}: reaction was removed since."

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
        return f"Removed my :{name}: reaction in {channel.label}."


# ------------------------------------------------------------------ channels


class RestoreArchiveState(_ChannelUndo):
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


class ArchiveCreatedChannel(_ChannelUndo):
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


class RestoreChannelName(_ChannelUndo):
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


class RestoreChannelText(_ChannelUndo):
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


class RestoreMembership(_ChannelUndo):
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
            return f"{user} is no longer in {channel.label}."
        return f"{user} is back in {channel.label} already."

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
                sentences={"not_in_channel": f"{user} is not in {channel.label} any more."},
                join=channel.join_id,
            )
            return f"Removed {user} from {channel.label}."
        await call(
            context.slack,
            "conversations.invite",
            channel=channel.id,
            users=user_id,
            subject=subject,
            join=channel.join_id,
        )
        return f"Invited {user} back to {channel.label}."


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
