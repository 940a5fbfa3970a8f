"""Workspace changes and the feed that hands them to subscribers (tests, the console)."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.workspace.models import Message


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


class ChangeFeed:
    """Queues that receive every change published after they subscribed."""

    def __init__(self) -> None:
        self._subscribers: list[asyncio.Queue[WorkspaceChange]] = []

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
