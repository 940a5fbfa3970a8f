"""The in-memory state of one sandbox Slack workspace.

The emulator's Web API (``bot.sandbox.emulator``) reads and changes this
state; tests and console mode may also use it directly, for instance to post a
message "as a user" (``Workspace.post_message``) or to check what the bot did.
Every change is published to the queues handed out by ``Workspace.subscribe``.
"""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox.workspace.api_records import ApiError
from bot.sandbox.workspace.changes import ChangeFeed
from bot.sandbox.workspace.models import (
    AssistantThread,
    Channel,
    Message,
    UploadedFile,
    User,
    new_id,
)


class Workspace(ChangeFeed):
    """Users, channels, messages, files, views and assistant threads of one team.

    Being a ``ChangeFeed``, it announces each change it makes to its subscribers.
    """

    def __init__(
        self,
        *,
        team_id: str,
        team_name: str,
        bot_user_id: str,
        bot_id: str,
        app_id: str = "A0KAIZEN",
    ) -> None:
        super().__init__()
        self.team_id = team_id
        self.team_name = team_name
        self.domain = "-".join(team_name.lower().split()) or "sandbox"
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: list[Message] = []
        self.files: dict[str, UploadedFile] = {}
        #: The Home tab view last published for each user id.
        self.home_views: dict[str, dict[str, Any]] = {}
        #: Every view (home and modal) by view id.
        self.views: dict[str, dict[str, Any]] = {}
        self.assistant_threads: dict[tuple[str, str], AssistantThread] = {}
        self._last_micros = 0

    # ------------------------------------------------------------------ ids

    def next_ts(self, at: float | None = None) -> str:
        """A message ts ("<seconds>.<6 digits>"), strictly increasing."""
        wanted = int((time.time() if at is None else at) * 1_000_000)
        micros = max(wanted, self._last_micros + 1)
        self._last_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # -------------------------------------------------------------- lookups

    def user_by_name(self, name: str) -> User | None:
        """The user whose handle is ``name`` (a leading ``@`` is ignored)."""
        wanted = name.removeprefix("@")
        return next((u for u in self.users.values() if u.name == wanted), None)

    def channel_by_name(self, name: str) -> Channel | None:
        """The channel called ``name`` (a leading ``#`` is ignored)."""
        wanted = name.removeprefix("#")
        return next(
            (c for c in self.channels.values() if not c.is_im and c.name == wanted),
            None,
        )

    def im_with(self, user_id: str) -> Channel | None:
        """The bot's existing IM with ``user_id``, if one was opened."""
        return next(
            (c for c in self.channels.values() if c.is_im and c.user == user_id),
            None,
        )

    def find_message(self, channel_id: str, ts: str) -> Message | None:
        """The message with this ts in this channel (ephemeral ones included)."""
        return next(
            (m for m in self.messages if m.channel == channel_id and m.ts == ts),
            None,
        )

    def messages_in(self, channel_id: str, thread_ts: str | None = None) -> list[Message]:
        """Messages of a channel, oldest first.

        Without ``thread_ts``: every message of the channel (thread replies and
        ephemeral messages included). With it: the thread's parent and replies.
        """
        in_channel = [m for m in self.messages if m.channel == channel_id]
        if thread_ts is None:
            return sorted(in_channel, key=_ts_key)
        thread = [m for m in in_channel if m.ts == thread_ts or m.thread_ts == thread_ts]
        return sorted(thread, key=_ts_key)

    def replies_to(self, parent: Message) -> list[Message]:
        """The visible (non-ephemeral) replies in ``parent``'s thread, oldest first."""
        replies = [
            m
            for m in self.messages
            if m.channel == parent.channel
            and m.thread_ts == parent.ts
            and m.ts != parent.ts
            and not m.is_ephemeral
        ]
        return sorted(replies, key=_ts_key)

    def assistant_thread(self, channel_id: str, thread_ts: str) -> AssistantThread:
        """The assistant-thread record for (channel, thread), created on first use."""
        key = (channel_id, thread_ts)
        if key not in self.assistant_threads:
            self.assistant_threads[key] = AssistantThread(channel_id, thread_ts)
        return self.assistant_threads[key]

    # ------------------------------------------------------------ creation

    def add_user(
        self,
        name: str,
        *,
        real_name: str | None = None,
        user_id: str | None = None,
        is_admin: bool = False,
        is_bot: bool = False,
        tz: str = "Europe/Berlin",
        tz_offset: int = 3600,
        email: str | None = None,
        bot_id: str | None = None,
    ) -> User:
        """Add a member; by default a human with a generated ``U…`` id."""
        user = User(
            id=user_id or new_id("U"),
            name=name,
            real_name=real_name or name.capitalize(),
            tz=tz,
            tz_offset=tz_offset,
            is_admin=is_admin,
            is_bot=is_bot,
            display_name=name,
            email=email if email is not None or is_bot else f"{name}@{self.domain}.example",
            bot_id=bot_id,
        )
        self.users[user.id] = user
        return user

    def add_channel(
        self,
        name: str,
        members: set[str] | list[str] | tuple[str, ...] = (),
        is_private: bool = False,
        *,
        channel_id: str | None = None,
        creator: str | None = None,
        topic: str = "",
        purpose: str = "",
        created: int | None = None,
        is_general: bool = False,
    ) -> Channel:
        """Add a channel (no validation: the API layer validates names)."""
        channel = Channel(
            id=channel_id or new_id("C"),
            name=name.removeprefix("#"),
            is_private=is_private,
            topic=topic,
            purpose=purpose,
            members=set(members),
            creator=creator or self.bot_user_id,
            created=created if created is not None else int(time.time()),
            is_general=is_general,
        )
        self.channels[channel.id] = channel
        return channel

    def open_im(self, user_id: str) -> Channel:
        """The bot's IM with ``user_id`` (a ``D…`` channel), opened if needed."""
        existing = self.im_with(user_id)
        if existing is not None:
            return existing
        channel = Channel(
            id=new_id("D"),
            name=user_id,
            is_private=True,
            is_im=True,
            members={user_id, self.bot_user_id},
            creator=user_id,
            user=user_id,
        )
        self.channels[channel.id] = channel
        return channel

    def post_message(
        self,
        channel_id: str,
        text: str = "",
        *,
        user: str | None = None,
        bot_id: str | None = None,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
        files: list[dict[str, Any]] | None = None,
        at: float | None = None,
        **extra: Any,
    ) -> Message:
        """Store a visible message and announce it (``message_posted``).

        ``extra`` sets further ``Message`` fields (``reply_broadcast``,
        ``unfurl_links``, ``streaming``, ``subtype`` ...).
        """
        message = Message(
            channel=channel_id,
            ts=self.next_ts(at),
            text=text,
            user=user,
            bot_id=bot_id,
            thread_ts=thread_ts,
            blocks=blocks,
            attachments=attachments,
            metadata=metadata,
            files=list(files or []),
            **extra,
        )
        self.messages.append(message)
        self.emit("message_posted", channel=channel_id, message=message)
        return message

    def post_ephemeral(
        self,
        channel_id: str,
        user_id: str,
        text: str = "",
        *,
        sender: str | None = None,
        bot_id: str | None = None,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
        attachments: list[dict[str, Any]] | None = None,
    ) -> Message:
        """Store a message only ``user_id`` sees and announce it (``ephemeral_posted``)."""
        message = Message(
            channel=channel_id,
            ts=self.next_ts(),
            text=text,
            user=sender,
            bot_id=bot_id,
            thread_ts=thread_ts,
            blocks=blocks,
            attachments=attachments,
            is_ephemeral=True,
            ephemeral_user=user_id,
        )
        self.messages.append(message)
        self.emit("ephemeral_posted", channel=channel_id, message=message)
        return message

    def delete_message(self, message: Message) -> None:
        """Remove a message and announce it (``message_deleted``)."""
        self.messages.remove(message)
        self.emit("message_deleted", channel=message.channel, message=message)

    def add_reaction(self, channel_id: str, ts: str, name: str, user_id: str) -> None:
        """Let ``user_id`` react to a message (e.g. a member's 👍 in a test)."""
        message = self.find_message(channel_id, ts)
        if message is None:
            raise ApiError("message_not_found")
        message.reactions.setdefault(name, set()).add(user_id)
        self.emit(
            "reaction_added",
            channel=channel_id,
            message=message,
            reaction=name,
            user=user_id,
        )


def _ts_key(message: Message) -> tuple[int, int]:
    seconds, _, micros = message.ts.partition(".")
    return int(seconds), int(micros or 0)
