"""Running the app: HTTP (aiohttp) and Socket Mode."""

from __future__ import annotations

import asyncio
import logging
import sys

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.app import StartupError, build_kaizen
from bot.config import Settings
from bot.server import build_web_app

logger = logging.getLogger(__name__)


def serve(settings: Settings, *, host: str, port: int) -> int:
    kaizen = build_kaizen(settings)
    app = build_web_app(kaizen)
    try:
        web.run_app(
            app,
            host=host,
            port=port,
            access_log=None,
            print=lambda _: logger.info("Kaizen is listening on http://%s:%s", host, port),
            handle_signals=True,
            shutdown_timeout=10,
        )
    except StartupError as error:
        print(f"kaizen: {error}", file=sys.stderr)
        return 2
    return 0


async def run_socket_mode(settings: Settings) -> int:
    kaizen = build_kaizen(settings, socket_mode=True)
    try:
        await kaizen.start()
    except StartupError as error:
        print(f"kaizen: {error}", file=sys.stderr)
        await kaizen.close()
        return 2
    app_token = settings.slack_app_token.get_secret_value()  # type: ignore[union-attr]
    handler = AsyncSocketModeHandler(kaizen.bolt, app_token)
    logger.info("Kaizen is connecting to Slack in Socket Mode")
    try:
        await handler.start_async()
    except asyncio.CancelledError:
        pass
    finally:
        await handler.close_async()
        await kaizen.close()
    return 0
