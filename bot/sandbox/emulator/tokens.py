"""The tokens the emulator accepts, and who each belongs to."""

from __future__ import annotations

from bot.sandbox.emulator.api_request import Caller
from bot.sandbox.workspace.api_records import ApiError


class Tokens:
    """Bot and user tokens by value; the app-level token is refused for Web API calls."""

    def __init__(self, *, app_token: str) -> None:
        self._app_token = app_token
        self._callers: dict[str, Caller] = {}

    def add(
        self, token: str, *, team_id: str, team_name: str, user_id: str, bot_id: str | None
    ) -> None:
        self._callers[token] = Caller(
            token=token, team_id=team_id, team_name=team_name, user_id=user_id, bot_id=bot_id
        )

    def knows(self, token: str | None) -> bool:
        return token in self._callers

    def authenticate(self, token: str | None) -> Caller:
        """The caller of ``token``, or the error Slack answers for it."""
        if not token:
            raise ApiError("not_authed")
        if token == self._app_token:
            raise ApiError("not_allowed_token_type")
        caller = self._callers.get(token)
        if caller is None:
            raise ApiError("invalid_auth")
        return caller
