"""The one argument checker: each lenient reading, and each refusal with what the caller is told."""

from __future__ import annotations

from typing import Any

import pytest

from bot.integrations.base import ToolError
from bot.integrations.schema import (
    InvalidArguments,
    check_arguments,
    object_schema,
    parse_arguments,
)

SCHEMA = object_schema(
    {
        "channel": {"type": "string", "minLength": 1, "maxLength": 20},
        "topic": {"type": "string", "minLength": 0},
        "plain": {"type": "string"},
    },
    {
        "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        "ratio": {"type": "number"},
        "private": {"type": "boolean", "default": False},
        "labels": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "numbers": {"type": "array", "items": {"type": "integer"}},
        "state": {"type": "string", "enum": ["open", "closed"], "default": "open"},
        "values": {"type": "object", "minProperties": 1},
        "tags": {"type": "array", "default": ["a"]},
    },
)
GIVEN = {"channel": "#ops", "topic": "Deploys", "plain": "x"}


def checked(**arguments: Any) -> dict[str, Any]:
    return check_arguments(SCHEMA, {**GIVEN, **arguments})


# ------------------------------------------------------------------ lenient readings


def test_left_out_arguments_take_their_defaults() -> None:
    assert checked() == {
        **GIVEN,
        "limit": 20,
        "ratio": None,
        "private": False,
        "labels": None,
        "numbers": None,
        "state": "open",
        "values": None,
        "tags": ["a"],
    }
    # A fresh list each time: a handler that changes it never changes the schema.
    checked()["tags"].append("b")
    assert checked()["tags"] == ["a"]


def test_none_and_empty_values_count_as_left_out() -> None:
    for empty in (None, "", {}, []):
        assert checked(limit=empty, values=empty, labels=empty)["limit"] == 20


def test_integers_may_be_written_as_text() -> None:
    assert checked(limit="12")["limit"] == 12
    assert checked(limit=" #12 ")["limit"] == 12
    assert checked(numbers=["1", "#2", 3])["numbers"] == [1, 2, 3]


def test_arrays_may_be_written_as_comma_separated_text() -> None:
    assert checked(labels="bug, ui,,")["labels"] == ["bug", "ui"]
    assert checked(numbers="1, #2")["numbers"] == [1, 2]


def test_choices_match_whatever_the_case_and_spaces() -> None:
    assert checked(state=" CLOSED ")["state"] == "closed"


def test_a_required_text_with_a_min_length_of_zero_may_be_empty() -> None:
    assert checked(topic="")["topic"] == ""


def test_text_is_kept_as_written() -> None:
    assert checked(channel="  #ops ")["channel"] == "  #ops "


def test_a_schema_that_allows_more_arguments_keeps_them() -> None:
    schema = {"properties": {"a": {"type": "string"}}, "additionalProperties": True}
    assert check_arguments(schema, {"a": "x", "b": 2}) == {"a": "x", "b": 2}


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"channel": None}, "Missing argument: channel."),
        ({"channel": ""}, "channel must not be empty."),  # it has a minLength
        ({"plain": ""}, "Missing argument: plain."),  # "" is no value for a required text
        ({"extra": 1, "more": 2}, "Unknown argument: extra, more."),
        ({"channel": 5}, "channel must be text."),
        ({"channel": "   "}, "channel must not be empty."),
        ({"channel": "x" * 21}, "channel is too long (20 characters at most)."),
        ({"limit": "twelve"}, "limit must be a whole number."),
        ({"limit": "-3"}, "limit must be a whole number."),
        ({"limit": 3.0}, "limit must be a whole number."),
        ({"limit": True}, "limit must be a whole number."),
        ({"limit": 0}, "limit must be between 1 and 100."),
        ({"limit": 101}, "limit must be between 1 and 100."),
        ({"ratio": "0.5"}, "ratio must be a number."),
        ({"ratio": False}, "ratio must be a number."),
        ({"private": "yes"}, "private must be true or false."),
        ({"labels": {"a": 1}}, "labels must be a list of text."),
        ({"labels": [1]}, "labels must be text."),
        ({"labels": ["ok", "  "]}, "labels must not be empty."),
        ({"state": "merged"}, "state must be one of: open, closed."),
        ({"values": ["not", "an", "object"]}, "values must be an object."),
    ],
)
def test_refusals_say_what_is_wrong(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArguments) as caught:
        checked(**arguments)
    assert caught.value.message == message
    assert isinstance(caught.value, ToolError)
    assert caught.value.error_class == "invalid_arguments"


def test_the_first_problem_in_schema_order_is_the_one_told() -> None:
    with pytest.raises(InvalidArguments, match=r"^Missing argument: channel\.$"):
        check_arguments(SCHEMA, {"topic": "x", "limit": 0})
    with pytest.raises(InvalidArguments, match=r"^Unknown argument: extra\.$"):
        check_arguments(SCHEMA, {"extra": 1})


def test_arguments_must_be_an_object() -> None:
    with pytest.raises(InvalidArguments, match=r"^The arguments must be an object\.$"):
        check_arguments(SCHEMA, ["#ops"])


def test_model_arguments_are_parsed_from_json() -> None:
    assert parse_arguments('{"channel": "#ops"}') == {"channel": "#ops"}
    assert parse_arguments("") == {}
    assert parse_arguments({"channel": "#ops"}) == {"channel": "#ops"}
    with pytest.raises(InvalidArguments, match="not valid JSON"):
        parse_arguments("{not json")
    with pytest.raises(InvalidArguments, match="must be a JSON object"):
        parse_arguments("[1, 2]")
