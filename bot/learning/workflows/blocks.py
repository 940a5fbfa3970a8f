"""The messages a member gets about workflows: the offer of a repeated sequence, a proposal."""

from __future__ import annotations

from typing import Any

from bot.learning.analysis.keys import function_name
from bot.messages import workflows as say
from bot.surfaces.blocks import button, context, section
from storage.models.learning import WorkflowOffer

SAVE_ACTION = "kaizen_workflow_save"

DISMISS_ACTION = "kaizen_workflow_dismiss"

ACCEPT_ACTION = "kaizen_workflow_accept"


def offer_message(offer: WorkflowOffer) -> tuple[str, list[dict[str, Any]]]:
    """The DM offering a repeated sequence as a saved workflow."""
    steps = " then ".join(f"`{function_name(str(s['tool']))}`" for s in offer.steps)
    text = say.offer(offer.count, steps, offer.name)
    blocks = [
        section(f":bulb: {text}"),
        context(say.KEEPS_ARGUMENTS),
        {
            "type": "actions",
            "elements": [
                button(say.save_as(offer.name), SAVE_ACTION, f"{offer.id}:{offer.name}", "primary"),
                button(say.NO_THANKS, DISMISS_ACTION, str(offer.id)),
            ],
        },
    ]
    return text, blocks


def proposal_blocks(name: str, number: int, text: str) -> list[dict[str, Any]]:
    return [
        section(text),
        {
            "type": "actions",
            "elements": [
                button(say.make_current(number), ACCEPT_ACTION, f"{name}:{number}", "primary")
            ],
        },
    ]
