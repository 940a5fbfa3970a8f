"""The `kaizen` command line: help texts and what it prints."""

from __future__ import annotations

DESCRIPTION = "Kaizen, the self-improving Slack assistant."
SERVE_HELP = "HTTP mode: serve /slack/events, /healthz, /metrics"
SOCKET_HELP = "Socket Mode (needs SLACK_APP_TOKEN)"
CHAT_HELP = "console mode against the bundled Slack emulator"
DB_HELP = "database tasks"
UPGRADE_HELP = "apply migrations"
LEARN_HELP = "run one learning cycle now"
FORCE_HELP = "run even with fewer than KAIZEN_MIN_TRACES new runs"
STATS_HELP = "print the admin stats"
JSON_HELP = "print JSON instead of tables"
DAYS_HELP = "the window in days, 1 to 365 (default 7)"
TEAM_HELP = "one workspace (team ID); default: all"
BAD_DAYS = "a whole number of days from 1 to 365"
DATABASE_UP_TO_DATE = "Database is up to date."


def config_error(reason: str) -> str:
    return f"kaizen: configuration error: {reason}"


def startup_error(reason: str) -> str:
    return f"kaizen: {reason}"
