"""pins.add, pins.remove and pins.list."""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest, Handler
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.paging import ts_key
from bot.sandbox.emulator.payloads import message_payload
from bot.sandbox.workspace.api_records import ApiError


class PinMethods:
    """Pin and unpin messages; list a channel's pins with when they were pinned."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace
        self._pinned_at: dict[tuple[str, str], int] = {}

    def handlers(self) -> dict[str, Handler]:
        return {"pins.add": self.add, "pins.remove": self.remove, "pins.list": self.list_pins}

    def add(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._find.item_message(request, member=True)
        if channel.is_archived:
            raise ApiError("is_archived")
        if message.pinned_by:
            raise ApiError("already_pinned")
        message.pinned_by.add(request.caller.user_id)
        self._pinned_at[(channel.id, message.ts)] = int(time.time())
        self._workspace.emit(
            "pin_added", channel=channel.id, message=message, user=request.caller.user_id
        )
        return {"ok": True}

    def remove(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._find.item_message(request, member=True)
        if not message.pinned_by:
            raise ApiError("not_pinned")
        message.pinned_by.clear()
        self._pinned_at.pop((channel.id, message.ts), None)
        self._workspace.emit(
            "pin_removed", channel=channel.id, message=message, user=request.caller.user_id
        )
        return {"ok": True}

    def list_pins(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request)
        items = [
            {
                "type": "message",
                "created": self._pinned_at.get((channel.id, m.ts), int(ts_key(m.ts)[0])),
                "created_by": sorted(m.pinned_by)[0],
                "channel": channel.id,
                "message": message_payload(m, self._workspace),
            }
            for m in self._workspace.messages_in(channel.id)
            if m.pinned_by and not m.is_ephemeral
        ]
        return {"ok": True, "items": items}
