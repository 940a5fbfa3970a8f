"""The Home tab's view: recent runs, actions to undo, what was learned, and for admins health.

It stays within Slack's limits however much history there is: at most
`MAX_VIEW_BLOCKS` blocks, every section within 3,000 characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.learning.preferences.service import MemberPreferences
from bot.messages import home as words
from bot.surfaces.blocks import UNDO_ACTION, button, context, header, section
from bot.surfaces.home.learned import learned_blocks
from bot.surfaces.undo_entries import aware
from storage.models import Run, UndoEntry

MAX_VIEW_BLOCKS = 100
RECENT_RUNS = 10
UNDOABLE_SHOWN = 10
REQUEST_PREVIEW = 80
DIVIDER = {"type": "divider"}


def home_view(
    *,
    is_admin: bool,
    model_enabled: bool,
    runs: Sequence[Run] = (),
    undoables: Sequence[UndoEntry] = (),
    learned: MemberPreferences | None = None,
    health: str | None = None,
    notice: str | None = None,
    personal: bool = False,
) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [header(words.HOME_TITLE)]
    if notice:
        blocks.append(section(notice))
    blocks += [section(words.HOME_INTRO), section(words.HOME_HOW_TO)]
    if personal:
        blocks += _runs_blocks(runs)
        blocks += _undo_blocks(undoables)
        if learned is not None:
            blocks += [dict(DIVIDER), *learned_blocks(learned)]
    blocks += [dict(DIVIDER), section(words.WHAT_I_CAN_DO)]
    if not model_enabled:
        blocks.append(context(words.NO_MODEL))
    if is_admin:
        blocks += _admin_blocks(health)
    return {"type": "home", "blocks": _within_limit(blocks)}


def _runs_blocks(runs: Sequence[Run]) -> list[dict[str, Any]]:
    if not runs:
        return [dict(DIVIDER), section(words.NO_RUNS_YET)]
    lines = [_run_line(run) for run in runs[:RECENT_RUNS]]
    return [dict(DIVIDER), section(words.RECENT_RUNS_TITLE + "\n".join(lines))]


def _run_line(run: Run) -> str:
    request = " ".join(run.request.split())
    if len(request) > REQUEST_PREVIEW:
        request = request[: REQUEST_PREVIEW - 1] + "…"
    request = _safe(request) or words.EMPTY_REQUEST
    outcome = words.RUN_STATUS.get(run.status, run.status)
    return words.run_line(request, outcome, run.specialist, _when(run.started_at))


def _undo_blocks(undoables: Sequence[UndoEntry]) -> list[dict[str, Any]]:
    if not undoables:
        return [section(words.NOTHING_TO_UNDO)]
    blocks = [section(words.UNDO_TITLE)]
    for entry in undoables[:UNDOABLE_SHOWN]:
        block = section(
            words.undoable_line(entry.id, _safe(entry.summary), _safe(entry.description))
        )
        block["accessory"] = button(words.UNDO_BUTTON, UNDO_ACTION, f"undo:{entry.id}")
        blocks.append(block)
    if len(undoables) > UNDOABLE_SHOWN:
        blocks.append(context(words.more_to_undo(len(undoables) - UNDOABLE_SHOWN)))
    return blocks


def _admin_blocks(health: str | None) -> list[dict[str, Any]]:
    return [dict(DIVIDER), section(words.admin_health(health)), context(words.YOU_ARE_ADMIN)]


def _within_limit(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_VIEW_BLOCKS blocks: keep the head and the admin tail, cut in between."""
    if len(blocks) <= MAX_VIEW_BLOCKS:
        return blocks
    tail = blocks[-3:]
    head = blocks[: MAX_VIEW_BLOCKS - len(tail) - 1]
    return [*head, context(words.MORE_ELSEWHERE), *tail]


def _when(moment: datetime | None) -> str:
    return aware(moment).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def _safe(text: str) -> str:
    """Member text shown in mrkdwn: no @channel pings, no broken formatting."""
    return text.replace("<!", "&lt;!").replace("\n", " ")
