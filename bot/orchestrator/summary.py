"""What a run's steps did, as lines for its answer, and which of them can be undone."""

from __future__ import annotations

from bot import messages
from bot.messages import run as say
from bot.orchestrator.outcome import CANCELLED, DONE, FAILED, SKIPPED, StepOutcome


def summarise(outcomes: dict[str, StepOutcome]) -> str:
    """One line per settled step; steps still waiting say nothing here."""
    lines = []
    for outcome in outcomes.values():
        if outcome.status == DONE:
            lines.append(say.step_done(outcome.summary))
        elif outcome.status == FAILED:
            lines.append(say.step_failed(outcome.summary))
        elif outcome.status == CANCELLED:
            lines.append(say.step_cancelled(outcome.summary))
        elif outcome.status == SKIPPED:
            lines.append(say.step_skipped(outcome.summary))
    return "\n".join(lines) or say.NOTHING_TO_DO


def with_auto_notes(answer: str, done: list[StepOutcome]) -> str:
    """Say which actions ran without a confirmation, and why (once per distinct reason)."""
    notes: list[str] = []
    for outcome in done:
        if outcome.auto_reason:
            note = messages.done_without_asking(outcome.auto_reason)
            if note not in notes and note not in answer:
                notes.append(note)
    if not notes:
        return answer
    return answer + "\n" + "\n".join(say.auto_note(note) for note in notes)


def undoables(outcomes: list[StepOutcome]) -> list[tuple[int, str]]:
    """(undo entry id, button label) for each step that recorded an undo."""
    return [
        (o.undo_entry_id, o.undo_label or o.summary)
        for o in outcomes
        if o.undo_entry_id is not None
    ]
