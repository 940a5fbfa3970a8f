"""`/prefs` and the preference parts of App Home: what Kaizen learned, and the overrides."""

from __future__ import annotations

from collections.abc import Sequence

from bot.messages.plural import plural

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
TASK_KINDS_HINT = "a kind of task such as `slack:archive` or `github:close`"
NOT_AVAILABLE = "Preferences are not available."
NOT_SWITCHED_ON = "Preferences aren't switched on in this installation."


def done_without_asking(reason: str) -> str:
    """Why an action ran without a confirmation: "…: you confirmed this 6 of 6 times"."""
    return f"done without asking: {reason} — `/prefs` to change"


# --- show -------------------------------------------------------------------------------------

SHOW_TITLE = "*What I've learned about you* (in this workspace)"
SHOW_FALLBACK = "What I've learned about you"
SHOW_FOOTER = (
    "`/prefs set confirm <pattern> always|never|learn` · `/prefs set style concise` · "
    "`/prefs forget <pattern>` · `/prefs reset` · `/prefs help`"
)
CONFIRMATIONS_TITLE = "When I ask before acting"
SPECIALISTS_TITLE = "Specialists"
STYLE_TITLE = "Style"
HOURS_TITLE = "Working hours"
NO_CONFIRMATIONS_YET = (
    "Nothing yet: I ask before risky actions, and learn from your Confirm / Cancel / "
    "Undo decisions."
)
NO_SPECIALISTS_YET = "Nothing yet: I learn which specialist does each kind of task best for you."
HOURS_NOT_KNOWN = "not known yet"
LENGTH_LABEL = "Length"
EMOJI_LABEL = "Emoji"
LENGTH_NAMES = {"concise": "concise", "detailed": "detailed"}
EMOJI_NAMES = {"on": "welcome", "off": "none"}
NEVER_SEEN = "never"


def confirmation_line(
    *,
    pattern: str,
    auto: bool,
    from_setting: bool,
    why: str,
    evidence: str,
    confidence: float,
    bar: float,
    destructive: bool,
    last_seen: str,
) -> str:
    state = "*runs without asking*" if auto else "*asks first*"
    origin = "your setting" if from_setting else "learned"
    facts = [
        evidence,
        f"confidence {confidence:.2f} (needs > {bar:.2f}{', destructive' if destructive else ''})",
        f"last seen {last_seen}",
    ]
    return f"• `{pattern}` — {state} ({origin}: {why}) · " + " · ".join(facts)


def specialist_set_line(task_kind: str, specialist: str) -> str:
    return f"• `{task_kind}` → *{specialist}* (your setting)"


def specialist_learned_line(
    *, task_kind: str, specialist: str, good: int, runs: int, confidence: float, last_seen: str
) -> str:
    return (
        f"• `{task_kind}` → *{specialist}* (learned: {good} of "
        f"{runs} of your runs went well · confidence {confidence:.2f} · "
        f"last seen {last_seen})"
    )


def style_unknown_line(label: str, evidence: str | None) -> str:
    shown = f" ({evidence})" if evidence is not None else ""
    return f"• {label}: *no preference yet*{shown}"


def style_line(label: str, name: str, source: str, evidence: str, at: str | None) -> str:
    when = f", {at}" if at else ""
    return f"• {label}: *{name}* ({source}: {evidence}{when})"


# --- set --------------------------------------------------------------------------------------


def set_what(keys: Sequence[str]) -> str:
    return f"Set what? Valid keys: {listing(keys)}.\n\n{USAGE}"


def unknown_key(key: str, keys: Sequence[str]) -> str:
    return f"I don't know the key `{key}`. Valid keys: {listing(keys)}.\n\n{USAGE}"


def style_learned_again(key: str) -> str:
    return f"OK — I'll go back to learning your {style_noun(key)} from you."


def style_set(key: str, value: str) -> str:
    return f"OK — {style_noun(key)}: *{value}*, from now on. `/prefs` shows it."


def confirm_usage(patterns: Sequence[str]) -> str:
    usage = "`/prefs set confirm <pattern> always|never|learn`"
    return f"Use {usage}. Patterns: {listing(patterns)}."


def unknown_pattern(word: str, patterns: Sequence[str]) -> str:
    return f"I don't know the action pattern `{word}`. Valid patterns: {listing(patterns)}."


def confirm_learned_again(pattern: str) -> str:
    return f"OK — for `{pattern}` I'll learn from your decisions again."


def confirm_always_ask(pattern: str) -> str:
    return f"OK — I'll always ask before `{pattern}`, from now on."


def confirm_without_asking(pattern: str, *, irreversible: bool) -> str:
    caveat = (
        " It can't be undone, though, so I'll still ask each time."
        if irreversible
        else " (I still ask when a request has read outside content.)"
    )
    return f"OK — I'll do `{pattern}` for you without asking, from now on.{caveat}"


def specialist_usage(names: Sequence[str]) -> str:
    return (
        f"Use `/prefs set specialist <kind> <name>|learn`, where <kind> is "
        f"{TASK_KINDS_HINT} and <name> one of {listing(names)}."
    )


def not_a_task_kind(word: str, domains: Sequence[str], verbs: Sequence[str]) -> str:
    return (
        f"`{word}` is not a kind of task. Use `domain:verb` with domain one of "
        f"{listing(domains)} and verb one of {listing(verbs)}."
    )


def specialist_learned_again(kind: str) -> str:
    return f"OK — for `{kind}` I'll learn which specialist suits you."


def specialist_set(kind: str, name: str) -> str:
    return f"OK — `{kind}` goes to the *{name}* specialist for you when it fits."


HOURS_LEARNED_AGAIN = "OK — I'll learn your working hours from when you are active."
HOURS_ANY = "OK — notifications and digests may reach you at any time."


def hours_set(start: int, end: int) -> str:
    return (
        f"OK — notifications and digests wait for {start:02d}:00–{end:02d}:00 "
        "in your Slack time zone."
    )


def bad_value(command: str, value: str, valid: Sequence[str]) -> str:
    shown = f"`{value[:40]}`" if value else "nothing"
    return f"`{command}` takes {listing(valid, joiner='or')} — not {shown}."


def listing(items: Sequence[str], joiner: str = "and") -> str:
    """`a`, `b` and `c` — or "(none available)"."""
    quoted = [f"`{item}`" for item in items]
    if not quoted:
        return "(none available)"
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + f" {joiner} {quoted[-1]}"


def style_noun(key: str) -> str:
    return "answer length" if key == "style" else "emoji"


# --- forget and reset -------------------------------------------------------------------------

FORGET_WHAT = (
    "Forget what? `/prefs forget <pattern>` (e.g. `slack.archive_channel`), "
    "`/prefs forget style`, `/prefs forget hours` or `/prefs forget specialist [<kind>]`."
)
FORGOT_STYLE = "Done — I forgot your style (length and emoji); I'll learn it again from you."
FORGOT_HOURS = "Done — I forgot your working hours; I'll learn them again."


def not_a_task_kind_short(word: str) -> str:
    return f"`{word}` is not a kind of task ({TASK_KINDS_HINT})."


def forgot_specialist(kind: str | None) -> str:
    scope = f"for `{kind}`" if kind else "for every kind of task"
    return f"Done — I forgot your preferred specialist {scope}."


def nothing_to_forget(word: str, patterns: Sequence[str]) -> str:
    return (
        f"I have nothing called `{word}` to forget. You can forget an action "
        f"pattern ({listing(patterns)}), `style`, `hours` or `specialist [<kind>]`."
    )


def forgot_pattern(dropped: int, pattern: str) -> str:
    return (
        f"Done — I forgot {plural(dropped, 'decision')} and any setting "
        f"for `{pattern}`; I'll ask first again."
    )


RESET_QUESTION = (
    ":warning: *Forget everything I've learned about you here?* Your decisions, settings, "
    "style and working hours — I'll start again from scratch."
)
RESET_FALLBACK = "Forget everything I've learned about you? (buttons below)"
RESET_BUTTON = "Forget everything"
KEEP_BUTTON = "Keep it"
RESET_NOT_YOURS = "That button belongs to someone else's `/prefs reset`."
RESET_DONE = (
    ":wastebasket: Done — I forgot everything I had learned about you here. "
    "I'll ask before risky actions again."
)
KEPT_EVERYTHING = "OK — I kept everything. `/prefs` shows it."
