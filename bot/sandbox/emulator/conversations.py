"""Reading conversations: conversations.list / info / history / replies and users.conversations."""

from __future__ import annotations

from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest, Handler
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.paging import in_window, paginate, time_window, ts_key
from bot.sandbox.emulator.payloads import channel_payload, message_payload
from bot.sandbox.workspace.api_records import ApiError
from bot.sandbox.workspace.models import Channel

_CONVERSATION_TYPES = frozenset({"public_channel", "private_channel", "mpim", "im"})


class ConversationMethods:
    """Which conversations there are, and what was said in them."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace

    def handlers(self) -> dict[str, Handler]:
        return {
            "conversations.list": self.list_conversations,
            "users.conversations": self.users_conversations,
            "conversations.info": self.info,
            "conversations.history": self.history,
            "conversations.replies": self.replies,
        }

    def list_conversations(self, request: ApiRequest) -> dict[str, Any]:
        channels = self._listed_channels(request, request.caller.user_id, only_member=False)
        page, cursor = paginate(channels, request, default_limit=100, max_limit=1000)
        return {
            "ok": True,
            "channels": [channel_payload(c, self._workspace) for c in page],
            "response_metadata": {"next_cursor": cursor},
        }

    def users_conversations(self, request: ApiRequest) -> dict[str, Any]:
        user_id = request.text("user") or request.caller.user_id
        self._find.user(user_id)
        channels = self._listed_channels(request, user_id, only_member=True)
        page, cursor = paginate(channels, request, default_limit=100, max_limit=1000)
        return {
            "ok": True,
            "channels": [channel_payload(c, self._workspace) for c in page],
            "response_metadata": {"next_cursor": cursor},
        }

    def _listed_channels(
        self, request: ApiRequest, user_id: str, *, only_member: bool
    ) -> list[Channel]:
        types = set(request.id_list("types") or ["public_channel"])
        if types - _CONVERSATION_TYPES:
            raise ApiError("invalid_types")
        exclude_archived = request.flag("exclude_archived")
        listed: list[Channel] = []
        for channel in self._workspace.channels.values():
            is_member = user_id in channel.members
            kind = (
                "im"
                if channel.is_im
                else "private_channel"
                if channel.is_private
                else "public_channel"
            )
            if kind not in types or (exclude_archived and channel.is_archived):
                continue
            if (only_member or kind != "public_channel") and not is_member:
                continue
            listed.append(channel)
        return listed

    def info(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request)
        return {"ok": True, "channel": channel_payload(channel, self._workspace)}

    def history(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request, member=True)
        oldest, latest = time_window(request)
        inclusive = request.flag("inclusive")
        include_metadata = request.flag("include_all_metadata")
        messages = [
            m
            for m in self._workspace.messages_in(channel.id)
            if not m.is_ephemeral
            and (not m.is_reply or m.reply_broadcast)
            and in_window(ts_key(m.ts), oldest, latest, inclusive)
        ]
        messages.reverse()
        page, cursor = paginate(messages, request, default_limit=100, max_limit=999)
        return {
            "ok": True,
            "messages": [
                message_payload(m, self._workspace, include_metadata=include_metadata) for m in page
            ],
            "has_more": bool(cursor),
            "pin_count": sum(1 for m in messages if m.pinned_by),
            "channel_actions_ts": None,
            "channel_actions_count": 0,
            "response_metadata": {"next_cursor": cursor},
        }

    def replies(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request, member=True)
        ts = request.require("ts")
        found = self._workspace.find_message(channel.id, ts)
        if found is None or found.is_ephemeral:
            raise ApiError("thread_not_found")
        parent = self._workspace.find_message(channel.id, found.thread_ts or found.ts) or found
        oldest, latest = time_window(request)
        inclusive = request.flag("inclusive")
        thread = [
            m
            for m in [parent, *self._workspace.replies_to(parent)]
            if in_window(ts_key(m.ts), oldest, latest, inclusive)
        ]
        page, cursor = paginate(thread, request, default_limit=1000, max_limit=1000)
        include_metadata = request.flag("include_all_metadata")
        return {
            "ok": True,
            "messages": [
                message_payload(m, self._workspace, include_metadata=include_metadata) for m in page
            ],
            "has_more": bool(cursor),
            "response_metadata": {"next_cursor": cursor},
        }
