"""Who is in a conversation: conversations.invite / kick / join / members / open."""

from __future__ import annotations

from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest, Caller, Handler, invalid_arguments
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.paging import paginate
from bot.sandbox.emulator.payloads import channel_payload
from bot.sandbox.workspace.api_records import ApiError
from bot.sandbox.workspace.models import Channel


class MembershipMethods:
    """Add and remove channel members, list them, open direct messages."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace

    def handlers(self) -> dict[str, Handler]:
        return {
            "conversations.invite": self.invite,
            "conversations.kick": self.kick,
            "conversations.join": self.join,
            "conversations.members": self.members,
            "conversations.open": self.open_conversation,
        }

    def invite(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.group_channel(request, writable=True)
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
            self._workspace.emit(
                "channel_changed", channel=channel.id, change="member_joined", users=joined
            )
        return {"ok": True, "channel": channel_payload(channel, self._workspace)}

    def _invite_problem(self, channel: Channel, user_id: str, caller: Caller) -> str | None:
        if user_id == caller.user_id:
            return "cant_invite_self"
        user = self._workspace.users.get(user_id)
        if user is None or user.deleted:
            return "user_not_found"
        if user_id in channel.members:
            return "already_in_channel"
        return None

    def kick(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.group_channel(request, writable=True)
        user = self._find.user(request.require("user"))
        if user.id == request.caller.user_id:
            raise ApiError("cant_kick_self")
        if channel.is_general:
            raise ApiError("cant_kick_from_general")
        if request.caller.user_id not in channel.members or user.id not in channel.members:
            raise ApiError("not_in_channel")
        channel.members.discard(user.id)
        self._workspace.emit(
            "channel_changed", channel=channel.id, change="member_left", users=[user.id]
        )
        return {"ok": True}

    def join(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.group_channel(request)
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
            self._workspace.emit(
                "channel_changed",
                channel=channel.id,
                change="member_joined",
                users=[request.caller.user_id],
            )
        body["channel"] = channel_payload(channel, self._workspace)
        return body

    def members(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.channel(request)
        members = [uid for uid in self._workspace.users if uid in channel.members]
        page, cursor = paginate(members, request, default_limit=100, max_limit=1000)
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}

    def open_conversation(self, request: ApiRequest) -> dict[str, Any]:
        if request.text("channel") is not None:
            channel = self._find.channel(request)
            already_open = True
        else:
            user_ids = request.id_list("users")
            if not user_ids:
                raise ApiError("users_list_not_supplied")
            if len(user_ids) > 1:
                raise invalid_arguments("[ERROR] the sandbox only opens 1:1 DMs")
            user = self._find.user(user_ids[0])
            already_open = self._workspace.im_with(user.id) is not None
            channel = self._workspace.open_im(user.id)
        payload = (
            channel_payload(channel, self._workspace)
            if request.flag("return_im")
            else {"id": channel.id}
        )
        body: dict[str, Any] = {"ok": True, "channel": payload}
        if already_open:
            body.update(no_op=True, already_open=True)
        return body
