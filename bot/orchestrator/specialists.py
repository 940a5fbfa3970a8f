"""Specialists: configurations by specialty, and the live agents spawned from them.

A specialist is a configuration (system prompt = base + learned guidelines,
tools, temperature). Live agents are built lazily per workspace and specialty,
kept in an LRU of at most `max_active`, and dropped after a day idle.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.integrations.base import Tool
from bot.integrations.registry import ToolRegistry
from bot.orchestrator.prompts import (
    BASE_SYSTEM_PROMPT,
    GUIDELINES_PROMPT,
    SLACK_INSTRUCTIONS_PROMPT,
    SPECIALIST_PROMPT,
    STYLE_PROMPT,
)

IDLE_LIMIT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class SpecialistConfig:
    name: str
    description: str
    integrations: tuple[str, ...]
    keywords: tuple[str, ...]  # words that make a request fit this specialist
    temperature: float = 0.2
    cost: float = 1.0  # relative cost of a run (model size, tool count)
    instructions: str = ""


DEFAULT_SPECIALISTS: tuple[SpecialistConfig, ...] = (
    SpecialistConfig(
        name="slack",
        description="Works in Slack: channels, messages, members, pins, reactions.",
        integrations=("slack",),
        keywords=(
            "channel",
            "archive",
            "unarchive",
            "topic",
            "purpose",
            "rename",
            "post",
            "message",
            "invite",
            "kick",
            "remove",
            "pin",
            "unpin",
            "react",
            "reaction",
            "tell",
            "announce",
            "slack",
            "#",
            "<#",
        ),
        instructions=SLACK_INSTRUCTIONS_PROMPT,
    ),
    SpecialistConfig(
        name="github",
        description="Works in GitHub: issues, pull requests, labels, branches.",
        integrations=("github",),
        keywords=("github", "issue", "pull request", "pr", "branch", "label", "repo"),
    ),
    SpecialistConfig(
        name="jira",
        description="Works in Jira: issues, comments, assignments, transitions.",
        integrations=("jira",),
        keywords=("jira", "ticket", "jql", "transition", "assign", "sprint"),
    ),
    SpecialistConfig(
        name="notion",
        description="Works in Notion: pages and databases.",
        integrations=("notion",),
        keywords=("notion", "page", "database", "wiki"),
    ),
    SpecialistConfig(
        name="general",
        description="Answers questions and explains what Kaizen can do.",
        integrations=("slack",),
        keywords=("help", "what can you", "how do", "explain", "why", "who", "?"),
        temperature=0.4,
        cost=0.6,
    ),
)


@dataclass
class Specialist:
    """A live agent: its configuration made concrete for one workspace."""

    team_id: str
    config: SpecialistConfig
    tools: list[Tool]
    guidelines: list[str] = field(default_factory=list)
    last_used: float = field(default_factory=time.monotonic)

    @property
    def system_prompt(self) -> str:
        parts = [
            BASE_SYSTEM_PROMPT,
            SPECIALIST_PROMPT.format(
                name=self.config.name,
                description=self.config.description,
                instructions=self.config.instructions,
            ).strip(),
        ]
        if self.guidelines:
            parts.append(GUIDELINES_PROMPT + "\n".join(f"- {line}" for line in self.guidelines))
        return "\n\n".join(parts)

    def prompt_with_style(self, style: str) -> str:
        """The system prompt plus one member's communication style (their runs only)."""
        if not style.strip():
            return self.system_prompt
        return f"{self.system_prompt}\n\n{STYLE_PROMPT}{style.strip()}"

    def openai_tools(self) -> list[dict[str, Any]]:
        return [tool.openai_schema() for tool in self.tools]


SpawnListener = Callable[[Specialist], None]


class SpecialistRegistry:
    """Configurations by name, and an LRU of live agents spawned from them."""

    def __init__(
        self,
        tools: ToolRegistry,
        configs: tuple[SpecialistConfig, ...] = DEFAULT_SPECIALISTS,
        *,
        max_active: int = 50,
        clock: Callable[[], float] = time.monotonic,
        on_spawn: SpawnListener | None = None,
    ) -> None:
        self._tools = tools
        self._configs = {config.name: config for config in configs}
        self._active: OrderedDict[tuple[str, str], Specialist] = OrderedDict()
        self._max_active = max_active
        self._clock = clock
        self._on_spawn = on_spawn

    def available(self) -> list[SpecialistConfig]:
        """Specialists whose integrations are configured (an unconfigured one is not offered)."""
        configured = set(self._tools.configured_integrations())
        return [c for c in self._configs.values() if set(c.integrations) <= configured]

    def config(self, name: str) -> SpecialistConfig | None:
        return self._configs.get(name)

    def register(self, config: SpecialistConfig) -> None:
        self._configs[config.name] = config

    def agent(self, team_id: str, name: str) -> Specialist:
        """The live agent for this workspace and specialty, spawned on first use."""
        key = (team_id, name)
        agent = self._active.get(key)
        if agent is not None:
            self._active.move_to_end(key)
            agent.last_used = self._clock()
            return agent
        config = self._configs[name]
        agent = Specialist(
            team_id=team_id,
            config=config,
            tools=self._tools.tools_of(config.integrations),
            last_used=self._clock(),
        )
        self._active[key] = agent
        while len(self._active) > self._max_active:
            self._active.popitem(last=False)
        if self._on_spawn is not None:
            self._on_spawn(agent)
        return agent

    def drop_idle(self, idle_seconds: float = IDLE_LIMIT_SECONDS) -> int:
        """Forget agents unused for `idle_seconds`; run by a scheduled job."""
        cutoff = self._clock() - idle_seconds
        stale = [key for key, agent in self._active.items() if agent.last_used < cutoff]
        for key in stale:
            del self._active[key]
        return len(stale)

    @property
    def active_count(self) -> int:
        return len(self._active)
