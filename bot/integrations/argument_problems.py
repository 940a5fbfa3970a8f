"""The first problem of a tool call's arguments, found by `jsonschema` and said in a sentence.

`bot.integrations.schema.check_arguments` reads the arguments leniently first
and calls `first_problem` with what it read. Problems are reported one at a
time, in the schema's property order; for one argument its type comes first,
then its size or range, then its items, then its allowed values.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from bot.messages import integrations as words

__all__ = ["first_problem"]


def _min_length_of_text(
    validator: Any, minimum: int, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """``minLength`` without surrounding spaces: ``"   "`` is as empty as ``""``."""
    if validator.is_type(instance, "string") and len(instance.strip()) < minimum:
        yield ValidationError(f"{instance!r} is too short")


def _is_integer(checker: Any, instance: Any) -> bool:
    """A whole number as JSON writes one: ``3.0`` and ``true`` are not integers."""
    return isinstance(instance, int) and not isinstance(instance, bool)


ArgumentValidator = validators.extend(
    Draft202012Validator,
    validators={"minLength": _min_length_of_text},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)

# For one argument: its type, then everything else, then (inside an array) its items, then enum.
_RANK = {"type": 0, "enum": 3}
_ITEMS_RANK = 2


def first_problem(
    schema: Mapping[str, Any], arguments: Mapping[str, Any], required: Collection[str]
) -> str | None:
    """What is wrong with ``arguments`` (already read leniently), or None when nothing is."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    for name, spec in properties.items():
        if name not in arguments:
            if name in required:
                return words.missing_argument(name)
            continue
        errors = list(ArgumentValidator(spec).iter_errors(arguments[name]))
        if errors:
            return _sentence(name, min(errors, key=_rank))
    missing = [name for name in required if name not in arguments]
    if missing:
        return words.missing_argument(missing[0])
    # Whatever else the schema says of the whole object (each argument passed on its own).
    error = next(iter(ArgumentValidator(schema).iter_errors(dict(arguments))), None)
    return words.arguments_not_valid(error.message) if error is not None else None


def _rank(error: ValidationError) -> tuple[int, list[Any], int]:
    path = list(error.relative_path)
    if path:
        return (_ITEMS_RANK, path, _RANK.get(str(error.validator), 1))
    return (_RANK.get(str(error.validator), 1), [], 0)


def _sentence(name: str, error: ValidationError) -> str:
    keyword = str(error.validator)
    spec: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if keyword == "type":
        kind = error.validator_value
        return words.argument_of_wrong_kind(name, kind if isinstance(kind, str) else str(kind[0]))
    if keyword in ("minLength", "minProperties"):
        return words.empty_argument(name)
    if keyword == "maxLength":
        return words.argument_too_long(name, int(error.validator_value))
    if keyword in ("minimum", "maximum"):
        number = error.instance
        return words.argument_out_of_range(
            name, spec.get("minimum", number), spec.get("maximum", number)
        )
    if keyword == "enum":
        return words.argument_not_a_choice(name, error.validator_value)
    return words.argument_not_valid(name, error.message)
