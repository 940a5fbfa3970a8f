"""Talking to Jira Cloud (REST API v3): the client.

Every HTTP call goes through `ServiceClient`, which turns Jira's statuses and
``{"errorMessages": [...], "errors": {...}}`` bodies into `ToolError` sentences
(and 429 / 5xx / timeouts into `RetryableToolError`). On top of it `JiraClient`
knows the endpoints Jira Cloud documents today: searching is
``POST /rest/api/3/search/jql`` paged with ``nextPageToken`` (the old
``/rest/api/3/search`` is gone), descriptions and comments are Atlassian
Document Format, people are named by ``accountId``.

What the tools see of issues and people is in `bot.integrations.jira.views`,
ADF in `bot.integrations.jira.adf`, who an assignee argument names in
`bot.integrations.jira.people`.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from bot.integrations.base import ToolError
from bot.integrations.http import ServiceClient
from bot.integrations.jira.views import IssueView, JiraUser
from bot.messages import jira as words

__all__ = ["ISSUE_FIELDS", "ClientSource", "JiraClient"]

API = "/rest/api/3"
SERVICE = "Jira"
MAX_PAGE = 100  # issues asked for per search page
MAX_PAGES = 100  # a guard against a server that never says isLast
ISSUE_FIELDS = (
    "summary",
    "status",
    "assignee",
    "issuetype",
    "project",
    "description",
    "labels",
    "comment",
)
SEARCH_FIELDS = ("summary", "status", "assignee", "issuetype", "updated")


class JiraClient:
    """Jira Cloud's REST API v3 for one site, with basic auth (email + API token)."""

    def __init__(self, site_url: str, email: str, api_token: str) -> None:
        site = site_url.strip().rstrip("/")
        site = re.sub(r"/rest/api/[23]$", "", site)
        self.site_url = site
        pair = base64.b64encode(f"{email}:{api_token}".encode()).decode("ascii")
        self.http = ServiceClient(
            service=SERVICE,
            base_url=site,
            headers={
                "Authorization": f"Basic {pair}",
                "Accept": "application/json",
                "User-Agent": words.USER_AGENT,
            },
        )

    def browse_url(self, key: str) -> str:
        return f"{self.site_url}/browse/{key}"

    async def close(self) -> None:
        await self.http.close()

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return (await self.http.request(method, f"{API}{path}", **kwargs)).data

    # -- people

    async def myself(self) -> dict[str, Any]:
        return await self._call("GET", "/myself")

    async def user(self, account_id: str) -> JiraUser | None:
        try:
            data = await self._call("GET", "/user", params={"accountId": account_id})
        except ToolError as error:
            if error.error_class == "not_found":
                return None
            raise
        return JiraUser.from_api(data) if isinstance(data, dict) else None

    async def search_users(self, query: str) -> list[dict[str, Any]]:
        data = await self._call("GET", "/user/search", params={"query": query, "maxResults": 50})
        return [u for u in data or [] if isinstance(u, dict) and u.get("accountId")]

    # -- projects

    async def project(self, key_or_id: str) -> dict[str, Any] | None:
        try:
            return await self._call("GET", f"/project/{quote(key_or_id, safe='')}")
        except ToolError as error:
            if error.error_class == "not_found":
                return None
            raise

    async def search_projects(self, query: str) -> list[dict[str, Any]]:
        data = await self._call("GET", "/project/search", params={"query": query})
        return [p for p in (data or {}).get("values") or [] if isinstance(p, dict)]

    # -- issues

    async def issue(self, key: str, fields: tuple[str, ...] = ISSUE_FIELDS) -> IssueView:
        """The issue, or `ToolError` ``not_found`` naming it."""
        found = await self.find_issue(key, fields)
        if found is None:
            raise ToolError(words.no_issue(key), error_class="not_found")
        return found

    async def find_issue(
        self, key: str, fields: tuple[str, ...] = ISSUE_FIELDS
    ) -> IssueView | None:
        try:
            data = await self._call(
                "GET", f"/issue/{quote(key, safe='')}", params={"fields": ",".join(fields)}
            )
        except ToolError as error:
            if error.error_class == "not_found":
                return None
            raise
        return IssueView.from_api(data)

    async def search(self, jql: str, limit: int) -> tuple[list[dict[str, Any]], bool]:
        """Up to ``limit`` issues matching ``jql``, following ``nextPageToken``; and whether
        more match than were returned."""
        issues: list[dict[str, Any]] = []
        token: str | None = None
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            body: dict[str, Any] = {
                "jql": jql,
                "maxResults": min(MAX_PAGE, limit - len(issues)),
                "fields": list(SEARCH_FIELDS),
            }
            if token:
                body["nextPageToken"] = token
            page = await self._call("POST", "/search/jql", json_body=body) or {}
            issues.extend(i for i in page.get("issues") or [] if isinstance(i, dict))
            token = page.get("nextPageToken") or None
            if bool(page.get("isLast")) or token is None or token in seen:
                return issues[:limit], len(issues) > limit
            if len(issues) >= limit:
                return issues[:limit], True
            seen.add(token)
        return issues[:limit], True

    async def create_issue(self, fields: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/issue", json_body={"fields": fields})

    async def delete_issue(self, key: str) -> None:
        await self._call("DELETE", f"/issue/{quote(key, safe='')}")

    async def set_assignee(self, key: str, account_id: str | None) -> None:
        await self._call(
            "PUT", f"/issue/{quote(key, safe='')}/assignee", json_body={"accountId": account_id}
        )

    async def transitions(self, key: str) -> list[dict[str, Any]]:
        data = await self._call("GET", f"/issue/{quote(key, safe='')}/transitions")
        return [t for t in (data or {}).get("transitions") or [] if isinstance(t, dict)]

    async def transition(self, key: str, transition_id: str) -> None:
        await self._call(
            "POST",
            f"/issue/{quote(key, safe='')}/transitions",
            json_body={"transition": {"id": transition_id}},
        )

    # -- comments

    async def add_comment(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call(
            "POST", f"/issue/{quote(key, safe='')}/comment", json_body={"body": body}
        )

    async def find_comment(self, key: str, comment_id: str) -> dict[str, Any] | None:
        try:
            return await self._call(
                "GET", f"/issue/{quote(key, safe='')}/comment/{quote(comment_id, safe='')}"
            )
        except ToolError as error:
            if error.error_class == "not_found":
                return None
            raise

    async def delete_comment(self, key: str, comment_id: str) -> None:
        await self._call(
            "DELETE", f"/issue/{quote(key, safe='')}/comment/{quote(comment_id, safe='')}"
        )


# Where tools and undo handlers get the client: the integration makes it on first use.
ClientSource = Callable[[], JiraClient]
