"""``SlackEmulator``: the local Slack server for console mode and the tests.

It serves ``/api/<method>`` the way slack.com does: GET or POST, JSON, form or
query parameters, the token in ``Authorization: Bearer`` or a ``token``
parameter (``api_endpoint``). Besides the Web API it serves the upload URLs of
``files.getUploadURLExternal`` (``uploads``) and ``response_url``s
(``response_urls``), answers ``oauth.v2.access`` (``oauth``), and Socket Mode
(``apps.connections.open`` with ``app_token``, then a WebSocket; see
``bot.sandbox.socket_mode``). Every request is recorded in ``calls``; the
state lives in ``workspace`` (see ``bot.sandbox.workspace``).

Typical use::

    async with SlackEmulator() as emu:
        client = AsyncWebClient(token=emu.bot_token, base_url=emu.api_url)
        await client.chat_postMessage(channel="C0GENERAL", text="hi")
        assert emu.workspace.messages_in("C0GENERAL")[-1].text == "hi"
"""

from __future__ import annotations

import asyncio
import time
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.sandbox.emulator.api_endpoint import ApiEndpoint
from bot.sandbox.emulator.failures import PlannedFailures
from bot.sandbox.emulator.oauth import DEFAULT_OAUTH_SCOPE, OAuthServer, new_bot_token
from bot.sandbox.emulator.response_urls import ResponseUrls
from bot.sandbox.emulator.tokens import Tokens
from bot.sandbox.emulator.uploads import UploadUrls
from bot.sandbox.emulator.web_api import WebApi
from bot.sandbox.socket_mode import SocketModeServer, new_app_token
from bot.sandbox.workspace.api_records import ApiCall
from bot.sandbox.workspace.changes import WorkspaceChange
from bot.sandbox.workspace.models import Message
from bot.sandbox.workspace.seed import seed_workspace
from bot.sandbox.workspace.store import Workspace

MAX_UPLOAD_BYTES = 64 * 1024 * 1024


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
        self.bot_token = bot_token or new_bot_token()
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
        self.socket_mode = SocketModeServer(
            app_id=self.workspace.app_id,
            app_token=app_token or new_app_token(self.workspace.app_id),
            record=self._record,
        )
        self._tokens = Tokens(app_token=self.socket_mode.app_token)
        self.add_token(self.bot_token, team_id=team_id, user_id=bot_user_id, bot_id=bot_id)
        self._failures = PlannedFailures()
        self._oauth = OAuthServer(self._tokens, app_id=self.workspace.app_id)
        self._response_urls = ResponseUrls(
            self.workspace, base_url=lambda: self.base_url, record=self._record
        )
        self._uploads = UploadUrls(self.workspace, record=self._record)
        self._api = ApiEndpoint(
            web_api=self.web_api,
            tokens=self._tokens,
            failures=self._failures,
            oauth=self._oauth,
            socket_mode=self.socket_mode,
            base_url=lambda: self.base_url,
            record=self._record,
        )
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

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
        self._api.install(app)
        self._uploads.install(app)
        self._response_urls.install(app)
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
        self._failures.add(method, error, status=status, retry_after=retry_after, times=times)

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
        self._tokens.add(token, team_id=team_id, team_name=name, user_id=user_id, bot_id=bot_id)

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
        return self._response_urls.new(
            channel_id=channel_id, user_id=user_id, thread_ts=thread_ts, message_ts=message_ts
        )

    # ----------------------------------------------------------------- OAuth

    def register_oauth_app(self, client_id: str, client_secret: str) -> None:
        """Accept these app credentials in oauth.v2.access."""
        self._oauth.register_app(client_id, client_secret)

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
        return self._oauth.issue_code(
            team_id=team_id,
            team_name=team_name,
            user_id=user_id,
            scope=scope,
            redirect_uri=redirect_uri,
            bot_user_id=bot_user_id or self.bot_user_id,
            bot_id=bot_id or self.bot_id,
        )

    def _record(
        self, method: str, params: dict[str, Any], token: str | None, response: dict[str, Any]
    ) -> None:
        self.calls.append(
            ApiCall(method=method, params=params, token=token, response=response, at=time.time())
        )
