"""The Undo button, on a result in a channel or in the Home tab."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import undo as words
from bot.orchestrator.undo import UndoService
from bot.surfaces.buttons.click import Click, number_after, republish_home, tell_clicker
from bot.surfaces.home.publisher import AppHome


async def undo_from_button(
    undo: UndoService, home: AppHome, client: AsyncWebClient, click: Click
) -> None:
    """Undo the entry; say so in the thread for everyone, or in the Home tab for the clicker."""
    entry_id = number_after("undo", click.value)
    if entry_id is None:
        await tell_clicker(client, home, click, words.NOT_MY_BUTTON)
        return
    outcome = await undo.undo_by_id(
        entry_id=entry_id,
        team_id=click.team_id,
        user_id=click.user_id,
        channel_id=click.channel_id,
        client=client,
        is_admin=click.is_admin,
    )
    if click.in_home_tab:  # no channel to answer in: the refreshed Home tab says what happened
        await republish_home(client, home, click, outcome.message)
        return
    if not outcome.ok:
        await tell_clicker(client, home, click, outcome.message)
        return
    await client.chat_postMessage(
        channel=click.channel_id,
        thread_ts=click.thread_ts,
        text=words.undone_by(outcome.message, click.user_id),
        unfurl_links=False,
        unfurl_media=False,
    )
