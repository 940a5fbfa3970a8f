"""files.getUploadURLExternal and files.completeUploadExternal: steps 1 and 3 of an upload.

Step 2, the POST of the bytes to the upload URL, is ``bot.sandbox.emulator.uploads``.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from bot.sandbox.emulator.api_request import (
    ApiRequest,
    Handler,
    invalid_arguments,
    missing_argument,
)
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.payloads import file_payload
from bot.sandbox.workspace.api_records import ApiError
from bot.sandbox.workspace.models import Channel, UploadedFile, new_id


class FileMethods:
    """Hand out upload URLs; share the uploaded files in channels."""

    def __init__(self, lookups: Lookups, *, public_url: Callable[[], str]) -> None:
        self._find = lookups
        self._workspace = lookups.workspace
        self._public_url = public_url

    def handlers(self) -> dict[str, Handler]:
        return {
            "files.getUploadURLExternal": self.get_upload_url_external,
            "files.completeUploadExternal": self.complete_upload_external,
        }

    def get_upload_url_external(self, request: ApiRequest) -> dict[str, Any]:
        filename = request.require("filename")
        length = request.integer("length", 0)
        if length <= 0:
            raise invalid_arguments("[ERROR] length must be a positive integer")
        file = UploadedFile(
            id=new_id("F"),
            name=filename,
            length=length,
            user=request.caller.user_id,
            mimetype=mimetypes.guess_type(filename)[0] or "application/octet-stream",
            alt_txt=request.text("alt_txt"),
            snippet_type=request.text("snippet_type"),
        )
        self._workspace.files[file.id] = file
        return {
            "ok": True,
            "upload_url": f"{self._public_url()}/upload/v1/{file.id}",
            "file_id": file.id,
        }

    def complete_upload_external(self, request: ApiRequest) -> dict[str, Any]:
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
            self._find.thread_root(channels[0], request.text("thread_ts"))
            if channels and request.text("thread_ts")
            else None
        )
        for file in files:
            file.completed = True
            file.channels = [c.id for c in channels]
        payloads = [file_payload(f, self._workspace) for f in files]
        for channel in channels:
            self._workspace.post_message(
                channel.id,
                request.text("initial_comment") or "",
                thread_ts=thread_ts if channel is channels[0] else None,
                files=payloads,
                user=request.caller.user_id,
                bot_id=request.caller.bot_id,
            )
            self._workspace.emit("file_shared", channel=channel.id, file_ids=[f.id for f in files])
        return {"ok": True, "files": payloads}

    def _completable_file(self, entry: dict[str, Any]) -> UploadedFile:
        file = self._find.file(str(entry["id"]))
        if not file.uploaded or file.completed:
            raise ApiError("file_not_found")
        if entry.get("title"):
            file.title = str(entry["title"])
        return file

    def _share_targets(self, request: ApiRequest) -> list[Channel]:
        ids = request.id_list("channels") or request.id_list("channel_id")
        return [
            self._find.visible_channel(request.caller, cid, member=True, writable=True)
            for cid in ids
        ]
