"""A member's request, as a handler hands it to the orchestrator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    """A member's request, already stripped of the bot's mention."""

    team_id: str
    user_id: str
    channel_id: str
    text: str
    ts: str
    thread_ts: str | None = None
    source: str = "message"  # message, mention, assistant

    @property
    def reply_thread_ts(self) -> str:
        return self.thread_ts or self.ts

    @property
    def is_dm(self) -> bool:
        return self.channel_id.startswith("D")
