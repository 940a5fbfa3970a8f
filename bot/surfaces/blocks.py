"""Block Kit builders for what Kaizen posts: sections, buttons, confirmations, results.

Every builder stays within Block Kit's limits: at most 50 blocks a message, 3,000
characters a section, 10 fields of 2,000 characters a section, 150 in a header.
"""

from __future__ import annotations

from typing import Any

from bot.messages import blocks as words
from bot.messages.undo import undo_button_label
from bot.surfaces.text import SECTION_LIMIT, split_for_slack

CONFIRM_ACTION = "kaizen_confirm"
CANCEL_ACTION = "kaizen_cancel"
ALWAYS_ACTION = "kaizen_always"  # confirm, and stop asking for this kind of action
UNDO_ACTION = "kaizen_undo"
# Preference edits (App Home, /prefs): the value is a `/prefs set` line, e.g.
# "confirm slack.archive_channel never". Slack wants action ids unique within a block,
# so buttons of one block get a numbered suffix: kaizen_pref_edit_0, _1, ...
PREF_EDIT_ACTION = "kaizen_pref_edit"
PREF_EDIT_ACTION_PATTERN = r"^kaizen_pref_edit(_\d+)?$"
PREFS_RESET_ACTION = "kaizen_prefs_reset"
PREFS_RESET_CANCEL_ACTION = "kaizen_prefs_reset_cancel"
MAX_BLOCKS = 50
MAX_FIELDS = 10
FIELD_LIMIT = 2_000
HEADER_LIMIT = 150


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _fit(text)}}


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _fit(text)}]}


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": cut(text, HEADER_LIMIT)}}


def fields_section(fields: list[str]) -> dict[str, Any]:
    """A section of up to 10 fields, each within 2,000 characters."""
    return {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": cut(text, FIELD_LIMIT)} for text in fields[:MAX_FIELDS]
        ],
    }


def fit_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most 50 blocks; when cut, the last says so."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    return [*blocks[: MAX_BLOCKS - 1], context(words.CUT_TO_FIT)]


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
    *,
    action_id: int,
    description: str,
    reason: str,
    requester: str,
    minutes: int,
    offer_always: bool = False,
) -> list[dict[str, Any]]:
    """Confirm / Cancel, and "Always do this" where the action may ever run unasked."""
    # Quoted text in the description must not ping @channel or @here when shown.
    description = description.replace("<!", "&lt;!")
    buttons = [
        button(words.CONFIRM, CONFIRM_ACTION, f"pending:{action_id}", "primary"),
        button(words.CANCEL, CANCEL_ACTION, f"pending:{action_id}"),
    ]
    if offer_always:
        buttons.append(button(words.ALWAYS_DO_THIS, ALWAYS_ACTION, f"pending:{action_id}"))
    return [
        section(words.confirm_before_acting(description)),
        context(words.why_asking(reason, requester, minutes)),
        {"type": "actions", "block_id": f"pending_{action_id}", "elements": buttons},
    ]


def pref_edit_buttons(choices: list[tuple[str, str]]) -> dict[str, Any]:
    """An actions block of preference edits: (label, `/prefs set` line) each."""
    return {
        "type": "actions",
        "elements": [
            button(label, f"{PREF_EDIT_ACTION}_{index}", value)
            for index, (label, value) in enumerate(choices[:5])
        ],
    }


def decided_blocks(description: str, outcome: str) -> list[dict[str, Any]]:
    return [section(description), context(outcome)]


def result_blocks(text: str, undoables: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """The answer, and an Undo button for each undoable action it reports."""
    blocks = [section(piece) for piece in _pieces(text)] or [section(words.DONE)]
    buttons = [
        button(undo_button_label(label)[:75], UNDO_ACTION, f"undo:{entry_id}")
        for entry_id, label in undoables[:25]
    ]
    for start in range(0, len(buttons), 5):
        blocks.append({"type": "actions", "elements": buttons[start : start + 5]})
    return blocks[:MAX_BLOCKS]


def _pieces(text: str) -> list[str]:
    return [piece for piece in split_for_slack(text) if piece.strip()][:40]


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fit(text: str) -> str:
    return cut(text, SECTION_LIMIT)
