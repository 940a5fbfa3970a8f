"""In-memory state of the sandbox Slack workspace.

The emulator's HTTP layer (``bot.sandbox.emulator``) reads and changes this
state; tests and console mode may also use it directly, for instance to post a
message "as a user" (``Workspace.post_message``) or to check what the bot did.
Every change is published to the queues handed out by ``Workspace.subscribe``.
"""

from __future__ import annotations

import asyncio
import copy
import secrets
import string
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiCall",
    "ApiError",
    "AssistantThread",
    "Channel",
    "Message",
    "UploadedFile",
    "User",
    "Workspace",
    "WorkspaceChange",
    "seed_workspace",
]

_ID_ALPHABET = string.ascii_uppercase + string.digits


def new_id(prefix: str, length: int = 10) -> str:
    """Return a Slack-looking identifier such as ``C0A1B2C3D4``."""
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


class ApiError(Exception):
    """A Slack Web API error: becomes ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, *, status: int = 200, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body Slack would send back for this error."""
        return {"ok": False, "error": self.error, **self.extra}


@dataclass
class User:
    """A workspace member (a human or a bot user)."""

    id: str
    name: str
    real_name: str
    tz: str = "Europe/Berlin"
    tz_offset: int = 3600
    is_admin: bool = False
    is_bot: bool = False
    display_name: str = ""
    email: str | None = None
    deleted: bool = False
    bot_id: str | None = None


@dataclass
class Channel:
    """A public or private channel, or a direct-message conversation (IM)."""

    id: str
    name: str
    is_private: bool = False
    is_im: bool = False
    is_archived: bool = False
    topic: str = ""
    purpose: str = ""
    members: set[str] = field(default_factory=set)
    creator: str = ""
    created: int = field(default_factory=lambda: int(time.time()))
    is_general: bool = False
    previous_names: list[str] = field(default_factory=list)
    #: For an IM: the human on the other side of the conversation.
    user: str | None = None


@dataclass
class Message:
    """A message as the workspace stores it (ephemeral ones included)."""

    channel: str
    ts: str
    text: str = ""
    user: str | None = None
    bot_id: str | None = None
    thread_ts: str | None = None
    blocks: list[dict[str, Any]] | None = None
    attachments: list[dict[str, Any]] | None = None
    reactions: dict[str, set[str]] = field(default_factory=dict)
    pinned_by: set[str] = field(default_factory=set)
    is_ephemeral: bool = False
    ephemeral_user: str | None = None
    edited: bool = False
    #: True between chat.startStream and chat.stopStream (or expire_stream).
    streaming: bool = False
    metadata: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    subtype: str | None = None
    reply_broadcast: bool = False
    unfurl_links: bool | None = None
    unfurl_media: bool | None = None
    edited_ts: str | None = None
    #: Non-text streaming chunks (plan / task updates, blocks) in arrival order.
    chunks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_reply(self) -> bool:
        """True for a thread reply (not for the thread's parent)."""
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass
class UploadedFile:
    """A file created by files.getUploadURLExternal; ``content`` holds its bytes."""

    id: str
    name: str
    length: int
    user: str | None
    title: str = ""
    content: bytes = b""
    mimetype: str = "application/octet-stream"
    created: int = field(default_factory=lambda: int(time.time()))
    uploaded: bool = False
    completed: bool = False
    channels: list[str] = field(default_factory=list)
    alt_txt: str | None = None
    snippet_type: str | None = None


@dataclass
class AssistantThread:
    """What the app last set on an assistant thread (status, prompts, title)."""

    channel_id: str
    thread_ts: str
    status: str = ""
    loading_messages: list[str] = field(default_factory=list)
    suggested_prompts: list[dict[str, Any]] = field(default_factory=list)
    prompts_title: str | None = None
    title: str | None = None


@dataclass
class ApiCall:
    """One request the emulator received, with the response it sent."""

    method: str
    params: dict[str, Any]
    token: str | None
    response: dict[str, Any]
    at: float = field(default_factory=time.time)


@dataclass
class WorkspaceChange:
    """One change of the workspace, as put on every subscriber's queue.

    ``kind`` is one of: ``message_posted``, ``message_updated``,
    ``message_deleted``, ``ephemeral_posted``, ``channel_changed`` (``data``
    says ``change``: created, archived, unarchived, renamed, topic, purpose,
    member_joined, member_left), ``reaction_added``, ``reaction_removed``,
    ``pin_added``, ``pin_removed``, ``view_published``, ``view_opened``,
    ``view_pushed``, ``view_updated``, ``file_shared``, ``status_set``,
    ``prompts_set``, ``title_set``. ``message`` is a snapshot taken at the
    time of the change.
    """

    kind: str
    channel: str | None = None
    message: Message | None = None
    data: dict[str, Any] = field(default_factory=dict)


class Workspace:
    """Users, channels, messages, files, views and assistant threads of one team."""

    def __init__(
        self,
        *,
        team_id: str,
        team_name: str,
        bot_user_id: str,
        bot_id: str,
        app_id: str = "A0KAIZEN",
    ) -> None:
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
        self._subscribers: list[asyncio.Queue[WorkspaceChange]] = []
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

    # ------------------------------------------------------------- changes

    def subscribe(self) -> asyncio.Queue[WorkspaceChange]:
        """A new queue that receives every later change."""
        queue: asyncio.Queue[WorkspaceChange] = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[WorkspaceChange]) -> None:
        """Stop delivering changes to ``queue``."""
        if queue in self._subscribers:
            self._subscribers.remove(queue)

    def emit(
        self,
        kind: str,
        *,
        channel: str | None = None,
        message: Message | None = None,
        **data: Any,
    ) -> None:
        """Put a change on every subscriber's queue (the message is snapshotted)."""
        change = WorkspaceChange(
            kind=kind,
            channel=channel,
            message=copy.deepcopy(message) if message is not None else None,
            data=data,
        )
        for queue in self._subscribers:
            queue.put_nowait(change)


def _ts_key(message: Message) -> tuple[int, int]:
    seconds, _, micros = message.ts.partition(".")
    return int(seconds), int(micros or 0)


def seed_workspace(workspace: Workspace) -> None:
    """Fill an empty workspace with three people, four channels and a few messages.

    #old-launch is old and quiet (its last message is ~100 days old), so
    "archive stale channels" style requests have something to find.
    """
    alice = workspace.add_user("alice", real_name="Alice Archer", user_id="U0ALICE", is_admin=True)
    bob = workspace.add_user("bob", real_name="Bob Baker", user_id="U0BOB")
    carol = workspace.add_user(
        "carol", real_name="Carol Chen", user_id="U0CAROL", tz="America/New_York", tz_offset=-18000
    )
    everyone = {alice.id, bob.id, carol.id, workspace.bot_user_id}
    now = time.time()
    day = 86_400

    old = workspace.add_channel(
        "old-launch",
        everyone,
        channel_id="C0OLDLAUNCH",
        creator=alice.id,
        purpose="Coordination of the 2024 launch",
        created=int(now - 200 * day),
    )
    workspace.post_message(
        old.id,
        "Launch retro notes are in Notion. Closing this out.",
        user=alice.id,
        at=now - 100 * day,
    )

    general = workspace.add_channel(
        "general",
        everyone,
        channel_id="C0GENERAL",
        creator=alice.id,
        topic="Company-wide announcements",
        purpose="This channel is for workspace-wide communication and announcements.",
        created=int(now - 365 * day),
        is_general=True,
    )
    random = workspace.add_channel(
        "random",
        everyone,
        channel_id="C0RANDOM",
        creator=alice.id,
        purpose="Non-work banter and water cooler conversation",
        created=int(now - 365 * day),
    )
    ops = workspace.add_channel(
        "ops",
        everyone,
        channel_id="C0OPS",
        creator=bob.id,
        topic="Deploys and incidents",
        created=int(now - 300 * day),
    )
    workspace.post_message(
        general.id, "Welcome to the Kaizen sandbox! :wave:", user=alice.id, at=now - 3 * day
    )
    workspace.post_message(general.id, "Morning all, standup at 10.", user=bob.id, at=now - 2 * day)
    workspace.post_message(random.id, "Anyone up for lunch?", user=carol.id, at=now - day)
    deploy = workspace.post_message(
        ops.id, "Deploy of api v2.3 finished :white_check_mark:", user=bob.id, at=now - 3600
    )
    workspace.post_message(ops.id, "Thanks Bob!", user=alice.id, thread_ts=deploy.ts, at=now - 3000)
