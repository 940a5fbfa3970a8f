"""The ack-latency baseline: a bare slack-bolt AsyncApp on aiohttp that only acks.

Run as `python -m bench.bare_bolt_app --port P` with SLACK_BOT_TOKEN,
SLACK_SIGNING_SECRET and SLACK_API_URL set (the benchmark points the API URL at its
Slack emulator, so Bolt's one `auth.test` lands there). It serves `POST /slack/events`
the way `kaizen serve` does (to_bolt_request → async_dispatch → to_aiohttp_response)
and `GET /healthz` for the readiness check; nothing else.
"""

from __future__ import annotations

import argparse
import logging
import os

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

BOLT_APP_KEY = web.AppKey("bolt", AsyncApp)


def build_bolt() -> AsyncApp:
    token = os.environ.pop("SLACK_BOT_TOKEN")  # Bolt would warn that `client` has it too
    bolt = AsyncApp(
        name="bare-bolt",
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=AsyncWebClient(token=token, base_url=os.environ["SLACK_API_URL"]),
        logger=logging.getLogger("bare.bolt"),
    )

    async def on_app_mention() -> None:
        """Nothing: Bolt has already acked."""

    bolt.event("app_mention")(on_app_mention)
    return bolt


async def slack_events(request: web.Request) -> web.Response:
    bolt = request.app[BOLT_APP_KEY]
    bolt_response = await bolt.async_dispatch(await to_bolt_request(request))
    return await to_aiohttp_response(bolt_response)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def build_web_app() -> web.Application:
    app = web.Application()
    app[BOLT_APP_KEY] = build_bolt()
    app.router.add_post("/slack/events", slack_events)
    app.router.add_get("/healthz", healthz)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    web.run_app(
        build_web_app(),
        host=args.host,
        port=args.port,
        access_log=None,
        print=None,
        handle_signals=True,
        shutdown_timeout=2,
    )


if __name__ == "__main__":
    main()
