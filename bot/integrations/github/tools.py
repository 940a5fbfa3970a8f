"""Every GitHub tool's ``run`` and ``describe``, in one namespace for the tool list.

Each pair lives with its kind of work: `reads` (list, search), `issues`
(create, comment, close, reopen), `labels`, `pulls` and `branches`. Every
function takes the `GitHubClient` first and the arguments already checked
against the tool's schema.
"""

from __future__ import annotations

from bot.integrations.github.branches import (
    delete_branch,
    describe_delete_branch,
    describe_restore_branch,
    restore_branch,
)
from bot.integrations.github.issues import (
    close_issue,
    comment_issue,
    create_issue,
    describe_close_issue,
    describe_comment_issue,
    describe_create_issue,
    describe_reopen_issue,
    reopen_issue,
)
from bot.integrations.github.labels import (
    add_label,
    describe_add_label,
    describe_remove_label,
    remove_label,
)
from bot.integrations.github.pulls import (
    close_pull_request,
    describe_close_pull_request,
    describe_reopen_pull_request,
    reopen_pull_request,
)
from bot.integrations.github.reads import (
    describe_list_issues,
    describe_search_issues,
    list_issues,
    search_issues,
)

__all__ = [
    "add_label",
    "close_issue",
    "close_pull_request",
    "comment_issue",
    "create_issue",
    "delete_branch",
    "describe_add_label",
    "describe_close_issue",
    "describe_close_pull_request",
    "describe_comment_issue",
    "describe_create_issue",
    "describe_delete_branch",
    "describe_list_issues",
    "describe_remove_label",
    "describe_reopen_issue",
    "describe_reopen_pull_request",
    "describe_restore_branch",
    "describe_search_issues",
    "list_issues",
    "remove_label",
    "reopen_issue",
    "reopen_pull_request",
    "restore_branch",
    "search_issues",
]
