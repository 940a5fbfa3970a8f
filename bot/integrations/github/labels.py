"""The GitHub tools that add a label to an issue or pull request, and remove one.

Label names are case-insensitive on GitHub: a label already there under another
case counts as there, and the sentences use the case the issue carries.
"""

from __future__ import annotations

from bot.integrations.base import ToolResult, UndoPlan
from bot.integrations.github.client import GitHubClient
from bot.integrations.github.refs import quote_label
from bot.integrations.github.views import (
    Arguments,
    issue_ref,
    label_names,
    matching_label,
    title_of,
)
from bot.messages import github as words
from bot.messages import github_undo as undo_words

__all__ = ["add_label", "describe_add_label", "describe_remove_label", "remove_label"]


async def add_label(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref, label = issue_ref(arguments), arguments["label"].strip()
    issue = await gh.issue(ref)
    before = label_names(issue)
    present = matching_label(before, label)
    if present is not None:
        return ToolResult(summary=words.label_present(ref, present))
    response = await gh.call(
        "POST", f"{ref.path}/labels", json_body={"labels": [label]}, subject=str(ref)
    )
    after = label_names({"labels": response.data or []})
    added = matching_label(after, label) or label
    return ToolResult(
        summary=words.label_added(added, ref, title_of(issue)),
        data={"repo": ref.repo, "number": ref.number, "labels": after},
        undo=UndoPlan(
            description=undo_words.remove_label(added, ref),
            params={"repo": ref.repo, "number": ref.number, "label": added},
            before={"labels": before},
            after={"labels": after},
        ),
    )


async def describe_add_label(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    return words.add_label_preview(arguments["label"].strip(), ref, title_of(issue))


async def remove_label(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref, label = issue_ref(arguments), arguments["label"].strip()
    issue = await gh.issue(ref)
    before = label_names(issue)
    present = matching_label(before, label)
    if present is None:
        return ToolResult(summary=words.label_missing(ref, label))
    response = await gh.call(
        "DELETE", f"{ref.path}/labels/{quote_label(present)}", subject=words.the_label(present)
    )
    after = label_names({"labels": response.data or []})
    return ToolResult(
        summary=words.label_removed(present, ref, title_of(issue)),
        data={"repo": ref.repo, "number": ref.number, "labels": after},
        undo=UndoPlan(
            description=undo_words.add_label_back(present, ref),
            params={"repo": ref.repo, "number": ref.number, "label": present},
            before={"labels": before},
            after={"labels": after},
        ),
    )


async def describe_remove_label(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    return words.remove_label_preview(arguments["label"].strip(), ref, title_of(issue))
