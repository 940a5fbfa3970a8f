"""chat.*, files.* (external uploads) and assistant.threads.* methods."""

from __future__ import annotations

import mimetypes
from typing import Any

from bot.sandbox.api_base import ApiBase, ApiRequest, as_flag, message_content, missing_argument
from bot.sandbox.payloads import (
    MAX_MARKDOWN_CHARS,
    check_blocks,
    check_message_text,
    file_payload,
    message_payload,
    permalink,
)
from bot.sandbox.workspace import ApiError, Channel, Message, UploadedFile, new_id

_MAX_SUGGESTED_PROMPTS = 4


class ChatMethods(ApiBase):
    """Posting, editing and streaming messages; sharing files; assistant threads."""

    # ============================================================== chat

    def chat_post_message(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.post_target(request)
        content = message_content(request.params)
        if content.is_empty:
            raise ApiError("no_text")
        thread_ts = self.thread_root(channel, request.text("thread_ts"))
        message = self.workspace.post_message(
            channel.id,
            content.text or "",
            thread_ts=thread_ts,
            blocks=content.blocks,
            attachments=content.attachments,
            metadata=content.metadata,
            reply_broadcast=bool(thread_ts) and request.flag("reply_broadcast"),
            unfurl_links=_optional_flag(request.params.get("unfurl_links")),
            unfurl_media=_optional_flag(request.params.get("unfurl_media")),
            user=request.caller.user_id,
            bot_id=request.caller.bot_id,
        )
        return {
            "ok": True,
            "channel": channel.id,
            "ts": message.ts,
            "message": message_payload(message, self.workspace),
        }

    def chat_post_ephemeral(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.post_target(request)
        recipient = self.user(request.require("user"))
        if recipient.id not in channel.members:
            raise ApiError("user_not_in_channel")
        content = message_content(request.params)
        if content.is_empty:
            raise ApiError("no_text")
        message = self.workspace.post_ephemeral(
            channel.id,
            recipient.id,
            content.text or "",
            sender=request.caller.user_id,
            bot_id=request.caller.bot_id,
            thread_ts=self.thread_root(channel, request.text("thread_ts")),
            blocks=content.blocks,
            attachments=content.attachments,
        )
        return {"ok": True, "message_ts": message.ts}

    def chat_update(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request, writable=True)
        message = self.own_message(request, channel, request.require("ts"), "cant_update_message")
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
            message.files = [file_payload(self._file(fid), self.workspace) for fid in file_ids]
        message.edited = True
        message.edited_ts = self.workspace.next_ts()
        self.workspace.emit("message_updated", channel=channel.id, message=message)
        payload = message_payload(message, self.workspace)
        return {
            "ok": True,
            "channel": channel.id,
            "ts": message.ts,
            "text": message.text,
            "message": payload,
        }

    def chat_delete(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request)
        message = self.own_message(request, channel, request.require("ts"), "cant_delete_message")
        self.workspace.delete_message(message)
        return {"ok": True, "channel": channel.id, "ts": message.ts}

    def chat_get_permalink(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request)
        message = self.message(channel, request.require("message_ts"))
        return {"ok": True, "channel": channel.id, "permalink": permalink(self.workspace, message)}

    # ---------------------------------------------------------- streaming

    def chat_start_stream(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request, member=True, writable=True)
        thread_ts = self.thread_root(channel, request.require("thread_ts"))
        if not channel.is_im:
            for name in ("recipient_user_id", "recipient_team_id"):
                if request.text(name) is None:
                    raise ApiError(
                        "invalid_arguments",
                        response_metadata={
                            "messages": [f"[ERROR] {name} is required when streaming to channels"]
                        },
                    )
        if request.text("recipient_user_id") is not None:
            self.user(request.text("recipient_user_id"))
        message = self.workspace.post_message(
            channel.id,
            "",
            thread_ts=thread_ts,
            streaming=True,
            user=request.caller.user_id,
            bot_id=request.caller.bot_id,
        )
        if self._apply_stream_input(message, request):
            self.workspace.emit("message_updated", channel=channel.id, message=message)
        return {"ok": True, "channel": channel.id, "ts": message.ts}

    def chat_append_stream(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._streaming_message(request)
        if not self._apply_stream_input(message, request):
            raise missing_argument("markdown_text")
        self.workspace.emit("message_updated", channel=channel.id, message=message)
        return {"ok": True, "channel": channel.id, "ts": message.ts}

    def chat_stop_stream(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._streaming_message(request)
        self._apply_stream_input(message, request)
        blocks = request.params.get("blocks")
        if blocks not in (None, ""):
            message.blocks = check_blocks(blocks)
        metadata = request.params.get("metadata")
        if isinstance(metadata, dict):
            message.metadata = metadata
        message.streaming = False
        self.workspace.emit(
            "message_updated", channel=channel.id, message=message, stream="stopped"
        )
        return {
            "ok": True,
            "channel": channel.id,
            "ts": message.ts,
            "message": message_payload(message, self.workspace),
        }

    def _streaming_message(self, request: ApiRequest) -> tuple[Channel, Message]:
        channel = self.channel(request, member=True, writable=True)
        message = self.own_message(request, channel, request.require("ts"), "cant_update_message")
        if not message.streaming:
            raise ApiError("message_not_in_streaming_state")
        return channel, message

    def _apply_stream_input(self, message: Message, request: ApiRequest) -> bool:
        """Append ``markdown_text`` and ``chunks``; False when there was nothing."""
        markdown = request.text("markdown_text")
        check_message_text(markdown, limit=MAX_MARKDOWN_CHARS)
        chunks = request.params.get("chunks") or []
        if not isinstance(chunks, list) or not all(
            isinstance(c, dict) and c.get("type") for c in chunks
        ):
            raise ApiError(
                "invalid_arguments",
                response_metadata={
                    "messages": ["[ERROR] chunks must be a list of objects with a type"]
                },
            )
        pieces = [markdown or ""] + [
            str(c.get("text", "")) for c in chunks if c["type"] == "markdown_text"
        ]
        message.text += "".join(pieces)
        check_message_text(message.text)
        message.chunks.extend(c for c in chunks if c["type"] != "markdown_text")
        return bool(markdown) or bool(chunks)

    # ============================================================= files

    def _file(self, file_id: str) -> UploadedFile:
        file = self.workspace.files.get(file_id)
        if file is None:
            raise ApiError("file_not_found")
        return file

    def files_get_upload_url_external(self, request: ApiRequest) -> dict[str, Any]:
        filename = request.require("filename")
        length = request.integer("length", 0)
        if length <= 0:
            raise ApiError(
                "invalid_arguments",
                response_metadata={"messages": ["[ERROR] length must be a positive integer"]},
            )
        file = UploadedFile(
            id=new_id("F"),
            name=filename,
            length=length,
            user=request.caller.user_id,
            mimetype=mimetypes.guess_type(filename)[0] or "application/octet-stream",
            alt_txt=request.text("alt_txt"),
            snippet_type=request.text("snippet_type"),
        )
        self.workspace.files[file.id] = file
        return {
            "ok": True,
            "upload_url": f"{self._public_url()}/upload/v1/{file.id}",
            "file_id": file.id,
        }

    def files_complete_upload_external(self, request: ApiRequest) -> dict[str, Any]:
        entries = request.params.get("files")
        if (
            not isinstance(entries, list)
            or not entries
            or not all(isinstance(e, dict) and e.get("id") for e in entries)
        ):
            raise missing_argument("files")
        files = [self._completable_file(entry) for entry in entries]
        channels = self._share_targets(request)
        thread_ts = (
            self.thread_root(channels[0], request.text("thread_ts"))
            if channels and request.text("thread_ts")
            else None
        )
        for file in files:
            file.completed = True
            file.channels = [c.id for c in channels]
        payloads = [file_payload(f, self.workspace) for f in files]
        for channel in channels:
            self.workspace.post_message(
                channel.id,
                request.text("initial_comment") or "",
                thread_ts=thread_ts if channel is channels[0] else None,
                files=payloads,
                user=request.caller.user_id,
                bot_id=request.caller.bot_id,
            )
            self.workspace.emit("file_shared", channel=channel.id, file_ids=[f.id for f in files])
        return {"ok": True, "files": payloads}

    def _completable_file(self, entry: dict[str, Any]) -> UploadedFile:
        file = self._file(str(entry["id"]))
        if not file.uploaded or file.completed:
            raise ApiError("file_not_found")
        if entry.get("title"):
            file.title = str(entry["title"])
        return file

    def _share_targets(self, request: ApiRequest) -> list[Channel]:
        ids = request.id_list("channels") or request.id_list("channel_id")
        return [
            self.visible_channel(request.caller, cid, member=True, writable=True) for cid in ids
        ]

    # ========================================================= assistant

    def _assistant_thread_key(self, request: ApiRequest) -> tuple[Channel, str]:
        channel = self.channel(request, "channel_id")
        return channel, request.require("thread_ts")

    def assistant_set_status(self, request: ApiRequest) -> dict[str, Any]:
        channel, thread_ts = self._assistant_thread_key(request)
        if "status" not in request.params:
            raise missing_argument("status")
        thread = self.workspace.assistant_thread(channel.id, thread_ts)
        thread.status = str(request.params.get("status") or "")
        loading = request.params.get("loading_messages")
        thread.loading_messages = [str(m) for m in loading] if isinstance(loading, list) else []
        self.workspace.emit(
            "status_set",
            channel=channel.id,
            thread_ts=thread_ts,
            status=thread.status,
            loading_messages=thread.loading_messages,
        )
        return {"ok": True}

    def assistant_set_suggested_prompts(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request, "channel_id")
        prompts = request.params.get("prompts")
        if not isinstance(prompts, list) or not prompts:
            raise missing_argument("prompts")
        if len(prompts) > _MAX_SUGGESTED_PROMPTS or not all(
            isinstance(p, dict) and p.get("title") and p.get("message") for p in prompts
        ):
            raise ApiError(
                "invalid_arguments",
                response_metadata={
                    "messages": ["[ERROR] prompts: 1 to 4 objects with title and message"]
                },
            )
        thread_ts = request.text("thread_ts") or ""
        thread = self.workspace.assistant_thread(channel.id, thread_ts)
        thread.suggested_prompts = prompts
        thread.prompts_title = request.text("title")
        self.workspace.emit(
            "prompts_set",
            channel=channel.id,
            thread_ts=thread_ts,
            prompts=prompts,
            title=thread.prompts_title,
        )
        return {"ok": True}

    def assistant_set_title(self, request: ApiRequest) -> dict[str, Any]:
        channel, thread_ts = self._assistant_thread_key(request)
        title = request.require("title")
        self.workspace.assistant_thread(channel.id, thread_ts).title = title
        self.workspace.emit("title_set", channel=channel.id, thread_ts=thread_ts, title=title)
        return {"ok": True}


def _optional_flag(value: object) -> bool | None:
    return None if value is None or value == "" else as_flag(value)
