"""Where an undo entry stands — still undoable, undone or expired — for `/undo` and App Home."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.messages import undo as words
from storage.models import UndoEntry, utcnow


def is_undoable(entry: UndoEntry) -> bool:
    return entry.status == "active" and aware(entry.expires_at) > utcnow()


def state_of(entry: UndoEntry) -> str:
    """ "undone", "expired" or "can be undone for 12 more min"."""
    if entry.status == "undone":
        return words.UNDONE
    if aware(entry.expires_at) <= utcnow():
        return words.EXPIRED
    minutes = int((aware(entry.expires_at) - utcnow()).total_seconds() // 60)
    return words.minutes_left(minutes)


def aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
