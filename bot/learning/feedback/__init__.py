"""Feedback capture (SPEC §8): every signal about a run, linked to the run and its prompt version.

`service` (the `FeedbackService`: reactions, decisions, undos, failures), `improve`
(`/improve`), `modal` (its modal), `signals` (which way feedback points). The public
names are re-exported here.
"""

from __future__ import annotations

from bot.learning.feedback.modal import (
    IMPROVE_BLOCK,
    IMPROVE_CALLBACK,
    IMPROVE_INPUT,
    ModalOutcome,
    RunSummary,
    improve_modal,
    modal_errors,
)
from bot.learning.feedback.record import FeedbackRecord
from bot.learning.feedback.service import FeedbackService
from bot.learning.feedback.signals import improve_signal, reaction_signal

__all__ = [
    "IMPROVE_BLOCK",
    "IMPROVE_CALLBACK",
    "IMPROVE_INPUT",
    "FeedbackRecord",
    "FeedbackService",
    "ModalOutcome",
    "RunSummary",
    "improve_modal",
    "improve_signal",
    "modal_errors",
    "reaction_signal",
]
