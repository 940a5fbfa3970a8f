"""Changing a channel: conversations.create, archive, unarchive, rename, setTopic, setPurpose."""

from __future__ import annotations

from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest, Handler, missing_argument
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.payloads import channel_payload
from bot.sandbox.emulator.validation import MAX_TOPIC_CHARS, check_channel_name
from bot.sandbox.workspace.api_records import ApiError


class ChannelChangeMethods:
    """Create, archive, unarchive and rename channels; set their topic and purpose."""

    def __init__(self, lookups: Lookups) -> None:
        self._find = lookups
        self._workspace = lookups.workspace

    def handlers(self) -> dict[str, Handler]:
        return {
            "conversations.create": self.create,
            "conversations.archive": self.archive,
            "conversations.unarchive": self.unarchive,
            "conversations.rename": self.rename,
            "conversations.setTopic": self.set_topic,
            "conversations.setPurpose": self.set_purpose,
        }

    def create(self, request: ApiRequest) -> dict[str, Any]:
        name = check_channel_name(request.text("name") or "")
        if self._workspace.channel_by_name(name) is not None:
            raise ApiError("name_taken")
        channel = self._workspace.add_channel(
            name,
            {request.caller.user_id},
            is_private=request.flag("is_private"),
            creator=request.caller.user_id,
        )
        self._workspace.emit("channel_changed", channel=channel.id, change="created", name=name)
        return {"ok": True, "channel": channel_payload(channel, self._workspace)}

    def archive(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.group_channel(request)
        if channel.is_general:
            raise ApiError("cant_archive_general")
        if channel.is_archived:
            raise ApiError("already_archived")
        channel.is_archived = True
        self._workspace.emit(
            "channel_changed", channel=channel.id, change="archived", by=request.caller.user_id
        )
        return {"ok": True}

    def unarchive(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.group_channel(request)
        if not channel.is_archived:
            raise ApiError("not_archived")
        channel.is_archived = False
        self._workspace.emit(
            "channel_changed", channel=channel.id, change="unarchived", by=request.caller.user_id
        )
        return {"ok": True}

    def rename(self, request: ApiRequest) -> dict[str, Any]:
        channel = self._find.group_channel(request, writable=True)
        name = check_channel_name(request.text("name") or "")
        taken = self._workspace.channel_by_name(name)
        if taken is not None and taken.id != channel.id:
            raise ApiError("name_taken")
        if name != channel.name:
            channel.previous_names.append(channel.name)
            old_name, channel.name = channel.name, name
            self._workspace.emit(
                "channel_changed",
                channel=channel.id,
                change="renamed",
                old_name=old_name,
                name=name,
            )
        return {"ok": True, "channel": channel_payload(channel, self._workspace)}

    def set_topic(self, request: ApiRequest) -> dict[str, Any]:
        return self._set_channel_text(request, "topic")

    def set_purpose(self, request: ApiRequest) -> dict[str, Any]:
        return self._set_channel_text(request, "purpose")

    def _set_channel_text(self, request: ApiRequest, attribute: str) -> dict[str, Any]:
        """setTopic / setPurpose: an empty value clears it."""
        channel = self._find.channel(request, member=True, writable=True)
        if attribute not in request.params:
            raise missing_argument(attribute)
        value = str(request.params.get(attribute) or "")
        if len(value) > MAX_TOPIC_CHARS:
            raise ApiError("too_long")
        old_value = getattr(channel, attribute)
        setattr(channel, attribute, value)
        self._workspace.emit(
            "channel_changed",
            channel=channel.id,
            change=attribute,
            old_value=old_value,
            value=value,
        )
        return {"ok": True, "channel": channel_payload(channel, self._workspace)}
