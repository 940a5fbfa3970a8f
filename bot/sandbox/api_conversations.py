"""conversations.*, pins.*, reactions.* and users.* methods."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from bot.sandbox.api_base import (
    ApiBase,
    ApiRequest,
    Caller,
    missing_argument,
    paginate,
    ts_key,
)
from bot.sandbox.payloads import (
    MAX_TOPIC_CHARS,
    channel_payload,
    check_channel_name,
    message_payload,
    user_payload,
)
from bot.sandbox.workspace import ApiError, Channel, Message, Workspace

_REACTION_PATTERN = re.compile(r"^[a-z0-9_+'\-]+(::skin-tone-[2-6])?$")


class ConversationMethods(ApiBase):
    """Channels and their members, history, pins, reactions, users."""

    def __init__(self, workspace: Workspace, *, public_url: Callable[[], str]) -> None:
        super().__init__(workspace, public_url=public_url)
        self._pinned_at: dict[tuple[str, str], int] = {}

    # ===================================================== conversations

    def conversations_list(self, request: ApiRequest) -> dict[str, Any]:
        channels = self._listed_channels(request, request.caller.user_id, only_member=False)
        page, cursor = paginate(channels, request, default_limit=100, max_limit=1000)
        return {
            "ok": True,
            "channels": [channel_payload(c, self.workspace) for c in page],
            "response_metadata": {"next_cursor": cursor},
        }

    def users_conversations(self, request: ApiRequest) -> dict[str, Any]:
        user_id = request.text("user") or request.caller.user_id
        self.user(user_id)
        channels = self._listed_channels(request, user_id, only_member=True)
        page, cursor = paginate(channels, request, default_limit=100, max_limit=1000)
        return {
            "ok": True,
            "channels": [channel_payload(c, self.workspace) for c in page],
            "response_metadata": {"next_cursor": cursor},
        }

    def _listed_channels(
        self, request: ApiRequest, user_id: str, *, only_member: bool
    ) -> list[Channel]:
        types = set(request.id_list("types") or ["public_channel"])
        unknown = types - {"public_channel", "private_channel", "mpim", "im"}
        if unknown:
            raise ApiError("invalid_types")
        exclude_archived = request.flag("exclude_archived")
        listed: list[Channel] = []
        for channel in self.workspace.channels.values():
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

    def conversations_info(self, request: ApiRequest) -> dict[str, Any]:
        return {"ok": True, "channel": channel_payload(self.channel(request), self.workspace)}

    def conversations_history(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request, member=True)
        oldest, latest = self.time_window(request)
        inclusive = request.flag("inclusive")
        include_metadata = request.flag("include_all_metadata")
        messages = [
            m
            for m in self.workspace.messages_in(channel.id)
            if not m.is_ephemeral
            and (not m.is_reply or m.reply_broadcast)
            and _in_window(ts_key(m.ts), oldest, latest, inclusive)
        ]
        messages.reverse()
        page, cursor = paginate(messages, request, default_limit=100, max_limit=999)
        return {
            "ok": True,
            "messages": [
                message_payload(m, self.workspace, include_metadata=include_metadata) for m in page
            ],
            "has_more": bool(cursor),
            "pin_count": sum(1 for m in messages if m.pinned_by),
            "channel_actions_ts": None,
            "channel_actions_count": 0,
            "response_metadata": {"next_cursor": cursor},
        }

    def conversations_replies(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request, member=True)
        ts = request.require("ts")
        found = self.workspace.find_message(channel.id, ts)
        if found is None or found.is_ephemeral:
            raise ApiError("thread_not_found")
        parent = self.workspace.find_message(channel.id, found.thread_ts or found.ts) or found
        oldest, latest = self.time_window(request)
        inclusive = request.flag("inclusive")
        thread = [
            m
            for m in [parent, *self.workspace.replies_to(parent)]
            if _in_window(ts_key(m.ts), oldest, latest, inclusive)
        ]
        page, cursor = paginate(thread, request, default_limit=1000, max_limit=1000)
        include_metadata = request.flag("include_all_metadata")
        return {
            "ok": True,
            "messages": [
                message_payload(m, self.workspace, include_metadata=include_metadata) for m in page
            ],
            "has_more": bool(cursor),
            "response_metadata": {"next_cursor": cursor},
        }

    def conversations_archive(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._group_channel(request)
        if channel.is_general:
            raise ApiError("cant_archive_general")
        if channel.is_archived:
            raise ApiError("already_archived")
        channel.is_archived = True
        self.workspace.emit(
            "channel_changed", channel=channel.id, change="archived", by=request.caller.user_id
        )
        return {"ok": True}

    def conversations_unarchive(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._group_channel(request)
        if not channel.is_archived:
            raise ApiError("not_archived")
        channel.is_archived = False
        self.workspace.emit(
            "channel_changed", channel=channel.id, change="unarchived", by=request.caller.user_id
        )
        return {"ok": True}

    def conversations_rename(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._group_channel(request, writable=True)
        name = check_channel_name(request.text("name") or "")
        taken = self.workspace.channel_by_name(name)
        if taken is not None and taken.id != channel.id:
            raise ApiError("name_taken")
        if name != channel.name:
            channel.previous_names.append(channel.name)
            old_name, channel.name = channel.name, name
            self.workspace.emit(
                "channel_changed",
                channel=channel.id,
                change="renamed",
                old_name=old_name,
                name=name,
            )
        return {"ok": True, "channel": channel_payload(channel, self.workspace)}

    def conversations_set_topic(self, request: ApiRequest) -> dict[str, Any]:
        return self._set_channel_text(request, "topic")

    def conversations_set_purpose(self, request: ApiRequest) -> dict[str, Any]:
        return self._set_channel_text(request, "purpose")

    def _set_channel_text(self, request: ApiRequest, attribute: str) -> dict[str, Any]:
        """setTopic / setPurpose: an empty value clears it."""
        channel = self.channel(request, member=True, writable=True)
        if attribute not in request.params:
            raise missing_argument(attribute)
        value = str(request.params.get(attribute) or "")
        if len(value) > MAX_TOPIC_CHARS:
            raise ApiError("too_long")
        old_value = getattr(channel, attribute)
        setattr(channel, attribute, value)
        self.workspace.emit(
            "channel_changed",
            channel=channel.id,
            change=attribute,
            old_value=old_value,
            value=value,
        )
        return {"ok": True, "channel": channel_payload(channel, self.workspace)}

    def _group_channel(self, request: ApiRequest, *, writable: bool = False) -> Channel:
        """A channel that is not an IM (archive, rename, invite, kick ...)."""
        channel = self.channel(request, writable=writable)
        if channel.is_im:
            raise ApiError("method_not_supported_for_channel_type")
        return channel

    def conversations_create(self, request: ApiRequest) -> dict[str, Any]:
        name = check_channel_name(request.text("name") or "")
        if self.workspace.channel_by_name(name) is not None:
            raise ApiError("name_taken")
        channel = self.workspace.add_channel(
            name,
            {request.caller.user_id},
            is_private=request.flag("is_private"),
            creator=request.caller.user_id,
        )
        self.workspace.emit("channel_changed", channel=channel.id, change="created", name=name)
        return {"ok": True, "channel": channel_payload(channel, self.workspace)}

    def conversations_invite(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._group_channel(request, writable=True)
        if request.caller.user_id not in channel.members:
            raise ApiError("not_in_channel")
        user_ids = request.id_list("users")
        if not user_ids:
            raise ApiError("no_user")
        problems = {
            uid: error
            for uid in user_ids
            if (error := self._invite_problem(channel, uid, request.caller))
        }
        if problems and not request.flag("force"):
            errors = [{"user": uid, "ok": False, "error": e} for uid, e in problems.items()]
            raise ApiError(next(iter(problems.values())), errors=errors)
        failed = set(problems)
        joined = [uid for uid in user_ids if uid not in failed]
        channel.members.update(joined)
        if joined:
            self.workspace.emit(
                "channel_changed", channel=channel.id, change="member_joined", users=joined
            )
        return {"ok": True, "channel": channel_payload(channel, self.workspace)}

    def _invite_problem(self, channel: Channel, user_id: str, caller: Caller) -> str | None:
        if user_id == caller.user_id:
            return "cant_invite_self"
        user = self.workspace.users.get(user_id)
        if user is None or user.deleted:
            return "user_not_found"
        if user_id in channel.members:
            return "already_in_channel"
        return None

    def conversations_kick(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._group_channel(request, writable=True)
        user = self.user(request.require("user"))
        if user.id == request.caller.user_id:
            raise ApiError("cant_kick_self")
        if channel.is_general:
            raise ApiError("cant_kick_from_general")
        if request.caller.user_id not in channel.members or user.id not in channel.members:
            raise ApiError("not_in_channel")
        channel.members.discard(user.id)
        self.workspace.emit(
            "channel_changed", channel=channel.id, change="member_left", users=[user.id]
        )
        return {"ok": True}

    def conversations_join(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._group_channel(request)
        if channel.is_private:
            raise ApiError("method_not_supported_for_channel_type")
        if channel.is_archived:
            raise ApiError("is_archived")
        body: dict[str, Any] = {"ok": True}
        if request.caller.user_id in channel.members:
            body.update(
                warning="already_in_channel", response_metadata={"warnings": ["already_in_channel"]}
            )
        else:
            channel.members.add(request.caller.user_id)
            self.workspace.emit(
                "channel_changed",
                channel=channel.id,
                change="member_joined",
                users=[request.caller.user_id],
            )
        body["channel"] = channel_payload(channel, self.workspace)
        return body

    def conversations_members(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request)
        members = [uid for uid in self.workspace.users if uid in channel.members]
        page, cursor = paginate(members, request, default_limit=100, max_limit=1000)
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}

    def conversations_open(self, request: ApiRequest) -> dict[str, Any]:
        if request.text("channel") is not None:
            channel = self.channel(request)
            already_open = True
        else:
            user_ids = request.id_list("users")
            if not user_ids:
                raise ApiError("users_list_not_supplied")
            if len(user_ids) > 1:
                raise ApiError(
                    "invalid_arguments",
                    response_metadata={"messages": ["[ERROR] the sandbox only opens 1:1 DMs"]},
                )
            user = self.user(user_ids[0])
            already_open = self.workspace.im_with(user.id) is not None
            channel = self.workspace.open_im(user.id)
        payload = (
            channel_payload(channel, self.workspace)
            if request.flag("return_im")
            else {"id": channel.id}
        )
        body: dict[str, Any] = {"ok": True, "channel": payload}
        if already_open:
            body.update(no_op=True, already_open=True)
        return body

    # ================================================ pins and reactions

    def _target_message(self, request: ApiRequest, *, member: bool) -> tuple[Channel, Message]:
        channel = self.channel(request, member=member)
        ts = request.text("timestamp")
        if ts is None:
            raise ApiError("no_item_specified")
        return channel, self.message(channel, ts)

    def pins_add(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._target_message(request, member=True)
        if channel.is_archived:
            raise ApiError("is_archived")
        if message.pinned_by:
            raise ApiError("already_pinned")
        message.pinned_by.add(request.caller.user_id)
        self._pinned_at[(channel.id, message.ts)] = int(time.time())
        self.workspace.emit(
            "pin_added", channel=channel.id, message=message, user=request.caller.user_id
        )
        return {"ok": True}

    def pins_remove(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._target_message(request, member=True)
        if not message.pinned_by:
            raise ApiError("not_pinned")
        message.pinned_by.clear()
        self._pinned_at.pop((channel.id, message.ts), None)
        self.workspace.emit(
            "pin_removed", channel=channel.id, message=message, user=request.caller.user_id
        )
        return {"ok": True}

    def pins_list(self, request: ApiRequest) -> dict[str, Any]:
        channel = self.channel(request)
        items = [
            {
                "type": "message",
                "created": self._pinned_at.get((channel.id, m.ts), int(ts_key(m.ts)[0])),
                "created_by": sorted(m.pinned_by)[0],
                "channel": channel.id,
                "message": message_payload(m, self.workspace),
            }
            for m in self.workspace.messages_in(channel.id)
            if m.pinned_by and not m.is_ephemeral
        ]
        return {"ok": True, "items": items}

    def _reaction_name(self, request: ApiRequest) -> str:
        name = (request.text("name") or "").strip(":")
        if not name or not _REACTION_PATTERN.match(name):
            raise ApiError("invalid_name")
        return name

    def reactions_add(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._target_message(request, member=False)
        name = self._reaction_name(request)
        if channel.is_archived:
            raise ApiError("is_archived")
        if request.caller.user_id in message.reactions.get(name, set()):
            raise ApiError("already_reacted")
        self.workspace.add_reaction(channel.id, message.ts, name, request.caller.user_id)
        return {"ok": True}

    def reactions_remove(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._target_message(request, member=False)
        name = self._reaction_name(request)
        users = message.reactions.get(name, set())
        if request.caller.user_id not in users:
            raise ApiError("no_reaction")
        users.discard(request.caller.user_id)
        if not users:
            del message.reactions[name]
        self.workspace.emit(
            "reaction_removed",
            channel=channel.id,
            message=message,
            reaction=name,
            user=request.caller.user_id,
        )
        return {"ok": True}

    def reactions_get(self, request: ApiRequest) -> dict[str, Any]:
        channel, message = self._target_message(request, member=False)
        return {
            "ok": True,
            "type": "message",
            "channel": channel.id,
            "message": message_payload(message, self.workspace),
        }

    # ============================================================= users

    def users_info(self, request: ApiRequest) -> dict[str, Any]:
        return {
            "ok": True,
            "user": user_payload(self.user(request.require("user")), self.workspace),
        }

    def users_list(self, request: ApiRequest) -> dict[str, Any]:
        users = list(self.workspace.users.values())
        page, cursor = paginate(users, request, default_limit=0, max_limit=1000)
        return {
            "ok": True,
            "members": [user_payload(u, self.workspace) for u in page],
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": cursor},
        }


def _in_window(
    key: tuple[int, int], oldest: tuple[int, int], latest: tuple[int, int] | None, inclusive: bool
) -> bool:
    """conversations.history's oldest/latest bounds (exclusive unless ``inclusive``)."""
    if inclusive:
        return key >= oldest and (latest is None or key <= latest)
    return key > oldest and (latest is None or key < latest)
