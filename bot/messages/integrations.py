"""What the shared integration code says: argument problems and REST services' failures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# ------------------------------------------------------------------ tool arguments

#: How an argument of each JSON-schema type is named in "x must be …".
ARGUMENT_KINDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list of text",
}

ARGUMENTS_NOT_AN_OBJECT = "The arguments must be an object."
# For the model, in a tool message: "error: … ; nothing was done".
ARGUMENTS_NOT_JSON = "the arguments are not valid JSON"
ARGUMENTS_NOT_A_JSON_OBJECT = "the arguments must be a JSON object"


def unknown_arguments(names: Iterable[str]) -> str:
    return f"Unknown argument: {', '.join(names)}."


def missing_argument(name: str) -> str:
    return f"Missing argument: {name}."


def argument_of_wrong_kind(name: str, kind: str) -> str:
    return f"{name} must be {ARGUMENT_KINDS.get(kind, kind)}."


def empty_argument(name: str) -> str:
    return f"{name} must not be empty."


def argument_too_long(name: str, limit: int) -> str:
    return f"{name} is too long ({limit} characters at most)."


def argument_out_of_range(name: str, low: Any, high: Any) -> str:
    return f"{name} must be between {low} and {high}."


def argument_not_a_choice(name: str, choices: Iterable[Any]) -> str:
    return f"{name} must be one of: {', '.join(str(c) for c in choices)}."


def argument_not_valid(name: str, detail: str) -> str:
    return f"{name} is not valid: {detail}."


# ------------------------------------------------------------------ REST services


def service_timed_out(service: str) -> str:
    return f"{service} did not answer in time."


def service_unreachable(service: str, error: str) -> str:
    return f"I couldn't reach {service} ({error})."


def service_rate_limited(service: str, suffix: str) -> str:
    return f"{service} is rate limiting us{suffix}"


def service_failed(service: str, status: int, suffix: str) -> str:
    return f"{service} had an error ({status}){suffix}"


def service_refused_credentials(service: str) -> str:
    return f"{service} refused the credentials: check the token."


def service_denied_permission(service: str, suffix: str) -> str:
    return f"{service} says the token has no permission for that{suffix}"


def service_not_found(service: str, suffix: str) -> str:
    return f"{service} can't find that{suffix}"


def service_refused_request(service: str, status: int, suffix: str) -> str:
    return f"{service} refused the request ({status}){suffix}"


def arguments_not_valid(detail: str) -> str:
    return f"The arguments are not valid: {detail}."
