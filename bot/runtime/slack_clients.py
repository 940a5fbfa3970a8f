"""Which Slack client speaks for a workspace: its OAuth installation, or the single bot token."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import (
    AsyncInstallationStore,
)
from slack_sdk.web.async_client import AsyncWebClient

logger = logging.getLogger(__name__)

ClientLookup = Callable[[str], Awaitable[AsyncWebClient | None]]


def workspace_clients(
    default: AsyncWebClient, installation_store: AsyncInstallationStore | None = None
) -> ClientLookup:
    """A client per workspace: the OAuth install's bot token, or the single bot token's
    client for its own workspace only (learned once with auth.test), never another's."""
    own_team: list[str] = []

    async def lookup(team_id: str) -> AsyncWebClient | None:
        if installation_store is None:
            if not default.token:
                return None
            if not own_team:
                try:
                    own_team.append(str((await default.auth_test())["team_id"]))
                except SlackApiError as error:
                    reason = error.response.get("error", "unknown_error")
                    logger.warning("auth.test failed (%s)", reason)
                    return None
            return default if team_id == own_team[0] else None
        bot = await installation_store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            return None
        return AsyncWebClient(token=bot.bot_token, base_url=default.base_url)

    return lookup
