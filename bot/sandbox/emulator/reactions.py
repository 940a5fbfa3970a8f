"""reactions.add, reactions.remove and reactions.get."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest, Handler
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.payloads import message_payload
from bot.sandbox.workspace.api_records import ApiError

_REACTION_PATTERN = re.compile(r"^[a-z0-9_+'\-]+(::skin-tone-[2-6])?$")


class ReactionMethods:
    """Add and remove emoji reactions; read a message's reactions."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace

    def handlers(self) -> dict[str, Handler]:
        return {
            "reactions.add": self.add,
            "reactions.remove": self.remove,
            "reactions.get": self.get,
        }

    def add(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._find.item_message(request, member=False)
        name = _reaction_name(request)
        if channel.is_archived:
            raise ApiError("is_archived")
        if request.caller.user_id in message.reactions.get(name, set()):
            raise ApiError("already_reacted")
        self._workspace.add_reaction(channel.id, message.ts, name, request.caller.user_id)
        return {"ok": True}

    def remove(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._find.item_message(request, member=False)
        name = _reaction_name(request)
        users = message.reactions.get(name, set())
        if request.caller.user_id not in users:
            raise ApiError("no_reaction")
        users.discard(request.caller.user_id)
        if not users:
            del message.reactions[name]
        self._workspace.emit(
            "reaction_removed",
            channel=channel.id,
            message=message,
            reaction=name,
            user=request.caller.user_id,
        )
        return {"ok": True}

    def get(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._find.item_message(request, member=False)
        return {
            "ok": True,
            "type": "message",
            "channel": channel.id,
            "message": message_payload(message, self._workspace),
        }


def _reaction_name(request: ApiRequest) -> str:
    name = (request.text("name") or "").strip(":")
    if not name or not _REACTION_PATTERN.match(name):
        raise ApiError("invalid_name")
    return name
