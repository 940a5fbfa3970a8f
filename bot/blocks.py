"""Block Kit builders for what the orchestrator posts: confirmations, results, undo lists."""

from __future__ import annotations

from typing import Any

from bot.text import SECTION_LIMIT

CONFIRM_ACTION = "kaizen_confirm"
CANCEL_ACTION = "kaizen_cancel"
UNDO_ACTION = "kaizen_undo"
MAX_BLOCKS = 50


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _fit(text)}}


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _fit(text)}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "value": value,
        "text": {"type": "plain_text", "text": label[:75], "emoji": True},
    }
    if style:
        element["style"] = style
    return element


def confirmation_blocks(
    *, action_id: int, description: str, reason: str, requester: str, minutes: int
) -> list[dict[str, Any]]:
    # Quoted text in the description must not ping @channel or @here when shown.
    description = description.replace("<!", "&lt;!")
    return [
        section(f":raised_hand: *Confirm before I act:* {description}"),
        context(
            f"I'm asking because {reason}. Only <@{requester}> or an admin can confirm; "
            f"this request expires in {minutes} minutes."
        ),
        {
            "type": "actions",
            "block_id": f"pending_{action_id}",
            "elements": [
                button("Confirm", CONFIRM_ACTION, f"pending:{action_id}", "primary"),
                button("Cancel", CANCEL_ACTION, f"pending:{action_id}"),
            ],
        },
    ]


def decided_blocks(description: str, outcome: str) -> list[dict[str, Any]]:
    return [section(description), context(outcome)]


def result_blocks(text: str, undoables: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """The answer, and an Undo button for each undoable action it reports."""
    blocks = [section(piece) for piece in _pieces(text)] or [section("Done.")]
    buttons = [
        button(f"Undo: {label}"[:75], UNDO_ACTION, f"undo:{entry_id}")
        for entry_id, label in undoables[:25]
    ]
    for start in range(0, len(buttons), 5):
        blocks.append({"type": "actions", "elements": buttons[start : start + 5]})
    return blocks[:MAX_BLOCKS]


def _pieces(text: str) -> list[str]:
    from bot.text import split_for_slack

    return [piece for piece in split_for_slack(text) if piece.strip()][:40]


def _fit(text: str) -> str:
    return text if len(text) <= SECTION_LIMIT else text[: SECTION_LIMIT - 1] + "…"
