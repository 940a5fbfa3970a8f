"""A local Slack Web API emulator on aiohttp, for console mode and the tests.

``SlackEmulator`` serves ``/api/<method>`` the way slack.com does: GET or POST,
JSON, form or query parameters, the token in ``Authorization: Bearer`` or a
``token`` parameter. Besides the Web API it serves the upload URLs of
``files.getUploadURLExternal`` and ``response_url``s, and answers
``oauth.v2.access``, and Socket Mode (``apps.connections.open`` with
``app_token``, then a WebSocket; see ``bot.sandbox.socket_mode``). Every request
is recorded in ``calls``; the state lives in ``workspace`` (see
``bot.sandbox.workspace``).

Typical use::

    async with SlackEmulator() as emu:
        client = AsyncWebClient(token=emu.bot_token, base_url=emu.api_url)
        await client.chat_postMessage(channel="C0GENERAL", text="hi")
        assert emu.workspace.messages_in("C0GENERAL")[-1].text == "hi"
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import copy
import json
import logging
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.sandbox.api_base import ApiRequest, Caller, MessageContent, as_flag, message_content
from bot.sandbox.socket_mode import SocketModeServer, new_app_token
from bot.sandbox.web_api import WebApi
from bot.sandbox.workspace import (
    ApiCall,
    ApiError,
    Channel,
    Message,
    User,
    Workspace,
    WorkspaceChange,
    seed_workspace,
)

__all__ = [
    "ApiCall",
    "ApiError",
    "Channel",
    "Message",
    "SlackEmulator",
    "User",
    "Workspace",
    "WorkspaceChange",
]

logger = logging.getLogger(__name__)

#: Parameters that form-encoded clients send as JSON strings.
JSON_PARAMS = frozenset(
    {"blocks", "attachments", "files", "metadata", "view", "chunks", "prompts", "loading_messages"}
)
RESPONSE_URL_MAX_USES = 5
RESPONSE_URL_LIFETIME = 30 * 60.0
OAUTH_CODE_LIFETIME = 10 * 60.0
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
DEFAULT_OAUTH_SCOPE = "app_mentions:read,channels:history,chat:write,commands,im:history"


@dataclass
class _PlannedFailure:
    """One failure queued by ``fail_next``."""

    error: str
    status: int
    retry_after: int | None

    def headers(self) -> dict[str, str]:
        return {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}


@dataclass
class _ResponseUrl:
    """Where a response_url posts, and how often it was used."""

    channel_id: str
    user_id: str
    thread_ts: str | None
    message_ts: str | None
    created: float
    uses: int = 0


@dataclass
class _OAuthGrant:
    """A code issued by ``issue_oauth_code``, exchangeable once."""

    team_id: str
    team_name: str
    user_id: str
    bot_user_id: str
    bot_id: str
    scope: str
    redirect_uri: str | None
    created: float
    used: bool = False


class SlackEmulator:
    """An HTTP server that behaves like the parts of Slack the bot uses."""

    def __init__(
        self,
        *,
        team_id: str = "T0SANDBOX",
        team_name: str = "Kaizen Sandbox",
        bot_user_id: str = "U0KAIZEN",
        bot_id: str = "B0KAIZEN",
        bot_token: str | None = None,
        app_token: str | None = None,
        seed: bool = True,
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_token = bot_token or f"xoxb-sandbox-{secrets.token_hex(12)}"
        self.workspace = Workspace(
            team_id=team_id, team_name=team_name, bot_user_id=bot_user_id, bot_id=bot_id
        )
        self.workspace.add_user(
            "kaizen", real_name="Kaizen", user_id=bot_user_id, is_bot=True, bot_id=bot_id
        )
        if seed:
            seed_workspace(self.workspace)
        self.calls: list[ApiCall] = []
        self.web_api = WebApi(self.workspace, public_url=lambda: self.base_url)
        self._tokens: dict[str, Caller] = {}
        self.add_token(self.bot_token, team_id=team_id, user_id=bot_user_id, bot_id=bot_id)
        self._failures: dict[str, deque[_PlannedFailure]] = defaultdict(deque)
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._oauth_apps: dict[str, str] = {}
        self._oauth_grants: dict[str, _OAuthGrant] = {}
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self.socket_mode = SocketModeServer(
            app_id=self.workspace.app_id,
            app_token=app_token or new_app_token(self.workspace.app_id),
            record=self._record,
        )

    # ------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` once started."""
        if self._base_url is None:
            raise RuntimeError("the Slack emulator is not running: call start() first")
        return self._base_url

    @property
    def api_url(self) -> str:
        """The Web API root with a trailing slash (an ``AsyncWebClient`` base_url)."""
        return f"{self.base_url}/api/"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (port 0 picks a free one)."""
        if self._runner is not None:
            raise RuntimeError("the Slack emulator is already running")
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/upload/v1/{file_id}", self._handle_upload)
        app.router.add_post("/actions/{key}", self._handle_response_url)
        self.socket_mode.install(app)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        self._runner = runner
        bound_port = runner.addresses[0][1]
        shown_host = f"[{host}]" if ":" in host else host
        self._base_url = f"http://{shown_host}:{bound_port}"

    async def stop(self) -> None:
        """Stop listening; the recorded state stays readable."""
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._base_url = None

    async def __aenter__(self) -> SlackEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # ---------------------------------------------------------- Socket Mode

    @property
    def app_token(self) -> str:
        """The app-level token (``xapp-…``) that ``apps.connections.open`` accepts."""
        return self.socket_mode.app_token

    @property
    def socket_mode_connected(self) -> asyncio.Event:
        """Set while a Socket Mode client is connected."""
        return self.socket_mode.connected

    async def socket_mode_send(
        self,
        payload_type: str,
        payload: dict[str, Any],
        *,
        timeout: float = 5.0,
        accepts_response_payload: bool | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> dict[str, Any] | None:
        """Send an envelope to the connected app; its ack, or None (see ``SocketModeServer``)."""
        return await self.socket_mode.send(
            payload_type,
            payload,
            timeout=timeout,
            accepts_response_payload=accepts_response_payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )

    # ------------------------------------------------------- test controls

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls of one method, oldest first."""
        return [call for call in self.calls if call.method == method]

    def fail_next(
        self,
        method: str,
        error: str = "ratelimited",
        *,
        status: int | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``error``.

        ``ratelimited`` answers HTTP 429 with ``Retry-After`` (1 s unless
        given); other errors answer HTTP 200 unless ``status`` says otherwise.
        """
        is_ratelimit = error == "ratelimited"
        failure = _PlannedFailure(
            error=error,
            status=status if status is not None else (429 if is_ratelimit else 200),
            retry_after=retry_after if retry_after is not None else (1 if is_ratelimit else None),
        )
        self._failures[method].extend(failure for _ in range(times))

    def add_token(
        self,
        token: str,
        *,
        team_id: str,
        user_id: str,
        bot_id: str | None,
        team_name: str | None = None,
    ) -> None:
        """Accept ``token`` as belonging to ``user_id`` (a bot if ``bot_id``) of ``team_id``.

        All tokens act on the one shared ``workspace``; ``team_id`` is what
        auth.test reports.
        """
        name = team_name or (self.team_name if team_id == self.team_id else team_id)
        self._tokens[token] = Caller(
            token=token, team_id=team_id, team_name=name, user_id=user_id, bot_id=bot_id
        )

    def subscribe(self) -> asyncio.Queue[WorkspaceChange]:
        """A queue receiving every later workspace change."""
        return self.workspace.subscribe()

    def unsubscribe(self, queue: asyncio.Queue[WorkspaceChange]) -> None:
        self.workspace.unsubscribe(queue)

    def new_trigger_id(self, user_id: str | None = None) -> str:
        """A trigger id for views.open / views.push: valid for 3 s, once."""
        return self.web_api.new_trigger_id(user_id)

    def expire_stream(self, channel: str, ts: str) -> Message:
        """End a stream as Slack does after inactivity: later appends fail."""
        message = self.workspace.find_message(channel, ts)
        if message is None:
            raise KeyError(f"no message {ts} in {channel}")
        message.streaming = False
        self.workspace.emit("message_updated", channel=channel, message=message, stream="expired")
        return message

    # ---------------------------------------------------------- response_url

    def new_response_url(
        self,
        *,
        channel_id: str,
        user_id: str,
        thread_ts: str | None = None,
        message_ts: str | None = None,
    ) -> str:
        """A response_url, as a slash command or an interaction payload carries.

        It accepts 5 POSTs within 30 minutes. ``message_ts`` is the message
        that ``replace_original`` / ``delete_original`` act on (a button's
        message); without it, the first message posted through the URL
        becomes the original.
        """
        key = secrets.token_urlsafe(18)
        self._response_urls[key] = _ResponseUrl(
            channel_id=channel_id,
            user_id=user_id,
            thread_ts=thread_ts,
            message_ts=message_ts,
            created=time.monotonic(),
        )
        return f"{self.base_url}/actions/{key}"

    # ----------------------------------------------------------------- OAuth

    def register_oauth_app(self, client_id: str, client_secret: str) -> None:
        """Accept these app credentials in oauth.v2.access."""
        self._oauth_apps[client_id] = client_secret

    def issue_oauth_code(
        self,
        team_id: str = "T0OAUTH",
        team_name: str = "OAuth Test Team",
        *,
        user_id: str = "U0INSTALLER",
        scope: str = DEFAULT_OAUTH_SCOPE,
        redirect_uri: str | None = None,
        bot_user_id: str | None = None,
        bot_id: str | None = None,
    ) -> str:
        """A code, as Slack sends to the redirect URL after an install (valid 10 min, once).

        The bot installed this way uses the emulator's bot user unless told
        otherwise, so its token works in the shared workspace.
        """
        code = f"{secrets.randbelow(10**12)}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
        self._oauth_grants[code] = _OAuthGrant(
            team_id=team_id,
            team_name=team_name,
            user_id=user_id,
            bot_user_id=bot_user_id or self.bot_user_id,
            bot_id=bot_id or self.bot_id,
            scope=scope,
            redirect_uri=redirect_uri,
            created=time.monotonic(),
        )
        return code

    def _oauth_v2_access(self, params: dict[str, Any], authorization: str) -> dict[str, Any]:
        client_id, client_secret = _basic_credentials(authorization) or (
            str(params.get("client_id") or ""),
            str(params.get("client_secret") or ""),
        )
        if client_id not in self._oauth_apps:
            raise ApiError("invalid_client_id")
        if self._oauth_apps[client_id] != client_secret:
            raise ApiError("bad_client_secret")
        grant = self._oauth_grants.get(str(params.get("code") or ""))
        if grant is None or grant.used or time.monotonic() - grant.created > OAUTH_CODE_LIFETIME:
            raise ApiError("invalid_code")
        if grant.redirect_uri is not None and params.get("redirect_uri") != grant.redirect_uri:
            raise ApiError("bad_redirect_uri")
        grant.used = True
        token = f"xoxb-sandbox-{secrets.token_hex(12)}"
        self.add_token(
            token,
            team_id=grant.team_id,
            team_name=grant.team_name,
            user_id=grant.bot_user_id,
            bot_id=grant.bot_id,
        )
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": grant.scope,
            "bot_user_id": grant.bot_user_id,
            "app_id": self.workspace.app_id,
            "team": {"id": grant.team_id, "name": grant.team_name},
            "enterprise": None,
            "authed_user": {"id": grant.user_id},
            "is_enterprise_install": False,
        }

    # ------------------------------------------------------------- Web API

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        token: str | None = None
        try:
            params = await _read_params(request)
            token = _bearer_token(request) or _optional_str(params.get("token"))
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
        failures = self._failures.get(method)
        if failures:
            failure = failures.popleft()
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
            return self._oauth_v2_access(params, request.headers.get("Authorization", ""))
        if method == "apps.connections.open":
            known = token in self._tokens
            return self.socket_mode.open_connection(
                token, known_token=known, base_url=self.base_url
            )
        handler = self.web_api.handlers.get(method)
        if handler is None:
            raise ApiError("unknown_method", req_method=method)
        return handler(ApiRequest(method=method, params=params, caller=self._authenticate(token)))

    def _authenticate(self, token: str | None) -> Caller:
        if not token:
            raise ApiError("not_authed")
        if token == self.app_token:
            raise ApiError("not_allowed_token_type")
        caller = self._tokens.get(token)
        if caller is None:
            raise ApiError("invalid_auth")
        return caller

    def _record(
        self, method: str, params: dict[str, Any], token: str | None, response: dict[str, Any]
    ) -> None:
        self.calls.append(
            ApiCall(method=method, params=params, token=token, response=response, at=time.time())
        )

    # -------------------------------------------------------------- uploads

    async def _handle_upload(self, request: web.Request) -> web.Response:
        """The upload URL from files.getUploadURLExternal: raw body or multipart."""
        file = self.workspace.files.get(request.match_info["file_id"])
        if file is None or file.completed:
            self._record("upload", {"file_id": request.match_info["file_id"]}, None, {"ok": False})
            return web.Response(status=404, text="file_not_found", content_type="text/plain")
        file.content = await _read_upload_body(request)
        file.uploaded = True
        params = {"file_id": file.id, "length": len(file.content)}
        self._record("upload", params, None, {"ok": True})
        return web.Response(text=f"OK - {len(file.content)}", content_type="text/plain")

    # ---------------------------------------------------------- response_url

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        """A POST to a response_url (recorded as the pseudo-method ``response_url``)."""
        body: dict[str, Any] = {}
        try:
            body = await _read_response_payload(request)
            reply, status = self._respond_via_url(request.match_info["key"], body), 200
        except ApiError as error:
            reply, status = error.body(), error.status if error.status != 200 else 400
        self._record("response_url", body, None, reply)
        return web.json_response(reply, status=status)

    def _respond_via_url(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        binding = self._use_response_url(key)
        if binding.channel_id not in self.workspace.channels:
            raise ApiError("channel_not_found", status=404)
        original = self._original_message(binding)
        if as_flag(body.get("delete_original")):
            if original is not None:
                self.workspace.delete_message(original)
            return {"ok": True}
        content = message_content(body)
        if content.is_empty:
            raise ApiError("no_text", status=400)
        if as_flag(body.get("replace_original")) and original is not None:
            self._replace(original, content.text, content.blocks, content.attachments)
            return {"ok": True}
        message = self._post_response(binding, body, content.text or "", content)
        if binding.message_ts is None:
            binding.message_ts = message.ts
        return {"ok": True}

    def _use_response_url(self, key: str) -> _ResponseUrl:
        binding = self._response_urls.get(key)
        if binding is None:
            raise ApiError("no_service", status=404)
        if time.monotonic() - binding.created > RESPONSE_URL_LIFETIME:
            raise ApiError("expired_url", status=404)
        if binding.uses >= RESPONSE_URL_MAX_USES:
            raise ApiError("used_url", status=404)
        binding.uses += 1
        return binding

    def _original_message(self, binding: _ResponseUrl) -> Message | None:
        if binding.message_ts is None:
            return None
        return self.workspace.find_message(binding.channel_id, binding.message_ts)

    def _replace(
        self,
        message: Message,
        text: str | None,
        blocks: list[dict[str, Any]] | None,
        attachments: list[dict[str, Any]] | None,
    ) -> None:
        """replace_original: the message takes the new content wholesale."""
        message.text = text or ""
        message.blocks = blocks
        message.attachments = attachments
        message.edited = True
        message.edited_ts = self.workspace.next_ts()
        self.workspace.emit("message_updated", channel=message.channel, message=message)

    def _post_response(
        self, binding: _ResponseUrl, body: dict[str, Any], text: str, content: MessageContent
    ) -> Message:
        thread_ts = _optional_str(body.get("thread_ts")) or binding.thread_ts
        if body.get("response_type") == "in_channel":
            return self.workspace.post_message(
                binding.channel_id,
                text,
                user=self.bot_user_id,
                bot_id=self.bot_id,
                thread_ts=thread_ts,
                blocks=content.blocks,
                attachments=content.attachments,
            )
        return self.workspace.post_ephemeral(
            binding.channel_id,
            binding.user_id,
            text,
            sender=self.bot_user_id,
            bot_id=self.bot_id,
            thread_ts=thread_ts,
            blocks=content.blocks,
            attachments=content.attachments,
        )


# ------------------------------------------------------------ request parsing


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query parameters merged with a JSON or form body (the body wins)."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            params.update(await _read_json_object(request))
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            params.update({key: value for key, value in form.items() if isinstance(value, str)})
    return _decode_json_params(params)


async def _read_json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.text())
    except ValueError:
        raise ApiError("invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError("invalid_json")
    return body


def _decode_json_params(params: dict[str, Any]) -> dict[str, Any]:
    """Decode ``blocks='[...]'`` and friends; a value that is not JSON stays a string."""
    for key in JSON_PARAMS & params.keys():
        value = params[key]
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params


async def _read_upload_body(request: web.Request) -> bytes:
    if request.content_type == "multipart/form-data":
        form = await request.post()
        for value in form.values():
            if isinstance(value, web.FileField):
                return value.file.read()
        return str(form.get("file", "")).encode()
    return await request.read()


async def _read_response_payload(request: web.Request) -> dict[str, Any]:
    """A response_url body: JSON, or a form with a JSON ``payload`` field."""
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        raw = form.get("payload")
        if not isinstance(raw, str):
            raise ApiError("invalid_payload", status=400)
        try:
            body = json.loads(raw)
        except ValueError:
            raise ApiError("invalid_payload", status=400) from None
    else:
        try:
            body = json.loads(await request.text())
        except ValueError:
            raise ApiError("invalid_payload", status=400) from None
    if not isinstance(body, dict):
        raise ApiError("invalid_payload", status=400)
    return body


def _bearer_token(request: web.Request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def _basic_credentials(authorization: str) -> tuple[str, str] | None:
    """(client_id, client_secret) from an HTTP Basic header, as slack_sdk sends them."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, client_secret = base64.b64decode(encoded.strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return client_id, client_secret


def _optional_str(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
