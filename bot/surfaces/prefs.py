"""`/prefs`: what Kaizen has learned about you, with the evidence, and your overrides.

    /prefs [show]                                   everything, with counts, confidence, last seen
    /prefs set confirm <pattern> always|never|learn when to ask before an action
    /prefs set style concise|detailed|learn         how long answers should be
    /prefs set emoji on|off|learn                   emoji in answers
    /prefs set specialist <kind> <name>|learn       who handles a kind of task
    /prefs set hours <from>-<to>|any|learn          when notifications may reach you
    /prefs forget <pattern>|style|hours|specialist [<kind>]
    /prefs reset                                    forget everything (asks first)

Explicit settings beat anything learned. Handlers ack and pass on; the words live here.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.learning.preferences.confirm import ConfirmationVerdict
from bot.learning.preferences.hours import parse_hours
from bot.learning.preferences.keys import (
    ALWAYS,
    CONFIRM_VALUES,
    LEARN,
    NEVER,
    confirm_key,
    specialist_key,
)
from bot.learning.preferences.service import MemberPreferences, PreferenceService
from bot.learning.preferences.specialist import SpecialistChoice
from bot.learning.preferences.style import StyleChoice
from bot.learning.utc import aware
from bot.orchestrator.routing import TASK_VERBS
from bot.surfaces.blocks import (
    PREFS_RESET_ACTION,
    PREFS_RESET_CANCEL_ACTION,
    button,
    context,
    section,
)
from bot.surfaces.text import split_for_slack
from bot.surfaces.undo import CommandReply

HELP_WORDS = {"help", "-h", "--help", "?"}
SUBCOMMANDS = ("show", "set", "forget", "reset", "help")
KEYS = ("confirm", "style", "emoji", "specialist", "hours")
STYLE_VALUES = ("concise", "detailed", LEARN)
EMOJI_VALUES = ("on", "off", LEARN)
DOMAINS = ("slack", "github", "jira", "notion", "general")
TASK_KINDS_HINT = "a kind of task such as `slack:archive` or `github:close`"
MAX_MESSAGE_BLOCKS = 50

USAGE = (
    "*`/prefs`* — what I have learned about how you like to work, and your overrides. "
    "Your settings always beat what I learned.\n"
    "• `/prefs show` — everything, with the evidence (counts, confidence, last seen)\n"
    "• `/prefs set confirm <pattern> always|never|learn` — e.g. "
    "`/prefs set confirm slack.archive_channel never`\n"
    "• `/prefs set style concise|detailed|learn` · `/prefs set emoji on|off|learn`\n"
    "• `/prefs set specialist <kind> <name>|learn` — e.g. `/prefs set specialist slack:archive "
    "slack`\n"
    "• `/prefs set hours 9-17|any|learn` — when notifications and digests may reach you "
    "(your Slack time zone)\n"
    "• `/prefs forget <pattern>|style|hours|specialist [<kind>]` — drop what I learned\n"
    "• `/prefs reset` — forget everything about you (asks first)"
)


def quick_prefs_answer(text: str) -> str | None:
    """The answer when it needs no database (help, an unknown sub-command); else None.

    A handler can put it straight into the ack; everything else is answered after it.
    """
    words = text.split()
    first = words[0].lower() if words else ""
    if first in HELP_WORDS:
        return messages.command_help("/prefs") + "\n\n" + USAGE
    if first and first not in SUBCOMMANDS:
        return messages.unknown_subcommand("/prefs", words[0][:40])
    return None


async def run_prefs_command(
    preferences: PreferenceService,
    *,
    text: str,
    team_id: str,
    user_id: str,
    client: AsyncWebClient | None = None,
) -> CommandReply:
    quick = quick_prefs_answer(text)
    if quick is not None:
        return CommandReply(quick)
    words = text.split()
    first = words[0].lower() if words else "show"
    if first == "show":
        if client is not None:
            await preferences.ensure_timezone(team_id, user_id, client)
        return await show(preferences, team_id=team_id, user_id=user_id)
    if first == "set":
        _ok, answer = await apply_set(preferences, team_id, user_id, words[1:])
        return CommandReply(answer)
    if first == "forget":
        return CommandReply(await forget(preferences, team_id, user_id, words[1:]))
    return reset_question(user_id)


# --- show -----------------------------------------------------------------------------------


async def show(preferences: PreferenceService, *, team_id: str, user_id: str) -> CommandReply:
    learned = await preferences.summary(team_id, user_id)
    blocks: list[dict[str, Any]] = [section("*What I've learned about you* (in this workspace)")]
    for title, lines in sections_of(learned):
        for piece in split_for_slack(f"*{title}*\n" + "\n".join(lines)):
            blocks.append(section(piece))
    blocks.append(
        context(
            "`/prefs set confirm <pattern> always|never|learn` · `/prefs set style concise` · "
            "`/prefs forget <pattern>` · `/prefs reset` · `/prefs help`"
        )
    )
    text = "\n".join(
        f"{title}: " + "; ".join(_plain(line) for line in lines)
        for title, lines in sections_of(learned)
    )
    return CommandReply(text[:3000] or "What I've learned about you", blocks[:MAX_MESSAGE_BLOCKS])


def sections_of(learned: MemberPreferences) -> list[tuple[str, list[str]]]:
    """(title, lines) for each kind of preference, every line with its evidence."""
    confirmations = [confirmation_line(v) for v in learned.confirmations] or [
        "Nothing yet: I ask before risky actions, and learn from your Confirm / Cancel / "
        "Undo decisions."
    ]
    specialists = [specialist_line(c) for c in learned.specialists] or [
        "Nothing yet: I learn which specialist does each kind of task best for you."
    ]
    style_lines = [
        style_line("Length", learned.verbosity, {"concise": "concise", "detailed": "detailed"}),
        style_line("Emoji", learned.emoji, {"on": "welcome", "off": "none"}),
    ]
    hours_line = learned.hours.describe() if learned.hours else "not known yet"
    return [
        ("When I ask before acting", confirmations),
        ("Specialists", specialists),
        ("Style", style_lines),
        ("Working hours", [f"• {hours_line}"]),
    ]


def confirmation_line(verdict: ConfirmationVerdict) -> str:
    evidence = verdict.evidence
    state = "*runs without asking*" if verdict.auto else "*asks first*"
    origin = "your setting" if verdict.setting in (ALWAYS, NEVER) else "learned"
    facts = [
        evidence.describe(),
        f"confidence {evidence.confidence:.2f} (needs > {verdict.bar:.2f}"
        f"{', destructive' if verdict.risk == 'destructive' else ''})",
        f"last seen {when(evidence.last_seen)}",
    ]
    return f"• `{verdict.pattern}` — {state} ({origin}: {verdict.why}) · " + " · ".join(facts)


def specialist_line(choice: SpecialistChoice) -> str:
    if choice.source == "your setting":
        return f"• `{choice.task_kind}` → *{choice.specialist}* (your setting)"
    return (
        f"• `{choice.task_kind}` → *{choice.specialist}* (learned: {choice.good} of "
        f"{choice.runs} of your runs went well · confidence {choice.confidence:.2f} · "
        f"last seen {when(choice.last_seen)})"
    )


def style_line(label: str, choice: StyleChoice | None, names: dict[str, str]) -> str:
    if choice is None or choice.value is None:
        evidence = f" ({choice.evidence})" if choice is not None else ""
        return f"• {label}: *no preference yet*{evidence}"
    at = f", {when(choice.at)}" if choice.at else ""
    name = names.get(choice.value, choice.value)
    return f"• {label}: *{name}* ({choice.source}: {choice.evidence}{at})"


def when(moment: datetime | None) -> str:
    return aware(moment).strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def _plain(line: str) -> str:
    return line.lstrip("• ").replace("*", "").replace("`", "")


# --- set --------------------------------------------------------------------------------------


async def apply_set(
    preferences: PreferenceService, team_id: str, user_id: str, words: list[str]
) -> tuple[bool, str]:
    """Apply `/prefs set <key> <value>` (also used by App Home buttons); (ok, answer)."""
    if not words:
        return False, f"Set what? Valid keys: {_listing(KEYS)}.\n\n{USAGE}"
    key, rest = words[0].lower(), words[1:]
    if key == "confirm":
        return await _set_confirm(preferences, team_id, user_id, rest)
    if key in ("style", "emoji"):
        valid = STYLE_VALUES if key == "style" else EMOJI_VALUES
        value = rest[0].lower() if rest else ""
        if value not in valid or len(rest) != 1:
            return False, _bad_value(f"/prefs set {key}", " ".join(rest), valid)
        if value == LEARN:
            await preferences.clear_setting(team_id, user_id, key)
            return True, f"OK — I'll go back to learning your {_style_noun(key)} from you."
        await preferences.set_setting(team_id, user_id, key, value)
        return True, f"OK — {_style_noun(key)}: *{value}*, from now on. `/prefs` shows it."
    if key == "specialist":
        return await _set_specialist(preferences, team_id, user_id, rest)
    if key == "hours":
        return await _set_hours(preferences, team_id, user_id, rest)
    return False, f"I don't know the key `{key[:40]}`. Valid keys: {_listing(KEYS)}.\n\n{USAGE}"


async def _set_confirm(
    preferences: PreferenceService, team_id: str, user_id: str, rest: list[str]
) -> tuple[bool, str]:
    usage = "`/prefs set confirm <pattern> always|never|learn`"
    if len(rest) != 2:
        return False, f"Use {usage}. Patterns: {_listing(preferences.pattern_names())}."
    pattern = resolve_pattern(rest[0], preferences.pattern_names())
    if pattern is None:
        return False, (
            f"I don't know the action pattern `{rest[0][:60]}`. Valid patterns: "
            f"{_listing(preferences.pattern_names())}."
        )
    value = rest[1].lower()
    if value not in CONFIRM_VALUES:
        return False, _bad_value(f"/prefs set confirm {pattern}", rest[1], CONFIRM_VALUES)
    if value == LEARN:
        await preferences.clear_setting(team_id, user_id, confirm_key(pattern))
        return True, f"OK — for `{pattern}` I'll learn from your decisions again."
    await preferences.set_setting(team_id, user_id, confirm_key(pattern), value)
    if value == NEVER:
        return True, f"OK — I'll always ask before `{pattern}`, from now on."
    tool = preferences.tool(pattern)
    caveat = (
        " It can't be undone, though, so I'll still ask each time."
        if tool is not None and tool.undo is None
        else " (I still ask when a request has read outside content.)"
    )
    return True, f"OK — I'll do `{pattern}` for you without asking, from now on.{caveat}"


async def _set_specialist(
    preferences: PreferenceService, team_id: str, user_id: str, rest: list[str]
) -> tuple[bool, str]:
    names = preferences.specialist_names()
    if len(rest) != 2:
        return False, (
            f"Use `/prefs set specialist <kind> <name>|learn`, where <kind> is "
            f"{TASK_KINDS_HINT} and <name> one of {_listing(names)}."
        )
    kind, name = rest[0].lower(), rest[1].lower()
    if not valid_task_kind(kind):
        return False, (
            f"`{rest[0][:40]}` is not a kind of task. Use `domain:verb` with domain one of "
            f"{_listing(DOMAINS)} and verb one of {_listing(_verbs())}."
        )
    if name == LEARN:
        await preferences.clear_setting(team_id, user_id, specialist_key(kind))
        return True, f"OK — for `{kind}` I'll learn which specialist suits you."
    if name not in names:
        return False, _bad_value(f"/prefs set specialist {kind}", rest[1], (*names, LEARN))
    await preferences.set_setting(team_id, user_id, specialist_key(kind), name)
    return True, f"OK — `{kind}` goes to the *{name}* specialist for you when it fits."


async def _set_hours(
    preferences: PreferenceService, team_id: str, user_id: str, rest: list[str]
) -> tuple[bool, str]:
    value = " ".join(rest).lower()
    if value == LEARN:
        await preferences.clear_setting(team_id, user_id, "hours")
        return True, "OK — I'll learn your working hours from when you are active."
    if value == "any":
        await preferences.set_setting(team_id, user_id, "hours", "any")
        return True, "OK — notifications and digests may reach you at any time."
    parsed = parse_hours(value)
    if parsed is None:
        return False, _bad_value("/prefs set hours", value, ("9-17", "any", LEARN))
    start, end = parsed
    await preferences.set_setting(team_id, user_id, "hours", f"{start}-{end}")
    return True, (
        f"OK — notifications and digests wait for {start:02d}:00–{end:02d}:00 "
        "in your Slack time zone."
    )


def resolve_pattern(word: str, known: list[str]) -> str | None:
    """`slack.archive_channel`, `slack_archive_channel` or an unambiguous `archive_channel`."""
    word = word.strip("`").lower()
    if word in known:
        return word
    for pattern in known:
        if pattern.replace(".", "_", 1) == word:
            return pattern
    matches = [p for p in known if p.split(".", 1)[-1] == word]
    return matches[0] if len(matches) == 1 else None


def valid_task_kind(kind: str) -> bool:
    match = re.fullmatch(r"([a-z]+):([a-z_]+)", kind)
    return bool(match) and match.group(1) in DOMAINS and match.group(2) in (*_verbs(), "chat")


def _verbs() -> list[str]:
    return [verb for verb, _ in TASK_VERBS]


# --- forget and reset ----------------------------------------------------------------------------


async def forget(
    preferences: PreferenceService, team_id: str, user_id: str, rest: list[str]
) -> str:
    if not rest:
        return (
            "Forget what? `/prefs forget <pattern>` (e.g. `slack.archive_channel`), "
            "`/prefs forget style`, `/prefs forget hours` or `/prefs forget specialist [<kind>]`."
        )
    what = rest[0].lower()
    if what in ("style", "emoji"):
        await preferences.forget_style(team_id, user_id)
        return "Done — I forgot your style (length and emoji); I'll learn it again from you."
    if what == "hours":
        await preferences.forget_hours(team_id, user_id)
        return "Done — I forgot your working hours; I'll learn them again."
    if what in ("specialist", "specialists"):
        kind = rest[1].lower() if len(rest) > 1 else None
        if kind is not None and not valid_task_kind(kind):
            return f"`{rest[1][:40]}` is not a kind of task ({TASK_KINDS_HINT})."
        await preferences.forget_specialist(team_id, user_id, kind)
        scope = f"for `{kind}`" if kind else "for every kind of task"
        return f"Done — I forgot your preferred specialist {scope}."
    known = sorted(
        {*preferences.pattern_names(), *await _own_patterns(preferences, team_id, user_id)}
    )
    pattern = resolve_pattern(what, known)
    if pattern is None:
        return (
            f"I have nothing called `{rest[0][:60]}` to forget. You can forget an action "
            f"pattern ({_listing(known)}), `style`, `hours` or `specialist [<kind>]`."
        )
    dropped = await preferences.forget_pattern(team_id, user_id, pattern)
    return (
        f"Done — I forgot {dropped} decision{'s' if dropped != 1 else ''} and any setting "
        f"for `{pattern}`; I'll ask first again."
    )


async def _own_patterns(preferences: PreferenceService, team_id: str, user_id: str) -> list[str]:
    summary = await preferences.summary(team_id, user_id)
    return [verdict.pattern for verdict in summary.confirmations]


def reset_question(user_id: str) -> CommandReply:
    question = (
        ":warning: *Forget everything I've learned about you here?* Your decisions, settings, "
        "style and working hours — I'll start again from scratch."
    )
    return CommandReply(
        "Forget everything I've learned about you? (buttons below)",
        [
            section(question),
            {
                "type": "actions",
                "block_id": "prefs_reset",
                "elements": [
                    button("Forget everything", PREFS_RESET_ACTION, f"reset:{user_id}", "danger"),
                    button("Keep it", PREFS_RESET_CANCEL_ACTION, f"keep:{user_id}"),
                ],
            },
        ],
    )


async def confirm_reset(
    preferences: PreferenceService, *, team_id: str, user_id: str, value: str
) -> str:
    """The reset button: only the member who asked may press it."""
    if value != f"reset:{user_id}":
        return "That button belongs to someone else's `/prefs reset`."
    await preferences.reset(team_id, user_id)
    return (
        ":wastebasket: Done — I forgot everything I had learned about you here. "
        "I'll ask before risky actions again."
    )


# --- wording helpers ---------------------------------------------------------------------------


def _bad_value(command: str, value: str, valid: tuple[str, ...] | list[str]) -> str:
    shown = f"`{value[:40]}`" if value else "nothing"
    return f"`{command}` takes {_listing(valid, joiner='or')} — not {shown}."


def _listing(items: tuple[str, ...] | list[str], joiner: str = "and") -> str:
    quoted = [f"`{item}`" for item in items]
    if not quoted:
        return "(none available)"
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + f" {joiner} {quoted[-1]}"


def _style_noun(key: str) -> str:
    return "answer length" if key == "style" else "emoji"
