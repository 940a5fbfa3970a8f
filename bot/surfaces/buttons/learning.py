"""Prompt-version buttons (admins) and saved-workflow buttons (the member who was offered one)."""

from __future__ import annotations

from bot.learning.loop import LearningLoop
from bot.learning.workflows import ACCEPT_ACTION, DISMISS_ACTION, SAVE_ACTION
from bot.messages import blocks as words
from bot.surfaces.buttons.click import Click
from bot.surfaces.reply import CommandReply

WORKFLOW_ACTIONS = (SAVE_ACTION, DISMISS_ACTION, ACCEPT_ACTION)
PROMPT_ACTION_PATTERN = r"^kaizen_prompt_(diff|promote|rollback)$"


async def prompt_button(learning: LearningLoop, click: Click, *, action_id: str) -> CommandReply:
    """Diff, promote or roll back a prompt version; notes go to the admin channel."""
    reply = await learning.prompts.on_button(
        action_id=action_id,
        value=click.value,
        team_id=click.team_id,
        user_id=click.user_id,
        is_admin=click.is_admin,
    )
    return CommandReply(reply.text, reply.blocks, notes=reply.notes)


async def workflow_button(learning: LearningLoop, click: Click, *, action_id: str) -> str:
    """Save or dismiss a workflow offer, or accept a new version; the text replaces the offer."""
    workflows = learning.workflows
    head, _, tail = click.value.partition(":")
    if action_id == SAVE_ACTION and head.isdigit():
        return await workflows.save_offer(
            team_id=click.team_id, user_id=click.user_id, offer_id=int(head), name=tail or None
        )
    if action_id == DISMISS_ACTION and head.isdigit():
        return await workflows.dismiss_offer(
            team_id=click.team_id, user_id=click.user_id, offer_id=int(head)
        )
    if action_id == ACCEPT_ACTION and tail.isdigit():
        return await workflows.accept(
            team_id=click.team_id, user_id=click.user_id, name=head, number=int(tail)
        )
    return words.OUT_OF_DATE
