"""Confirm, Cancel and "Always do this" on a pending action."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import blocks as words
from bot.orchestrator.orchestrator import Orchestrator
from bot.surfaces.buttons.click import Click, number_after


async def decide_from_button(
    orchestrator: Orchestrator,
    client: AsyncWebClient,
    click: Click,
    *,
    confirm: bool,
    always: bool = False,
) -> None:
    """Hand the decision to the orchestrator; a refusal goes to the clicker alone."""
    action_id = number_after("pending", click.value)
    refusal = (
        words.NOT_MY_BUTTON
        if action_id is None
        else await orchestrator.decide(
            action_id=action_id,
            user_id=click.user_id,
            confirm=confirm,
            client=client,
            always=always,
        )
    )
    if refusal:
        await client.chat_postEphemeral(channel=click.channel_id, user=click.user_id, text=refusal)
