"""Undo of the message tools: delete what was posted, restore an edit, re-post a deletion."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.slack.client import call
from bot.integrations.slack.resolve import fetch_message
from bot.integrations.slack.undo_lookups import ChannelUndo
from bot.messages import slack_undo as words
from bot.messages.slack import SOMEONE

__all__ = ["DeletePostedMessage", "RepostDeletedMessage", "RestoreMessageText", "attribution_note"]

MAX_MESSAGE_CHARS = 40_000


class _MessageUndo(ChannelUndo):
    """Undo of an action on one message: it must still exist and read as the action left it."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        channel, reason = await self._gone_or_archived(context, plan)
        if channel is None:
            return reason
        message = await fetch_message(context.slack, channel, str(plan.params["ts"]))
        if message is None:
            return words.MESSAGE_GONE
        if "text" in plan.after and message.get("text") != plan.after["text"]:
            return words.MESSAGE_EDITED
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
        return words.posted_message_deleted(channel.label)


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
        return words.message_text_restored(channel.label)


def attribution_note(user_id: str | None, ts: str) -> str:
    """``Restored by Kaizen — originally posted by <@U…> at <date>`` (in the reader's zone)."""
    seconds = int(float(ts))
    fallback = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    date = f"<!date^{seconds}^{{date_short_pretty}} at {{time}}|{fallback}>"
    author = f"<@{user_id}>" if user_id else SOMEONE
    return words.restored_by_note(author, date)


class RepostDeletedMessage(ChannelUndo):
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
        return words.deleted_message_reposted(channel.label)
