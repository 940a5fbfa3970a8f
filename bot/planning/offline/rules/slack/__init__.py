"""Slack's rules for the offline planner, returned by `SlackIntegration.offline_rules()`."""

from __future__ import annotations

from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.slack.channels import CHANNEL_RULES
from bot.planning.offline.rules.slack.messages import MESSAGE_RULES
from bot.planning.offline.rules.slack.posts import POST_RULES

SLACK_RULES: tuple[OfflineRule, ...] = (*CHANNEL_RULES, *POST_RULES, *MESSAGE_RULES)

__all__ = ["SLACK_RULES"]
