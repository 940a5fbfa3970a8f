"""Jira's rules for the offline planner, returned by `JiraIntegration.offline_rules()`.

"move PROJ-7 to Done", "assign PROJ-7 to me", "comment on PROJ-7: x",
"create a bug in PROJ titled x", "list issues in PROJ", "search jira for …",
"delete PROJ-7".
"""

from __future__ import annotations

import re

from bot.planning.offline.phrasings import verb_table
from bot.planning.offline.rule import Call, OfflineRule, Part, call
from bot.planning.offline.rules.trackers import issue_list, read_comment, read_new_issue
from bot.planning.offline.slots.cutting import body, many, splits
from bot.planning.offline.slots.github import issue
from bot.planning.offline.slots.jira import assignee, jira_key, jql, project, status

_I = re.IGNORECASE

VERBS = verb_table(
    {
        "transition": ("move", "transition", "mark"),
        "unassign": ("unassign", "un-assign"),
        "assign": ("assign", "reassign", "re-assign"),
        "delete": ("delete", "remove"),
    }
)

_TRANSITION_TO = re.compile(r"\s+(?:to|into|as)\s+(?:(?:the\s+)?status\s+)?", _I)


def read_transition(part: Part) -> list[Call] | None:
    """move PROJ-7 to Done / transition PROJ-7 to In Progress / mark PROJ-7 as Done"""
    rest = body(VERBS["transition"], part.core)
    if rest is None:
        return None
    for left, right, _ in splits(rest, _TRANSITION_TO):
        keys, to = many(left, jira_key), status(right)
        if keys and to:
            return [call("jira.transition", key=key, to=to) for key in keys]
    return None


_ASSIGN_TO = re.compile(r"\s+to\s+", _I)


def read_assign(part: Part) -> list[Call] | None:
    """assign PROJ-7 to me / to @bob / to Ann Lee / unassign PROJ-7"""
    rest = body(VERBS["unassign"], part.core)
    if rest is not None:
        keys = many(rest, jira_key)
        return [call("jira.assign", key=key, assignee="unassigned") for key in keys or []] or None
    rest = body(VERBS["assign"], part.core)
    if rest is None:
        return None
    for left, right, _ in splits(rest, _ASSIGN_TO):
        keys, person = many(left, jira_key), assignee(right)
        if keys and person:
            return [call("jira.assign", key=key, assignee=person) for key in keys]
    return None


def read_delete_issue(part: Part) -> list[Call] | None:
    """delete PROJ-7 / delete the Jira issue PROJ-7 and PROJ-8"""
    rest = body(VERBS["delete"], part.core)
    keys = many(rest, jira_key) if rest is not None else None
    return [call("jira.delete_issue", key=key) for key in keys] if keys else None


_SEARCH_JIRA = re.compile(
    r"(?:search|query)\s+(?:in\s+)?jira\s+(?:for|with|using)\s+(?:(?:the\s+)?jql(?:\s+query)?\s*:?\s*)?",
    _I,
)


def read_search(part: Part) -> list[Call] | None:
    """search jira for project = PROJ AND status = Done / search jira for login bug"""
    rest = body(_SEARCH_JIRA, part.core)
    found = jql(rest) if rest is not None else None
    return [call("jira.search", jql=found)] if found else None


def _comment_on_key(target: str, text: str) -> list[Call] | None:
    # A GitHub issue link that also ends in …/browse/KEY-1 has always been GitHub's.
    key = jira_key(target) if issue(target) is None else None
    return [call("jira.comment", key=key, body=text)] if key else None


def read_comment_on_key(part: Part) -> list[Call] | None:
    """comment on PROJ-7: x / comment on PROJ-7 saying x / comment "x" on PROJ-7"""
    return read_comment(part, _comment_on_key)


_ISSUE_TYPES = {"bug": "Bug", "task": "Task", "story": "Story", "epic": "Epic"}


def _create_in_project(service: str, noun: str, where: str, title: str) -> list[Call] | None:
    key = project(where) if service != "github" else None
    if key is None:
        return None
    extra = {"issue_type": _ISSUE_TYPES[noun]} if noun in _ISSUE_TYPES else {}
    return [call("jira.create_issue", project=key, summary=title, **extra)]


def read_create_issue(part: Part) -> list[Call] | None:
    """create a bug in PROJ titled x / file a ticket in PROJ: x"""
    return read_new_issue(part, _create_in_project)


_STATES = {"open": " AND statusCategory != Done", "closed": " AND statusCategory = Done"}


def read_list_issues(part: Part) -> list[Call] | None:
    """list issues in PROJ / list open tickets in the PROJ project / find issues in PROJ"""
    listing = issue_list(part)
    if listing is None or listing.service == "github" or listing.kind != "issue":
        return None
    key = project(listing.where)
    if key is None:
        return None
    jql_text = f"project = {key}{_STATES.get(listing.state, '')} ORDER BY updated DESC"
    return [call("jira.search", jql=jql_text, **listing.limit)]


JIRA_RULES: tuple[OfflineRule, ...] = (
    OfflineRule(read_transition, {"jira.transition": "transition"}),
    OfflineRule(read_assign, {"jira.assign": "assign"}),
    OfflineRule(read_delete_issue, {"jira.delete_issue": "delete Jira issue"}),
    OfflineRule(read_search, {"jira.search": "search Jira"}),
    OfflineRule(read_comment_on_key, {"jira.comment": "comment"}),
    OfflineRule(read_create_issue, {"jira.create_issue": "create Jira issue"}),
    OfflineRule(read_list_issues, {"jira.search": "search Jira"}),
)
