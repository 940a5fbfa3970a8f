"""One Web API call as a handler sees it: merged parameters plus the caller.

Each handler takes an ``ApiRequest`` and returns the JSON body of a successful
response, or raises ``ApiError`` with the error name Slack documents for that
case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from bot.sandbox.workspace.api_records import ApiError


@dataclass(frozen=True)
class Caller:
    """Who a token belongs to."""

    token: str
    team_id: str
    team_name: str
    user_id: str
    bot_id: str | None


@dataclass
class ApiRequest:
    """One Web API call: its method, merged parameters and caller."""

    method: str
    params: dict[str, Any]
    caller: Caller

    def get(self, name: str) -> Any:
        """The parameter's value; ``None`` when absent, null or empty."""
        value = self.params.get(name)
        return None if value is None or value == "" else value

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return None if value is None else str(value)

    def require(self, name: str) -> str:
        """A required string parameter (``invalid_arguments`` when missing)."""
        value = self.text(name)
        if value is None:
            raise missing_argument(name)
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        return as_flag(self.params.get(name), default)

    def integer(self, name: str, default: int) -> int:
        value = self.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise invalid_arguments(f"[ERROR] {name} must be an integer") from None

    def id_list(self, name: str) -> list[str]:
        """A comma-separated (or JSON list) parameter as a list of ids."""
        value = self.get(name)
        if value is None:
            return []
        items = value if isinstance(value, list) else str(value).split(",")
        return [str(item).strip() for item in items if str(item).strip()]


#: A Web API method: the request in, the success body out (or ``ApiError``).
Handler = Callable[[ApiRequest], dict[str, Any]]


class MethodFamily(Protocol):
    """A group of Web API methods (chat.*, views.*, ...) that lists its own handlers."""

    def handlers(self) -> dict[str, Handler]: ...


def as_flag(value: object, default: bool = False) -> bool:
    """Slack booleans arrive as JSON booleans, "true"/"false" or "1"/"0"."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def optional_flag(value: object) -> bool | None:
    """``as_flag``, but ``None`` when the parameter was not given."""
    return None if value is None or value == "" else as_flag(value)


def invalid_arguments(message: str) -> ApiError:
    """Slack's ``invalid_arguments``, with its ``[ERROR] …`` line in response_metadata."""
    return ApiError("invalid_arguments", response_metadata={"messages": [message]})


def missing_argument(name: str) -> ApiError:
    return invalid_arguments(f"[ERROR] missing required field: {name}")
