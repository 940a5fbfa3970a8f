"""A minimal Kaizen integration plugin: team notes kept in memory.

It is the README's example, installed by the plugin test: one read tool, one
write tool with an undo handler, a specialist that routing can pick, and a phrasing
the offline planner understands ("add a note: standup moves to 10:00").
"""

from __future__ import annotations

import itertools
from typing import Any

from bot.integrations.base import Risk, Tool, ToolContext, ToolError, ToolResult, UndoPlan
from bot.orchestrator.specialists import SpecialistConfig
from bot.planning.offline import OfflineRule, text_command

NOTES: dict[int, str] = {}
_ids = itertools.count(1)

TEXT_SCHEMA = {
    "type": "object",
    "properties": {"text": {"type": "string"}},
    "required": ["text"],
    "additionalProperties": False,
}
EMPTY_SCHEMA = {"type": "object", "properties": {}, "additionalProperties": False}


async def add_note(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    note_id = next(_ids)
    NOTES[note_id] = arguments["text"]
    return ToolResult(
        summary=f"Noted #{note_id}: {arguments['text']}",
        data={"id": note_id},
        undo=UndoPlan(
            description=f"remove note #{note_id}",
            params={"id": note_id},
            after={"text": arguments["text"]},
        ),
    )


async def list_notes(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    lines = [f"#{key}: {text}" for key, text in NOTES.items()]
    return ToolResult(
        summary="\n".join(lines) or "No notes.", data={"notes": dict(NOTES)}, outside_content=True
    )


async def describe_add(context: ToolContext, arguments: dict[str, Any]) -> str:
    return f"Add the team note “{arguments.get('text', '')}”."


async def describe_list(context: ToolContext, arguments: dict[str, Any]) -> str:
    return "List the team notes."


class RemoveNote:
    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        current = NOTES.get(plan.params["id"])
        if current is None:
            return f"Note #{plan.params['id']} was removed since."
        return None if current == plan.after["text"] else "That note was edited since."

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        if NOTES.pop(plan.params["id"], None) is None:
            raise ToolError("That note is gone.", error_class="not_found")
        return f"Removed note #{plan.params['id']}."


class NotesIntegration:
    name = "notes"
    credentials: tuple[str, ...] = ()
    specialist = SpecialistConfig(
        name="notes",
        description="Keeps the team's notes.",
        integrations=("notes",),
        keywords=("note", "notes", "remember"),
    )

    def __init__(self, settings: Any) -> None:
        self._settings = settings

    def configured(self) -> bool:
        return True

    def offline_rules(self) -> list[OfflineRule]:
        """Understood without a language model: "add a note: …", "note down …"."""
        return [text_command("notes.add_note", verbs=("add a note", "note down"), label="add note")]

    def tools(self) -> list[Tool]:
        return [
            Tool(
                "notes",
                "add_note",
                "Add a team note.",
                TEXT_SCHEMA,
                Risk.WRITE,
                add_note,
                describe_add,
                undo=RemoveNote(),
                target_channel_argument=None,
            ),
            Tool(
                "notes",
                "list_notes",
                "List the team notes.",
                EMPTY_SCHEMA,
                Risk.READ,
                list_notes,
                describe_list,
                target_channel_argument=None,
            ),
        ]

    async def health(self) -> bool:
        return True
