"""Checking a tool's arguments against its JSON schema, for every integration.

`check_arguments` handles what our schemas use: unknown and missing keys, the
types string, integer, number, boolean, object and array (with ``items``),
``enum``, ``minLength`` / ``maxLength``, ``minimum`` / ``maximum`` and
``minProperties``. A malformed call fails with `ToolError` ``invalid_arguments``
before it reaches any service. Models write loosely, so an optional argument
sent as ``""``, ``{}`` or ``[]`` counts as left out, integers written as text
("12", "#12") are accepted, an array of text may come as "a, b", and an enum
matches whatever the case.

`checked` wraps a tool's ``run`` / ``describe`` handler so it only ever sees
checked arguments, with the defaults filled in.

Usage::

    schema = {"properties": {"limit": {"type": "integer", "minimum": 1, "default": 20}},
              "required": []}
    check_arguments(schema, {"limit": "5"})  # {"limit": 5}
    run = checked(schema, handler)  # await run(context, arguments)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.integrations.base import ToolContext, ToolError

__all__ = ["Handler", "check_arguments", "checked"]

Handler = Callable[[ToolContext, dict[str, Any]], Awaitable[Any]]

_ABSENT: tuple[Any, ...] = ("", {}, [])  # what models send for an optional argument they omit


def _invalid(message: str) -> ToolError:
    return ToolError(message, error_class="invalid_arguments")


def check_arguments(schema: Mapping[str, Any], arguments: Any) -> dict[str, Any]:
    """The arguments with defaults filled in, or `ToolError` ``invalid_arguments``."""
    if not isinstance(arguments, dict):
        raise _invalid("The arguments must be an object.")
    properties: dict[str, dict[str, Any]] = schema["properties"]
    required = set(schema.get("required", ()))
    unknown = sorted(set(arguments) - set(properties))
    if unknown:
        raise _invalid(f"Unknown argument: {', '.join(unknown)}.")
    result: dict[str, Any] = {}
    for name, spec in properties.items():
        value = arguments.get(name)
        if value in _ABSENT and name not in required:
            value = None
        if value is None:
            if name in required:
                raise _invalid(f"Missing argument: {name}.")
            default = spec.get("default")
            result[name] = list(default) if isinstance(default, list) else default
            continue
        result[name] = _checked_value(name, spec, value)
    return result


def checked(schema: Mapping[str, Any], handler: Handler) -> Handler:
    """``handler`` called with `check_arguments` of what it is given."""

    async def run(context: ToolContext, arguments: dict[str, Any]) -> Any:
        return await handler(context, check_arguments(schema, arguments))

    return run


def _checked_value(name: str, spec: Mapping[str, Any], value: Any) -> Any:
    kind = spec.get("type")
    if kind == "string":
        value = _checked_text(name, spec, value)
    elif kind == "integer":
        value = _checked_number(name, spec, _as_integer(value), "a whole number")
    elif kind == "number":
        number = None if isinstance(value, bool) or not isinstance(value, int | float) else value
        value = _checked_number(name, spec, number, "a number")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise _invalid(f"{name} must be true or false.")
    elif kind == "object":
        if not isinstance(value, dict):
            raise _invalid(f"{name} must be an object.")
        if spec.get("minProperties", 0) > len(value):
            raise _invalid(f"{name} must not be empty.")
    elif kind == "array":
        if isinstance(value, str):
            value = [part for part in (p.strip() for p in value.split(",")) if part]
        if not isinstance(value, list):
            raise _invalid(f"{name} must be a list of text.")
        items = spec.get("items", {})
        value = [_checked_value(name, items, item) for item in value]
    if "enum" in spec:
        value = _checked_choice(name, spec["enum"], value)
    return value


def _checked_text(name: str, spec: Mapping[str, Any], value: Any) -> str:
    if not isinstance(value, str):
        raise _invalid(f"{name} must be text.")
    if len(value.strip()) < spec.get("minLength", 0):
        raise _invalid(f"{name} must not be empty.")
    if "maxLength" in spec and len(value) > spec["maxLength"]:
        raise _invalid(f"{name} is too long ({spec['maxLength']} characters at most).")
    return value


def _checked_number(name: str, spec: Mapping[str, Any], number: Any, what: str) -> Any:
    if number is None:
        raise _invalid(f"{name} must be {what}.")
    low, high = spec.get("minimum", number), spec.get("maximum", number)
    if not low <= number <= high:
        raise _invalid(f"{name} must be between {low} and {high}.")
    return number


def _checked_choice(name: str, choices: list[Any], value: Any) -> Any:
    if isinstance(value, str):
        wanted = value.strip().lower()
        value = next(
            (c for c in choices if isinstance(c, str) and c.lower() == wanted), value.strip()
        )
    if value not in choices:
        raise _invalid(f"{name} must be one of: {', '.join(str(c) for c in choices)}.")
    return value


def _as_integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip().lstrip("#")
        if text.isdigit():
            return int(text)
    return None


def object_schema(
    required: dict[str, Any], optional: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A tool's JSON schema: these properties, the first group required, nothing else."""
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": False,
    }
