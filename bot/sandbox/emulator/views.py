"""views.publish, views.open, views.push and views.update: the Home tab and modals."""

from __future__ import annotations

import secrets
import time
from typing import Any

from bot.sandbox.emulator.api_request import (
    ApiRequest,
    Handler,
    invalid_arguments,
    missing_argument,
)
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.validation import MAX_VIEW_BLOCKS, check_blocks
from bot.sandbox.workspace.api_records import ApiError
from bot.sandbox.workspace.models import new_id

_TRIGGER_LIFETIME = 3.0


class ViewMethods:
    """views.publish / open / push / update, and the trigger ids they need."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace
        self._triggers: dict[str, tuple[float, str | None]] = {}
        self._used_triggers: set[str] = set()

    def handlers(self) -> dict[str, Handler]:
        return {
            "views.publish": self.publish,
            "views.open": self.open_modal,
            "views.push": self.push,
            "views.update": self.update,
        }

    def new_trigger_id(self, user_id: str | None = None) -> str:
        """A trigger id, as an interaction payload carries; valid for 3 s, once."""
        trigger_id = f"{int(time.time())}.{secrets.randbelow(10**12):012d}.{secrets.token_hex(16)}"
        self._triggers[trigger_id] = (time.monotonic(), user_id)
        return trigger_id

    def _use_trigger(self, request: ApiRequest) -> str | None:
        """Check a trigger id; return the user it was issued for.

        Ids this emulator did not issue are accepted (the console may invent
        them); issued ones expire after 3 s and work only once.
        """
        trigger_id = request.require("trigger_id")
        if trigger_id in self._used_triggers:
            raise ApiError("exchanged_trigger_id")
        issued = self._triggers.pop(trigger_id, None)
        if issued is None:
            return None
        issued_at, user_id = issued
        if time.monotonic() - issued_at > _TRIGGER_LIFETIME:
            raise ApiError("expired_trigger_id")
        self._used_triggers.add(trigger_id)
        return user_id

    def _view_definition(self, request: ApiRequest, expected_type: str) -> dict[str, Any]:
        view = request.params.get("view")
        if not isinstance(view, dict):
            raise missing_argument("view")
        if view.get("type") != expected_type:
            raise invalid_arguments(
                f"[ERROR] view type must be {expected_type} [json-pointer:/view/type]"
            )
        if expected_type == "modal" and not view.get("title"):
            raise invalid_arguments("[ERROR] missing required field: title [json-pointer:/view]")
        check_blocks(view.get("blocks", []), limit=MAX_VIEW_BLOCKS, error="invalid_arguments")
        return view

    def _store_view(
        self,
        view: dict[str, Any],
        *,
        view_id: str | None = None,
        previous: str | None = None,
        root: str | None = None,
    ) -> dict[str, Any]:
        ws = self._workspace
        view_id = view_id or new_id("V")
        stored = {
            "id": view_id,
            "team_id": ws.team_id,
            "type": view["type"],
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": previous,
            "root_view_id": root or view_id,
            "app_id": ws.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": ws.team_id,
            "bot_id": ws.bot_id,
        }
        ws.views[view_id] = stored
        return stored

    def _check_hash(self, request: ApiRequest, current: dict[str, Any] | None) -> None:
        wanted = request.text("hash")
        if wanted is not None and current is not None and wanted != current["hash"]:
            raise ApiError("hash_conflict")

    def publish(self, request: ApiRequest) -> dict[str, Any]:
        user = self._find.user(request.require("user_id"))
        view = self._view_definition(request, "home")
        current = self._workspace.home_views.get(user.id)
        self._check_hash(request, current)
        stored = self._store_view(view, view_id=current["id"] if current else None)
        self._workspace.home_views[user.id] = stored
        self._workspace.emit("view_published", user_id=user.id, view=stored)
        return {"ok": True, "view": stored}

    def open_modal(self, request: ApiRequest) -> dict[str, Any]:
        user_id = self._use_trigger(request)
        stored = self._store_view(self._view_definition(request, "modal"))
        self._workspace.emit("view_opened", user_id=user_id, view=stored)
        return {"ok": True, "view": stored}

    def push(self, request: ApiRequest) -> dict[str, Any]:
        user_id = self._use_trigger(request)
        stored = self._store_view(self._view_definition(request, "modal"))
        self._workspace.emit("view_pushed", user_id=user_id, view=stored)
        return {"ok": True, "view": stored}

    def update(self, request: ApiRequest) -> dict[str, Any]:
        current = self._find_view(request.text("view_id"), request.text("external_id"))
        self._check_hash(request, current)
        view = self._view_definition(request, current["type"])
        stored = self._store_view(
            view,
            view_id=current["id"],
            previous=current["previous_view_id"],
            root=current["root_view_id"],
        )
        for user_id, home in self._workspace.home_views.items():
            if home["id"] == stored["id"]:
                self._workspace.home_views[user_id] = stored
        self._workspace.emit("view_updated", view=stored)
        return {"ok": True, "view": stored}

    def _find_view(self, view_id: str | None, external_id: str | None) -> dict[str, Any]:
        if view_id is None and external_id is None:
            raise missing_argument("view_id")
        for view in self._workspace.views.values():
            if view["id"] == view_id or (
                external_id is not None and view["external_id"] == external_id
            ):
                return view
        raise ApiError("not_found")
