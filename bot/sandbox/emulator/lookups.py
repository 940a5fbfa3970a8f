"""Finding what a Web API call names, as its caller may see it: channels, users, messages, files.

Every method family shares one ``Lookups``; each lookup raises the error Slack
answers when the thing is missing or hidden from the caller.
"""

from __future__ import annotations

import re

from bot.sandbox.emulator.api_request import ApiRequest, Caller
from bot.sandbox.workspace.api_records import ApiError
from bot.sandbox.workspace.models import Channel, Message, UploadedFile, User
from bot.sandbox.workspace.store import Workspace

_TS_PATTERN = re.compile(r"^\d+(\.\d+)?$")


class Lookups:
    """Lookups over one workspace, shared by the method families."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def channel(
        self,
        request: ApiRequest,
        key: str = "channel",
        *,
        member: bool = False,
        writable: bool = False,
    ) -> Channel:
        """The channel named by ``key``, as the caller may see it.

        Private channels and IMs the caller is not in do not exist for it
        (``channel_not_found``). ``member`` demands membership
        (``not_in_channel``); ``writable`` refuses archived channels.
        """
        return self.visible_channel(
            request.caller, request.text(key), member=member, writable=writable
        )

    def visible_channel(
        self,
        caller: Caller,
        channel_id: str | None,
        *,
        member: bool = False,
        writable: bool = False,
    ) -> Channel:
        """See ``channel``; takes the id itself."""
        channel = self.workspace.channels.get(channel_id or "")
        if channel is None or not _can_see(channel, caller):
            raise ApiError("channel_not_found")
        if member and caller.user_id not in channel.members:
            raise ApiError("not_in_channel")
        if writable and channel.is_archived:
            raise ApiError("is_archived")
        return channel

    def group_channel(self, request: ApiRequest, *, writable: bool = False) -> Channel:
        """A channel that is not an IM (archive, rename, invite, kick ...)."""
        channel = self.channel(request, writable=writable)
        if channel.is_im:
            raise ApiError("method_not_supported_for_channel_type")
        return channel

    def user(self, user_id: str | None) -> User:
        user = self.workspace.users.get(user_id or "")
        if user is None or user.deleted:
            raise ApiError("user_not_found")
        return user

    def message(self, channel: Channel, ts: str | None) -> Message:
        """A visible (non-ephemeral) message of the channel."""
        message = self.workspace.find_message(channel.id, ts or "")
        if message is None or message.is_ephemeral:
            raise ApiError("message_not_found")
        return message

    def own_message(
        self, request: ApiRequest, channel: Channel, ts: str | None, error: str
    ) -> Message:
        """A message the caller posted; ``error`` when it belongs to someone else."""
        message = self.message(channel, ts)
        if message.user != request.caller.user_id:
            raise ApiError(error)
        return message

    def item_message(self, request: ApiRequest, *, member: bool) -> tuple[Channel, Message]:
        """The message pins.* and reactions.* act on: ``channel`` plus ``timestamp``."""
        channel = self.channel(request, member=member)
        ts = request.text("timestamp")
        if ts is None:
            raise ApiError("no_item_specified")
        return channel, self.message(channel, ts)

    def file(self, file_id: str) -> UploadedFile:
        file = self.workspace.files.get(file_id)
        if file is None:
            raise ApiError("file_not_found")
        return file

    def post_target(self, request: ApiRequest) -> Channel:
        """chat.postMessage's ``channel``: an id, a ``#name``, or a user id (their IM)."""
        target = request.text("channel")
        if target is None:
            raise ApiError("channel_not_found")
        if target in self.workspace.users and target not in self.workspace.channels:
            return self.workspace.open_im(self.user(target).id)
        if target not in self.workspace.channels:
            named = self.workspace.channel_by_name(target)
            target = named.id if named is not None else target
        return self.visible_channel(request.caller, target, member=True, writable=True)

    def thread_root(self, channel: Channel, thread_ts: str | None) -> str | None:
        """The parent ts to reply under (a reply's ts resolves to its parent)."""
        if thread_ts is None:
            return None
        if not _TS_PATTERN.match(thread_ts):
            raise ApiError("invalid_thread_ts")
        parent = self.workspace.find_message(channel.id, thread_ts)
        if parent is None or parent.is_ephemeral:
            raise ApiError("thread_not_found")
        return parent.thread_ts or parent.ts


def _can_see(channel: Channel, caller: Caller) -> bool:
    return not channel.is_private or caller.user_id in channel.members
