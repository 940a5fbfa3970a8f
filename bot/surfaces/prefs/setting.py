"""`/prefs set <key> <value>`: explicit settings, which beat anything learned.

Also what the App Home edit buttons run: their value is a `/prefs set` line.
"""

from __future__ import annotations

from bot.learning.preferences.hours import parse_hours
from bot.learning.preferences.keys import CONFIRM_VALUES, LEARN, NEVER, confirm_key, specialist_key
from bot.learning.preferences.service import PreferenceService
from bot.messages import prefs as words
from bot.surfaces.prefs.names import DOMAINS, resolve_pattern, task_verbs, valid_task_kind

KEYS = ("confirm", "style", "emoji", "specialist", "hours")
STYLE_VALUES = ("concise", "detailed", LEARN)
EMOJI_VALUES = ("on", "off", LEARN)


async def apply_set(
    preferences: PreferenceService, team_id: str, user_id: str, parts: list[str]
) -> tuple[bool, str]:
    """Apply `/prefs set <key> <value>` (also used by App Home buttons); (ok, answer)."""
    if not parts:
        return False, words.set_what(KEYS)
    key, rest = parts[0].lower(), parts[1:]
    if key == "confirm":
        return await _set_confirm(preferences, team_id, user_id, rest)
    if key in ("style", "emoji"):
        return await _set_style(preferences, team_id, user_id, key, rest)
    if key == "specialist":
        return await _set_specialist(preferences, team_id, user_id, rest)
    if key == "hours":
        return await _set_hours(preferences, team_id, user_id, rest)
    return False, words.unknown_key(key[:40], KEYS)


async def _set_style(
    preferences: PreferenceService, team_id: str, user_id: str, key: str, rest: list[str]
) -> tuple[bool, str]:
    valid = STYLE_VALUES if key == "style" else EMOJI_VALUES
    value = rest[0].lower() if rest else ""
    if value not in valid or len(rest) != 1:
        return False, words.bad_value(f"/prefs set {key}", " ".join(rest), valid)
    if value == LEARN:
        await preferences.clear_setting(team_id, user_id, key)
        return True, words.style_learned_again(key)
    await preferences.set_setting(team_id, user_id, key, value)
    return True, words.style_set(key, value)


async def _set_confirm(
    preferences: PreferenceService, team_id: str, user_id: str, rest: list[str]
) -> tuple[bool, str]:
    if len(rest) != 2:
        return False, words.confirm_usage(preferences.pattern_names())
    pattern = resolve_pattern(rest[0], preferences.pattern_names())
    if pattern is None:
        return False, words.unknown_pattern(rest[0][:60], preferences.pattern_names())
    value = rest[1].lower()
    if value not in CONFIRM_VALUES:
        return False, words.bad_value(f"/prefs set confirm {pattern}", rest[1], CONFIRM_VALUES)
    if value == LEARN:
        await preferences.clear_setting(team_id, user_id, confirm_key(pattern))
        return True, words.confirm_learned_again(pattern)
    await preferences.set_setting(team_id, user_id, confirm_key(pattern), value)
    if value == NEVER:
        return True, words.confirm_always_ask(pattern)
    tool = preferences.tool(pattern)
    irreversible = tool is not None and tool.undo is None
    return True, words.confirm_without_asking(pattern, irreversible=irreversible)


async def _set_specialist(
    preferences: PreferenceService, team_id: str, user_id: str, rest: list[str]
) -> tuple[bool, str]:
    names = preferences.specialist_names()
    if len(rest) != 2:
        return False, words.specialist_usage(names)
    kind, name = rest[0].lower(), rest[1].lower()
    if not valid_task_kind(kind):
        return False, words.not_a_task_kind(rest[0][:40], DOMAINS, task_verbs())
    if name == LEARN:
        await preferences.clear_setting(team_id, user_id, specialist_key(kind))
        return True, words.specialist_learned_again(kind)
    if name not in names:
        return False, words.bad_value(f"/prefs set specialist {kind}", rest[1], (*names, LEARN))
    await preferences.set_setting(team_id, user_id, specialist_key(kind), name)
    return True, words.specialist_set(kind, name)


async def _set_hours(
    preferences: PreferenceService, team_id: str, user_id: str, rest: list[str]
) -> tuple[bool, str]:
    value = " ".join(rest).lower()
    if value == LEARN:
        await preferences.clear_setting(team_id, user_id, "hours")
        return True, words.HOURS_LEARNED_AGAIN
    if value == "any":
        await preferences.set_setting(team_id, user_id, "hours", "any")
        return True, words.HOURS_ANY
    parsed = parse_hours(value)
    if parsed is None:
        return False, words.bad_value("/prefs set hours", value, ("9-17", "any", LEARN))
    start, end = parsed
    await preferences.set_setting(team_id, user_id, "hours", f"{start}-{end}")
    return True, words.hours_set(start, end)
