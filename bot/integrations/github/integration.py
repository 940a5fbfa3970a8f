"""The GitHub integration: issues, pull requests, labels, comments and branches.

Speaks GitHub's REST API (``X-GitHub-Api-Version: 2022-11-28``) with the
``GITHUB_TOKEN`` of the installation, at ``GITHUB_API_URL`` (tests point it at
`tests.fakes.github_server.FakeGitHub`). The client and its error handling live
in `bot.integrations.github_api`, what each tool does in
`bot.integrations.github_tools`, and the undo handlers in
`bot.integrations.github_undo`.

The tools act outside Slack, so none names a target channel: every write asks
for confirmation unless the learned policy says otherwise. Lists and searches
carry text written by anyone who can open an issue, so they taint the run.

Usage::

    github = GitHubIntegration.from_settings(settings)
    registry = ToolRegistry([SlackIntegration(), github])
    tool = registry.get("github.close_issue")
    print(await tool.describe(context, {"repo": "acme/api", "number": 12}))
    # Close acme/api#12 (“Fix login”).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.integrations.base import Risk, Tool, ToolContext, ToolError, ToolResult, UndoHandler
from bot.integrations.github import tools as actions
from bot.integrations.github.client import DEFAULT_API_URL, GitHubClient, normalise_repo
from bot.integrations.github.undo import (
    CloseCreatedIssue,
    DeleteComment,
    DeleteRestoredBranch,
    RecreateBranch,
    RestoreIssueState,
    RestoreLabel,
    RestorePullState,
)
from bot.integrations.schema import checked, object_schema
from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.github import GITHUB_RULES

__all__ = ["GitHubIntegration"]

DEFAULT_LIMIT = 30
MAX_LIMIT = 200

Action = Callable[[GitHubClient, dict[str, Any]], Awaitable[Any]]


class GitHubIntegration:
    """The GitHub tools over one token; the HTTP session opens on first use."""

    name = "github"
    credentials = ("GITHUB_TOKEN",)

    def __init__(
        self, token: str | None, *, api_url: str = DEFAULT_API_URL, timeout: float = 15.0
    ) -> None:
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        self._client = GitHubClient(token, api_url=self.api_url, timeout=timeout) if token else None
        self._tools: list[Tool] | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> GitHubIntegration:
        """From `bot.config.Settings`: ``github_token`` (a SecretStr) and ``github_api_url``."""
        secret = getattr(settings, "github_token", None)
        token = secret.get_secret_value() if secret is not None else None
        return cls(token or None, api_url=getattr(settings, "github_api_url", DEFAULT_API_URL))

    def __repr__(self) -> str:  # never the token
        return f"GitHubIntegration(api_url={self.api_url!r}, configured={self.configured()})"

    def configured(self) -> bool:
        return self._client is not None

    def client(self) -> GitHubClient:
        if self._client is None:
            raise ToolError(
                "GitHub is not set up here: an operator has to set GITHUB_TOKEN.",
                error_class="not_configured",
            )
        return self._client

    def offline_rules(self) -> tuple[OfflineRule, ...]:
        """What the offline planner understands for GitHub (`bot.planning.offline.rules`)."""
        return GITHUB_RULES

    def tools(self) -> list[Tool]:
        if self._tools is None:
            self._tools = self._build_tools()
        return list(self._tools)

    async def health(self) -> bool:
        """Whether GitHub accepts the token (GET /user)."""
        if self._client is None:
            return False
        try:
            await self._client.get("user")
        except ToolError:
            return False
        return True

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()

    # -------------------------------------------------------------- the tool list

    def _tool(
        self,
        name: str,
        description: str,
        parameters: dict[str, Any],
        risk: Risk,
        run: Action,
        describe: Action,
        undo: UndoHandler | None = None,
    ) -> Tool:
        async def run_tool(context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
            result: ToolResult = await run(self.client(), normalise_repo(arguments))
            return result

        async def describe_tool(context: ToolContext, arguments: dict[str, Any]) -> str:
            return str(await describe(self.client(), normalise_repo(arguments)))

        return Tool(
            integration="github",
            name=name,
            description=description,
            parameters=parameters,
            risk=risk,
            run=checked(parameters, run_tool),
            describe=checked(parameters, describe_tool),
            undo=undo,
            target_channel_argument=None,  # GitHub is outside Slack: writes always ask
        )

    def _build_tools(self) -> list[Tool]:
        client = self.client
        issue = {"repo": _REPO, "number": _NUMBER}
        return [
            self._tool(
                "list_issues",
                "List the issues and pull requests of a repository, newest first.",
                object_schema(
                    {"repo": _REPO},
                    {
                        "state": _enum(("open", "closed", "all"), "open", "Which state."),
                        "labels": {
                            "type": "string",
                            "description": "Only with all these labels, comma-separated: bug,ui.",
                        },
                        "kind": _enum(
                            ("issue", "pull", "all"), "all", "Issues, pull requests or both."
                        ),
                        "limit": _LIMIT,
                    },
                ),
                Risk.READ,
                actions.list_issues,
                actions.describe_list_issues,
            ),
            self._tool(
                "search_issues",
                "Search issues and pull requests with GitHub search syntax "
                "(repo:acme/api is:pr is:open label:bug author:octocat …).",
                object_schema(
                    {
                        "query": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 256,
                            "description": "GitHub search query, e.g. repo:acme/api is:open login.",
                        }
                    },
                    {"limit": _LIMIT},
                ),
                Risk.READ,
                actions.search_issues,
                actions.describe_search_issues,
            ),
            self._tool(
                "create_issue",
                "Open a new issue in a repository.",
                object_schema(
                    {
                        "repo": _REPO,
                        "title": {"type": "string", "minLength": 1, "maxLength": 256},
                    },
                    {
                        "body": {
                            "type": "string",
                            "maxLength": 65_536,
                            "description": "The issue text (GitHub Markdown).",
                        },
                        "labels": {
                            "type": "array",
                            "items": {"type": "string", "minLength": 1, "maxLength": 100},
                            "description": "Label names to put on the issue.",
                        },
                    },
                ),
                Risk.WRITE,
                actions.create_issue,
                actions.describe_create_issue,
                CloseCreatedIssue(client),
            ),
            self._tool(
                "comment_issue",
                "Comment on an issue or pull request.",
                object_schema(
                    {**issue, "body": {**_TEXT, "description": "The comment (Markdown)."}}
                ),
                Risk.WRITE,
                actions.comment_issue,
                actions.describe_comment_issue,
                DeleteComment(client),
            ),
            self._tool(
                "add_label",
                "Add a label to an issue or pull request (GitHub creates unknown labels).",
                object_schema({**issue, "label": _LABEL}),
                Risk.WRITE,
                actions.add_label,
                actions.describe_add_label,
                RestoreLabel(client, present_after=True),
            ),
            self._tool(
                "remove_label",
                "Remove a label from an issue or pull request.",
                object_schema({**issue, "label": _LABEL}),
                Risk.WRITE,
                actions.remove_label,
                actions.describe_remove_label,
                RestoreLabel(client, present_after=False),
            ),
            self._tool(
                "close_issue",
                "Close an issue, optionally with a comment saying why.",
                object_schema(
                    issue,
                    {"comment": {**_TEXT, "description": "A comment to post before closing."}},
                ),
                Risk.WRITE,
                actions.close_issue,
                actions.describe_close_issue,
                RestoreIssueState(client, closed_after=True),
            ),
            self._tool(
                "reopen_issue",
                "Reopen a closed issue.",
                object_schema(issue),
                Risk.WRITE,
                actions.reopen_issue,
                actions.describe_reopen_issue,
                RestoreIssueState(client, closed_after=False),
            ),
            self._tool(
                "close_pull_request",
                "Close a pull request without merging it.",
                object_schema(issue),
                Risk.WRITE,
                actions.close_pull_request,
                actions.describe_close_pull_request,
                RestorePullState(client, closed_after=True),
            ),
            self._tool(
                "reopen_pull_request",
                "Reopen a closed (unmerged) pull request.",
                object_schema(issue),
                Risk.WRITE,
                actions.reopen_pull_request,
                actions.describe_reopen_pull_request,
                RestorePullState(client, closed_after=False),
            ),
            self._tool(
                "delete_branch",
                "Delete a branch of a repository (not its default branch).",
                object_schema({"repo": _REPO, "branch": _BRANCH}),
                Risk.DESTRUCTIVE,
                actions.delete_branch,
                actions.describe_delete_branch,
                RecreateBranch(client),
            ),
            self._tool(
                "restore_branch",
                "Create a branch again at a commit (after it was deleted).",
                object_schema(
                    {
                        "repo": _REPO,
                        "branch": _BRANCH,
                        "sha": {
                            "type": "string",
                            "minLength": 7,
                            "maxLength": 40,
                            "description": "The commit sha the branch should point at.",
                        },
                    }
                ),
                Risk.WRITE,
                actions.restore_branch,
                actions.describe_restore_branch,
                DeleteRestoredBranch(client),
            ),
        ]


# ------------------------------------------------------------------ argument schemas

_REPO = {
    "type": "string",
    "minLength": 3,
    "maxLength": 140,
    "description": "The repository as owner/name, e.g. acme/api.",
}
_NUMBER = {
    "type": "integer",
    "minimum": 1,
    "description": "The issue or pull request number (12 for acme/api#12).",
}
_LABEL = {"type": "string", "minLength": 1, "maxLength": 100, "description": "The label name."}
_BRANCH = {
    "type": "string",
    "minLength": 1,
    "maxLength": 255,
    "description": "The branch name, e.g. feature-x.",
}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 65_536}
_LIMIT = {
    "type": "integer",
    "minimum": 1,
    "maximum": MAX_LIMIT,
    "default": DEFAULT_LIMIT,
    "description": f"How many at most (1-{MAX_LIMIT}, default {DEFAULT_LIMIT}).",
}


def _enum(values: tuple[str, ...], default: str, description: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), "default": default, "description": description}
