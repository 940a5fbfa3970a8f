"""Slack listeners. Each module registers its own; they parse, authorize, ack and hand over."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.services import Services
from handlers import actions, assistant, commands, home, messages, reactions

__all__ = ["register_all"]


def register_all(app: AsyncApp, services: Services) -> None:
    assistant.register(app, services)  # before messages: it claims assistant-thread messages
    messages.register(app, services)
    commands.register(app, services)
    actions.register(app, services)
    home.register(app, services)
    reactions.register(app, services)
