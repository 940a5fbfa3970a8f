"""`/prefs`: reading the command, showing what was learned, settings, forgetting and reset.

Modules of this package import each other directly, never through this one.
"""

from __future__ import annotations

from bot.surfaces.prefs.command import (
    prefs_ack_answer,
    quick_prefs_answer,
    run_prefs_command,
    show,
)
from bot.surfaces.prefs.forgetting import confirm_reset, forget, reset_question
from bot.surfaces.prefs.setting import apply_set

__all__ = [
    "apply_set",
    "confirm_reset",
    "forget",
    "prefs_ack_answer",
    "quick_prefs_answer",
    "reset_question",
    "run_prefs_command",
    "show",
]
