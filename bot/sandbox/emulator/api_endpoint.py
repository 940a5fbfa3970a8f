"""``/api/<method>``: the Web API route, from HTTP request to recorded JSON answer.

Planned failures come first; then ``oauth.v2.access`` and
``apps.connections.open``, which take no ordinary token; then every other
method, after its token is authenticated.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.sandbox.emulator.api_request import ApiRequest
from bot.sandbox.emulator.failures import PlannedFailures
from bot.sandbox.emulator.http_params import bearer_token, optional_str, read_params
from bot.sandbox.emulator.oauth import OAuthServer
from bot.sandbox.emulator.tokens import Tokens
from bot.sandbox.emulator.web_api import WebApi
from bot.sandbox.socket_mode import SocketModeServer
from bot.sandbox.workspace.api_records import ApiError, Recorder

logger = logging.getLogger(__name__)

ROUTE = "/api/{method}"


class ApiEndpoint:
    """Answers Web API calls and records each one."""

    def __init__(
        self,
        *,
        web_api: WebApi,
        tokens: Tokens,
        failures: PlannedFailures,
        oauth: OAuthServer,
        socket_mode: SocketModeServer,
        base_url: Callable[[], str],
        record: Recorder,
    ) -> None:
        self._web_api = web_api
        self._tokens = tokens
        self._failures = failures
        self._oauth = oauth
        self._socket_mode = socket_mode
        self._base_url = base_url
        self._record = record

    def install(self, app: web.Application) -> None:
        """Serve ``/api/{method}`` on ``app``."""
        app.router.add_route("*", ROUTE, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        token: str | None = None
        try:
            params = await read_params(request)
            token = bearer_token(request) or optional_str(params.get("token"))
            params.pop("token", None)
            status, headers, body = self._answer(method, params, token, request)
        except ApiError as error:
            status, headers, body = error.status, {}, error.body()
        self._record(method, params, token, body)
        return web.json_response(body, status=status, headers=headers)

    def _answer(
        self, method: str, params: dict[str, Any], token: str | None, request: web.Request
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        """Status, headers and body for one call (planned failures first)."""
        failure = self._failures.take(method)
        if failure is not None:
            return failure.status, failure.headers(), {"ok": False, "error": failure.error}
        try:
            return 200, {}, self._call_method(method, copy.deepcopy(params), token, request)
        except ApiError as error:
            return error.status, {}, error.body()
        except Exception:
            logger.exception("Slack emulator: %s failed", method)
            return 500, {}, {"ok": False, "error": "internal_error"}

    def _call_method(
        self, method: str, params: dict[str, Any], token: str | None, request: web.Request
    ) -> dict[str, Any]:
        if method == "oauth.v2.access":
            return self._oauth.access(params, request.headers.get("Authorization", ""))
        if method == "apps.connections.open":
            return self._socket_mode.open_connection(
                token, known_token=self._tokens.knows(token), base_url=self._base_url()
            )
        handler = self._web_api.handlers.get(method)
        if handler is None:
            raise ApiError("unknown_method", req_method=method)
        caller = self._tokens.authenticate(token)
        return handler(ApiRequest(method=method, params=params, caller=caller))
