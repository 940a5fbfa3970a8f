"""api.test, auth.test and team.info: who a token is, and which team it belongs to."""

from __future__ import annotations

from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest, Handler
from bot.sandbox.workspace.store import Workspace


class AuthMethods:
    """Answer for the caller's identity and team."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def handlers(self) -> dict[str, Handler]:
        return {"api.test": self.api_test, "auth.test": self.auth_test, "team.info": self.team_info}

    def api_test(self, request: ApiRequest) -> dict[str, Any]:
        return {"ok": True, "args": {k: v for k, v in request.params.items() if k != "token"}}

    def auth_test(self, request: ApiRequest) -> dict[str, Any]:
        caller = request.caller
        user = self._workspace.users.get(caller.user_id)
        body: dict[str, Any] = {
            "ok": True,
            "url": f"https://{self._workspace.domain}.slack.com/",
            "team": caller.team_name,
            "user": user.name if user else caller.user_id,
            "team_id": caller.team_id,
            "user_id": caller.user_id,
            "is_enterprise_install": False,
        }
        if caller.bot_id:
            body["bot_id"] = caller.bot_id
        return body

    def team_info(self, request: ApiRequest) -> dict[str, Any]:
        team = {
            "id": request.caller.team_id,
            "name": request.caller.team_name,
            "domain": self._workspace.domain,
            "email_domain": "",
            "icon": {},
        }
        return {"ok": True, "team": team}
