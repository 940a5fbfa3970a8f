"""Reactions: 👍/👎 on the bot's replies are feedback on the run that posted them."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.services import Services
from handlers._delivery import team_id_of


def register(app: AsyncApp, services: Services) -> None:
    async def on_reaction(
        body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        item = event.get("item") or {}
        learning = services.learning
        if learning is None or item.get("type") != "message" or not event.get("user"):
            return
        if context.bot_user_id and event.get("user") == context.bot_user_id:
            return  # the bot's own reactions are not feedback
        await learning.feedback.on_reaction(
            team_id=team_id_of(body, context),
            user_id=str(event["user"]),
            channel_id=str(item.get("channel", "")),
            ts=str(item.get("ts", "")),
            reaction=str(event.get("reaction", "")),
            added=event.get("type") == "reaction_added",
        )

    app.event("reaction_added")(on_reaction)
    app.event("reaction_removed")(on_reaction)
