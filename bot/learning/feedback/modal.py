"""The `/improve` modal: the run it is about, a text box, and what its submission says."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.learning.utc import aware
from bot.messages import learning as say
from storage.models import Run

IMPROVE_CALLBACK = "kaizen_improve"

IMPROVE_BLOCK = "improve_text"

IMPROVE_INPUT = "text"

MAX_TEXT = 3_000


@dataclass(frozen=True)
class RunSummary:
    """What the `/improve` modal shows about the run the feedback is for."""

    run_id: str
    channel_id: str
    thread_ts: str | None
    request: str
    answer: str
    specialist: str
    started_at: datetime
    prompt_version: int | None


@dataclass(frozen=True)
class ModalOutcome:
    """What to do after a modal submission: errors to show in the modal, or a message."""

    message: str
    channel_id: str | None = None
    errors: dict[str, str] | None = None


def improve_modal(summary: RunSummary) -> dict[str, Any]:
    """The `/improve` modal (no text given): the run's summary and a text box."""
    shown = say.modal_run(
        when(summary.started_at),
        summary.specialist,
        short(summary.request, 700),
        short(summary.answer, 1500),
    )
    metadata = json.dumps(
        {
            "run_id": summary.run_id,
            "channel_id": summary.channel_id,
            "thread_ts": summary.thread_ts,
        }
    )
    return {
        "type": "modal",
        "callback_id": IMPROVE_CALLBACK,
        "private_metadata": metadata[:3000],
        "title": {"type": "plain_text", "text": say.MODAL_TITLE},
        "submit": {"type": "plain_text", "text": say.MODAL_SUBMIT},
        "close": {"type": "plain_text", "text": say.MODAL_CLOSE},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": shown[:3000]}},
            {
                "type": "input",
                "block_id": IMPROVE_BLOCK,
                "label": {"type": "plain_text", "text": say.MODAL_LABEL},
                "element": {
                    "type": "plain_text_input",
                    "action_id": IMPROVE_INPUT,
                    "multiline": True,
                    "max_length": MAX_TEXT,
                    "placeholder": {
                        "type": "plain_text",
                        "text": say.MODAL_PLACEHOLDER,
                    },
                },
            },
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": say.MODAL_CONTEXT,
                    }
                ],
            },
        ],
    }


def modal_text(view: dict[str, Any]) -> str:
    values = (view.get("state") or {}).get("values") or {}
    return str(((values.get(IMPROVE_BLOCK) or {}).get(IMPROVE_INPUT) or {}).get("value") or "")


def modal_errors(view: dict[str, Any]) -> dict[str, str] | None:
    """Errors to show in the modal (answer the submission with them at once), or None."""
    if not modal_text(view).strip():
        return {IMPROVE_BLOCK: say.MODAL_EMPTY}
    return None


def run_summary(run: Run) -> RunSummary:
    return RunSummary(
        run_id=run.id,
        channel_id=run.channel_id,
        thread_ts=run.thread_ts,
        request=run.request,
        answer=run.answer or say.NO_ANSWER_YET,
        specialist=run.specialist,
        started_at=aware(run.started_at),
        prompt_version=run.prompt_version,
    )


def short(text: str, limit: int) -> str:
    text = " ".join(text.split()).replace("<!", "&lt;!")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def when(moment: datetime) -> str:
    return say.utc_minute(aware(moment))
