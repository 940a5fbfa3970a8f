"""What happens to prompt versions: created, promoted, rolled back — for events, audit, admins.

The two labels, `production` and `canary`, point at versions of a specialist's prompt
(`prompt:<specialist>`); `system` is the learning loop as an author."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.messages import learning_prompts as say
from bot.orchestrator.events import Event, EventBus, EventName

PRODUCTION, CANARY = "production", "canary"
SYSTEM = "system"


def subject_of(specialist: str) -> str:
    return f"prompt:{specialist}"


@dataclass(frozen=True)
class VersionChange:
    """Something that happened to a version: for events, the audit log and the admin note."""

    kind: str  # created, promoted, rolled_back
    team_id: str
    specialist: str
    number: int
    by: str
    reason: str
    parent: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def event_name(self) -> EventName:
        return {
            "created": EventName.PROMPT_VERSION_CREATED,
            "promoted": EventName.PROMPT_VERSION_PROMOTED,
            "rolled_back": EventName.PROMPT_VERSION_ROLLED_BACK,
        }[self.kind]

    def note(self) -> str:
        """A line for the admin channel."""
        who = say.THE_LEARNING_LOOP if self.by == SYSTEM else f"<@{self.by.removeprefix('admin:')}>"
        name = f"`{self.specialist}` prompt v{self.number}"
        if self.kind == "created":
            label = self.detail.get("label", CANARY)
            return say.version_created_note(name, self.parent, who, str(label), self.reason)
        if self.kind == "promoted":
            return say.version_promoted_note(name, who, self.reason)
        return say.version_rolled_back_note(name, who, self.reason)

    def event(self) -> Event:
        return Event(
            name=self.event_name,
            team_id=self.team_id,
            actor=self.by,
            data={
                "specialist": self.specialist,
                "version": self.number,
                "parent": self.parent,
                "reason": self.reason[:1000],
                **self.detail,
            },
        )


async def publish_changes(bus: EventBus | None, changes: list[VersionChange]) -> None:
    if bus is None:
        return
    for change in changes:
        await bus.publish(change.event())
