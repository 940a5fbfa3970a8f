"""The GitHub integration: issues, pull requests, labels, comments and branches.

Speaks GitHub's REST API (``X-GitHub-Api-Version: 2022-11-28``) with the
``GITHUB_TOKEN`` of the installation, at ``GITHUB_API_URL`` (tests point it at
`tests.fakes.github_server.FakeGitHub`). The client and its error handling live
in `bot.integrations.github.client`, what each tool does in the modules gathered
by `bot.integrations.github.tools`, and the undo handlers in
`bot.integrations.github.undo` (with `undo_pulls` and `undo_branches`).

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

from bot.integrations.base import Risk, Tool, ToolContext, ToolError
from bot.integrations.github import tools as actions
from bot.integrations.github.client import DEFAULT_API_URL, GitHubClient
from bot.integrations.github.refs import normalise_repo
from bot.integrations.github.schemas import BRANCH as _BRANCH
from bot.integrations.github.schemas import LABEL as _LABEL
from bot.integrations.github.schemas import LIMIT as _LIMIT
from bot.integrations.github.schemas import NUMBER as _NUMBER
from bot.integrations.github.schemas import REPO as _REPO
from bot.integrations.github.schemas import TEXT as _TEXT
from bot.integrations.github.schemas import enum as _enum
from bot.integrations.github.undo import (
    CloseCreatedIssue,
    DeleteComment,
    RestoreIssueState,
    RestoreLabel,
)
from bot.integrations.github.undo_branches import DeleteRestoredBranch, RecreateBranch
from bot.integrations.github.undo_pulls import RestorePullState
from bot.integrations.schema import Handler, object_schema
from bot.integrations.tool_factory import checked_tool
from bot.messages import github as words
from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.github import GITHUB_RULES

__all__ = ["GitHubIntegration"]

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
            raise ToolError(words.NOT_CONFIGURED, error_class="not_configured")
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

    def _on_client(self, action: Action) -> Handler:
        """``action`` as a tool handler: given the client, with the repo argument normalised."""

        async def handler(context: ToolContext, arguments: dict[str, Any]) -> Any:
            return await action(self.client(), normalise_repo(arguments))

        return handler

    def _build_tools(self) -> list[Tool]:
        client = self.client
        issue = {"repo": _REPO, "number": _NUMBER}
        return [
            checked_tool(
                "github",
                "list_issues",
                object_schema(
                    {"repo": _REPO},
                    {
                        "state": _enum(
                            ("open", "closed", "all"), "open", description="Which state."
                        ),
                        "labels": {
                            "type": "string",
                            "description": "Only with all these labels, comma-separated: bug,ui.",
                        },
                        "kind": _enum(
                            ("issue", "pull", "all"),
                            "all",
                            description="Issues, pull requests or both.",
                        ),
                        "limit": _LIMIT,
                    },
                ),
                Risk.READ,
                self._on_client(actions.list_issues),
                self._on_client(actions.describe_list_issues),
                description="List the issues and pull requests of a repository, newest first.",
            ),
            checked_tool(
                "github",
                "search_issues",
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
                self._on_client(actions.search_issues),
                self._on_client(actions.describe_search_issues),
                description=(
                    "Search issues and pull requests with GitHub search syntax "
                    "(repo:acme/api is:pr is:open label:bug author:octocat …)."
                ),
            ),
            checked_tool(
                "github",
                "create_issue",
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
                self._on_client(actions.create_issue),
                self._on_client(actions.describe_create_issue),
                description="Open a new issue in a repository.",
                undo=CloseCreatedIssue(client),
            ),
            checked_tool(
                "github",
                "comment_issue",
                object_schema(
                    {**issue, "body": {**_TEXT, "description": "The comment (Markdown)."}}
                ),
                Risk.WRITE,
                self._on_client(actions.comment_issue),
                self._on_client(actions.describe_comment_issue),
                description="Comment on an issue or pull request.",
                undo=DeleteComment(client),
            ),
            checked_tool(
                "github",
                "add_label",
                object_schema({**issue, "label": _LABEL}),
                Risk.WRITE,
                self._on_client(actions.add_label),
                self._on_client(actions.describe_add_label),
                description=(
                    "Add a label to an issue or pull request (GitHub creates unknown labels)."
                ),
                undo=RestoreLabel(client, present_after=True),
            ),
            checked_tool(
                "github",
                "remove_label",
                object_schema({**issue, "label": _LABEL}),
                Risk.WRITE,
                self._on_client(actions.remove_label),
                self._on_client(actions.describe_remove_label),
                description="Remove a label from an issue or pull request.",
                undo=RestoreLabel(client, present_after=False),
            ),
            checked_tool(
                "github",
                "close_issue",
                object_schema(
                    issue,
                    {"comment": {**_TEXT, "description": "A comment to post before closing."}},
                ),
                Risk.WRITE,
                self._on_client(actions.close_issue),
                self._on_client(actions.describe_close_issue),
                description="Close an issue, optionally with a comment saying why.",
                undo=RestoreIssueState(client, closed_after=True),
            ),
            checked_tool(
                "github",
                "reopen_issue",
                object_schema(issue),
                Risk.WRITE,
                self._on_client(actions.reopen_issue),
                self._on_client(actions.describe_reopen_issue),
                description="Reopen a closed issue.",
                undo=RestoreIssueState(client, closed_after=False),
            ),
            checked_tool(
                "github",
                "close_pull_request",
                object_schema(issue),
                Risk.WRITE,
                self._on_client(actions.close_pull_request),
                self._on_client(actions.describe_close_pull_request),
                description="Close a pull request without merging it.",
                undo=RestorePullState(client, closed_after=True),
            ),
            checked_tool(
                "github",
                "reopen_pull_request",
                object_schema(issue),
                Risk.WRITE,
                self._on_client(actions.reopen_pull_request),
                self._on_client(actions.describe_reopen_pull_request),
                description="Reopen a closed (unmerged) pull request.",
                undo=RestorePullState(client, closed_after=False),
            ),
            checked_tool(
                "github",
                "delete_branch",
                object_schema({"repo": _REPO, "branch": _BRANCH}),
                Risk.DESTRUCTIVE,
                self._on_client(actions.delete_branch),
                self._on_client(actions.describe_delete_branch),
                description="Delete a branch of a repository (not its default branch).",
                undo=RecreateBranch(client),
            ),
            checked_tool(
                "github",
                "restore_branch",
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
                self._on_client(actions.restore_branch),
                self._on_client(actions.describe_restore_branch),
                description="Create a branch again at a commit (after it was deleted).",
                undo=DeleteRestoredBranch(client),
            ),
        ]
