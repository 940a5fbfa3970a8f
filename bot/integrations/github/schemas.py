"""Pieces of the GitHub tools' argument schemas: a repository, a number, a label, a branch.

The descriptions are for the model; `bot.integrations.schema.checked` holds
every call to these schemas before a tool runs.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BRANCH",
    "DEFAULT_LIMIT",
    "LABEL",
    "LIMIT",
    "MAX_LIMIT",
    "NUMBER",
    "REPO",
    "TEXT",
    "enum",
]

DEFAULT_LIMIT = 30
MAX_LIMIT = 200

REPO = {
    "type": "string",
    "minLength": 3,
    "maxLength": 140,
    "description": "The repository as owner/name, e.g. acme/api.",
}
NUMBER = {
    "type": "integer",
    "minimum": 1,
    "description": "The issue or pull request number (12 for acme/api#12).",
}
LABEL = {"type": "string", "minLength": 1, "maxLength": 100, "description": "The label name."}
BRANCH = {
    "type": "string",
    "minLength": 1,
    "maxLength": 255,
    "description": "The branch name, e.g. feature-x.",
}
TEXT = {"type": "string", "minLength": 1, "maxLength": 65_536}
LIMIT = {
    "type": "integer",
    "minimum": 1,
    "maximum": MAX_LIMIT,
    "default": DEFAULT_LIMIT,
    "description": f"How many at most (1-{MAX_LIMIT}, default {DEFAULT_LIMIT}).",
}


def enum(values: tuple[str, ...], default: str, *, description: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), "default": default, "description": description}
