"""Which integrations the bot has: the built-in ones and any installed plugins.

A third-party integration is a package that declares an entry point in the
group `kaizen.integrations`. The entry point names a callable that takes the
`Settings` and returns an object with the `Integration` interface
(`bot.integrations.base`). It may also carry a `specialist`
(`SpecialistConfig`); otherwise one is made from its name and description.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import Any

from bot.config import Settings
from bot.integrations.base import Integration
from bot.integrations.github.integration import GitHubIntegration
from bot.integrations.jira.integration import JiraIntegration
from bot.integrations.notion.integration import NotionIntegration
from bot.integrations.slack.integration import SlackIntegration

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "kaizen.integrations"


def builtin_integrations(settings: Settings) -> list[Integration]:
    """Slack always; GitHub, Jira and Notion too (unconfigured ones offer no tools)."""
    return [
        SlackIntegration(),
        GitHubIntegration.from_settings(settings),
        JiraIntegration.from_settings(settings),
        NotionIntegration.from_settings(settings),
    ]


def plugin_integrations(settings: Settings) -> list[Integration]:
    """Every installed plugin that loads and looks like an integration; others are logged."""
    found: list[Integration] = []
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            factory = entry_point.load()
            integration = factory(settings)
        except Exception as error:  # a broken plugin must not stop the bot
            logger.warning(
                "integration plugin %s failed to load: %s", entry_point.name, type(error).__name__
            )
            continue
        if not _looks_like_integration(integration):
            logger.warning("integration plugin %s is not an integration", entry_point.name)
            continue
        found.append(integration)
    return found


def load_integrations(settings: Settings) -> list[Integration]:
    builtins = builtin_integrations(settings)
    taken = {integration.name for integration in builtins}
    plugins = [p for p in plugin_integrations(settings) if p.name not in taken]
    return builtins + plugins


def _looks_like_integration(candidate: Any) -> bool:
    return all(
        hasattr(candidate, attribute)
        for attribute in ("name", "credentials", "configured", "tools", "health")
    )


def specialist_for(integration: Integration) -> Any:
    """The specialist a plugin brings, or one made from its name and description."""
    from bot.orchestrator.specialists import SpecialistConfig

    declared = getattr(integration, "specialist", None)
    if isinstance(declared, SpecialistConfig):
        return declared
    description = str(getattr(integration, "description", f"Works in {integration.name}."))
    keywords = tuple(getattr(integration, "keywords", (integration.name,)))
    return SpecialistConfig(
        name=integration.name,
        description=description,
        integrations=(integration.name,),
        keywords=keywords,
    )
