"""How the GitHub tools name things: repositories, ``acme/api#12``, shas, labels, branches.

The argument checks here turn what a member or the model wrote
(``https://github.com/acme/api.git``, ``ABC1234``) into what GitHub's API takes,
and the quoting helpers make label and branch names safe in URL paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from bot.integrations.base import ToolError
from bot.messages import github as words

__all__ = [
    "IssueRef",
    "check_sha",
    "clip",
    "normalise_repo",
    "parse_repo",
    "quote_label",
    "quote_ref",
    "short_sha",
]

_REPO = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})$")
_REPO_URL = re.compile(r"^(?:https?://)?(?:www\.)?github\.com/", re.IGNORECASE)
_SHA = re.compile(r"^[0-9a-fA-F]{7,40}$")


def clip(text: str, limit: int = 80) -> str:
    """Text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def short_sha(sha: str) -> str:
    return sha[:7]


def quote_label(name: str) -> str:
    """A label name as one URL path segment (``area/api`` → ``area%2Fapi``)."""
    return quote(name, safe="")


def quote_ref(name: str) -> str:
    """A branch name in a URL path: its slashes stay (``heads/feature/x``), the rest escaped."""
    return quote(name, safe="/")


@dataclass(frozen=True)
class IssueRef:
    """``acme/api#12``: what sentences call an issue or a pull request."""

    repo: str
    number: int

    def __str__(self) -> str:
        return f"{self.repo}#{self.number}"

    @property
    def path(self) -> str:
        return f"repos/{self.repo}/issues/{self.number}"


# ------------------------------------------------------------------ arguments


def parse_repo(value: str) -> str:
    """``owner/name`` from ``owner/name``, ``https://github.com/owner/name(.git)``."""
    text = _REPO_URL.sub("", value.strip()).strip("/")
    if text.endswith(".git"):
        text = text[:-4]
    match = _REPO.match(text)
    if match is None or match.group(2) in {".", ".."}:
        raise ToolError(words.bad_repo(clip(value, 60)), error_class="invalid_arguments")
    return text


def normalise_repo(arguments: dict[str, Any]) -> dict[str, Any]:
    """Checked arguments with their ``repo`` (if any) as ``owner/name`` (`parse_repo`)."""
    if isinstance(arguments.get("repo"), str):
        arguments["repo"] = parse_repo(arguments["repo"])
    return arguments


def check_sha(value: str) -> str:
    text = value.strip()
    if not _SHA.match(text):
        raise ToolError(words.BAD_SHA, error_class="invalid_arguments")
    return text.lower()
