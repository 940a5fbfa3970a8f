"""What the learning loop says: cycle reports, canary decisions, `/improve`, prompt versions."""

from __future__ import annotations

from datetime import datetime

from bot.messages.plural import plural

# --- the learning cycle (`kaizen learn`, the scheduled job, `/stats learning`) -------------

ANOTHER_PROCESS = "another process is running a learning cycle"
NO_WORKSPACE_HAS_RUNS = "no workspace has runs yet"
NO_PROMPT_CHANGES = "  • no prompt changes"


def too_few_traces(new: int, needed: int) -> str:
    return f"{plural(new, 'new trace')}, {needed} needed"


def cycle_failed(error_class: str) -> str:
    return f"failed ({error_class}); nothing was applied, the traces wait for the next cycle"


def team_skipped(team_id: str, reason: str) -> str:
    return f"{team_id}: skipped — {reason}"


def team_cycle_header(
    team_id: str,
    cycle_id: int | None,
    traces: int,
    window_start: datetime | None,
    seconds: float,
    updated: int,
    new: int,
) -> str:
    since = f"since {window_start:%Y-%m-%d %H:%M} UTC" if window_start else "so far"
    return (
        f"{team_id}: cycle #{cycle_id} over {plural(traces, 'new trace')} ({since}) "
        f"in {seconds:.2f} s: {plural(updated, 'pattern')} updated, {new:,} new."
    )


def change_line(change: str) -> str:
    return f"  • {change}"


def pattern_line(kind: str, description: str, confidence: float) -> str:
    return f"  pattern [{kind}] {description} (confidence {confidence:.2f})"


def more_patterns(count: int) -> str:
    return f"  …and {plural(count, 'more new pattern')}"


def decision_line(decision: str) -> str:
    return f"  decision: {decision}"


def no_cycle_ran(reason: str) -> str:
    return f"No learning cycle ran: {reason}."


def cycle_header(workspaces: int, seconds: float) -> str:
    return f"Learning cycle: {plural(workspaces, 'workspace')}, {seconds:.2f} s"


def canary_decision(specialist: str, number: int, decision: str, reason: str) -> str:
    return f"{specialist} canary v{number}: {decision} — {reason}"


def canary_still_running(specialist: str, number: int) -> str:
    return f"{specialist}: canary v{number} still running; new changes wait"


def canary_running_changes_wait(specialist: str) -> str:
    return f"{specialist}: a canary is running; changes wait"


def written_by(summary: str, author: str) -> str:
    return f"{summary} (written by {author})"


def version_created(
    specialist: str, number: int, parent: int | None, label: str, reason: str
) -> str:
    return f"new {specialist} prompt v{number} (from v{parent}) as {label}: {reason}"


def version_promoted(specialist: str, number: int, reason: str) -> str:
    return f"promoted {specialist} v{number}: {reason}"


def version_rolled_back(specialist: str, number: int, reason: str) -> str:
    return f"rolled back {specialist} v{number}: {reason}"


def workflow_offered(user_id: str, name: str, count: int, tools: list[str]) -> str:
    return (
        f"offered <@{user_id}> to save `{name}` ({plural(count, 'repeat')} of "
        f"{' then '.join(tools)})"
    )


def execution_changed(task_kind: str | None, description: str) -> str:
    return f"execution pattern for {task_kind}: {description}"


NOTES_FOR_ADMINS = "Notes for the admin channel:"
OFFERS_TO_SEND = "Workflow offers to send:"


def note_for_admins(team_id: str, note: str) -> str:
    return f"  [{team_id}] {note}"


def offer_to_send(user_id: str, name: str) -> str:
    return f"  <@{user_id}>: save as `{name}`"


# --- the canary rule ------------------------------------------------------------------------


def arm(accepted: int, runs: int) -> str:
    return f"{accepted} of {runs} accepted"


def canary_numbers(
    canary: str, production: str, margin: float, not_worse: float, worse: float
) -> str:
    return (
        f"canary {canary}, production {production}; "
        f"P(not worse by more than {margin:.2f}) = {not_worse:.3f}, P(worse) = {worse:.3f}"
    )


def canary_waiting(needed: int, numbers: str) -> str:
    return f"waiting for {needed} canary runs ({numbers})"


def canary_worse(numbers: str) -> str:
    return f"worse than production: {numbers}"


def canary_no_worse(numbers: str) -> str:
    return f"measurably no worse than production: {numbers}"


def canary_truncated(runs: int, numbers: str) -> str:
    return f"no clear difference after {plural(runs, 'canary run')} ({numbers})"


def canary_unclear(numbers: str) -> str:
    return f"not clear yet: {numbers}"


# --- `/stats learning` ------------------------------------------------------------------------


def learning_note(interval: str, min_traces: int, confidence: float, share: float) -> str:
    return (
        f"Cycles run every {interval} when at least {min_traces} new runs have finished; a "
        f"pattern needs confidence {confidence:.2f} to change a prompt; a new version serves "
        f"{share:.0%} of runs as a canary until the sequential rule promotes or rolls it back."
    )


def last_cycle_failed(error: str) -> str:
    return f" The last cycle failed: {error}."


def status_change(started_at: datetime, change: str) -> str:
    return f"{started_at:%m-%d %H:%M}: {change}"


# --- `/improve` and its modal ---------------------------------------------------------------

NO_RUN_HERE = (
    "I have no request of yours here to attach that to. Ask me something in this channel "
    "(or thread) first, then `/improve` tells me how it went."
)
IMPROVE_EMPTY = "Tell me what to do better, for example `/improve shorter answers, please`."
ALREADY_RECORDED = "I had already recorded that."
MODAL_TITLE = "Improve Kaizen"
MODAL_SUBMIT = "Send"
MODAL_CLOSE = "Cancel"
MODAL_LABEL = "What should I do better?"
MODAL_PLACEHOLDER = "e.g. set the channel topic instead of posting a message"
MODAL_CONTEXT = "Stored with this run and its prompt version; the next learning cycle considers it."
MODAL_EMPTY = "Tell me what to do better."
NO_ANSWER_YET = "(no answer yet)"


def feedback_recorded(
    request: str, when: str, specialist: str, version: int | None, text: str, considered: str
) -> str:
    prompt = f" prompt v{version}" if version else ""
    return (
        f":memo: Recorded your feedback on my answer to “{request}” "
        f"({when}, `{specialist}`{prompt}): “{text}”. {considered}"
    )


def workflow_proposal(proposal: str) -> str:
    return f"\n:arrows_counterclockwise: {proposal}"


def around(due: datetime) -> str:
    return f"around {due:%H:%M} UTC"


def within_the_next(interval: str) -> str:
    return f"within the next {interval}"


def next_cycle_considers(when: str) -> str:
    return f"The next learning cycle considers it {when}."


def next_cycle_once(when: str, needed: int, waiting: int) -> str:
    return (
        f"The next learning cycle considers it {when}, once {needed} new runs have "
        f"finished since the last one ({waiting} so far)."
    )


def modal_run(when: str, specialist: str, request: str, answer: str) -> str:
    return f"*Your request* ({when}, `{specialist}`):\n> {request}\n*My answer:*\n> {answer}"


def utc_minute(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


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
