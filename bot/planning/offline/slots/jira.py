"""Jira references and values: issue keys, projects, assignees, statuses, searches.

An issue is an upper-case key (`PROJ-7`) or its `…/browse/PROJ-7` URL; a project is an
upper-case key (`PROJ`). Single values are a word or a few, or quoted, so that
"move PROJ-7 to Done and tell #general" has one reading only.
"""

from __future__ import annotations

import re

from bot.planning.offline.slots.cutting import pieces, unwrap
from bot.planning.offline.slots.slack import user
from bot.planning.offline.slots.text import query, short

_I = re.IGNORECASE

_KEY = r"[A-Z][A-Z0-9_]{1,9}-\d{1,9}"
_JIRA_KEY = re.compile(_KEY)
_JIRA_URL = re.compile(
    rf"https?://[\w.-]+(?::\d+)?(?:/[\w.-]+)*/browse/({_KEY})(?:[/?#][^\s<>|]*)?"
)
_JIRA_WORDS = re.compile(r"(?:the\s+)?(?:jira\s+)?(?:(?:issue|ticket|bug|task|story|epic)\s+)?", _I)
_PROJECT = re.compile(r"[A-Z][A-Z0-9_]{1,9}")
_PROJECT_WORDS = re.compile(r"(?:the\s+)?(?:jira\s+)?(?:project\s+)?", _I)


def jira_key(fragment: str) -> str | None:
    """An issue key: PROJ-7, "the Jira issue PROJ-7" or a …/browse/PROJ-7 URL (upper case)."""
    fragment = fragment.strip()
    words = _JIRA_WORDS.match(fragment)
    reference = unwrap(fragment[words.end() :] if words else fragment)
    if _JIRA_KEY.fullmatch(reference):
        return reference
    match = _JIRA_URL.fullmatch(reference)
    return match[1] if match else None


def project(fragment: str) -> str | None:
    """A Jira project key: "PROJ", "the PROJ project", "project PROJ"."""
    fragment = fragment.strip()
    words = _PROJECT_WORDS.match(fragment)
    if words:
        fragment = fragment[words.end() :]
    fragment = re.sub(r"\s+project$", "", fragment, flags=_I)
    return fragment if _PROJECT.fullmatch(fragment) else None


_WORD = r"[^\W\d_][\w.'’-]{0,40}"
_EMAIL = re.compile(r"[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_ME = frozenset({"me", "myself"})
_NOBODY = frozenset({"nobody", "no one", "noone", "no-one"})
_ARTICLES = frozenset({"the", "a", "an"})


def assignee(fragment: str) -> str | None:
    """An assignee as written: me, @bob, `<@U…>`, an email or a name of up to four words."""
    fragment = fragment.strip()
    lowered = fragment.lower()
    if lowered in _ME:
        return "me"
    if lowered in _NOBODY:
        return "unassigned"
    if fragment.startswith(("@", "<@")):
        return user(fragment)
    if _EMAIL.fullmatch(fragment):
        return fragment
    name = short(fragment, _WORD)
    if name is None or name.split()[0].lower() in _ARTICLES:
        return None
    return name


_STATUS_WORD = r"[\w'’/.-]{1,40}"


def status(fragment: str) -> str | None:
    """A workflow status: "Done", "In Progress", "Won't Do", or quoted."""
    found = short(fragment, _STATUS_WORD)
    return found if found and not found.startswith(("-", ".", "/")) else None


_JQL_LIKE = re.compile(
    r"[=~<>]|\bnot\s+in\b|\bin\s*\(|\bis\s+(?:not\s+)?(?:empty|null)\b|\border\s+by\b", _I
)
_JQL_CLAUSE = re.compile(rf"{_JQL_LIKE.pattern}|\b(?:was|changed)\b|^\s*(?:not\b|\()", _I)
_JQL_JOIN = re.compile(r"\s+(?:and|or)\s+", _I)


def jql(fragment: str) -> str | None:
    """JQL as written, every clause with an operator; plain words become a text search.

    "status = Done and tell #general" is no JQL ("tell #general" has no operator), so
    such a part is read as a search followed by another command.
    """
    text = query(fragment)
    if text is None:
        return None
    if not _JQL_LIKE.search(text):
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return f'text ~ "{escaped}"'
    clauses = pieces(text, _JQL_JOIN)
    return text if all(_JQL_CLAUSE.search(clause) for clause in clauses) else None
