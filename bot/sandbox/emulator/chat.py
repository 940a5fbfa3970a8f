"""chat.postMessage, chat.postEphemeral, chat.update, chat.delete and chat.getPermalink."""

from __future__ import annotations

from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest, Handler, optional_flag
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.message_content import message_content
from bot.sandbox.emulator.payloads import file_payload, message_payload, permalink
from bot.sandbox.workspace.api_records import ApiError


class ChatMethods:
    """Posting, editing and deleting messages."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace

    def handlers(self) -> dict[str, Handler]:
        return {
            "chat.postMessage": self.post_message,
            "chat.postEphemeral": self.post_ephemeral,
            "chat.update": self.update,
            "chat.delete": self.delete,
            "chat.getPermalink": self.get_permalink,
        }

    def post_message(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.post_target(request)
        content = message_content(request.params)
        if content.is_empty:
            raise ApiError("no_text")
        thread_ts = self._find.thread_root(channel, request.text("thread_ts"))
        message = self._workspace.post_message(
            channel.id,
            content.text or "",
            thread_ts=thread_ts,
            blocks=content.blocks,
            attachments=content.attachments,
            metadata=content.metadata,
            reply_broadcast=bool(thread_ts) and request.flag("reply_broadcast"),
            unfurl_links=optional_flag(request.params.get("unfurl_links")),
            unfurl_media=optional_flag(request.params.get("unfurl_media")),
            user=request.caller.user_id,
            bot_id=request.caller.bot_id,
        )
        return {
            "ok": True,
            "channel": channel.id,
            "ts": message.ts,
            "message": message_payload(message, self._workspace),
        }

    def post_ephemeral(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.post_target(request)
        recipient = self._find.user(request.require("user"))
        if recipient.id not in channel.members:
            raise ApiError("user_not_in_channel")
        content = message_content(request.params)
        if content.is_empty:
            raise ApiError("no_text")
        message = self._workspace.post_ephemeral(
            channel.id,
            recipient.id,
            content.text or "",
            sender=request.caller.user_id,
            bot_id=request.caller.bot_id,
            thread_ts=self._find.thread_root(channel, request.text("thread_ts")),
            blocks=content.blocks,
            attachments=content.attachments,
        )
        return {"ok": True, "message_ts": message.ts}

    def update(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request, writable=True)
        message = self._find.own_message(
            request, channel, request.require("ts"), "cant_update_message"
        )
        content = message_content(request.params)
        file_ids = request.id_list("file_ids")
        if content.is_empty and request.params.get("blocks") is None and not file_ids:
            raise ApiError("no_text")
        if content.text is not None:
            message.text = content.text
        if request.params.get("blocks") is not None:
            message.blocks = content.blocks or None
        if request.params.get("attachments") is not None:
            message.attachments = content.attachments or None
        if content.metadata is not None:
            message.metadata = content.metadata
        if file_ids:
            message.files = [
                file_payload(self._find.file(fid), self._workspace) for fid in file_ids
            ]
        message.edited = True
        message.edited_ts = self._workspace.next_ts()
        self._workspace.emit("message_updated", channel=channel.id, message=message)
        payload = message_payload(message, self._workspace)
        return {
            "ok": True,
            "channel": channel.id,
            "ts": message.ts,
            "text": message.text,
            "message": payload,
        }

    def delete(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request)
        message = self._find.own_message(
            request, channel, request.require("ts"), "cant_delete_message"
        )
        self._workspace.delete_message(message)
        return {"ok": True, "channel": channel.id, "ts": message.ts}

    def get_permalink(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request)
        message = self._find.message(channel, request.require("message_ts"))
        link = permalink(self._workspace, message)
        return {"ok": True, "channel": channel.id, "permalink": link}
