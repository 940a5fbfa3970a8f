"""Talking to Jira Cloud (REST API v3): the client, issue keys, ADF text and people.

Every HTTP call goes through `ServiceClient`, which turns Jira's statuses and
``{"errorMessages": [...], "errors": {...}}`` bodies into `ToolError` sentences
(and 429 / 5xx / timeouts into `RetryableToolError`). On top of it `JiraClient`
knows the endpoints Jira Cloud documents today: searching is
``POST /rest/api/3/search/jql`` paged with ``nextPageToken`` (the old
``/rest/api/3/search`` is gone), descriptions and comments are Atlassian
Document Format, people are named by ``accountId``.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.integrations.base import ToolContext, ToolError
from bot.integrations.http import ServiceClient

__all__ = [
    "ISSUE_FIELDS",
    "PROJECT_KEY",
    "IssueView",
    "JiraClient",
    "JiraUser",
    "adf_to_text",
    "clip",
    "parse_issue_key",
    "resolve_assignee",
    "text_to_adf",
]

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

_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")
_BROWSE = re.compile(r"/browse/([A-Za-z][A-Za-z0-9_]*-[0-9]+)")
PROJECT_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_ACCOUNT_ID = re.compile(r"^(?:[0-9a-f]{24}|[0-9]{1,10}:[0-9a-f-]{36})$")
_UNASSIGNED = frozenset({"unassigned", "none", "nobody", "no one", "noone", "unassign"})
_ME = frozenset({"me", "myself", "@me"})


def clip(text: str, limit: int = 80) -> str:
    """Text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_issue_key(text: str) -> str:
    """``PROJ-7`` from "PROJ-7", "proj-7" or a …/browse/PROJ-7 link; `ToolError` otherwise."""
    value = text.strip().strip("<>")
    found = _BROWSE.search(value)
    if found:
        value = found.group(1)
    value = value.upper()
    if not _KEY.match(value):
        raise ToolError(
            f"“{clip(text, 40)}” is not a Jira issue key like PROJ-7.",
            error_class="invalid_arguments",
        )
    return value


# ------------------------------------------------------------------ ADF

_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>|(https?://[^\s<>]+)")


def text_to_adf(text: str) -> dict[str, Any]:
    """Plain text as an ADF document: blank lines split paragraphs, newlines are hard breaks.

    Links (bare URLs and Slack's ``<url|label>``) become text with a link mark.
    """
    paragraphs: list[dict[str, Any]] = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        nodes: list[dict[str, Any]] = []
        for index, line in enumerate(block.split("\n")):
            if index:
                nodes.append({"type": "hardBreak"})
            nodes.extend(_inline(line.rstrip()))
        paragraph: dict[str, Any] = {"type": "paragraph"}
        if nodes:
            paragraph["content"] = nodes
        paragraphs.append(paragraph)
    return {"type": "doc", "version": 1, "content": paragraphs}


def _inline(line: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    position = 0
    for match in _LINK.finditer(line):
        if match.start() > position:
            nodes.append({"type": "text", "text": line[position : match.start()]})
        href = match.group(1) or match.group(3)
        label = match.group(2) or href
        nodes.append({"type": "text", "text": label, "marks": [_link(href)]})
        position = match.end()
    if position < len(line):
        nodes.append({"type": "text", "text": line[position:]})
    return nodes


def _link(href: str) -> dict[str, Any]:
    return {"type": "link", "attrs": {"href": href}}


_BLOCKS = frozenset(
    {"paragraph", "heading", "blockquote", "codeBlock", "rule", "panel", "mediaSingle", "table"}
)


def adf_to_text(node: Any) -> str:
    """The readable text of an ADF document (or node); "" for anything else."""
    return _text_of(node).strip() if isinstance(node, dict) else ""


def _text_of(node: dict[str, Any]) -> str:
    kind = node.get("type")
    attrs = node.get("attrs") if isinstance(node.get("attrs"), dict) else {}
    if kind == "text":
        return str(node.get("text") or "")
    if kind == "hardBreak":
        return "\n"
    if kind in ("mention", "emoji", "date", "status"):
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind in ("inlineCard", "blockCard", "embedCard"):
        return str(attrs.get("url") or "")
    children = [c for c in node.get("content") or [] if isinstance(c, dict)]
    if kind in ("bulletList", "orderedList"):
        return "\n".join(f"- {_text_of(c).strip()}" for c in children) + "\n\n"
    inner = "".join(_text_of(c) for c in children)
    if kind in _BLOCKS:
        return inner.rstrip("\n") + "\n\n"
    return inner


# ------------------------------------------------------------------ views


@dataclass(frozen=True)
class JiraUser:
    account_id: str
    display_name: str

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> JiraUser:
        account_id = str(data.get("accountId") or "")
        return cls(account_id, str(data.get("displayName") or account_id))


@dataclass(frozen=True)
class IssueView:
    """The fields of one issue the tools and undo handlers look at."""

    key: str
    id: str
    summary: str
    status: str
    issue_type: str
    project: str
    assignee: JiraUser | None
    description: dict[str, Any] | None
    labels: list[str] = field(default_factory=list)
    comment_total: int = 0

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> IssueView:
        fields = data.get("fields") or {}
        assignee = fields.get("assignee")
        comments = fields.get("comment") or {}
        description = fields.get("description")
        return cls(
            key=str(data.get("key") or ""),
            id=str(data.get("id") or ""),
            summary=str(fields.get("summary") or ""),
            status=str((fields.get("status") or {}).get("name") or ""),
            issue_type=str((fields.get("issuetype") or {}).get("name") or ""),
            project=str((fields.get("project") or {}).get("key") or ""),
            assignee=JiraUser.from_api(assignee) if isinstance(assignee, dict) else None,
            description=description if isinstance(description, dict) else None,
            labels=[str(label) for label in fields.get("labels") or []],
            comment_total=int(comments.get("total") or len(comments.get("comments") or [])),
        )

    @property
    def label(self) -> str:
        """``PROJ-7 (“Login fails”)``, for sentences."""
        return f"{self.key} (“{clip(self.summary)}”)"

    @property
    def assignee_id(self) -> str | None:
        return self.assignee.account_id if self.assignee else None


# ------------------------------------------------------------------ the client


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
                "User-Agent": "Kaizen (Slack operations assistant)",
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
            raise ToolError(
                f"Jira has no issue {key}, or the token can't see it.", error_class="not_found"
            )
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
            last = bool(page.get("isLast")) or not token or token in seen
            if last:
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


# ------------------------------------------------------------------ assignees


async def resolve_assignee(client: JiraClient, context: ToolContext, text: str) -> JiraUser | None:
    """The Jira account ``text`` names; None for "unassigned".

    Accepts an accountId, an email, a display name, "me" (the member asking,
    matched by their Slack email, else their Slack name) or "unassigned".
    """
    wanted = text.strip().lstrip("@").strip()
    lowered = wanted.lower()
    if lowered in _UNASSIGNED:
        return None
    if lowered in _ME:
        return await _requester(client, context)
    if _ACCOUNT_ID.match(wanted):
        user = await client.user(wanted)
        if user is None:
            raise ToolError(f"Jira has no user with accountId {wanted}.", error_class="not_found")
        return user
    if "@" in wanted:
        user = await _by_email(client, wanted)
        if user is None:
            raise ToolError(f"Jira has no user with the email {wanted}.", error_class="not_found")
        return user
    return await _by_name(client, wanted)


async def _by_email(client: JiraClient, email: str) -> JiraUser | None:
    found = [u for u in await client.search_users(email) if u.get("active", True)]
    exact = [u for u in found if str(u.get("emailAddress") or "").lower() == email.lower()]
    if len(exact) == 1:
        return JiraUser.from_api(exact[0])
    if not exact and len(found) == 1 and not found[0].get("emailAddress"):
        return JiraUser.from_api(found[0])  # the email is hidden by the user's privacy settings
    return None


async def _by_name(client: JiraClient, name: str) -> JiraUser:
    found = [u for u in await client.search_users(name) if u.get("active", True)]
    exact = [u for u in found if str(u.get("displayName") or "").lower() == name.lower()]
    candidates = exact or found
    if len(candidates) == 1:
        return JiraUser.from_api(candidates[0])
    if not candidates:
        raise ToolError(f"Jira has no user called “{clip(name, 40)}”.", error_class="not_found")
    names = ", ".join(sorted(str(u.get("displayName")) for u in candidates[:5]))
    raise ToolError(
        f"Several Jira users match “{clip(name, 40)}” ({names}): say which, by email or full name.",
        error_class="ambiguous_user",
    )


async def _requester(client: JiraClient, context: ToolContext) -> JiraUser:
    """The Jira account of the member asking: by their Slack email, else their Slack name."""
    email, names = await _slack_identity(context)
    if email:
        user = await _by_email(client, email)
        if user is not None:
            return user
    for name in names:
        matches = [
            u
            for u in await client.search_users(name)
            if u.get("active", True) and str(u.get("displayName") or "").lower() == name.lower()
        ]
        if len(matches) == 1:
            return JiraUser.from_api(matches[0])
    raise ToolError(
        "I couldn't match you to a Jira account: say your Jira name or email instead of “me”.",
        error_class="unknown_requester",
    )


async def _slack_identity(context: ToolContext) -> tuple[str | None, list[str]]:
    try:
        response = await context.slack.users_info(user=context.user_id)
    except (SlackApiError, aiohttp.ClientError, TimeoutError):
        return None, []
    user = response.get("user") or {}
    profile = user.get("profile") or {}
    names = [
        str(n)
        for n in (profile.get("real_name"), user.get("real_name"), profile.get("display_name"))
        if n
    ]
    return profile.get("email"), list(dict.fromkeys(names))
