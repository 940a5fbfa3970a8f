"""A local fake of the parts of Jira Cloud's REST API v3 that Kaizen uses, for tests.

A real aiohttp server on ``127.0.0.1`` (a free port), answering as Atlassian
documents the API today::

    async with FakeJira(email="bot@acme.test", api_token="tok") as jira:
        ann = jira.add_user("Ann Lee", email="ann@acme.test")
        jira.add_project("PROJ", "Project")
        issue = jira.add_issue("PROJ", "Login fails", description="It fails.")
        client = JiraClient(jira.base_url, "bot@acme.test", "tok")
        ...
        assert jira.requests[-1].path == "/rest/api/3/search/jql"

What it speaks: basic auth (401 without or with wrong credentials);
``POST``/``GET /rest/api/3/search/jql`` paged by an opaque ``nextPageToken``
with ``isLast`` (``fields`` default to the id only; unbounded JQL is a 400),
while the removed ``/rest/api/3/search`` answers 410 Gone; issues (201 on
create, 204 on delete, 404 for unknown keys); descriptions and comments in
Atlassian Document Format (anything else is a 400); assignees by
``accountId``; user and project search; a workflow To Do → In Progress → Done
whose transitions depend on the status. Errors have Jira's body
``{"errorMessages": [...], "errors": {...}}``. Faults: ``rate_limit_next``
(429 with ``Retry-After``) and ``fail_next(status)``.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import secrets
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from aiohttp import web

API = "/rest/api/3"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.000+0000"

#: status name → (id, category key, category name, colour)
STATUSES = {
    "To Do": ("10000", "new", "To Do", "blue-gray"),
    "In Progress": ("3", "indeterminate", "In Progress", "yellow"),
    "Done": ("10001", "done", "Done", "green"),
}
#: from status → the transitions offered there: (id, name, to status).
#: Done only reopens to To Do: there is no way from Done straight back to In Progress.
WORKFLOW = {
    "To Do": [("21", "Start progress", "In Progress"), ("31", "Done", "Done")],
    "In Progress": [("11", "Stop progress", "To Do"), ("31", "Done", "Done")],
    "Done": [("41", "Reopen", "To Do")],
}
ADF_NODES = frozenset(
    {
        "doc", "paragraph", "text", "hardBreak", "heading", "bulletList", "orderedList",
        "listItem", "codeBlock", "blockquote", "rule", "mention", "emoji", "inlineCard",
        "panel", "date", "status", "table", "tableRow", "tableHeader", "tableCell",
    }
)  # fmt: skip
SEARCH_KEYS = frozenset(
    {"jql", "nextPageToken", "maxResults", "fields", "expand", "properties", "fieldsByKeys",
     "failFast", "reconcileIssues"}
)  # fmt: skip
UNBOUNDED = (
    "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
)
BODY = web.RequestKey("body", object)  # the parsed JSON body of a request
NOT_VALID_ADF = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"


class JiraError(Exception):
    def __init__(
        self, status: int, messages: list[str] | None = None, errors: dict[str, str] | None = None
    ) -> None:
        super().__init__(status)
        self.status = status
        self.body = {"errorMessages": messages or [], "errors": errors or {}}


def _now() -> str:
    return datetime.now(UTC).strftime(TIME_FORMAT)


def validate_adf(value: Any) -> bool:
    """Whether ``value`` is an ADF document (``{"type": "doc", "version": 1, ...}``)."""
    if not isinstance(value, dict) or value.get("type") != "doc" or value.get("version") != 1:
        return False
    return isinstance(value.get("content"), list) and _valid_node(value)


def _valid_node(node: Any) -> bool:
    if not isinstance(node, dict) or node.get("type") not in ADF_NODES:
        return False
    if node["type"] == "text":
        text, marks = node.get("text"), node.get("marks", [])
        return isinstance(text, str) and bool(text) and isinstance(marks, list)
    content = node.get("content", [])
    if not isinstance(content, list):
        return False
    return all(_valid_node(child) and child.get("type") != "doc" for child in content)


def adf(text: str) -> dict[str, Any]:
    """A one-paragraph ADF document (for seeding issues and comments)."""
    return {"type": "doc", "version": 1, "content": [_paragraph(text)]}


def _paragraph(text: str) -> dict[str, Any]:
    return {"type": "paragraph", "content": [{"type": "text", "text": text}] if text else []}


def adf_text(doc: Any) -> str:
    if not isinstance(doc, dict):
        return ""
    if doc.get("type") == "text":
        return str(doc.get("text") or "")
    return " ".join(adf_text(child) for child in doc.get("content") or []).strip()


# --------------------------------------------------------------------------- #
# The data
# --------------------------------------------------------------------------- #


@dataclass
class FakeUser:
    account_id: str
    display_name: str
    email: str | None = None
    active: bool = True
    email_visible: bool = True


@dataclass
class FakeProject:
    id: str
    key: str
    name: str
    issue_types: tuple[str, ...] = ("Task", "Bug", "Story", "Epic")
    counter: int = 0


@dataclass
class FakeComment:
    id: str
    author: str
    body: dict[str, Any]
    created: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)


@dataclass
class FakeIssue:
    id: str
    key: str
    project: str
    summary: str
    issue_type: str = "Task"
    status: str = "To Do"
    description: dict[str, Any] | None = None
    assignee: str | None = None
    reporter: str | None = None
    labels: list[str] = field(default_factory=list)
    comments: list[FakeComment] = field(default_factory=list)
    created: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    authenticated: bool


# --------------------------------------------------------------------------- #
# The server
# --------------------------------------------------------------------------- #


class FakeJira:
    def __init__(
        self,
        *,
        email: str = "kaizen-bot@acme.test",
        api_token: str = "jira-api-token-7f3a",
        max_page_size: int = 100,
    ) -> None:
        self.email = email
        self.api_token = api_token
        self.max_page_size = max_page_size  # issues per search page when fields are asked for
        self.users: dict[str, FakeUser] = {}
        self.projects: dict[str, FakeProject] = {}
        self.issues: dict[str, FakeIssue] = {}
        self.workflow = {status: list(ts) for status, ts in WORKFLOW.items()}
        self.requests: list[RecordedRequest] = []
        self._ids = itertools.count(10001)
        self._faults: deque[tuple[int, dict[str, str], dict[str, Any]]] = deque()
        self._tokens: dict[str, tuple[str, int]] = {}
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self.me = self.add_user("Kaizen Bot", email=email, account_id="5b10ac8d82e05b22cc7d0000")

    # -- seeding ------------------------------------------------------------

    def add_user(
        self,
        display_name: str,
        *,
        email: str | None = None,
        account_id: str | None = None,
        active: bool = True,
        email_visible: bool = True,
    ) -> FakeUser:
        account_id = account_id or f"5b10ac8d82e05b22cc7d{len(self.users) + 1:04x}"
        user = FakeUser(account_id, display_name, email, active, email_visible)
        self.users[account_id] = user
        return user

    def add_project(
        self, key: str, name: str, *, issue_types: tuple[str, ...] = ("Task", "Bug", "Story")
    ) -> FakeProject:
        project = FakeProject(str(next(self._ids)), key, name, issue_types)
        self.projects[key] = project
        return project

    def add_issue(
        self,
        project: str,
        summary: str,
        *,
        issue_type: str = "Task",
        description: str | dict[str, Any] | None = None,
        status: str = "To Do",
        assignee: str | None = None,
        labels: list[str] | None = None,
    ) -> FakeIssue:
        owner = self.projects[project]
        owner.counter += 1
        issue = FakeIssue(
            id=str(next(self._ids)),
            key=f"{project}-{owner.counter}",
            project=project,
            summary=summary,
            issue_type=issue_type,
            status=status,
            description=adf(description) if isinstance(description, str) else description,
            assignee=assignee,
            reporter=self.me.account_id,
            labels=list(labels or []),
        )
        self.issues[issue.key] = issue
        return issue

    def add_comment(self, key: str, text: str, *, author: str | None = None) -> FakeComment:
        comment = FakeComment(str(next(self._ids)), author or self.me.account_id, adf(text))
        self.issues[key].comments.append(comment)
        return comment

    def issue(self, key: str) -> FakeIssue | None:
        return self.issues.get(key)

    # -- faults -------------------------------------------------------------

    def rate_limit_next(self, retry_after: int = 1, *, count: int = 1) -> None:
        """The next ``count`` requests get 429 with ``Retry-After`` (seconds)."""
        reset = (datetime.now(UTC) + timedelta(seconds=retry_after)).isoformat()
        headers = {
            "Retry-After": str(retry_after),
            "X-RateLimit-Reset": reset,
            "RateLimit-Reason": "jira-quota-global-based",
        }
        body = {"errorMessages": ["Rate limit exceeded."], "errors": {}}
        self._faults.extend([(429, headers, body)] * count)

    def fail_next(self, status: int, *, count: int = 1, message: str | None = None) -> None:
        body = {"errorMessages": [message or f"Simulated failure ({status})."], "errors": {}}
        self._faults.extend([(status, {}, body)] * count)

    # -- lifecycle ----------------------------------------------------------

    async def __aenter__(self) -> Self:
        app = web.Application(middlewares=[self._middleware])
        self._routes(app)
        runner = web.AppRunner(app, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = next(int(a[1]) for a in runner.addresses if isinstance(a, tuple))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeJira is not running")
        return f"http://127.0.0.1:{self._port}"

    # -- plumbing -----------------------------------------------------------

    def _authenticated(self, request: web.Request) -> bool:
        pair = base64.b64encode(f"{self.email}:{self.api_token}".encode()).decode()
        return secrets.compare_digest(request.headers.get("Authorization", ""), f"Basic {pair}")

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
        authenticated = self._authenticated(request)
        self.requests.append(
            RecordedRequest(request.method, request.path, dict(request.query), body, authenticated)
        )
        if self._faults:
            status, headers, payload = self._faults.popleft()
            return web.json_response(payload, status=status, headers=headers)
        if not authenticated:
            return web.json_response(
                {"errorMessages": ["Client must be authenticated to access this resource."]},
                status=401,
                headers={"WWW-Authenticate": 'Basic realm="protected-area"'},
            )
        request[BODY] = body
        try:
            return await handler(request)
        except JiraError as error:
            return web.json_response(error.body, status=error.status)

    def _routes(self, app: web.Application) -> None:
        add = app.router.add_route
        add("GET", f"{API}/myself", self._myself)
        add("GET", f"{API}/user", self._user)
        add("GET", f"{API}/user/search", self._user_search)
        add("GET", f"{API}/project/search", self._project_search)
        add("GET", f"{API}/project/{{key}}", self._project)
        add("POST", f"{API}/search/jql", self._search)
        add("GET", f"{API}/search/jql", self._search)
        add("*", f"{API}/search", self._removed_search)
        add("POST", f"{API}/issue", self._create_issue)
        add("GET", f"{API}/issue/{{key}}", self._get_issue)
        add("DELETE", f"{API}/issue/{{key}}", self._delete_issue)
        add("PUT", f"{API}/issue/{{key}}/assignee", self._assign)
        add("GET", f"{API}/issue/{{key}}/transitions", self._transitions)
        add("POST", f"{API}/issue/{{key}}/transitions", self._do_transition)
        add("GET", f"{API}/issue/{{key}}/comment", self._comments)
        add("POST", f"{API}/issue/{{key}}/comment", self._add_comment)
        add("GET", f"{API}/issue/{{key}}/comment/{{id}}", self._get_comment)
        add("DELETE", f"{API}/issue/{{key}}/comment/{{id}}", self._delete_comment)

    def _url(self, path: str) -> str:
        return f"{self.base_url}{API}/{path}"

    # -- JSON shapes --------------------------------------------------------

    def _user_json(self, user: FakeUser | None) -> dict[str, Any] | None:
        if user is None:
            return None
        data: dict[str, Any] = {
            "self": self._url(f"user?accountId={user.account_id}"),
            "accountId": user.account_id,
            "accountType": "atlassian",
            "displayName": user.display_name,
            "active": user.active,
            "timeZone": "Europe/Berlin",
        }
        if user.email and user.email_visible:
            data["emailAddress"] = user.email
        return data

    def _status_json(self, name: str) -> dict[str, Any]:
        status_id, category, category_name, colour = STATUSES[name]
        return {
            "self": self._url(f"status/{status_id}"),
            "name": name,
            "id": status_id,
            "statusCategory": {"key": category, "colorName": colour, "name": category_name},
        }

    def _project_json(self, project: FakeProject) -> dict[str, Any]:
        return {
            "self": self._url(f"project/{project.id}"),
            "id": project.id,
            "key": project.key,
            "name": project.name,
            "projectTypeKey": "software",
            "simplified": False,
            "issueTypes": [
                {"id": str(10000 + i), "name": name, "subtask": False, "hierarchyLevel": 0}
                for i, name in enumerate(project.issue_types)
            ],
        }

    def _comment_json(self, key: str, comment: FakeComment) -> dict[str, Any]:
        author = self._user_json(self.users.get(comment.author))
        return {
            "self": self._url(f"issue/{self.issues[key].id}/comment/{comment.id}"),
            "id": comment.id,
            "author": author,
            "updateAuthor": author,
            "body": comment.body,
            "created": comment.created,
            "updated": comment.updated,
            "jsdPublic": True,
        }

    def _issue_json(self, issue: FakeIssue, wanted: list[str] | None) -> dict[str, Any]:
        project = self.projects[issue.project]
        fields: dict[str, Any] = {
            "summary": issue.summary,
            "status": self._status_json(issue.status),
            "assignee": self._user_json(self.users.get(issue.assignee or "")),
            "reporter": self._user_json(self.users.get(issue.reporter or "")),
            "issuetype": {"name": issue.issue_type, "subtask": False, "hierarchyLevel": 0},
            "project": {k: v for k, v in self._project_json(project).items() if k != "issueTypes"},
            "description": issue.description,
            "labels": list(issue.labels),
            "created": issue.created,
            "updated": issue.updated,
            "comment": {
                "comments": [self._comment_json(issue.key, c) for c in issue.comments],
                "maxResults": len(issue.comments),
                "total": len(issue.comments),
                "startAt": 0,
            },
        }
        if wanted is not None and not {"*all", "*navigable"} & set(wanted):
            fields = {name: value for name, value in fields.items() if name in wanted}
        return {
            "expand": "renderedFields,names,schema,operations,editmeta,changelog",
            "id": issue.id,
            "self": self._url(f"issue/{issue.id}"),
            "key": issue.key,
            "fields": fields,
        }

    # -- lookups ------------------------------------------------------------

    def _find_issue(self, key_or_id: str) -> FakeIssue:
        wanted = key_or_id.upper()
        for issue in self.issues.values():
            if issue.key == wanted or issue.id == key_or_id:
                return issue
        raise JiraError(404, ["Issue does not exist or you do not have permission to see it."])

    def _account(self, account_id: Any, field_name: str = "assignee") -> str | None:
        if account_id is None:
            return None
        user = self.users.get(str(account_id))
        if user is None or not user.active:
            raise JiraError(
                400, errors={field_name: f"User '{account_id}' cannot be assigned issues."}
            )
        return user.account_id

    # -- people and projects ------------------------------------------------

    async def _myself(self, request: web.Request) -> web.Response:
        return web.json_response(self._user_json(self.me))

    async def _user(self, request: web.Request) -> web.Response:
        user = self.users.get(request.query.get("accountId", ""))
        if user is None:
            raise JiraError(
                404, ["Specified user does not exist or you do not have required permissions"]
            )
        return web.json_response(self._user_json(user))

    async def _user_search(self, request: web.Request) -> web.Response:
        query = request.query.get("query", "").strip().lower()
        account_id = request.query.get("accountId", "")
        if not query and not account_id:
            raise JiraError(400, ["The query parameter 'query' or 'accountId' is required."])
        found = [
            u
            for u in self.users.values()
            if (account_id and u.account_id == account_id)
            or (
                query
                and (
                    _prefix_match(u.display_name, query)
                    or (u.email or "").lower().startswith(query)
                )
            )
        ]
        return web.json_response([self._user_json(u) for u in found])

    async def _project(self, request: web.Request) -> web.Response:
        wanted = request.match_info["key"]
        for project in self.projects.values():
            if wanted.upper() == project.key or wanted == project.id:
                return web.json_response(self._project_json(project))
        raise JiraError(404, [f"No project could be found with key '{wanted}'."])

    async def _project_search(self, request: web.Request) -> web.Response:
        query = request.query.get("query", "").lower()
        values = [
            self._project_json(p)
            for p in self.projects.values()
            if query in p.key.lower() or query in p.name.lower()
        ]
        return web.json_response(
            {"startAt": 0, "maxResults": 50, "total": len(values), "isLast": True, "values": values}
        )

    # -- search -------------------------------------------------------------

    async def _removed_search(self, request: web.Request) -> web.Response:
        raise JiraError(
            410,
            [
                "The requested API has been removed. Please migrate to the "
                "/rest/api/3/search/jql API."
            ],
        )

    async def _search(self, request: web.Request) -> web.Response:
        if request.method == "POST":
            body = request[BODY]
            if not isinstance(body, dict) or set(body) - SEARCH_KEYS:
                raise JiraError(
                    400,
                    ["Invalid request payload. Refer to the REST API documentation and try again."],
                )
        else:
            body = dict(request.query)
            if "fields" in body:
                body["fields"] = body["fields"].split(",")
            if "maxResults" in body:
                body["maxResults"] = int(body["maxResults"])
        jql = str(body.get("jql") or "").strip()
        if not jql:
            raise JiraError(
                400,
                [UNBOUNDED],
            )
        offset = 0
        token = body.get("nextPageToken")
        if token:
            if token not in self._tokens or self._tokens[token][0] != jql:
                raise JiraError(400, ["The provided next page token is invalid or expired."])
            offset = self._tokens[token][1]
        wanted = body.get("fields")
        ids_only = not wanted or set(wanted) <= {"id", "key"}
        ceiling = 5000 if ids_only else self.max_page_size
        size = max(1, min(int(body.get("maxResults") or 50), ceiling))
        matches = JqlQuery(self, jql).run(list(self.issues.values()))
        page = matches[offset : offset + size]
        issues = [{"id": i.id} if not wanted else self._issue_json(i, list(wanted)) for i in page]
        result: dict[str, Any] = {"issues": issues, "isLast": offset + size >= len(matches)}
        if not result["isLast"]:
            next_token = secrets.token_urlsafe(12)
            self._tokens[next_token] = (jql, offset + size)
            result["nextPageToken"] = next_token
        return web.json_response(result)

    # -- issues -------------------------------------------------------------

    async def _create_issue(self, request: web.Request) -> web.Response:
        body = request[BODY]
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, dict):
            raise JiraError(
                400, ["Invalid request payload. Refer to the REST API documentation and try again."]
            )
        errors: dict[str, str] = {}
        allowed = {"project", "summary", "issuetype", "description", "assignee", "labels"}
        for name in set(fields) - allowed:
            errors[name] = (
                f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
            )
        reference = fields.get("project") or {}
        project = next(
            (
                p
                for p in self.projects.values()
                if reference.get("key") == p.key or reference.get("id") == p.id
            ),
            None,
        )
        if project is None:
            errors["project"] = "valid project is required"
        summary = fields.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            errors["summary"] = "You must specify a summary of the issue."
        elif "\n" in summary or len(summary) > 255:
            errors["summary"] = "Summary must be less than 255 characters and on one line."
        issue_type = str((fields.get("issuetype") or {}).get("name") or "")
        if project is not None and issue_type not in project.issue_types:
            errors["issuetype"] = "Specify a valid issue type"
        description = fields.get("description")
        if description is not None and not validate_adf(description):
            errors["description"] = NOT_VALID_ADF
        labels = fields.get("labels") or []
        for label in labels:
            if not isinstance(label, str) or " " in label:
                errors["labels"] = f"The label '{label}' contains spaces which is invalid."
        assignee: str | None = None
        try:
            assignee = self._account((fields.get("assignee") or {}).get("accountId"))
        except JiraError as error:
            errors.update(error.body["errors"])
        if errors or project is None:
            raise JiraError(400, errors=errors)
        issue = self.add_issue(
            project.key,
            str(summary),
            issue_type=issue_type,
            description=description,
            assignee=assignee,
            labels=list(labels),
        )
        return web.json_response(
            {"id": issue.id, "key": issue.key, "self": self._url(f"issue/{issue.id}")}, status=201
        )

    async def _get_issue(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        fields = request.query.get("fields")
        return web.json_response(self._issue_json(issue, fields.split(",") if fields else None))

    async def _delete_issue(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        del self.issues[issue.key]
        return web.Response(status=204)

    async def _assign(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        body = request[BODY]
        if not isinstance(body, dict) or "accountId" not in body:
            raise JiraError(
                400, ["Invalid request payload. Refer to the REST API documentation and try again."]
            )
        issue.assignee = self._account(body["accountId"])
        issue.updated = _now()
        return web.Response(status=204)

    def _offered(self, issue: FakeIssue) -> list[tuple[str, str, str]]:
        return self.workflow.get(issue.status, [])

    async def _transitions(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        transitions = [
            {
                "id": transition_id,
                "name": name,
                "to": self._status_json(to),
                "hasScreen": False,
                "isGlobal": False,
                "isInitial": False,
                "isAvailable": True,
                "isConditional": False,
                "isLooped": False,
            }
            for transition_id, name, to in self._offered(issue)
        ]
        return web.json_response({"expand": "transitions", "transitions": transitions})

    async def _do_transition(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        body = request[BODY]
        wanted = str(((body or {}).get("transition") or {}).get("id") or "")
        for transition_id, _name, to in self._offered(issue):
            if transition_id == wanted:
                issue.status = to
                issue.updated = _now()
                return web.Response(status=204)
        raise JiraError(400, [f"Transition id '{wanted}' is not valid for this issue."])

    # -- comments -----------------------------------------------------------

    def _find_comment(self, issue: FakeIssue, comment_id: str) -> FakeComment:
        for comment in issue.comments:
            if comment.id == comment_id:
                return comment
        raise JiraError(404, ["Can not find a comment for the id: " + comment_id + "."])

    async def _comments(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        comments = [self._comment_json(issue.key, c) for c in issue.comments]
        return web.json_response(
            {"startAt": 0, "maxResults": 100, "total": len(comments), "comments": comments}
        )

    async def _add_comment(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        body = request[BODY]
        if not isinstance(body, dict) or not validate_adf(body.get("body")):
            raise JiraError(400, errors={"comment": NOT_VALID_ADF})
        comment = FakeComment(str(next(self._ids)), self.me.account_id, body["body"])
        issue.comments.append(comment)
        return web.json_response(self._comment_json(issue.key, comment), status=201)

    async def _get_comment(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        comment = self._find_comment(issue, request.match_info["id"])
        return web.json_response(self._comment_json(issue.key, comment))

    async def _delete_comment(self, request: web.Request) -> web.Response:
        issue = self._find_issue(request.match_info["key"])
        issue.comments.remove(self._find_comment(issue, request.match_info["id"]))
        return web.Response(status=204)


def _prefix_match(name: str, query: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(query) or any(w.startswith(query) for w in lowered.split())


# --------------------------------------------------------------------------- #
# JQL: clauses joined by AND / OR (AND binds tighter), and ORDER BY
# --------------------------------------------------------------------------- #

_ORDER = re.compile(r"\s+order\s+by\s+(\w+)(?:\s+(asc|desc))?\s*$", re.IGNORECASE)
_CLAUSE = re.compile(r"^\s*(\w+)\s*(!=|=|!~|~|not\s+in|in|is\s+not|is)\s*(.+?)\s*$", re.IGNORECASE)
_FIELDS = frozenset(
    {"project", "status", "assignee", "reporter", "key", "issue", "summary", "text", "labels",
     "issuetype", "type", "statuscategory", "description"}
)  # fmt: skip


class JqlQuery:
    """The small JQL subset tests use, with Jira's error messages for the rest."""

    def __init__(self, jira: FakeJira, jql: str) -> None:
        self.jira = jira
        self.order: tuple[str, bool] = ("created", False)
        text = jql
        ordered = _ORDER.search(text) or re.match(
            r"^\s*order\s+by\s+(\w+)(?:\s+(asc|desc))?\s*$", text, re.I
        )
        if ordered:
            self.order = (ordered.group(1).lower(), (ordered.group(2) or "").lower() == "desc")
            text = text[: ordered.start()]
        self.any_of = (
            [[self._clause(part) for part in _split(group, "and")] for group in _split(text, "or")]
            if text.strip()
            else []
        )
        if not self.any_of:
            raise JiraError(400, [UNBOUNDED])

    def _clause(self, text: str) -> tuple[str, str, list[str]]:
        match = _CLAUSE.match(text)
        if not match:
            raise JiraError(
                400, [f"Error in the JQL Query: Expecting operator but got '{text.strip()}'."]
            )
        name, operator, raw = (
            match.group(1).lower(),
            " ".join(match.group(2).lower().split()),
            match.group(3),
        )
        if name not in _FIELDS:
            raise JiraError(
                400,
                [
                    f"Field '{match.group(1)}' does not exist "
                    "or you do not have permission to view it."
                ],
            )
        if operator in ("in", "not in"):
            if not (raw.startswith("(") and raw.endswith(")")):
                raise JiraError(
                    400, ["Error in the JQL Query: Expecting '(' but got '" + raw + "'."]
                )
            values = [_unquote(v) for v in raw[1:-1].split(",") if v.strip()]
        else:
            values = [_unquote(raw)]
        if name == "project":
            for value in values:
                if not any(
                    value.upper() == p.key or value.lower() == p.name.lower()
                    for p in self.jira.projects.values()
                ):
                    raise JiraError(
                        400, [f"The value '{value}' does not exist for the field 'project'."]
                    )
        return name, operator, values

    def run(self, issues: list[FakeIssue]) -> list[FakeIssue]:
        found = [
            i
            for i in issues
            if not self.any_of or any(all(self._test(i, c) for c in group) for group in self.any_of)
        ]
        name, descending = self.order

        def sort_key(issue: FakeIssue) -> Any:
            if name in ("key", "issue", "created"):
                return (issue.project, int(issue.key.rsplit("-", 1)[1]))
            return str(getattr(issue, name, "") or "").lower()

        return sorted(found, key=sort_key, reverse=descending)

    def _values_of(self, issue: FakeIssue, name: str) -> list[str]:
        project = self.jira.projects[issue.project]
        if name == "project":
            return [project.key.lower(), project.name.lower(), project.id]
        if name == "status":
            return [issue.status.lower()]
        if name == "statuscategory":
            return [STATUSES[issue.status][2].lower(), STATUSES[issue.status][1]]
        if name in ("assignee", "reporter"):
            account = issue.assignee if name == "assignee" else issue.reporter
            user = self.jira.users.get(account or "")
            return [user.account_id.lower(), (user.email or "").lower()] if user else []
        if name in ("key", "issue"):
            return [issue.key.lower(), issue.id]
        if name in ("issuetype", "type"):
            return [issue.issue_type.lower()]
        if name == "labels":
            return [label.lower() for label in issue.labels]
        texts = [issue.summary]
        if name in ("text", "description"):
            texts.append(adf_text(issue.description))
        if name == "text":
            texts.extend(adf_text(c.body) for c in issue.comments)
        return [" ".join(texts).lower()]

    def _test(self, issue: FakeIssue, clause: tuple[str, str, list[str]]) -> bool:
        name, operator, values = clause
        have = self._values_of(issue, name)
        wanted = [self._value(v) for v in values]
        if operator in ("is", "is not"):
            empty = not have
            return empty if operator == "is" else not empty
        if operator in ("~", "!~"):
            hit = any(w in h for w in wanted for h in have)
            return hit if operator == "~" else not hit
        hit = any(w in have for w in wanted)
        return hit if operator in ("=", "in") else not hit

    def _value(self, value: str) -> str:
        if value.lower() == "currentuser()":
            return self.jira.me.account_id.lower()
        return value.lower()


def _split(text: str, word: str) -> list[str]:
    """``text`` cut at ``word`` (AND / OR) outside quotes and parentheses."""
    parts, start = [], 0
    for match in re.finditer(rf"\s+{word}\s+", text, re.IGNORECASE):
        if match.start() >= start and _outside(text[: match.start()]):
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def _outside(prefix: str) -> bool:
    depth, quote = 0, ""
    for char in prefix:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        else:
            depth += {"(": 1, ")": -1}.get(char, 0)
    return depth == 0 and not quote


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
