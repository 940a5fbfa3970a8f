"""When to show the next prompt: after the bot has answered and gone quiet for a moment."""

from __future__ import annotations

import asyncio
import time

from bot.sandbox.workspace.store import Workspace

REPLY_WAIT_SECONDS = 60.0
SETTLE_SECONDS = 0.3
_POLL_SECONDS = 0.02


class Pacing:
    """Tracks the bot's last visible output and waits for it to settle."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._last_bot_activity = 0.0

    def bot_was_active(self) -> None:
        """Note that the bot just showed something."""
        self._last_bot_activity = time.monotonic()

    async def wait_for_reply(self, channel: str, ts: str) -> None:
        """Wait until the bot has answered in the thread (or for a while), then settle."""
        deadline = time.monotonic() + REPLY_WAIT_SECONDS
        while time.monotonic() < deadline and not self._bot_replied(channel, ts):
            await asyncio.sleep(_POLL_SECONDS)
        await self.settle()

    def _bot_replied(self, channel: str, ts: str) -> bool:
        return any(
            m.user == self._workspace.bot_user_id and m.ts != ts
            for m in self._workspace.messages_in(channel, thread_ts=ts)
        )

    async def settle(self, *, wait_first: bool = False, patience: float = 5.0) -> None:
        """Let follow-up output arrive before the next prompt is shown.

        ``wait_first`` first waits (up to ``patience`` seconds) for the bot to
        show anything at all, for answers that arrive after an empty ack.
        """
        started = time.monotonic()
        if wait_first:
            while self._last_bot_activity < started and time.monotonic() - started < patience:
                await asyncio.sleep(_POLL_SECONDS)
        quiet_since = time.monotonic()
        while time.monotonic() - max(quiet_since, self._last_bot_activity) < SETTLE_SECONDS:
            await asyncio.sleep(_POLL_SECONDS)
