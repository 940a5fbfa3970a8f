"""HTTP mode: one aiohttp application serving Slack, health and metrics."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_sdk.signature import SignatureVerifier

from bot.app import Kaizen
from bot.runtime.metrics import CONTENT_TYPE_LATEST

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are far smaller; refuse anything bigger.
KAIZEN_KEY = web.AppKey("kaizen", Kaizen)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def build_web_app(kaizen: Kaizen) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[_no_stack_traces])
    app[KAIZEN_KEY] = kaizen
    app.router.add_post("/slack/events", slack_events)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    if kaizen.bolt.oauth_flow is not None:
        app.router.add_get("/slack/install", slack_install)
        app.router.add_get("/slack/oauth_redirect", slack_oauth_redirect)
    app.on_startup.append(_start)
    app.on_cleanup.append(_close)
    return app


async def slack_events(request: web.Request) -> web.Response:
    kaizen = request.app[KAIZEN_KEY]
    try:
        bolt_request = await to_bolt_request(request)
    except ValueError:  # Bolt parses before it verifies; a signed but broken body lands here
        return await _unparseable(request, kaizen)
    bolt_response = await kaizen.bolt.async_dispatch(bolt_request)
    kaizen.services.metrics.slack_requests.labels(
        kind=_kind_of(bolt_request.body), status=str(bolt_response.status)
    ).inc()
    return await to_aiohttp_response(bolt_response)


async def _unparseable(request: web.Request, kaizen: Kaizen) -> web.Response:
    secret = kaizen.services.settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value() if secret else "")
    signed = verifier.is_valid_request(await request.read(), dict(request.headers))
    status = 400 if signed else 401
    kaizen.services.metrics.slack_requests.labels(kind="unparseable", status=str(status)).inc()
    if not signed:
        return web.json_response({"error": "invalid_signature"}, status=401)
    return web.json_response({"error": "malformed_body"}, status=400)


async def slack_install(request: web.Request) -> web.Response:
    flow = request.app[KAIZEN_KEY].bolt.oauth_flow
    assert flow is not None
    return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))


async def slack_oauth_redirect(request: web.Request) -> web.Response:
    flow = request.app[KAIZEN_KEY].bolt.oauth_flow
    assert flow is not None
    return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))


async def healthz(request: web.Request) -> web.Response:
    kaizen = request.app[KAIZEN_KEY]
    if await kaizen.services.database.ping():
        return web.json_response({"status": "ok", "database": "ok"})
    return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)


async def metrics(request: web.Request) -> web.Response:
    services = request.app[KAIZEN_KEY].services
    await services.metrics.refresh(services.database)
    body = services.metrics.render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


@web.middleware
async def _no_stack_traces(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Whatever breaks, the caller gets a short JSON error; the details go to our log."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return web.json_response({"error": "internal_error"}, status=500)


def _kind_of(body: dict[str, object]) -> str:
    kind = body.get("type") or ("slash_command" if "command" in body else "unknown")
    return str(kind)[:32]


async def _start(app: web.Application) -> None:
    await app[KAIZEN_KEY].start()


async def _close(app: web.Application) -> None:
    await app[KAIZEN_KEY].close()
