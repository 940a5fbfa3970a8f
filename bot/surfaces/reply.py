"""What a slash command answers with, whichever surface built it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CommandReply:
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    public: bool = False  # in_channel: an undo changes shared state, so others see it
    notes: list[str] = field(default_factory=list)  # for the admin channel, after the reply
