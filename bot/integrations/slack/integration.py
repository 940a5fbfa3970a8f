"""The Slack integration: messages, channels, members, pins and reactions.

Tools act through ``context.slack`` (the workspace's `AsyncWebClient`); the
tool list is `bot.integrations.slack.tools`.

Usage::

    integration = SlackIntegration(client)
    tool = next(t for t in integration.tools() if t.qualified_name == "slack.archive_channel")
    print(await tool.describe(context, {"channel": "#old-launch"}))  # Archive #old-launch (C…).
    result = await tool.run(context, {"channel": "#old-launch"})
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import Tool
from bot.integrations.schema import check_arguments
from bot.integrations.slack.tools import slack_tools
from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.slack import SLACK_RULES

# check_arguments stays importable from here, as the tests and plugins know it.
__all__ = ["SlackIntegration", "check_arguments", "slack_tools"]


class SlackIntegration:
    """The Slack tools, and a health check through the workspace's client."""

    name = "slack"
    credentials = ("SLACK_BOT_TOKEN",)

    def __init__(self, client: AsyncWebClient | None = None) -> None:
        self.client = client

    def configured(self) -> bool:
        # Always on: without a token the bot runs against the sandbox emulator (console mode).
        return True

    def offline_rules(self) -> tuple[OfflineRule, ...]:
        """What the offline planner understands for Slack (`bot.planning.offline.rules`)."""
        return SLACK_RULES

    def tools(self) -> list[Tool]:
        return slack_tools()

    async def health(self) -> bool:
        """Whether auth.test succeeds with the client this integration was given."""
        if self.client is None:
            return False
        try:
            response = await self.client.auth_test()
        except (SlackApiError, TimeoutError, aiohttp.ClientError):
            return False
        return bool(response.get("ok"))
