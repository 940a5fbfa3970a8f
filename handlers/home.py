"""App Home: the Home tab's view, and a greeting the first time the Messages tab opens."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from handlers._delivery import event_id_of, retry_num, team_id_of


class HomeListeners:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def on_app_home_opened(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        user_id = str(event.get("user") or "")
        if not user_id:
            return
        tab = event.get("tab", "home")
        team_id = team_id_of(body, context)
        if tab == "home":
            is_admin = self._services.settings.is_admin(user_id)
            await self._services.home.publish(
                client, user_id=user_id, is_admin=is_admin, team_id=team_id
            )
            return
        if tab == "messages" and event.get("channel"):

            async def greet() -> None:
                await self._services.home.greet_once(
                    client, team_id=team_id, user_id=user_id, channel_id=str(event["channel"])
                )

            await self._services.deliveries.process_once(
                team_id=team_id,
                event_id=event_id_of(body),
                kind="app_home_opened",
                retry_num=retry_num(request),
                work=greet,
            )


def register(app: AsyncApp, services: Services) -> None:
    app.event("app_home_opened")(HomeListeners(services).on_app_home_opened)
