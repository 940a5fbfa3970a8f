"""users.info and users.list."""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest, Handler
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.paging import paginate
from bot.sandbox.emulator.payloads import user_payload


class UserMethods:
    """Who is in the workspace."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace

    def handlers(self) -> dict[str, Handler]:
        return {"users.info": self.info, "users.list": self.list_users}

    def info(self, request: ApiRequest) -> dict[str, Any]:
        user = self._find.user(request.require("user"))
        return {"ok": True, "user": user_payload(user, self._workspace)}

    def list_users(self, request: ApiRequest) -> dict[str, Any]:
        users = list(self._workspace.users.values())
        page, cursor = paginate(users, request, default_limit=0, max_limit=1000)
        return {
            "ok": True,
            "members": [user_payload(u, self._workspace) for u in page],
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": cursor},
        }
