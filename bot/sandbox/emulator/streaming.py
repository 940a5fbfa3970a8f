"""chat.startStream, chat.appendStream and chat.stopStream: a reply written while it streams."""

from __future__ import annotations

from typing import Any

from bot.sandbox.emulator.api_request import (
    ApiRequest,
    Handler,
    invalid_arguments,
    missing_argument,
)
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.payloads import message_payload
from bot.sandbox.emulator.validation import MAX_MARKDOWN_CHARS, check_blocks, check_message_text
from bot.sandbox.workspace.api_records import ApiError
from bot.sandbox.workspace.models import Channel, Message


class StreamMethods:
    """Start a streaming message, append markdown and chunks to it, stop it."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace

    def handlers(self) -> dict[str, Handler]:
        return {
            "chat.startStream": self.start,
            "chat.appendStream": self.append,
            "chat.stopStream": self.stop,
        }

    def start(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request, member=True, writable=True)
        thread_ts = self._find.thread_root(channel, request.require("thread_ts"))
        if not channel.is_im:
            for name in ("recipient_user_id", "recipient_team_id"):
                if request.text(name) is None:
                    raise invalid_arguments(
                        f"[ERROR] {name} is required when streaming to channels"
                    )
        if request.text("recipient_user_id") is not None:
            self._find.user(request.text("recipient_user_id"))
        message = self._workspace.post_message(
            channel.id,
            "",
            thread_ts=thread_ts,
            streaming=True,
            user=request.caller.user_id,
            bot_id=request.caller.bot_id,
        )
        if _apply_stream_input(message, request):
            self._workspace.emit("message_updated", channel=channel.id, message=message)
        return {"ok": True, "channel": channel.id, "ts": message.ts}

    def append(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._streaming_message(request)
        if not _apply_stream_input(message, request):
            raise missing_argument("markdown_text")
        self._workspace.emit("message_updated", channel=channel.id, message=message)
        return {"ok": True, "channel": channel.id, "ts": message.ts}

    def stop(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._streaming_message(request)
        _apply_stream_input(message, request)
        blocks = request.params.get("blocks")
        if blocks not in (None, ""):
            message.blocks = check_blocks(blocks)
        metadata = request.params.get("metadata")
        if isinstance(metadata, dict):
            message.metadata = metadata
        message.streaming = False
        self._workspace.emit(
            "message_updated", channel=channel.id, message=message, stream="stopped"
        )
        return {
            "ok": True,
            "channel": channel.id,
            "ts": message.ts,
            "message": message_payload(message, self._workspace),
        }

    def _streaming_message(self, request: ApiRequest) -> tuple[Channel, Message]:
        channel = self._find.channel(request, member=True, writable=True)
        message = self._find.own_message(
            request, channel, request.require("ts"), "cant_update_message"
        )
        if not message.streaming:
            raise ApiError("message_not_in_streaming_state")
        return channel, message


def _apply_stream_input(message: Message, request: ApiRequest) -> bool:
    """Append ``markdown_text`` and ``chunks``; False when there was nothing."""
    markdown = request.text("markdown_text")
    check_message_text(markdown, limit=MAX_MARKDOWN_CHARS)
    chunks = request.params.get("chunks") or []
    if not isinstance(chunks, list) or not all(
        isinstance(c, dict) and c.get("type") for c in chunks
    ):
        raise invalid_arguments("[ERROR] chunks must be a list of objects with a type")
    pieces = [markdown or ""] + [
        str(c.get("text", "")) for c in chunks if c["type"] == "markdown_text"
    ]
    message.text += "".join(pieces)
    check_message_text(message.text)
    message.chunks.extend(c for c in chunks if c["type"] != "markdown_text")
    return bool(markdown) or bool(chunks)
