"""`/prefs forget …` and `/prefs reset`: dropping what Kaizen learned, one part or everything."""

from __future__ import annotations

from bot.learning.preferences.service import PreferenceService
from bot.messages import prefs as words
from bot.surfaces.blocks import PREFS_RESET_ACTION, PREFS_RESET_CANCEL_ACTION, button, section
from bot.surfaces.prefs.names import resolve_pattern, valid_task_kind
from bot.surfaces.reply import CommandReply


async def forget(
    preferences: PreferenceService, team_id: str, user_id: str, rest: list[str]
) -> str:
    if not rest:
        return words.FORGET_WHAT
    what = rest[0].lower()
    if what in ("style", "emoji"):
        await preferences.forget_style(team_id, user_id)
        return words.FORGOT_STYLE
    if what == "hours":
        await preferences.forget_hours(team_id, user_id)
        return words.FORGOT_HOURS
    if what in ("specialist", "specialists"):
        kind = rest[1].lower() if len(rest) > 1 else None
        if kind is not None and not valid_task_kind(kind):
            return words.not_a_task_kind_short(rest[1][:40])
        await preferences.forget_specialist(team_id, user_id, kind)
        return words.forgot_specialist(kind)
    known = sorted(
        {*preferences.pattern_names(), *await _own_patterns(preferences, team_id, user_id)}
    )
    pattern = resolve_pattern(what, known)
    if pattern is None:
        return words.nothing_to_forget(rest[0][:60], known)
    dropped = await preferences.forget_pattern(team_id, user_id, pattern)
    return words.forgot_pattern(dropped, pattern)


async def _own_patterns(preferences: PreferenceService, team_id: str, user_id: str) -> list[str]:
    summary = await preferences.summary(team_id, user_id)
    return [verdict.pattern for verdict in summary.confirmations]


def reset_question(user_id: str) -> CommandReply:
    """`/prefs reset` asks first, with buttons only this member may press."""
    return CommandReply(
        words.RESET_FALLBACK,
        [
            section(words.RESET_QUESTION),
            {
                "type": "actions",
                "block_id": "prefs_reset",
                "elements": [
                    button(words.RESET_BUTTON, PREFS_RESET_ACTION, f"reset:{user_id}", "danger"),
                    button(words.KEEP_BUTTON, PREFS_RESET_CANCEL_ACTION, f"keep:{user_id}"),
                ],
            },
        ],
    )


async def confirm_reset(
    preferences: PreferenceService, *, team_id: str, user_id: str, value: str
) -> str:
    """The reset button: only the member who asked may press it."""
    if value != f"reset:{user_id}":
        return words.RESET_NOT_YOURS
    await preferences.reset(team_id, user_id)
    return words.RESET_DONE
