"""GitHub references: an issue or pull request, a repository, labels.

An issue or pull request is `owner/name#12` or its github.com URL (`/issues/12`,
`/pull/12`); a repository is `owner/name` or its URL. Slack's `<url|label>` markup is
unwrapped.
"""

from __future__ import annotations

import re

from bot.planning.offline.slots.cutting import many, unwrap
from bot.planning.offline.slots.text import unquote

_I = re.IGNORECASE

_OWNER = r"[A-Za-z0-9][A-Za-z0-9-]{0,38}"
_REPO_NAME = r"[A-Za-z0-9_.-]{1,100}"
_ISSUE_SHORT = re.compile(rf"({_OWNER})/({_REPO_NAME})#(\d{{1,9}})")
_ISSUE_URL = re.compile(
    rf"https?://(?:www\.)?github\.com/({_OWNER})/({_REPO_NAME})/(issues|pull)/(\d{{1,9}})"
    r"(?:[/?#][^\s<>|]*)?",
    _I,
)
_REPO_SHORT = re.compile(rf"({_OWNER})/({_REPO_NAME})")
_REPO_URL = re.compile(
    rf"https?://(?:www\.)?github\.com/({_OWNER})/({_REPO_NAME}?)(?:\.git)?/?", _I
)
_REPO_WORDS = re.compile(r"(?:the\s+)?(?:github\s+)?(?:repo(?:sitory)?\s+)?", _I)
_REPO_AFTER = re.compile(r"\s+(?:repo(?:sitory)?)$", _I)
_ISSUE_WORDS = re.compile(
    r"(?:the\s+)?(?:github\s+)?(?:(issues?|prs?|pull\s+requests?|pulls?)\s+)?", _I
)

IssueRef = tuple[str, int, str | None]  # repo, number, "issue" / "pull" / None (not said)


def kind_word(word: str | None) -> str | None:
    """The kind a word names: "pull" for PR / pull request, "issue" for issue."""
    if not word:
        return None
    return "issue" if word.lower().startswith("issue") else "pull"


def conflict(said: str | None, shown: str | None) -> bool:
    """The words say "PR" and the URL says issue, or the other way round."""
    return bool(said and shown and said != shown)


def issue_ref(fragment: str) -> IssueRef | None:
    """`owner/name#12` or a github.com issue or pull request URL."""
    reference = unwrap(fragment)
    match = _ISSUE_SHORT.fullmatch(reference)
    if match is not None:
        repo, number, shown = f"{match[1]}/{match[2]}", int(match[3]), None
    else:
        match = _ISSUE_URL.fullmatch(reference)
        if match is None:
            return None
        repo, number = f"{match[1]}/{match[2]}", int(match[4])
        shown = "pull" if match[3].lower() == "pull" else "issue"
    return (repo, number, shown) if number >= 1 else None


def issue(fragment: str) -> IssueRef | None:
    """An issue reference after optional words: "the PR acme/api#3", "issue <url>"."""
    fragment = fragment.strip()
    words = _ISSUE_WORDS.match(fragment)
    said = kind_word(words[1]) if words else None
    reference = issue_ref(fragment[words.end() :] if words else fragment)
    if reference is None:
        return None
    if conflict(said, reference[2]):
        return None
    return reference[0], reference[1], said or reference[2]


def repo(fragment: str) -> str | None:
    """`owner/name` (after "the repo" if written) or a github.com repository URL."""
    fragment = fragment.strip()
    words = _REPO_WORDS.match(fragment)
    if words:
        fragment = fragment[words.end() :]
    after = _REPO_AFTER.search(fragment)
    if after:
        fragment = fragment[: after.start()]
    reference = unwrap(fragment)
    match = _REPO_SHORT.fullmatch(reference) or _REPO_URL.fullmatch(reference)
    if match is None or not match[2] or match[2] in {".", ".."}:
        return None
    return f"{match[1]}/{match[2]}"


_LABEL_TOKEN = re.compile(r"\w[\w.:/+'’-]{0,49}")


def label(fragment: str) -> str | None:
    """A label: one word ("bug", "type:bug") or quoted ("good first issue")."""
    fragment = fragment.strip()
    unquoted = unquote(fragment)
    if unquoted != fragment:
        return unquoted if unquoted and "\n" not in unquoted and len(unquoted) <= 50 else None
    return fragment if _LABEL_TOKEN.fullmatch(fragment) else None


_LABEL_NOUNS = frozenset({"label", "labels"})
_LABEL_NOUN = re.compile(r"labels?\s+", _I)
_LEADING_ARTICLE = re.compile(r"(?:the|a)\s+", _I)


def labels_named(fragment: str) -> list[str] | None:
    """Labels with the word "label": "label bug", "the bug label", "labels bug and x"."""
    fragment = fragment.strip()
    article = _LEADING_ARTICLE.match(fragment)
    if article:
        fragment = fragment[article.end() :]
    noun_first = _LABEL_NOUN.match(fragment)
    if noun_first:
        return many(fragment[noun_first.end() :], label)
    head = fragment.rsplit(None, 1)
    if len(head) == 2 and head[1].lower() in _LABEL_NOUNS:
        return many(head[0], label)
    return None
