"""The one argument checker: a tool call's arguments against the tool's JSON schema.

Every integration's tools (through `checked`), the executor (before the gate)
and the model loop (`parse_arguments`) use it, so a call is judged the same way
wherever it comes from. The schema is checked by the `jsonschema` package
(draft 2020-12); a malformed call raises `InvalidArguments` (a `ToolError` of
class ``invalid_arguments``) with a sentence naming the first problem, before
anything reaches a service.

Models write loosely, so before checking, these readings are lenient:

- an argument sent as ``None`` counts as left out, and so does an optional one
  sent as ``""``, ``{}`` or ``[]``; a left-out argument takes its schema
  ``default`` (or ``None``), a required one is missing;
- a required argument sent as ``""`` is missing too, unless its schema sets a
  ``minLength``: that judges it, so ``"minLength": 0`` lets a text be empty
  (``set_topic``'s topic: empty clears it);
- an integer may be written as text, with or without ``#``: ``"12"``, ``"#12"``;
- an array may be written as comma-separated text: ``"bug, ui"`` -> ``["bug", "ui"]``;
- an ``enum`` value matches whatever its case and surrounding spaces: ``" Open"`` -> ``"open"``;
- ``minLength`` counts the text without surrounding spaces, so ``"   "`` is empty.

And these are strict: an argument the schema does not list is refused unless
the schema sets ``additionalProperties`` (ours never do); ``true`` / ``false``
are not numbers and ``3.0`` is not an integer.

Usage::

    schema = object_schema({"channel": {"type": "string"}},
                           {"limit": {"type": "integer", "minimum": 1, "default": 20}})
    check_arguments(schema, {"channel": "#ops", "limit": "5"})  # {"channel": "#ops", "limit": 5}
    run = checked(schema, handler)  # await run(context, arguments): handler sees checked ones
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.integrations.argument_problems import first_problem
from bot.integrations.base import ToolContext, ToolError
from bot.messages import integrations as words

__all__ = [
    "Handler",
    "InvalidArguments",
    "check_arguments",
    "checked",
    "object_schema",
    "parse_arguments",
]

Handler = Callable[[ToolContext, dict[str, Any]], Awaitable[Any]]


class InvalidArguments(ToolError):
    """The call's arguments don't fit the tool: nothing runs, the caller is told why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, error_class="invalid_arguments")


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


def parse_arguments(raw: str | dict[str, Any]) -> dict[str, Any]:
    """A model's tool-call arguments (JSON text, or already an object) as a dict."""
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        raise InvalidArguments(words.ARGUMENTS_NOT_JSON) from None
    if not isinstance(value, dict):
        raise InvalidArguments(words.ARGUMENTS_NOT_A_JSON_OBJECT)
    return value


def check_arguments(schema: Mapping[str, Any], arguments: Any) -> dict[str, Any]:
    """The arguments read leniently, checked, with defaults filled in; or `InvalidArguments`."""
    if not isinstance(arguments, dict):
        raise InvalidArguments(words.ARGUMENTS_NOT_AN_OBJECT)
    properties: Mapping[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    if schema.get("additionalProperties", False) is False:
        unknown = sorted(set(arguments) - set(properties))
        if unknown:
            raise InvalidArguments(words.unknown_arguments(unknown))
    given = {
        name: value
        for name, value in arguments.items()
        if not _left_out(value, properties.get(name, {}), required=name in required)
    }
    coerced = {
        name: _coerced(properties[name], value) if name in properties else value
        for name, value in given.items()
    }
    problem = first_problem(schema, coerced, required)
    if problem is not None:
        raise InvalidArguments(problem)
    result = {name: value for name, value in coerced.items() if name not in properties}
    for name, spec in properties.items():
        result[name] = coerced[name] if name in coerced else _default(spec)
    return result


def checked(schema: Mapping[str, Any], handler: Handler) -> Handler:
    """``handler`` called with `check_arguments` of what it is given."""

    async def run(context: ToolContext, arguments: dict[str, Any]) -> Any:
        return await handler(context, check_arguments(schema, arguments))

    return run


def _left_out(value: Any, spec: Mapping[str, Any], *, required: bool) -> bool:
    if value is None:
        return True
    if value == "":  # a required text that may be empty says so with its minLength
        return not required or "minLength" not in spec
    return not required and value in ({}, [])


def _default(spec: Mapping[str, Any]) -> Any:
    default = spec.get("default")
    return list(default) if isinstance(default, list) else default  # never the schema's own list


def _coerced(spec: Mapping[str, Any], value: Any) -> Any:
    """``value`` as the schema means it, where a model wrote it loosely (see the module doc)."""
    kind = spec.get("type")
    if kind == "integer" and isinstance(value, str):
        text = value.strip().lstrip("#")
        value = int(text) if text.isdecimal() else value
    elif kind == "array" and isinstance(value, str):
        value = [part for part in (p.strip() for p in value.split(",")) if part]
    if kind == "array" and isinstance(value, list):
        items = spec.get("items", {})
        value = [_coerced(items, item) for item in value]
    if "enum" in spec and isinstance(value, str):
        wanted = value.strip().lower()
        choices = [c for c in spec["enum"] if isinstance(c, str) and c.lower() == wanted]
        value = choices[0] if choices else value.strip()
    return value
