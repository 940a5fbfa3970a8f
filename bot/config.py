"""Settings from the environment and `.env`, validated once at start.

A half-configured setup is refused with one sentence naming the variable
(`ConfigError`); the CLI turns it into exit status 2. Secrets are `SecretStr`
so they never print, not even in a validation error.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.messages import config as words

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///kaizen.db"
SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


class ConfigError(Exception):
    """A configuration problem, worded for the operator; never holds a secret."""


class RunMode(StrEnum):
    SERVE = "serve"
    SOCKET = "socket"
    CHAT = "chat"


def _split_ids(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    model: str = Field(default="gpt-5-mini", validation_alias=AliasChoices("KAIZEN_MODEL", "model"))
    model_timeout: float = Field(
        default=30.0, gt=0, validation_alias=AliasChoices("KAIZEN_MODEL_TIMEOUT", "model_timeout")
    )

    database_url: str = DEFAULT_DATABASE_URL

    admin_users: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias=AliasChoices("KAIZEN_ADMIN_USERS", "admin_users")
    )
    admin_channel: str | None = Field(
        default=None, validation_alias=AliasChoices("KAIZEN_ADMIN_CHANNEL", "admin_channel")
    )
    log_level: str = Field(
        default="INFO", validation_alias=AliasChoices("KAIZEN_LOG_LEVEL", "log_level")
    )

    max_active_agents: int = Field(
        default=50,
        ge=1,
        validation_alias=AliasChoices("KAIZEN_MAX_ACTIVE_AGENTS", "max_active_agents"),
    )
    undo_ttl_seconds: int = Field(
        default=3600, ge=60, validation_alias=AliasChoices("KAIZEN_UNDO_TTL", "undo_ttl_seconds")
    )
    pending_ttl_seconds: int = Field(
        default=900,
        ge=30,
        validation_alias=AliasChoices("KAIZEN_PENDING_TTL", "pending_ttl_seconds"),
    )
    max_runs_in_flight: int = Field(
        default=20,
        ge=1,
        validation_alias=AliasChoices("KAIZEN_MAX_RUNS_IN_FLIGHT", "max_runs_in_flight"),
    )
    daily_cost_limit_usd: float = Field(
        default=5.0,
        ge=0,
        validation_alias=AliasChoices("KAIZEN_DAILY_COST_LIMIT", "daily_cost_limit_usd"),
    )
    confirm_confidence: float = Field(
        default=0.7,
        gt=0,
        lt=1,
        validation_alias=AliasChoices("KAIZEN_CONFIRM_CONFIDENCE", "confirm_confidence"),
    )
    retry_budget: int = Field(
        default=6, ge=0, validation_alias=AliasChoices("KAIZEN_RETRY_BUDGET", "retry_budget")
    )
    learn_interval_seconds: int = Field(
        default=3600,
        ge=60,
        validation_alias=AliasChoices("KAIZEN_LEARN_INTERVAL", "learn_interval_seconds"),
    )
    min_traces: int = Field(
        default=10, ge=1, validation_alias=AliasChoices("KAIZEN_MIN_TRACES", "min_traces")
    )
    pattern_confidence: float = Field(
        default=0.7,
        gt=0,
        le=1,
        validation_alias=AliasChoices("KAIZEN_PATTERN_CONFIDENCE", "pattern_confidence"),
    )
    canary_share: float = Field(
        default=0.2,
        ge=0,
        le=1,
        validation_alias=AliasChoices("KAIZEN_CANARY_SHARE", "canary_share"),
    )
    max_model_turns: int = Field(
        default=6, ge=1, le=30, validation_alias=AliasChoices("KAIZEN_MAX_STEPS", "max_model_turns")
    )
    cost_input_per_million: float = Field(
        default=0.25,
        ge=0,
        validation_alias=AliasChoices("KAIZEN_COST_INPUT_PER_MILLION", "cost_input_per_million"),
    )
    cost_output_per_million: float = Field(
        default=2.0,
        ge=0,
        validation_alias=AliasChoices("KAIZEN_COST_OUTPUT_PER_MILLION", "cost_output_per_million"),
    )

    github_token: SecretStr | None = None
    github_api_url: str = "https://api.github.com"
    jira_url: str | None = None
    jira_email: str | None = None
    jira_api_token: SecretStr | None = None
    notion_token: SecretStr | None = None
    notion_api_url: str = "https://api.notion.com"

    @field_validator("admin_users", mode="before")
    @classmethod
    def _parse_admin_users(cls, value: object) -> object:
        return _split_ids(value)

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("slack_api_url")
    @classmethod
    def _slack_api_url_ends_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    # --- derived facts -------------------------------------------------------

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def model_enabled(self) -> bool:
        return self.openai_api_key is not None

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.admin_users

    def default_mode(self) -> RunMode:
        """What `kaizen` with no sub-command runs: Socket Mode, HTTP, or the console."""
        if self.slack_app_token:
            return RunMode.SOCKET
        if self.slack_bot_token or self.oauth_enabled:
            return RunMode.SERVE
        return RunMode.CHAT

    def secret_values(self) -> list[str]:
        """Every configured secret, so logs and replies can be scrubbed of them."""
        secrets = (
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.slack_client_secret,
            self.openai_api_key,
            self.github_token,
            self.jira_api_token,
            self.notion_token,
        )
        return [s.get_secret_value() for s in secrets if s and s.get_secret_value()]

    def require_for(self, mode: RunMode) -> None:
        """Refuse a half-configured setup for `mode` with one clear sentence."""
        _require_pairs(self)
        if mode is RunMode.SOCKET:
            if not self.slack_app_token:
                raise ConfigError(words.SOCKET_NEEDS_APP_TOKEN)
            if not self.slack_bot_token and not self.oauth_enabled:
                raise ConfigError(words.SOCKET_NEEDS_BOT_TOKEN)
        if mode is RunMode.SERVE:
            if self.slack_bot_token and not self.slack_signing_secret:
                raise ConfigError(words.SIGNING_SECRET_MISSING)
            if not self.slack_bot_token and not self.oauth_enabled:
                raise ConfigError(words.HTTP_NEEDS_CREDENTIALS)
            if not self.slack_signing_secret:
                raise ConfigError(words.HTTP_NEEDS_SIGNING_SECRET)


def _require_pairs(settings: Settings) -> None:
    if bool(settings.slack_client_id) != bool(settings.slack_client_secret):
        missing = "SLACK_CLIENT_SECRET" if settings.slack_client_id else "SLACK_CLIENT_ID"
        raise ConfigError(words.oauth_half_configured(missing))
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    if token and not token.startswith("xoxb-"):
        raise ConfigError(words.NOT_A_BOT_TOKEN)
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError(words.NOT_AN_APP_TOKEN)
    jira = {
        "JIRA_URL": settings.jira_url,
        "JIRA_EMAIL": settings.jira_email,
        "JIRA_API_TOKEN": settings.jira_api_token,
    }
    if any(jira.values()) and not all(jira.values()):
        missing = ", ".join(name for name, value in jira.items() if not value)
        raise ConfigError(words.jira_half_configured(missing))


def normalise_database_url(value: str) -> str:
    """Accept the usual spellings and turn them into an async SQLAlchemy URL."""
    value = value.strip()
    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError(words.DATABASE_URL_INVALID) from None
    driver = url.drivername
    if driver in ("postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+asyncpg")
    elif driver == "sqlite":
        url = url.set(drivername="sqlite+aiosqlite")
    if url.drivername not in SUPPORTED_DRIVERS:
        raise ValueError(words.DATABASE_URL_DRIVER)
    if url.drivername == "postgresql+asyncpg" and not url.database:
        raise ValueError(words.DATABASE_URL_NO_DATABASE)
    return url.render_as_string(hide_password=False)


_FIELD_TO_VARIABLE = {
    "learn_interval_seconds": "KAIZEN_LEARN_INTERVAL",
    "min_traces": "KAIZEN_MIN_TRACES",
    "pattern_confidence": "KAIZEN_PATTERN_CONFIDENCE",
    "canary_share": "KAIZEN_CANARY_SHARE",
    "confirm_confidence": "KAIZEN_CONFIRM_CONFIDENCE",
    "max_active_agents": "KAIZEN_MAX_ACTIVE_AGENTS",
    "undo_ttl_seconds": "KAIZEN_UNDO_TTL",
    "pending_ttl_seconds": "KAIZEN_PENDING_TTL",
    "max_runs_in_flight": "KAIZEN_MAX_RUNS_IN_FLIGHT",
    "daily_cost_limit_usd": "KAIZEN_DAILY_COST_LIMIT",
    "retry_budget": "KAIZEN_RETRY_BUDGET",
    "max_model_turns": "KAIZEN_MAX_STEPS",
    "cost_input_per_million": "KAIZEN_COST_INPUT_PER_MILLION",
    "cost_output_per_million": "KAIZEN_COST_OUTPUT_PER_MILLION",
    "model": "KAIZEN_MODEL",
    "model_timeout": "KAIZEN_MODEL_TIMEOUT",
    "admin_users": "KAIZEN_ADMIN_USERS",
    "admin_channel": "KAIZEN_ADMIN_CHANNEL",
    "log_level": "KAIZEN_LOG_LEVEL",
}


def load_settings(**overrides: object) -> Settings:
    """Read the environment (and `.env`) once; raise `ConfigError` on bad values."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigError(_describe(error)) from None


def _describe(error: ValidationError) -> str:
    first = error.errors(include_input=False, include_url=False)[0]
    field = str(first["loc"][0]) if first["loc"] else "configuration"
    variable = _FIELD_TO_VARIABLE.get(field, field.upper())
    reason = str(first["msg"]).removeprefix("Value error, ")
    return words.invalid_variable(variable, reason)
