"""Saved workflows: a member's repeated tool sequence, saved under a name and run by it.

`service` (the `WorkflowService` the app uses), `offers`, `versions`, `names`, `steps`,
`rule_edit` and `model_edit` (the next version), `blocks` (what the member sees). The
public names are re-exported here.
"""

from __future__ import annotations

from bot.learning.workflows.blocks import ACCEPT_ACTION, DISMISS_ACTION, SAVE_ACTION, offer_message
from bot.learning.workflows.rule_edit import rule_edit
from bot.learning.workflows.service import WorkflowMatch, WorkflowService

__all__ = [
    "ACCEPT_ACTION",
    "DISMISS_ACTION",
    "SAVE_ACTION",
    "WorkflowMatch",
    "WorkflowService",
    "offer_message",
    "rule_edit",
]
