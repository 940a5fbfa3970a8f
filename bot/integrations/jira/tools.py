"""Every Jira tool's ``run`` and ``describe``, gathered for the tool list.

Each tool is a small class with ``run`` and ``describe`` in the module of its
kind of work: `search`, `issues` (create, comment, delete), `assign` and
`transitions`. `JiraActions` exposes them under the names the tool list uses
(``actions.transition``, ``actions.describe_transition``, …).
"""

from __future__ import annotations

from bot.integrations.jira.assign import AssignIssue
from bot.integrations.jira.client import ClientSource
from bot.integrations.jira.issues import CommentOnIssue, CreateIssue, DeleteIssue
from bot.integrations.jira.search import SUMMARY_LINES, SearchIssues
from bot.integrations.jira.transitions import TransitionIssue, find_transition, status_of

__all__ = ["SUMMARY_LINES", "JiraActions", "find_transition", "status_of"]


class JiraActions:
    """The run and describe functions of the Jira tools, over one `JiraClient`."""

    def __init__(self, client: ClientSource) -> None:
        search = SearchIssues(client)
        self.search, self.describe_search = search.run, search.describe
        create = CreateIssue(client)
        self.create_issue, self.describe_create_issue = create.run, create.describe
        comment = CommentOnIssue(client)
        self.comment, self.describe_comment = comment.run, comment.describe
        assign = AssignIssue(client)
        self.assign, self.describe_assign = assign.run, assign.describe
        transition = TransitionIssue(client)
        self.transition, self.describe_transition = transition.run, transition.describe
        delete = DeleteIssue(client)
        self.delete_issue, self.describe_delete_issue = delete.run, delete.describe
