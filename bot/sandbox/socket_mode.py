"""Slack's Socket Mode, server side, for the emulator.

Slack's protocol, as documented at
https://docs.slack.dev/apis/events-api/using-socket-mode/:

1. The app calls the Web API method ``apps.connections.open`` with its
   app-level token (``xapp-…``); a bot or user token there is refused with
   ``not_allowed_token_type``. The answer holds a one-time WebSocket URL.
2. The app connects to that URL; Slack's first message is ``hello``.
3. Slack sends each delivery as an envelope ``{"envelope_id", "type",
   "payload", "accepts_response_payload", …}`` with type ``events_api``,
   ``slash_commands`` or ``interactive``; Events API envelopes also carry
   ``retry_attempt`` and ``retry_reason``.
4. The app acknowledges with ``{"envelope_id": …}``, adding a ``payload``
   (the body an HTTP app would answer with) where the envelope accepts one.
5. Slack may send ``{"type": "disconnect", "reason": …}``; the app then opens
   a new connection. Pings are answered with pongs.

``SocketModeServer`` keeps the connections and the tickets; the emulator
routes ``apps.connections.open`` and ``/socket-mode/<ticket>`` to it.
Tests drive it through ``SlackEmulator.socket_mode_send`` and
``socket_mode_connected``. Recorded pseudo-methods in ``calls``:
``socket_mode.connect`` (the hello sent) and ``socket_mode.envelope`` (the
envelope as params, the ack as response, ``{"ok": False, "error": "no_ack"}``
when none came).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import uuid
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from bot.sandbox.workspace.api_records import ApiError, Recorder

logger = logging.getLogger(__name__)

ENVELOPE_TYPES = frozenset({"events_api", "slash_commands", "interactive"})
#: Interactive payloads whose ack may carry a response (options, view errors/updates).
_INTERACTIVE_WITH_RESPONSE = frozenset({"block_suggestion", "view_submission"})
ROUTE = "/socket-mode/{ticket}"


def new_app_token(app_id: str) -> str:
    """An app-level token shaped like Slack's: ``xapp-1-<app id>-<digits>-<hex>``."""
    return f"xapp-1-{app_id}-{secrets.randbelow(10**13):013d}-{secrets.token_hex(32)}"


class SocketModeServer:
    """The WebSocket side of the emulator: tickets, connections, envelopes and acks."""

    def __init__(self, *, app_id: str, app_token: str, record: Recorder) -> None:
        self.app_id = app_id
        self.app_token = app_token
        #: Set while at least one client is connected (after its hello).
        self.connected = asyncio.Event()
        self._record = record
        self._tickets: set[str] = set()
        self._connections: list[web.WebSocketResponse] = []
        self._pending: dict[
            str, tuple[web.WebSocketResponse, asyncio.Future[dict[str, Any] | None]]
        ] = {}

    def install(self, app: web.Application) -> None:
        """Serve the WebSocket URLs; close the connections when the server shuts down."""
        app.router.add_get(ROUTE, self._handle_websocket)
        app.on_shutdown.append(self._on_shutdown)

    @property
    def num_connections(self) -> int:
        return len(self._connections)

    # ------------------------------------------------------ apps.connections.open

    def open_connection(
        self, token: str | None, *, known_token: bool, base_url: str
    ) -> dict[str, Any]:
        """The body of ``apps.connections.open``: a one-time WebSocket URL."""
        if not token:
            raise ApiError("not_authed")
        if token != self.app_token:
            raise ApiError("not_allowed_token_type" if known_token else "invalid_auth")
        ticket = secrets.token_urlsafe(24)
        self._tickets.add(ticket)
        ws_base = "ws" + base_url.removeprefix("http")
        return {"ok": True, "url": f"{ws_base}/socket-mode/{ticket}"}

    # ------------------------------------------------------------ connections

    async def _handle_websocket(self, request: web.Request) -> web.StreamResponse:
        ticket = request.match_info["ticket"]
        if ticket not in self._tickets:
            self._record(
                "socket_mode.connect",
                {"ticket": ticket},
                None,
                {"ok": False, "error": "invalid_ticket"},
            )
            return web.Response(status=401, text="invalid_ticket", content_type="text/plain")
        self._tickets.discard(ticket)  # a URL connects once
        ws = web.WebSocketResponse(autoping=True)  # pings are answered with their data
        await ws.prepare(request)
        self._connections.append(ws)
        try:
            hello = {
                "type": "hello",
                "num_connections": len(self._connections),
                "debug_info": {
                    "host": "kaizen-emulator",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.app_id},
            }
            await ws.send_json(hello)
            self._record("socket_mode.connect", {"ticket": ticket}, None, hello)
            self.connected.set()
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    self._receive(message.data)
        finally:
            self._forget(ws)
        return ws

    def _receive(self, data: str) -> None:
        """An ack from the app: resolve the envelope it names."""
        try:
            ack = json.loads(data)
        except ValueError:
            logger.warning("Socket Mode: ignored a message that is not JSON")
            return
        envelope_id = ack.get("envelope_id") if isinstance(ack, dict) else None
        pending = self._pending.get(envelope_id) if isinstance(envelope_id, str) else None
        if pending is None:
            logger.warning("Socket Mode: ignored a message for no pending envelope")
            return
        future = pending[1]
        if not future.done():
            future.set_result(ack)

    def _forget(self, ws: web.WebSocketResponse) -> None:
        if ws in self._connections:
            self._connections.remove(ws)
        if not self._connections:
            self.connected.clear()
        for envelope_id, (sent_on, future) in list(self._pending.items()):
            if sent_on is ws and not future.done():
                future.set_result(None)  # the connection is gone: no ack will come
                del self._pending[envelope_id]

    async def _on_shutdown(self, _app: web.Application) -> None:
        await self.close_all(code=WSCloseCode.GOING_AWAY)

    async def close_all(self, *, code: int = WSCloseCode.GOING_AWAY) -> None:
        """Close every connection (the app will see the socket close)."""
        for ws in list(self._connections):
            await ws.close(code=code, message=b"server shutdown")

    # ---------------------------------------------------------------- sending

    async def send(
        self,
        payload_type: str,
        payload: dict[str, Any],
        *,
        timeout: float = 5.0,
        accepts_response_payload: bool | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> dict[str, Any] | None:
        """Send one envelope to the newest connection and return the app's ack.

        None when no ack arrived within ``timeout`` seconds (or the connection
        closed first). ``RuntimeError`` when no app connected within ``timeout``.
        """
        if payload_type not in ENVELOPE_TYPES:
            raise ValueError(f"unknown envelope type {payload_type!r}")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            await asyncio.wait_for(self.connected.wait(), timeout)
        except TimeoutError:
            raise RuntimeError("no Socket Mode client is connected to the emulator") from None
        if accepts_response_payload is None:
            accepts_response_payload = payload_type == "slash_commands" or (
                payload_type == "interactive" and payload.get("type") in _INTERACTIVE_WITH_RESPONSE
            )
        envelope: dict[str, Any] = {
            "envelope_id": str(uuid.uuid4()),
            "type": payload_type,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if payload_type == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        ack = await self._deliver(envelope, deadline - loop.time())
        self._record(
            "socket_mode.envelope",
            envelope,
            None,
            ack if ack is not None else {"ok": False, "error": "no_ack"},
        )
        return ack

    async def _deliver(self, envelope: dict[str, Any], timeout: float) -> dict[str, Any] | None:
        ws = self._connections[-1]
        envelope_id = envelope["envelope_id"]
        future: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        self._pending[envelope_id] = (ws, future)
        try:
            await ws.send_json(envelope)
            return await asyncio.wait_for(future, max(timeout, 0.0))
        except (TimeoutError, ConnectionError):
            return None  # no ack in time, or the connection was closing
        finally:
            self._pending.pop(envelope_id, None)

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the connected apps to reconnect, as Slack does before it closes a connection."""
        message = {
            "type": "disconnect",
            "reason": reason,
            "debug_info": {"host": "kaizen-emulator"},
        }
        for ws in list(self._connections):
            await ws.send_json(message)
