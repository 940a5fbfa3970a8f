"""App Home: the Home tab's view, and a greeting the first time the Messages tab opens."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.home import home_view


class HomeListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_app_home_opened(
        self, event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        user_id = str(event.get("user") or "")
        if not user_id or event.get("tab", "home") != "home":
            return
        view = home_view(
            is_admin=self._services.settings.is_admin(user_id),
            model_enabled=self._services.model is not None,
        )
        await client.views_publish(user_id=user_id, view=view)


def register(app: AsyncApp, services: Services) -> None:
    app.event("app_home_opened")(HomeListeners(services).on_app_home_opened)
