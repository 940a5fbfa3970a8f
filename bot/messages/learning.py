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
