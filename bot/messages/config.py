"""What the operator reads when the configuration is refused at start."""

from __future__ import annotations

SOCKET_NEEDS_APP_TOKEN = "Socket Mode needs SLACK_APP_TOKEN (an xapp-… app-level token)."
SOCKET_NEEDS_BOT_TOKEN = "Socket Mode needs SLACK_BOT_TOKEN as well as SLACK_APP_TOKEN."
SIGNING_SECRET_MISSING = (
    "SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is not: "
    "set the signing secret from the app's Basic Information page."
)
HTTP_NEEDS_CREDENTIALS = (
    "HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET "
    "(or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for multi-workspace OAuth)."
)
HTTP_NEEDS_SIGNING_SECRET = "HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests."
NOT_A_BOT_TOKEN = "SLACK_BOT_TOKEN does not look like a bot token (it should start with xoxb-)."
NOT_AN_APP_TOKEN = (
    "SLACK_APP_TOKEN does not look like an app-level token (it should start with xapp-)."
)
DATABASE_URL_INVALID = "DATABASE_URL is not a valid database URL"
DATABASE_URL_DRIVER = "DATABASE_URL must use sqlite+aiosqlite:// or postgresql+asyncpg://"
DATABASE_URL_NO_DATABASE = "DATABASE_URL names no database"


def oauth_half_configured(missing: str) -> str:
    return f"{missing} is missing: OAuth needs both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."


def jira_half_configured(missing: str) -> str:
    return f"Jira is half-configured: {missing} missing (set all three or none)."


def invalid_variable(variable: str, reason: str) -> str:
    """A validation error, named by its environment variable."""
    if reason.startswith(variable):
        return f"{reason}."
    return f"{variable} is invalid: {reason}."


def database_not_prepared(error_type: str, detail: str) -> str:
    return f"DATABASE_URL: the database could not be prepared ({error_type}{detail})"


def slack_refused_bot_token(reason: str) -> str:
    return (
        f"Slack refused SLACK_BOT_TOKEN ({reason}): check the token and reinstall "
        "the app if needed."
    )


def slack_refused_app_token(reason: str) -> str:
    return (
        f"Slack refused SLACK_APP_TOKEN ({reason}): create an app-level token with the "
        "connections:write scope."
    )
