"""What the person at the terminal is doing: who they are, where they talk, what they may press."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.workspace.models import Message


@dataclass
class Button:
    """A button shown on screen, numbered by its place in ``ConsoleSession.buttons``."""

    message: Message
    action: dict[str, Any]


@dataclass
class ConsoleSession:
    """Who the person acts as, and where they talk."""

    user_id: str
    channel_id: str | None = None  # None: the DM with the bot
    buttons: list[Button] = field(default_factory=list)
