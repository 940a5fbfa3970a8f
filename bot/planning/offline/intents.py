"""Whole-request intents the orchestrator answers itself: "undo" and "help"."""

from __future__ import annotations

import re

from bot.planning.offline.cleaning import part_of

_UNDO = re.compile(
    r"(?:undo|revert|roll\s*back|reverse)"
    r"(?:\s+(?:that|it|this|the\s+last(?:\s+(?:action|change|command|step|one|thing))?"
    r"|my\s+last\s+(?:action|change|command)|last\s+(?:action|change|command)"
    r"|what\s+you\s+(?:just\s+)?did))?",
    re.IGNORECASE,
)
_HELP = re.compile(
    r"help(?:\s+me)?"
    r"|what\s+(?:else\s+)?can\s+(?:you|i)\s+(?:do|ask(?:\s+you)?)"
    r"|what\s+do\s+you\s+do"
    r"|how\s+do\s+(?:i\s+)?(?:use\s+)?(?:you|this|it|kaizen)(?:\s+work)?"
    r"|how\s+does\s+(?:this|it|kaizen)\s+work"
    r"|(?:show\s+(?:me\s+)?)?(?:the\s+|your\s+)?commands"
    r"|what\s+are\s+your\s+commands",
    re.IGNORECASE,
)


def intent_of(text: str) -> str | None:
    """ "undo" or "help" when the whole (cleaned) request asks for it, else None."""
    core = part_of(text).core
    if _UNDO.fullmatch(core):
        return "undo"
    if _HELP.fullmatch(core):
        return "help"
    return None
