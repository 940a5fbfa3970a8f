"""The workspace's channels and users, listed at most once: make one per tool call."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import ToolError
from bot.integrations.slack.client import Subject, call
from bot.integrations.slack.refs import ChannelRef, UserRef
from bot.messages.slack import SOMEONE

__all__ = ["SlackDirectory"]

_PAGE_SIZE = 200
_MAX_PAGES = 50  # 10,000 channels or users: far beyond a workspace we serve, never a loop


class SlackDirectory:
    """The workspace's channels and users, each listed at most once per instance."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._channels: list[ChannelRef] | None = None
        self._users: list[UserRef] | None = None
        self._bot_user_id: str | None = None

    async def channels(self) -> list[ChannelRef]:
        """Public and private channels the bot can see, archived ones included."""
        if self._channels is None:
            pages = self._pages(
                "conversations.list",
                "channels",
                types="public_channel,private_channel",
                exclude_archived=False,
            )
            self._channels = [ChannelRef.from_payload(item) async for item in pages]
        return self._channels

    async def users(self) -> list[UserRef]:
        if self._users is None:
            self._users = [
                UserRef.from_payload(m) async for m in self._pages("users.list", "members")
            ]
        return self._users

    async def channel_info(self, channel_id: str) -> ChannelRef | None:
        """The channel with this id as it is now; None when it is gone or hidden."""
        try:
            data = await call(
                self.client,
                "conversations.info",
                channel=channel_id,
                subject=Subject(channel=f"<#{channel_id}>"),
            )
        except ToolError as exc:
            if exc.error_class == "channel_not_found":
                return None
            raise
        return ChannelRef.from_payload(data.get("channel") or {})

    async def user_info(self, user_id: str) -> UserRef | None:
        try:
            data = await call(self.client, "users.info", user=user_id)
        except ToolError as exc:
            if exc.error_class == "user_not_found":
                return None
            raise
        return UserRef.from_payload(data.get("user") or {})

    async def user_label(self, user_id: str | None) -> str:
        """``@bob`` for an id, from the member list; the raw mention when unknown."""
        if not user_id:
            return SOMEONE
        known = next((u for u in await self.users() if u.id == user_id), None)
        return known.label if known else f"<@{user_id}>"

    async def bot_user_id(self) -> str:
        if self._bot_user_id is None:
            data = await call(self.client, "auth.test")
            self._bot_user_id = str(data.get("user_id") or "")
        return self._bot_user_id

    async def _pages(self, method: str, key: str, **params: Any) -> AsyncIterator[dict[str, Any]]:
        cursor = ""
        for _ in range(_MAX_PAGES):
            data = await call(
                self.client, method, limit=_PAGE_SIZE, cursor=cursor or None, **params
            )
            for item in data.get(key) or []:
                yield item
            cursor = str((data.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return
