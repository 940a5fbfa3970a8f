"""Preference edit buttons (App Home) and the `/prefs reset` question's buttons."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.preferences.service import PreferenceService
from bot.messages import prefs as words
from bot.surfaces.buttons.click import Click, tell_clicker
from bot.surfaces.home.publisher import AppHome
from bot.surfaces.prefs.forgetting import confirm_reset
from bot.surfaces.prefs.setting import apply_set


async def edit_from_button(
    preferences: PreferenceService | None, home: AppHome, client: AsyncWebClient, click: Click
) -> None:
    """The button's value is a `/prefs set` line; the answer goes to the clicker."""
    if preferences is None:
        answer = words.NOT_SWITCHED_ON
    else:
        _ok, answer = await apply_set(
            preferences, click.team_id, click.user_id, click.value.split()
        )
    await tell_clicker(client, home, click, answer)


async def reset_from_button(preferences: PreferenceService | None, click: Click) -> str:
    """ "Forget everything": the text that replaces the question."""
    if preferences is None:
        return words.NOT_SWITCHED_ON
    return await confirm_reset(
        preferences, team_id=click.team_id, user_id=click.user_id, value=click.value
    )
