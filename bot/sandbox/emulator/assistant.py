"""assistant.threads.setStatus, setSuggestedPrompts and setTitle: the assistant panel."""

from __future__ import annotations

from typing import Any

from bot.sandbox.emulator.api_request import (
    ApiRequest,
    Handler,
    invalid_arguments,
    missing_argument,
)
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.workspace.models import Channel

_MAX_SUGGESTED_PROMPTS = 4


class AssistantMethods:
    """What the app shows on an assistant thread: status, suggested prompts, title."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace

    def handlers(self) -> dict[str, Handler]:
        return {
            "assistant.threads.setStatus": self.set_status,
            "assistant.threads.setSuggestedPrompts": self.set_suggested_prompts,
            "assistant.threads.setTitle": self.set_title,
        }

    def _thread_key(self, request: ApiRequest) -> tuple[Channel, str]:
        channel = self._find.channel(request, "channel_id")
        return channel, request.require("thread_ts")

    def set_status(self, request: ApiRequest) -> dict[str, Any]:
        channel, thread_ts = self._thread_key(request)
        if "status" not in request.params:
            raise missing_argument("status")
        thread = self._workspace.assistant_thread(channel.id, thread_ts)
        thread.status = str(request.params.get("status") or "")
        loading = request.params.get("loading_messages")
        thread.loading_messages = [str(m) for m in loading] if isinstance(loading, list) else []
        self._workspace.emit(
            "status_set",
            channel=channel.id,
            thread_ts=thread_ts,
            status=thread.status,
            loading_messages=thread.loading_messages,
        )
        return {"ok": True}

    def set_suggested_prompts(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request, "channel_id")
        prompts = request.params.get("prompts")
        if not isinstance(prompts, list) or not prompts:
            raise missing_argument("prompts")
        if len(prompts) > _MAX_SUGGESTED_PROMPTS or not all(
            isinstance(p, dict) and p.get("title") and p.get("message") for p in prompts
        ):
            raise invalid_arguments("[ERROR] prompts: 1 to 4 objects with title and message")
        thread_ts = request.text("thread_ts") or ""
        thread = self._workspace.assistant_thread(channel.id, thread_ts)
        thread.suggested_prompts = prompts
        thread.prompts_title = request.text("title")
        self._workspace.emit(
            "prompts_set",
            channel=channel.id,
            thread_ts=thread_ts,
            prompts=prompts,
            title=thread.prompts_title,
        )
        return {"ok": True}

    def set_title(self, request: ApiRequest) -> dict[str, Any]:
        channel, thread_ts = self._thread_key(request)
        title = request.require("title")
        self._workspace.assistant_thread(channel.id, thread_ts).title = title
        self._workspace.emit("title_set", channel=channel.id, thread_ts=thread_ts, title=title)
        return {"ok": True}
