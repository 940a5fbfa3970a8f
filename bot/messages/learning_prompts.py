"""What the learning loop says about prompts: guideline drafts, versions, `/stats prompts`."""

from __future__ import annotations

from datetime import datetime

from bot.messages.plural import plural

# --- guideline drafts (the specialist's prompt reads them; admins see them in versions) ------


def guideline_contrast(
    task: str | None, good: str, good_ok: int, good_n: int, bad: str, bad_no: int, bad_n: int
) -> str:
    return (
        f"For {task} requests, use {good} (accepted in {good_ok} of {good_n} runs); avoid "
        f"{bad} (undone, down-voted or failed in {bad_no} of {bad_n})."
    )


def guideline_failure(
    task: str | None, function: str, error: str, failures: object, calls: object, hint: str
) -> str:
    return (
        f"For {task} requests, `{function}` failed with `{error}` in {failures} of {calls} "
        f"calls: {hint}."
    )


def guideline_feedback(task: str | None, quote: str) -> str:
    return f"For {task} requests, members asked: “{quote}”"


def guideline_routing(task: str | None, rejected: object, runs: object, better: str | None) -> str:
    text = (
        f"For {task} requests, {rejected} of {runs} runs were undone, down-voted or failed: "
        "say exactly what you will do and check the target with the member before acting"
    )
    if better:
        text += f"; if it is really a {better} request, say that the {better} specialist handles it"
    return text + "."


def edit_added(new: str | None) -> str:
    return f"add “{new}”"


def edit_reworded(old: str | None, new: str | None) -> str:
    return f"reword “{old}” → “{new}”"


def edit_retired(old: str | None) -> str:
    return f"retire “{old}”"


def not_proposing_again(specialist: str, kind: str, key: str) -> str:
    return (
        f"{specialist}: not proposing {kind} {key} again: a version with it was rolled back "
        "and there is no new evidence yet"
    )


def prompt_full(specialist: str, limit: int, slot: str) -> str:
    return f"{specialist}: prompt full ({limit}); not adding {slot}"


def edit_waits(specialist: str, op: str, slot: str, limit: int) -> str:
    return f"{specialist}: {op} {slot} waits: at most {limit} edits"


def retiring(slot: str, bad: int, runs: int, before_bad: int, before_runs: int, p: float) -> str:
    return (
        f"retire {slot}: {bad} of {runs} runs rejected under it, "
        f"{before_bad} of {before_runs} before (P(it helped) = {p:.2f})"
    )


# --- prompt versions (admin notes, `/stats prompts`) ------------------------------------------

BUILT_IN_SUMMARY = "Built-in prompt (no learned guidelines)."
THE_LEARNING_LOOP = "the learning loop"


def version_created_note(name: str, parent: int | None, who: str, label: str, reason: str) -> str:
    return f":test_tube: New {name} (from v{parent}) by {who}, serving as {label}: {reason}"


def version_promoted_note(name: str, who: str, reason: str) -> str:
    return f":white_check_mark: {name} promoted to production by {who}: {reason}"


def version_rolled_back_note(name: str, who: str, reason: str) -> str:
    return f":rewind: {name} rolled back by {who}: {reason}"


PROMPTS_USAGE = (
    "`/stats prompts` lists the prompt versions; `/stats prompts <specialist>` one "
    "specialist's; `/stats prompts diff <specialist> <n>`, `promote <specialist> <n>`, "
    "`rollback <specialist> [<n>]`, `add <specialist> <guideline>` (a new canary version)."
)
ONLY_ADMINS = "Only admins can change prompt versions."
BUTTON_OUT_OF_DATE = "That button is out of date; run `/stats prompts` again."
UNKNOWN_PROMPT_ACTION = "Unknown prompt action."
NO_VERSIONS_YET = (
    "No learned prompt versions yet: every specialist runs its built-in prompt. "
    "The learning cycle creates the first version when a pattern is confident enough."
)
PROMPT_VERSIONS = "Prompt versions"
SAY_THE_GUIDELINE = "Say the guideline: `/stats prompts add slack Always …`."
CUT_TO_FIT = "(more versions were cut to fit Slack's limits)"
NO_GUIDELINE_CHANGE = "(no change in the guidelines)"
EVIDENCE_HEADING = "*Evidence*\n"


def versions_summary(summary: str) -> str:
    return f"Prompt versions — {summary}"


def specialist_versions(name: str, count: int) -> str:
    return f"*`{name}`* — {plural(count, 'version')}"


def older_versions(count: int) -> str:
    return f"…and {plural(count, 'older version')}."


def no_prompt_version(specialist: str, number: int) -> str:
    return f"`{specialist}` has no prompt version {number}."


def evidence_item(op: object, slot: object, description: object, confidence: object) -> str:
    return f"• {op} `{slot}`: {description} (confidence {confidence})"


def version_header(
    specialist: str, number: int, parent: int | None, author: str, at: datetime, state: str
) -> str:
    return (
        f"`{specialist}` v{number} (parent v{parent or '—'}), by "
        f"{author}, {at:%Y-%m-%d %H:%M} UTC, {state}"
    )


def decision_note(decision: str) -> str:
    return f"Decision: {decision}"


def version_line(
    number: int, marks: str, state: str, author: str, at: datetime, parent: int | None
) -> str:
    return f"*v{number}* {marks} — {state}, by {author}, {at:%Y-%m-%d %H:%M} UTC" + (
        f", from v{parent}" if parent else ""
    )


def guidelines_count(count: int, joined: str) -> str:
    return f"{plural(count, 'guideline')}: {joined}"


def promoted_by(user_id: str) -> str:
    return f"promoted by <@{user_id}>"


def rolled_back_by(user_id: str) -> str:
    return f"rolled back by <@{user_id}>"


def nothing_to_promote(specialist: str, number: int) -> str:
    return f"Nothing to promote: `{specialist}` v{number} doesn't exist or is already production."


def now_production(specialist: str, number: int) -> str:
    return f"`{specialist}` v{number} is now production."


def nothing_to_roll_back(specialist: str, number: int | None) -> str:
    which = f"v{number}" if number else "its current version"
    return (
        f"Nothing to roll back for `{specialist}` {which}: it is neither the canary nor "
        "a production version with a parent."
    )


def rolled_back(specialist: str, number: int, restored: object) -> str:
    return f"Rolled back `{specialist}` v{number}" + (
        f"; production is v{restored} again." if restored else "."
    )


def added_by(user_id: str) -> str:
    return f"added by {user_id}"


def add_summary(text: str, user_id: str) -> str:
    return f"add “{text}” (by <@{user_id}>)"


def canary_running(specialist: str) -> str:
    return f"`{specialist}` has a canary running; promote or roll it back first."


def created_as_canary(specialist: str, number: int) -> str:
    return f"`{specialist}` v{number} created as canary with your guideline."


def replaced_by(number: int) -> str:
    return f"replaced by v{number}"


def restored_when(number: int) -> str:
    return f"restored when v{number} was rolled back"


def base_rolled_back(number: int) -> str:
    return f"its base v{number} was rolled back"
