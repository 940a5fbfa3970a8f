"""Every built-in integration's rules, in the order the integrations are loaded."""

from __future__ import annotations

from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.github import GITHUB_RULES
from bot.planning.offline.rules.jira import JIRA_RULES
from bot.planning.offline.rules.notion import NOTION_RULES
from bot.planning.offline.rules.slack import SLACK_RULES

BUILTIN_RULES: tuple[OfflineRule, ...] = (
    *SLACK_RULES,
    *GITHUB_RULES,
    *JIRA_RULES,
    *NOTION_RULES,
)
