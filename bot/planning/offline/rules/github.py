"""GitHub's rules for the offline planner, returned by `GitHubIntegration.offline_rules()`.

"close acme/api#12", "label acme/api#12 as bug", "open an issue in acme/api: x",
"list open PRs in acme/api", "search github for x", "delete branch x in acme/api".
"""

from __future__ import annotations

import re
from typing import Any

from bot.planning.offline.phrasings import verb_table
from bot.planning.offline.rule import Call, OfflineRule, Part, call
from bot.planning.offline.rules.trackers import issue_list, read_comment, read_new_issue
from bot.planning.offline.slots.cutting import body, many, splits
from bot.planning.offline.slots.github import (
    IssueRef,
    conflict,
    issue,
    issue_ref,
    kind_word,
    label,
    labels_named,
    repo,
)
from bot.planning.offline.slots.text import free_text, query

_I = re.IGNORECASE

VERBS = verb_table(
    {
        "label": ("label", "tag"),
        "add label": ("add",),
        "remove label": ("remove", "delete", "drop", "take off"),
        "delete branch": ("delete", "remove", "drop"),
        "restore branch": ("restore", "recreate", "re-create", "undelete", "bring back"),
    }
)

_CLOSE = re.compile(
    r"(close|shut|re-?open)\s+(?:the\s+)?(?:github\s+)?"
    r"(?:(issues?|prs?|pull\s+requests?|pulls?)\s+)?",
    _I,
)
_CLOSE_COMMENT = re.compile(
    r"\s+(?:with\s+(?:a\s+|the\s+)?comment|commenting|saying)(?:\s*:\s*|\s+)", _I
)
_CLOSE_TOOLS = {
    ("close", "issue"): "github.close_issue",
    ("close", "pull"): "github.close_pull_request",
    ("reopen", "issue"): "github.reopen_issue",
    ("reopen", "pull"): "github.reopen_pull_request",
}


def read_close_or_reopen(part: Part) -> list[Call] | None:
    """close acme/api#12 / close PR acme/api#12 / reopen <issue URL> / close X saying Y"""
    match = _CLOSE.match(part.core)
    if match is None:
        return None
    verb = "reopen" if match[1].lower().startswith("re") else "close"
    said = kind_word(match[2])
    references, comment = many(part.core[match.end() :], issue_ref), None
    if references is None and verb == "close":
        for left, right, _ in splits(part.raw[match.end() :], _CLOSE_COMMENT):
            references, comment = many(left, issue_ref), free_text(right)
            if references and comment:
                break
        else:
            return None
    if not references:
        return None
    calls = []
    for name, number, shown in references:
        kind = said or shown
        if conflict(said, shown) or (comment and kind == "pull"):
            return None
        extra = {"comment": comment} if comment else {}
        tool = _CLOSE_TOOLS[verb, kind or "issue"]
        calls.append(call(tool, repo=name, number=number, **extra))
    return calls


def _comment_on_issue(target: str, text: str) -> list[Call] | None:
    found = issue(target)
    if found is None:
        return None
    return [call("github.comment_issue", repo=found[0], number=found[1], body=text)]


def read_comment_on_issue(part: Part) -> list[Call] | None:
    """comment on acme/api#12: shipped / comment "x" on acme/api#12"""
    return read_comment(part, _comment_on_issue)


_LABEL_AS = re.compile(r"\s+(?:as|with)(?:\s+(?:the\s+)?labels?)?\s+", _I)
_TO_TARGET = re.compile(r"\s+(?:to|on)\s+", _I)
_FROM_TARGET = re.compile(r"\s+(?:from|off(?:\s+of)?)\s+", _I)


def _label_calls(tool: str, target: IssueRef | None, labels: list[str] | None) -> list[Call]:
    if target is None or not labels:
        return []
    return [call(tool, repo=target[0], number=target[1], label=name) for name in labels]


def read_label(part: Part) -> list[Call] | None:
    """label acme/api#12 as bug / add label bug to X / remove the bug label from X"""
    rest = body(VERBS["label"], part.core)
    if rest is not None:
        for left, right, _ in splits(rest, _LABEL_AS):
            calls = _label_calls("github.add_label", issue(left), many(right, label))
            if calls:
                return calls
        return None
    for verb, separator, tool in (
        ("add label", _TO_TARGET, "github.add_label"),
        ("remove label", _FROM_TARGET, "github.remove_label"),
    ):
        rest = body(VERBS[verb], part.core)
        if rest is None:
            continue
        for left, right, _ in splits(rest, separator, from_end=True):
            calls = _label_calls(tool, issue(right), labels_named(left))
            if calls:
                return calls
    return None


def _create_in_repo(service: str, noun: str, where: str, title: str) -> list[Call] | None:
    name = repo(where) if service != "jira" and noun == "issue" else None
    return [call("github.create_issue", repo=name, title=title)] if name else None


def read_create_issue(part: Part) -> list[Call] | None:
    """open an issue in acme/api: x / create a github issue in acme/api titled x"""
    return read_new_issue(part, _create_in_repo)


_LABELLED = re.compile(r"\s+(?:labell?ed|tagged|with\s+(?:the\s+)?labels?)\s+", _I)


def read_list_issues(part: Part) -> list[Call] | None:
    """list issues in acme/api / list open PRs in acme/api labelled x"""
    listing = issue_list(part)
    if listing is None or listing.service == "jira" or listing.noun.startswith("ticket"):
        return None
    where, labels = listing.where, None
    for left, right, _ in splits(listing.where, _LABELLED):
        labels = many(right, label)
        if labels:
            where = left
            break
    name = repo(where)
    if name is None:
        return None
    arguments: dict[str, Any] = {"repo": name, "kind": listing.kind, **listing.limit}
    if listing.state:
        arguments["state"] = listing.state
    if labels:
        arguments["labels"] = ",".join(labels)
    return [call("github.list_issues", **arguments)]


_SEARCH_GITHUB = re.compile(
    r"search\s+(?:on\s+|in\s+)?github(?:\s+(issues|prs|pull\s+requests))?\s+(?:for|about)\s+",
    _I,
)
_SEARCH = re.compile(r"search\s+(?:(?:the\s+)?(issues|prs|pull\s+requests)\s+(?:in|of)\s+)?", _I)
_FOR = re.compile(r"\s+for\s+", _I)
_QUALIFIERS = {"issues": "is:issue ", "prs": "is:pr ", "pull requests": "is:pr "}


def _qualifier(noun: str | None) -> str:
    return _QUALIFIERS[re.sub(r"\s+", " ", noun.lower())] if noun else ""


def read_search(part: Part) -> list[Call] | None:
    """search github for login bug / search acme/api for login bug"""
    match = _SEARCH_GITHUB.match(part.core)
    if match is not None:
        found = query(part.core[match.end() :])
        if not found:
            return None
        return [call("github.search_issues", query=_qualifier(match[1]) + found)]
    match = _SEARCH.match(part.core)
    if match is None:
        return None
    for left, right, _ in splits(part.core[match.end() :], _FOR):
        name, found = repo(left), query(right)
        if name and found:
            return [
                call("github.search_issues", query=f"repo:{name} {_qualifier(match[1])}{found}")
            ]
    return None


_BRANCH = r"\w[\w.+/-]{0,249}"
_BRANCH_IN = re.compile(
    rf"(?:the\s+)?(?:(?:git\s+)?branch\s+({_BRANCH})|({_BRANCH})\s+branch)"
    r"\s+(?:in|of|from|on)\s+",
    _I,
)
_AT_COMMIT = re.compile(r"\s+(?:at|from|to)\s+(?:(?:the\s+)?(?:commit|sha)\s+)?", _I)
_SHA = re.compile(r"[0-9a-f]{7,40}", _I)


def _branch_in(verb: re.Pattern[str], text: str) -> tuple[str, str] | None:
    """(branch, the rest) for "<verb> (the) branch B in …"."""
    rest = body(verb, text)
    match = _BRANCH_IN.match(rest) if rest is not None else None
    if rest is None or match is None:
        return None
    return match[1] or match[2], rest[match.end() :]


def read_branch(part: Part) -> list[Call] | None:
    """delete branch x in acme/api / restore branch x in acme/api at 1a2b3c4"""
    found = _branch_in(VERBS["delete branch"], part.core)
    if found is not None:
        name = repo(found[1])
        return [call("github.delete_branch", repo=name, branch=found[0])] if name else None
    found = _branch_in(VERBS["restore branch"], part.core)
    if found is None:
        return None
    for left, right, _ in splits(found[1], _AT_COMMIT, from_end=True):
        name = repo(left)
        if name and _SHA.fullmatch(right):
            return [call("github.restore_branch", repo=name, branch=found[0], sha=right)]
    return None


GITHUB_RULES: tuple[OfflineRule, ...] = (
    OfflineRule(
        read_close_or_reopen,
        {
            "github.close_issue": "close issue",
            "github.reopen_issue": "reopen issue",
            "github.close_pull_request": "close pull request",
            "github.reopen_pull_request": "reopen pull request",
        },
    ),
    OfflineRule(read_comment_on_issue, {"github.comment_issue": "comment"}),
    OfflineRule(
        read_label, {"github.add_label": "add label", "github.remove_label": "remove label"}
    ),
    OfflineRule(read_create_issue, {"github.create_issue": "create issue"}),
    OfflineRule(read_list_issues, {"github.list_issues": "list issues"}),
    OfflineRule(read_search, {"github.search_issues": "search GitHub"}),
    OfflineRule(
        read_branch,
        {"github.delete_branch": "delete branch", "github.restore_branch": "restore branch"},
    ),
)
