"""response_url: where a slash command or an interaction answers later.

A URL accepts 5 POSTs within 30 minutes. Each POST is recorded as the
pseudo-method ``response_url``.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.sandbox.emulator.api_request import as_flag
from bot.sandbox.emulator.http_params import optional_str
from bot.sandbox.emulator.message_content import MessageContent, message_content
from bot.sandbox.workspace.api_records import ApiError, Recorder
from bot.sandbox.workspace.models import Message
from bot.sandbox.workspace.store import Workspace

ROUTE = "/actions/{key}"
RESPONSE_URL_MAX_USES = 5
RESPONSE_URL_LIFETIME = 30 * 60.0


@dataclass
class ResponseUrl:
    """Where a response_url posts, and how often it was used."""

    channel_id: str
    user_id: str
    thread_ts: str | None
    message_ts: str | None
    created: float
    uses: int = 0


class ResponseUrls:
    """The response URLs handed out, and what a POST to one does."""

    def __init__(
        self, workspace: Workspace, *, base_url: Callable[[], str], record: Recorder
    ) -> None:
        self._workspace = workspace
        self._base_url = base_url
        self._record = record
        self._urls: dict[str, ResponseUrl] = {}

    def new(
        self, *, channel_id: str, user_id: str, thread_ts: str | None, message_ts: str | None
    ) -> str:
        """A new URL; ``message_ts`` is the original that replace/delete act on."""
        key = secrets.token_urlsafe(18)
        self._urls[key] = ResponseUrl(
            channel_id=channel_id,
            user_id=user_id,
            thread_ts=thread_ts,
            message_ts=message_ts,
            created=time.monotonic(),
        )
        return f"{self._base_url()}/actions/{key}"

    def install(self, app: web.Application) -> None:
        """Serve ``/actions/{key}`` on ``app``."""
        app.router.add_post(ROUTE, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        """A POST to a response_url."""
        body: dict[str, Any] = {}
        try:
            body = await _read_response_payload(request)
            reply, status = self._respond(request.match_info["key"], body), 200
        except ApiError as error:
            reply, status = error.body(), error.status if error.status != 200 else 400
        self._record("response_url", body, None, reply)
        return web.json_response(reply, status=status)

    def _respond(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        binding = self._use(key)
        if binding.channel_id not in self._workspace.channels:
            raise ApiError("channel_not_found", status=404)
        original = self._original_message(binding)
        if as_flag(body.get("delete_original")):
            if original is not None:
                self._workspace.delete_message(original)
            return {"ok": True}
        content = message_content(body)
        if content.is_empty:
            raise ApiError("no_text", status=400)
        if as_flag(body.get("replace_original")) and original is not None:
            self._replace(original, content)
            return {"ok": True}
        message = self._post(binding, body, content)
        if binding.message_ts is None:
            binding.message_ts = message.ts
        return {"ok": True}

    def _use(self, key: str) -> ResponseUrl:
        binding = self._urls.get(key)
        if binding is None:
            raise ApiError("no_service", status=404)
        if time.monotonic() - binding.created > RESPONSE_URL_LIFETIME:
            raise ApiError("expired_url", status=404)
        if binding.uses >= RESPONSE_URL_MAX_USES:
            raise ApiError("used_url", status=404)
        binding.uses += 1
        return binding

    def _original_message(self, binding: ResponseUrl) -> Message | None:
        if binding.message_ts is None:
            return None
        return self._workspace.find_message(binding.channel_id, binding.message_ts)

    def _replace(self, message: Message, content: MessageContent) -> None:
        """replace_original: the message takes the new content wholesale."""
        message.text = content.text or ""
        message.blocks = content.blocks
        message.attachments = content.attachments
        message.edited = True
        message.edited_ts = self._workspace.next_ts()
        self._workspace.emit("message_updated", channel=message.channel, message=message)

    def _post(self, binding: ResponseUrl, body: dict[str, Any], content: MessageContent) -> Message:
        """A new message from the bot: in the channel, or only for the member who acted."""
        workspace = self._workspace
        thread_ts = optional_str(body.get("thread_ts")) or binding.thread_ts
        if body.get("response_type") == "in_channel":
            return workspace.post_message(
                binding.channel_id,
                content.text or "",
                user=workspace.bot_user_id,
                bot_id=workspace.bot_id,
                thread_ts=thread_ts,
                blocks=content.blocks,
                attachments=content.attachments,
            )
        return workspace.post_ephemeral(
            binding.channel_id,
            binding.user_id,
            content.text or "",
            sender=workspace.bot_user_id,
            bot_id=workspace.bot_id,
            thread_ts=thread_ts,
            blocks=content.blocks,
            attachments=content.attachments,
        )


async def _read_response_payload(request: web.Request) -> dict[str, Any]:
    """A response_url body: JSON, or a form with a JSON ``payload`` field."""
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        raw = form.get("payload")
        if not isinstance(raw, str):
            raise ApiError("invalid_payload", status=400)
    else:
        raw = await request.text()
    try:
        body = json.loads(raw)
    except ValueError:
        raise ApiError("invalid_payload", status=400) from None
    if not isinstance(body, dict):
        raise ApiError("invalid_payload", status=400)
    return body
