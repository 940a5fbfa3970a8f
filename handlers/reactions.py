"""Reactions. 👍/👎 on the bot's replies become feedback once the learning loop exists;
until then they are acknowledged so Slack does not retry them."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.app import Services


def register(app: AsyncApp, services: Services) -> None:
    async def on_reaction(event: dict[str, Any]) -> None:
        return None

    app.event("reaction_added")(on_reaction)
    app.event("reaction_removed")(on_reaction)
