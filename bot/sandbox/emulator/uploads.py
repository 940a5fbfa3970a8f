"""The upload URL of files.getUploadURLExternal: step 2 of an upload, the bytes themselves."""

from __future__ import annotations

from aiohttp import web

from bot.sandbox.workspace.api_records import Recorder
from bot.sandbox.workspace.store import Workspace

ROUTE = "/upload/v1/{file_id}"


class UploadUrls:
    """Receives a file's bytes, raw or multipart (recorded as the pseudo-method ``upload``)."""

    def __init__(self, workspace: Workspace, *, record: Recorder) -> None:
        self._workspace = workspace
        self._record = record

    def install(self, app: web.Application) -> None:
        """Serve ``/upload/v1/{file_id}`` on ``app``."""
        app.router.add_post(ROUTE, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        file = self._workspace.files.get(request.match_info["file_id"])
        if file is None or file.completed:
            self._record("upload", {"file_id": request.match_info["file_id"]}, None, {"ok": False})
            return web.Response(status=404, text="file_not_found", content_type="text/plain")
        file.content = await _read_upload_body(request)
        file.uploaded = True
        params = {"file_id": file.id, "length": len(file.content)}
        self._record("upload", params, None, {"ok": True})
        return web.Response(text=f"OK - {len(file.content)}", content_type="text/plain")


async def _read_upload_body(request: web.Request) -> bytes:
    if request.content_type == "multipart/form-data":
        form = await request.post()
        for value in form.values():
            if isinstance(value, web.FileField):
                return value.file.read()
        return str(form.get("file", "")).encode()
    return await request.read()
