"""Every tool of every configured integration, found by name."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.integrations.base import Integration, Tool
from bot.planning.offline.rule import OfflineRule

logger = logging.getLogger(__name__)


class ToolRegistry:
    def __init__(self, integrations: Iterable[Integration]) -> None:
        self._integrations = {i.name: i for i in integrations}
        self._tools: dict[str, Tool] = {}
        self._by_function: dict[str, Tool] = {}
        for integration in self._integrations.values():
            if not integration.configured():
                continue
            for tool in integration.tools():
                self._tools[tool.qualified_name] = tool
                self._by_function[tool.function_name] = tool
        self._offline_rules = _offline_rules_of(self._integrations.values())

    def get(self, qualified_name: str) -> Tool | None:
        return self._tools.get(qualified_name)

    def by_function_name(self, function_name: str) -> Tool | None:
        return self._by_function.get(function_name)

    def tools_of(self, integrations: Iterable[str]) -> list[Tool]:
        wanted = set(integrations)
        return [tool for tool in self._tools.values() if tool.integration in wanted]

    def names(self) -> frozenset[str]:
        return frozenset(self._tools)

    def offline_rules(self) -> tuple[OfflineRule, ...]:
        """Every integration's rules for the offline planner, configured or not.

        The planner reads each part with all of them, so a phrasing is never taken for
        another integration's just because that one is not connected; a plan that needs
        a tool that is not available is dropped afterwards (`available_tools`).
        """
        return self._offline_rules

    def configured_integrations(self) -> list[str]:
        return [name for name, i in self._integrations.items() if i.configured()]

    def integration(self, name: str) -> Integration | None:
        return self._integrations.get(name)

    async def close(self) -> None:
        """Close the integrations' HTTP sessions (those that keep one)."""
        for integration in self._integrations.values():
            close = getattr(integration, "close", None)
            if close is not None:
                await close()


def _offline_rules_of(integrations: Iterable[Integration]) -> tuple[OfflineRule, ...]:
    """The rules each integration offers; `offline_rules()` is optional for plugins, and
    one that fails is logged and skipped, as a plugin that fails to load is."""
    rules: list[OfflineRule] = []
    for integration in integrations:
        offline_rules = getattr(integration, "offline_rules", None)
        if offline_rules is None:
            continue
        try:
            rules.extend(offline_rules())
        except Exception as error:  # a broken plugin must not stop the bot
            logger.warning(
                "offline rules of %s failed to load: %s", integration.name, type(error).__name__
            )
    return tuple(rules)
