"""Saying how to enable an integration when a request needs one that is not configured."""

from __future__ import annotations

from bot.integrations.registry import ToolRegistry
from bot.messages.run import ENABLE_BY_INSTALLING, enable_by_setting, integration_not_connected
from bot.orchestrator.routing import task_kind

DISPLAY_NAMES = {"github": "GitHub", "jira": "Jira", "notion": "Notion"}


def missing_integration_reply(text: str, tools: ToolRegistry) -> str | None:
    """A clear reply when the request is for GitHub, Jira or Notion and it isn't connected."""
    domain = task_kind(text).split(":", 1)[0]
    if domain not in DISPLAY_NAMES or domain in tools.configured_integrations():
        return None
    integration = tools.integration(domain)
    variables = getattr(integration, "credentials", ()) if integration else ()
    how = enable_by_setting(_join(variables)) if variables else ENABLE_BY_INSTALLING
    return integration_not_connected(DISPLAY_NAMES[domain], how)


def _join(names: tuple[str, ...]) -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
