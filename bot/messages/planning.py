"""What the offline planner says it understood (traced as the plan's reasoning)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.messages.plural import plural


def understood_intent(intent: str) -> str:
    """Reasoning for a whole-request intent: "Understood a request for undo."."""
    return f"Understood a request for {intent}."


def understood_commands(labels: Sequence[str]) -> str:
    """Reasoning for a plan: "Understood 2 commands: archive, post."."""
    return f"Understood {plural(len(labels), 'command')}: {', '.join(labels)}."
