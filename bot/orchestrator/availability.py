"""Saying how to enable an integration when a request needs one that is not configured."""

from __future__ import annotations

from bot.integrations.registry import ToolRegistry
from bot.orchestrator.routing import task_kind

DISPLAY_NAMES = {"github": "GitHub", "jira": "Jira", "notion": "Notion"}


def missing_integration_reply(text: str, tools: ToolRegistry) -> str | None:
    """A clear reply when the request is for GitHub, Jira or Notion and it isn't connected."""
    domain = task_kind(text).split(":", 1)[0]
    if domain not in DISPLAY_NAMES or domain in tools.configured_integrations():
        return None
    integration = tools.integration(domain)
    variables = getattr(integration, "credentials", ()) if integration else ()
    how = (
        f"set {_join(variables)} in Kaizen's environment and restart it"
        if variables
        else "install and configure its integration"
    )
    return (
        f"{DISPLAY_NAMES[domain]} isn't connected to Kaizen yet, so I can't do that. "
        f"An admin can enable it: {how}."
    )


def _join(names: tuple[str, ...]) -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
