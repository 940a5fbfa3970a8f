"""Slack objects as tools see them: a channel, a member, a reference to a message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.integrations.slack.client import Subject

__all__ = ["ChannelRef", "MessageReference", "UserRef"]


@dataclass(frozen=True)
class ChannelRef:
    """A conversation as Slack describes it, trimmed to what tools need."""

    id: str
    name: str = ""
    is_private: bool = False
    is_im: bool = False
    is_archived: bool = False
    is_member: bool = True
    is_general: bool = False
    topic: str = ""
    purpose: str = ""
    num_members: int | None = None
    created: int | None = None

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> ChannelRef:
        is_im = bool(data.get("is_im"))
        return cls(
            id=str(data.get("id") or ""),
            name=str(data.get("name") or ""),
            is_private=bool(data.get("is_private")),
            is_im=is_im,
            is_archived=bool(data.get("is_archived")),
            is_member=is_im or bool(data.get("is_member")),
            is_general=bool(data.get("is_general")),
            topic=_value_of(data.get("topic")),
            purpose=_value_of(data.get("purpose")),
            num_members=data.get("num_members"),
            created=data.get("created"),
        )

    @property
    def label(self) -> str:
        """How sentences name it: ``#ops``, or ``the DM D123`` for a direct message."""
        return f"#{self.name}" if self.name and not self.is_im else f"the DM {self.id}"

    @property
    def label_with_id(self) -> str:
        """``#old-launch (C0OLDLAUNCH)``: unambiguous, for confirmations."""
        return f"{self.label} ({self.id})" if not self.is_im else self.label

    @property
    def join_id(self) -> str | None:
        """The id to join on ``not_in_channel``, when the bot is known to be outside."""
        return None if self.is_member or self.is_im else self.id

    @property
    def subject(self) -> Subject:
        return Subject(channel=self.label)


@dataclass(frozen=True)
class UserRef:
    """A workspace member, trimmed to what tools need."""

    id: str
    name: str = ""
    real_name: str = ""
    display_name: str = ""
    is_bot: bool = False
    deleted: bool = False

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> UserRef:
        profile = data.get("profile") or {}
        return cls(
            id=str(data.get("id") or ""),
            name=str(data.get("name") or ""),
            real_name=str(data.get("real_name") or profile.get("real_name") or ""),
            display_name=str(profile.get("display_name") or ""),
            is_bot=bool(data.get("is_bot")),
            deleted=bool(data.get("deleted")),
        )

    @property
    def label(self) -> str:
        return f"@{self.name}" if self.name else f"<@{self.id}>"


@dataclass(frozen=True)
class MessageReference:
    """A parsed message reference: a ts (and the channel of a permalink), or ``latest``."""

    ts: str | None = None
    channel_id: str | None = None
    latest: bool = False


def _value_of(field: object) -> str:
    """The text of a topic / purpose object (``{"value": …}``)."""
    if isinstance(field, dict):
        return str(field.get("value") or "")
    return str(field or "")
