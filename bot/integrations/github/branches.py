"""The GitHub tools that delete a branch and restore one at a commit.

Deleting keeps the sha the branch pointed at in the `UndoPlan`, so undo (and
the restore tool) can create the ref again; the default branch is never deleted.
"""

from __future__ import annotations

from bot.integrations.base import ToolError, ToolResult, UndoPlan
from bot.integrations.github.client import GitHubClient
from bot.integrations.github.refs import check_sha, quote_ref, short_sha
from bot.integrations.github.views import Arguments
from bot.messages import github as words
from bot.messages import github_undo as undo_words

__all__ = [
    "branch_name",
    "delete_branch",
    "describe_delete_branch",
    "describe_restore_branch",
    "restore_branch",
]


def branch_name(arguments: Arguments) -> str:
    name = arguments["branch"].strip()
    return name.removeprefix("refs/heads/")


async def _existing_sha(gh: GitHubClient, repo: str, branch: str) -> str:
    sha = await gh.branch_sha(repo, branch)
    if sha is None:
        raise ToolError(words.no_such_branch(branch, repo), error_class="not_found")
    return sha


async def delete_branch(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    repo, branch = arguments["repo"], branch_name(arguments)
    details = await gh.get(f"repos/{repo}", subject=repo)
    if isinstance(details, dict) and details.get("default_branch") == branch:
        raise ToolError(words.default_branch_kept(branch, repo), error_class="invalid_request")
    sha = await _existing_sha(gh, repo, branch)
    await gh.call(
        "DELETE",
        f"repos/{repo}/git/refs/heads/{quote_ref(branch)}",
        subject=words.branch(branch),
    )
    return ToolResult(
        summary=words.branch_deleted(branch, repo, short_sha(sha)),
        data={"repo": repo, "branch": branch, "sha": sha},
        undo=UndoPlan(
            description=undo_words.restore_branch(branch, repo, short_sha(sha)),
            params={"repo": repo, "branch": branch, "sha": sha},
            before={"sha": sha},
        ),
    )


async def describe_delete_branch(gh: GitHubClient, arguments: Arguments) -> str:
    repo, branch = arguments["repo"], branch_name(arguments)
    sha = await _existing_sha(gh, repo, branch)
    return words.delete_branch_preview(branch, repo, short_sha(sha))


async def restore_branch(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    repo, branch = arguments["repo"], branch_name(arguments)
    sha = check_sha(arguments["sha"])
    if len(sha) < 40:  # git refs need the full sha: ask GitHub which commit this is
        commit = await gh.get(f"repos/{repo}/commits/{sha}", subject=words.commit_in(sha, repo))
        sha = str((commit or {}).get("sha") or sha)
    current = await gh.branch_sha(repo, branch)
    if current == sha:
        return ToolResult(summary=words.branch_already_there(branch, repo, short_sha(sha)))
    if current is not None:
        raise ToolError(
            words.branch_exists_elsewhere(branch, repo, short_sha(current)),
            error_class="invalid_request",
        )
    await gh.call(
        "POST",
        f"repos/{repo}/git/refs",
        json_body={"ref": f"refs/heads/{branch}", "sha": sha},
        subject=words.commit_in(short_sha(sha), repo),
    )
    return ToolResult(
        summary=words.branch_restored(branch, repo, short_sha(sha)),
        data={"repo": repo, "branch": branch, "sha": sha},
        undo=UndoPlan(
            description=undo_words.delete_branch(branch, repo),
            params={"repo": repo, "branch": branch},
            after={"sha": sha},
        ),
    )


async def describe_restore_branch(gh: GitHubClient, arguments: Arguments) -> str:
    repo, branch = arguments["repo"], branch_name(arguments)
    return words.restore_branch_preview(branch, repo, short_sha(check_sha(arguments["sha"])))
