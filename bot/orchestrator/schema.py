"""Checking a tool call's arguments against the tool's JSON schema before anything runs."""

from __future__ import annotations

import json
from typing import Any

_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "object": dict,
    "array": list,
}


class InvalidArguments(ValueError):
    """The call's arguments don't fit the tool: nothing runs, the model is told why."""


def parse_arguments(raw: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        raise InvalidArguments("the arguments are not valid JSON") from None
    if not isinstance(value, dict):
        raise InvalidArguments("the arguments must be a JSON object")
    return value


def check_arguments(schema: dict[str, Any], arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments, if they match the schema's properties, required keys and types."""
    properties: dict[str, Any] = schema.get("properties", {})
    missing = [name for name in schema.get("required", []) if arguments.get(name) in (None, "")]
    if missing:
        raise InvalidArguments(f"missing required argument(s): {', '.join(missing)}")
    unknown = sorted(set(arguments) - set(properties))
    if unknown and schema.get("additionalProperties") is False:
        raise InvalidArguments(f"unknown argument(s): {', '.join(unknown)}")
    for name, value in arguments.items():
        expected = properties.get(name, {}).get("type")
        python_type = _TYPES.get(expected) if isinstance(expected, str) else None
        if python_type is None or value is None:
            continue
        if expected in ("integer", "number") and isinstance(value, bool):
            raise InvalidArguments(f"argument {name} must be a {expected}")
        if not isinstance(value, python_type):
            raise InvalidArguments(f"argument {name} must be a {expected}")
    return arguments
