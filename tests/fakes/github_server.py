"""A local fake of the parts of GitHub's REST API (v3, ``2022-11-28``) that Kaizen uses.

A real aiohttp server on ``127.0.0.1`` and a free port, holding repositories in
memory: issues and pull requests (a pull request is an issue with a
``pull_request`` key in the issues list, as GitHub does), labels, comments,
branches (git refs) and commits::

    async with FakeGitHub(token="ghp_test") as gh:
        gh.add_repo("acme/api")
        number = gh.add_issue("acme/api", "Fix login", labels=["bug"])
        integration = GitHubIntegration("ghp_test", api_url=gh.base_url)
        ...
        assert gh.issue("acme/api", number)["state"] == "closed"
        assert gh.requests[-1].method == "PATCH"

It answers as GitHub documents: 201 on create, 204 on delete, 404
``{"message": "Not Found", "documentation_url": …}``, 401 ``Bad credentials``,
422 ``Validation Failed`` with an ``errors`` list, ``Link`` pagination over
``per_page`` / ``page``, and ``X-RateLimit-*`` headers on every answer.
Faults: `rate_limit_next` (a secondary rate limit — 403 or 429 with the
secondary-rate-limit message and ``Retry-After`` — or the primary one, with
``X-RateLimit-Remaining: 0``) and `fail_next` (any status).
"""

from __future__ import annotations

import hashlib
import itertools
import shlex
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from aiohttp import web

JSON = dict[str, Any]

DOCS = "https://docs.github.com/rest"
_BODY = web.RequestKey("github_body", object)  # the parsed JSON body of a request
SUPPORTED_VERSIONS = frozenset({"2022-11-28", "2026-03-10"})
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
    "again. If you reach out to GitHub Support for help, please include the request ID {id}."
)
PRIMARY_MESSAGE = (
    "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, "
    "please include the request ID {id}."
)
_REASONS = {
    400: "Bad Request",
    401: "Bad credentials",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    410: "Gone",
    422: "Validation Failed",
    500: "Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class GitHubError(Exception):
    """An answer with GitHub's error body: ``{"message", "documentation_url", "status"}``."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        errors: list[JSON] | None = None,
        headers: dict[str, str] | None = None,
        documentation_url: str = DOCS,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message or _REASONS.get(status, "Error")
        self.errors = errors
        self.headers = headers or {}
        self.documentation_url = documentation_url

    def body(self) -> JSON:
        body: JSON = {"message": self.message, "documentation_url": self.documentation_url}
        if self.errors is not None:
            body["errors"] = self.errors
        body["status"] = str(self.status)
        return body


def _invalid(resource: str, field_name: str, code: str = "invalid") -> GitHubError:
    return GitHubError(422, errors=[{"resource": resource, "field": field_name, "code": code}])


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]


@dataclass
class FakeComment:
    id: int
    number: int
    body: str
    user: str
    created_at: str
    updated_at: str


@dataclass
class FakeIssue:
    number: int
    title: str
    body: str
    user: str
    created_at: str
    updated_at: str
    labels: list[str] = field(default_factory=list)
    state: str = "open"
    state_reason: str | None = None
    closed_at: str | None = None
    is_pull: bool = False
    merged_at: str | None = None
    head: str = ""
    head_sha: str = ""
    base: str = "main"


@dataclass
class FakeRepo:
    owner: str
    name: str
    default_branch: str = "main"
    issues: dict[int, FakeIssue] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # lower-case name → name
    refs: dict[str, str] = field(default_factory=dict)  # branch → sha
    commits: set[str] = field(default_factory=set)
    next_number: int = 1

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclass
class _Fault:
    status: int
    body: JSON
    headers: dict[str, str]
    remaining: int


class FakeGitHub:
    """The fake server; see the module docstring."""

    def __init__(self, token: str = "ghp_test_fake_token", *, login: str = "kaizen-bot") -> None:
        self.token = token
        self.login = login
        self.requests: list[RecordedRequest] = []
        self.repos: dict[str, FakeRepo] = {}
        self.comments: dict[int, tuple[str, FakeComment]] = {}  # id → (repo, comment)
        self.rate_limit = 5000
        self.rate_remaining = 5000
        self.rate_reset = int(time.time()) + 3600
        self._faults: deque[_Fault] = deque()
        self._ids = itertools.count(1001)
        self._clock = itertools.count(1)
        self._epoch = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            return
        runner = web.AppRunner(self._build_app(), shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        address = next(a for a in runner.addresses if isinstance(a, tuple))
        self._port = int(address[1])

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner, self._port = self._runner, None, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeGitHub is not running; call start() first")
        return f"http://127.0.0.1:{self._port}"

    # -- state for tests ----------------------------------------------------

    def add_repo(self, full_name: str, *, default_branch: str = "main") -> FakeRepo:
        owner, name = full_name.split("/")
        repo = FakeRepo(owner, name, default_branch=default_branch)
        self.repos[full_name.lower()] = repo
        self.add_branch(full_name, default_branch)
        return repo

    def repo(self, full_name: str) -> FakeRepo:
        repo = self.repos.get(full_name.lower())
        return repo if repo is not None else self.add_repo(full_name)

    def add_issue(
        self,
        repo: str,
        title: str,
        *,
        body: str = "",
        labels: tuple[str, ...] | list[str] = (),
        state: str = "open",
        user: str = "octocat",
    ) -> int:
        return self._new_issue(self.repo(repo), title, body, list(labels), user, state=state).number

    def add_pull(
        self,
        repo: str,
        title: str,
        *,
        head: str = "feature",
        body: str = "",
        labels: tuple[str, ...] | list[str] = (),
        state: str = "open",
        merged: bool = False,
        user: str = "octocat",
    ) -> int:
        fake = self.repo(repo)
        sha = fake.refs.get(head) or self.add_branch(repo, head)
        issue = self._new_issue(fake, title, body, list(labels), user, state=state)
        issue.is_pull, issue.head, issue.head_sha = True, head, sha
        issue.base = fake.default_branch
        if merged:
            issue.state, issue.merged_at = "closed", issue.closed_at or self._now()
            issue.closed_at = issue.merged_at
        return issue.number

    def add_branch(self, repo: str, name: str, sha: str | None = None) -> str:
        fake = self.repo(repo)
        sha = sha or hashlib.sha1(f"{repo}:{name}:{next(self._ids)}".encode()).hexdigest()
        fake.commits.add(sha)
        fake.refs[name] = sha
        return sha

    def add_comment(self, repo: str, number: int, body: str, *, user: str = "octocat") -> int:
        return self._new_comment(
            self.repo(repo), self._issue(self.repo(repo), number), body, user
        ).id

    def issue(self, repo: str, number: int) -> JSON:
        """The issue (or pull request) as GitHub would show it."""
        fake = self.repo(repo)
        return self._issue_json(fake, self._issue(fake, number))

    def set_state(self, repo: str, number: int, state: str, *, merged: bool = False) -> None:
        issue = self._issue(self.repo(repo), number)
        self._set_state(issue, state)
        if merged:
            issue.merged_at = self._now()

    def set_labels(self, repo: str, number: int, labels: list[str]) -> None:
        fake = self.repo(repo)
        issue = self._issue(fake, number)
        issue.labels = [self._label(fake, name) for name in labels]

    def edit_comment(self, comment_id: int, body: str) -> None:
        _, comment = self.comments[comment_id]
        comment.body, comment.updated_at = body, self._now()

    def comments_on(self, repo: str, number: int) -> list[FakeComment]:
        return [c for r, c in self.comments.values() if r == repo.lower() and c.number == number]

    # -- faults -------------------------------------------------------------

    def rate_limit_next(
        self,
        *,
        secondary: bool = True,
        retry_after: int | None = 1,
        status: int = 403,
        count: int = 1,
    ) -> None:
        """The next ``count`` requests hit a rate limit (403 by default, or 429)."""
        request_id = f"{next(self._ids):04X}:FAKE"
        if secondary:
            body = {
                "message": SECONDARY_MESSAGE.format(id=request_id),
                "documentation_url": (
                    "https://docs.github.com/rest/using-the-rest-api/"
                    "rate-limits-for-the-rest-api#about-secondary-rate-limits"
                ),
                "status": str(status),
            }
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        else:
            body = {
                "message": PRIMARY_MESSAGE.format(id=request_id),
                "documentation_url": (
                    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
                ),
                "status": str(status),
            }
            reset = int(time.time()) + (retry_after or 0)
            headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
        self._faults.append(_Fault(status, body, headers, count))

    def fail_next(self, status: int, message: str | None = None, *, count: int = 1) -> None:
        """The next ``count`` requests fail with ``status`` and GitHub's error body."""
        error = GitHubError(status, message)
        self._faults.append(_Fault(status, error.body(), {}, count))

    # -- the app ------------------------------------------------------------

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        r = app.router
        repo = "/repos/{owner}/{repo}"
        issue = repo + "/issues/{number:\\d+}"
        r.add_get("/user", self._user)
        r.add_get("/search/issues", self._search)
        r.add_get(repo, self._repo)
        r.add_get(repo + "/issues", self._list_issues)
        r.add_post(repo + "/issues", self._create_issue)
        r.add_get(repo + "/issues/comments/{id:\\d+}", self._get_comment)
        r.add_patch(repo + "/issues/comments/{id:\\d+}", self._edit_comment)
        r.add_delete(repo + "/issues/comments/{id:\\d+}", self._delete_comment)
        r.add_get(issue, self._get_issue)
        r.add_patch(issue, self._update_issue)
        r.add_get(issue + "/comments", self._list_comments)
        r.add_post(issue + "/comments", self._create_comment)
        r.add_get(issue + "/labels", self._list_labels)
        r.add_post(issue + "/labels", self._add_labels)
        r.add_delete(issue + "/labels/{name}", self._remove_label)
        r.add_get(repo + "/pulls/{number:\\d+}", self._get_pull)
        r.add_patch(repo + "/pulls/{number:\\d+}", self._update_pull)
        r.add_get(repo + "/commits/{ref:.+}", self._get_commit)
        r.add_get(repo + "/git/ref/{ref:.+}", self._get_ref)
        r.add_post(repo + "/git/refs", self._create_ref)
        r.add_delete(repo + "/git/refs/{ref:.+}", self._delete_ref)
        return app

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body: Any = None
        if request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                body = "<not json>"
        self.requests.append(
            RecordedRequest(
                request.method, request.path, dict(request.query), body, dict(request.headers)
            )
        )
        try:
            self._authenticate(request)
            self._check_version(request)
            fault = self._take_fault()
            if fault is not None:
                response = web.json_response(fault.body, status=fault.status)
                response.headers.update(self._rate_headers(request))
                response.headers.update(fault.headers)
                return response
            self.rate_remaining = max(0, self.rate_remaining - 1)
            if body == "<not json>":
                raise GitHubError(400, "Problems parsing JSON")
            request[_BODY] = body
            response = await handler(request)
        except GitHubError as error:
            response = web.json_response(error.body(), status=error.status, headers=error.headers)
        except web.HTTPNotFound:
            response = web.json_response(GitHubError(404).body(), status=404)
        except web.HTTPMethodNotAllowed:
            response = web.json_response(GitHubError(404).body(), status=404)
        response.headers.update(self._rate_headers(request))
        return response

    def _authenticate(self, request: web.Request) -> None:
        header = request.headers.get("Authorization", "")
        if not header:
            raise GitHubError(401, "Requires authentication")
        scheme, _, token = header.partition(" ")
        if scheme.lower() not in ("bearer", "token") or token != self.token:
            raise GitHubError(401, "Bad credentials")

    def _check_version(self, request: web.Request) -> None:
        version = request.headers.get("X-GitHub-Api-Version")
        if version is not None and version not in SUPPORTED_VERSIONS:
            raise GitHubError(400, f"API version {version} is not supported.")

    def _take_fault(self) -> _Fault | None:
        if not self._faults:
            return None
        fault = self._faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            self._faults.popleft()
        return fault

    def _rate_headers(self, request: web.Request) -> dict[str, str]:
        search = request.path.startswith("/search/")
        return {
            "X-RateLimit-Limit": "30" if search else str(self.rate_limit),
            "X-RateLimit-Remaining": str(
                min(self.rate_remaining, 30) if search else self.rate_remaining
            ),
            "X-RateLimit-Used": str(self.rate_limit - self.rate_remaining),
            "X-RateLimit-Reset": str(self.rate_reset),
            "X-RateLimit-Resource": "search" if search else "core",
            "X-GitHub-Media-Type": "github.v3; format=json",
        }

    # -- helpers ------------------------------------------------------------

    def _now(self) -> str:
        moment = self._epoch + timedelta(minutes=next(self._clock))
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _repo_of(self, request: web.Request) -> FakeRepo:
        name = f"{request.match_info['owner']}/{request.match_info['repo']}".lower()
        repo = self.repos.get(name)
        if repo is None:
            raise GitHubError(404)
        return repo

    def _issue(self, repo: FakeRepo, number: int) -> FakeIssue:
        issue = repo.issues.get(number)
        if issue is None:
            raise GitHubError(404)
        return issue

    def _issue_of(self, request: web.Request) -> tuple[FakeRepo, FakeIssue]:
        repo = self._repo_of(request)
        return repo, self._issue(repo, int(request.match_info["number"]))

    def _label(self, repo: FakeRepo, name: str) -> str:
        return repo.labels.setdefault(name.lower(), name)

    def _new_issue(
        self, repo: FakeRepo, title: str, body: str, labels: list[str], user: str, *, state: str
    ) -> FakeIssue:
        now = self._now()
        issue = FakeIssue(
            number=repo.next_number,
            title=title,
            body=body,
            user=user,
            created_at=now,
            updated_at=now,
            labels=[self._label(repo, name) for name in labels],
        )
        repo.next_number += 1
        repo.issues[issue.number] = issue
        if state == "closed":
            self._set_state(issue, "closed")
        return issue

    def _new_comment(self, repo: FakeRepo, issue: FakeIssue, body: str, user: str) -> FakeComment:
        now = self._now()
        comment = FakeComment(next(self._ids), issue.number, body, user, now, now)
        self.comments[comment.id] = (repo.full_name.lower(), comment)
        issue.updated_at = now
        return comment

    def _set_state(self, issue: FakeIssue, state: str, reason: str | None = None) -> None:
        if state == issue.state:
            if reason and state == "closed":
                issue.state_reason = reason
            return
        issue.state, issue.updated_at = state, self._now()
        if state == "closed":
            issue.closed_at, issue.state_reason = issue.updated_at, reason or "completed"
        else:
            issue.closed_at, issue.state_reason = None, "reopened"

    def _page(self, request: web.Request, items: list[Any]) -> tuple[list[Any], dict[str, str]]:
        """One page of ``items`` and the ``Link`` header pointing at the others."""
        try:
            per_page = min(100, max(1, int(request.query.get("per_page", "30"))))
            page = max(1, int(request.query.get("page", "1")))
        except ValueError as exc:
            raise GitHubError(400, "Invalid pagination parameters") from exc
        last = max(1, -(-len(items) // per_page))
        links = []

        def url(number: int) -> str:
            return str(request.url.update_query(page=str(number), per_page=str(per_page)))

        if page > 1:
            links += [f'<{url(min(page - 1, last))}>; rel="prev"']
        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links += [f'<{url(1)}>; rel="first"']
        headers = {"Link": ", ".join(links)} if links else {}
        return items[(page - 1) * per_page : page * per_page], headers

    def _api(self, request: web.Request, path: str) -> str:
        return f"{request.url.origin()}{path}"

    def _issue_json(
        self, repo: FakeRepo, issue: FakeIssue, request: web.Request | None = None
    ) -> JSON:
        api = str(request.url.origin()) if request is not None else self.base_url
        base = f"{api}/repos/{repo.full_name}"
        html = f"https://github.com/{repo.full_name}"
        kind = "pull" if issue.is_pull else "issues"
        data: JSON = {
            "id": 10_000 + issue.number,
            "node_id": f"I_fake{issue.number}",
            "url": f"{base}/issues/{issue.number}",
            "repository_url": base,
            "html_url": f"{html}/{kind}/{issue.number}",
            "number": issue.number,
            "state": issue.state,
            "state_reason": issue.state_reason,
            "title": issue.title,
            "body": issue.body or None,
            "user": {"login": issue.user, "type": "User"},
            "labels": [self._label_json(repo, name) for name in issue.labels],
            "assignees": [],
            "locked": False,
            "comments": len(self.comments_on(repo.full_name, issue.number)),
            "created_at": issue.created_at,
            "updated_at": issue.updated_at,
            "closed_at": issue.closed_at,
            "author_association": "MEMBER",
        }
        if issue.is_pull:
            data["pull_request"] = {
                "url": f"{base}/pulls/{issue.number}",
                "html_url": f"{html}/pull/{issue.number}",
                "merged_at": issue.merged_at,
            }
        return data

    def _label_json(self, repo: FakeRepo, name: str) -> JSON:
        return {
            "id": int(hashlib.sha1(name.lower().encode()).hexdigest()[:8], 16),
            "name": name,
            "color": "d73a4a",
            "default": name.lower() in {"bug", "enhancement", "documentation"},
            "description": None,
        }

    def _comment_json(self, repo: str, comment: FakeComment, request: web.Request) -> JSON:
        base = f"{request.url.origin()}/repos/{repo}"
        return {
            "id": comment.id,
            "node_id": f"IC_fake{comment.id}",
            "url": f"{base}/issues/comments/{comment.id}",
            "html_url": f"https://github.com/{repo}/issues/{comment.number}#issuecomment-{comment.id}",
            "issue_url": f"{base}/issues/{comment.number}",
            "body": comment.body,
            "user": {"login": comment.user, "type": "User"},
            "created_at": comment.created_at,
            "updated_at": comment.updated_at,
            "author_association": "MEMBER",
        }

    def _pull_json(self, repo: FakeRepo, issue: FakeIssue, request: web.Request) -> JSON:
        data = self._issue_json(repo, issue, request)
        data.pop("pull_request", None)
        data["url"] = f"{request.url.origin()}/repos/{repo.full_name}/pulls/{issue.number}"
        data.update(
            merged=issue.merged_at is not None,
            merged_at=issue.merged_at,
            draft=False,
            head={"ref": issue.head, "sha": issue.head_sha, "label": f"{repo.owner}:{issue.head}"},
            base={"ref": issue.base, "sha": repo.refs.get(issue.base, ""), "label": issue.base},
        )
        return data

    # -- handlers: user, repos, search ---------------------------------------

    async def _user(self, request: web.Request) -> web.Response:
        return web.json_response({"login": self.login, "id": 1, "type": "Bot"})

    async def _repo(self, request: web.Request) -> web.Response:
        repo = self._repo_of(request)
        return web.json_response(
            {
                "id": abs(hash(repo.full_name)) % 10**6,
                "name": repo.name,
                "full_name": repo.full_name,
                "owner": {"login": repo.owner},
                "private": False,
                "default_branch": repo.default_branch,
                "html_url": f"https://github.com/{repo.full_name}",
            }
        )

    async def _search(self, request: web.Request) -> web.Response:
        query = request.query.get("q", "").strip()
        if not query:
            raise _invalid("Search", "q", "missing")
        try:
            terms = shlex.split(query)
        except ValueError as exc:
            raise GitHubError(422, "Validation Failed") from exc
        found = []
        for repo in self.repos.values():
            for issue in repo.issues.values():
                if all(self._matches(repo, issue, term) for term in terms):
                    found.append((repo, issue))
        found.sort(key=lambda pair: pair[1].created_at, reverse=True)
        page, headers = self._page(request, found)
        items = [self._issue_json(r, i, request) | {"score": 1.0} for r, i in page]
        return web.json_response(
            {"total_count": len(found), "incomplete_results": False, "items": items},
            headers=headers,
        )

    def _matches(self, repo: FakeRepo, issue: FakeIssue, term: str) -> bool:
        negate = term.startswith("-") and ":" in term
        key, colon, value = term.lstrip("-").partition(":")
        key, value = key.lower(), value.lower()
        if not colon:
            text = term.lower()
            return text in issue.title.lower() or text in issue.body.lower()
        if key == "repo":
            result = repo.full_name.lower() == value
        elif key in ("is", "type", "state"):
            result = {
                "issue": not issue.is_pull,
                "pr": issue.is_pull,
                "pull-request": issue.is_pull,
                "open": issue.state == "open",
                "closed": issue.state == "closed",
                "merged": issue.merged_at is not None,
                "unmerged": issue.is_pull and issue.merged_at is None,
            }.get(value, True)
        elif key == "label":
            result = value in (name.lower() for name in issue.labels)
        elif key == "author":
            result = issue.user.lower() == value
        else:
            result = True  # qualifiers the fake does not model match everything
        return not result if negate else result

    # -- handlers: issues -----------------------------------------------------

    async def _list_issues(self, request: web.Request) -> web.Response:
        repo = self._repo_of(request)
        state = request.query.get("state", "open")
        if state not in ("open", "closed", "all"):
            raise _invalid("Issue", "state")
        wanted = [
            n.strip().lower() for n in request.query.get("labels", "").split(",") if n.strip()
        ]
        issues = [
            issue
            for issue in repo.issues.values()
            if (state == "all" or issue.state == state)
            and all(w in (name.lower() for name in issue.labels) for w in wanted)
        ]
        key = "updated_at" if request.query.get("sort") == "updated" else "created_at"
        ascending = request.query.get("direction") == "asc"
        issues.sort(key=lambda i: (getattr(i, key), i.number), reverse=not ascending)
        page, headers = self._page(request, issues)
        return web.json_response(
            [self._issue_json(repo, issue, request) for issue in page], headers=headers
        )

    async def _create_issue(self, request: web.Request) -> web.Response:
        repo = self._repo_of(request)
        body = request[_BODY] if isinstance(request[_BODY], dict) else {}
        title = body.get("title")
        if not isinstance(title, str | int) or not str(title).strip():
            raise _invalid("Issue", "title", "missing_field")
        labels = body.get("labels") or []
        if not isinstance(labels, list) or not all(isinstance(n, str) for n in labels):
            raise _invalid("Issue", "labels")
        issue = self._new_issue(
            repo, str(title), str(body.get("body") or ""), labels, self.login, state="open"
        )
        data = self._issue_json(repo, issue, request)
        return web.json_response(data, status=201, headers={"Location": data["url"]})

    async def _get_issue(self, request: web.Request) -> web.Response:
        repo, issue = self._issue_of(request)
        return web.json_response(self._issue_json(repo, issue, request))

    async def _update_issue(self, request: web.Request) -> web.Response:
        repo, issue = self._issue_of(request)
        body = request[_BODY] if isinstance(request[_BODY], dict) else {}
        state = body.get("state")
        if state is not None and state not in ("open", "closed"):
            raise _invalid("Issue", "state")
        reason = body.get("state_reason")
        if reason is not None and reason not in (
            "completed",
            "not_planned",
            "reopened",
            "duplicate",
        ):
            raise _invalid("Issue", "state_reason")
        if state == "open" and issue.merged_at is not None:
            raise GitHubError(
                422,
                errors=[
                    {
                        "resource": "Issue",
                        "code": "custom",
                        "field": "state",
                        "message": "state cannot be changed. The pull request is merged.",
                    }
                ],
            )
        if "title" in body:
            issue.title = str(body["title"])
        if "body" in body:
            issue.body = str(body["body"] or "")
        if state is not None:
            self._set_state(issue, state, reason)
        issue.updated_at = self._now()
        return web.json_response(self._issue_json(repo, issue, request))

    # -- handlers: comments ---------------------------------------------------

    async def _list_comments(self, request: web.Request) -> web.Response:
        repo, issue = self._issue_of(request)
        comments = sorted(self.comments_on(repo.full_name, issue.number), key=lambda c: c.id)
        page, headers = self._page(request, comments)
        return web.json_response(
            [self._comment_json(repo.full_name, c, request) for c in page], headers=headers
        )

    async def _create_comment(self, request: web.Request) -> web.Response:
        repo, issue = self._issue_of(request)
        body = request[_BODY] if isinstance(request[_BODY], dict) else {}
        text = body.get("body")
        if not isinstance(text, str) or not text.strip():
            raise _invalid("IssueComment", "body", "missing_field")
        comment = self._new_comment(repo, issue, text, self.login)
        data = self._comment_json(repo.full_name, comment, request)
        return web.json_response(data, status=201, headers={"Location": data["url"]})

    def _comment_of(self, request: web.Request) -> tuple[FakeRepo, FakeComment]:
        repo = self._repo_of(request)
        entry = self.comments.get(int(request.match_info["id"]))
        if entry is None or entry[0] != repo.full_name.lower():
            raise GitHubError(404)
        return repo, entry[1]

    async def _get_comment(self, request: web.Request) -> web.Response:
        repo, comment = self._comment_of(request)
        return web.json_response(self._comment_json(repo.full_name, comment, request))

    async def _edit_comment(self, request: web.Request) -> web.Response:
        repo, comment = self._comment_of(request)
        body = request[_BODY] if isinstance(request[_BODY], dict) else {}
        if not isinstance(body.get("body"), str):
            raise _invalid("IssueComment", "body", "missing_field")
        self.edit_comment(comment.id, body["body"])
        return web.json_response(self._comment_json(repo.full_name, comment, request))

    async def _delete_comment(self, request: web.Request) -> web.Response:
        _, comment = self._comment_of(request)
        del self.comments[comment.id]
        return web.Response(status=204)

    # -- handlers: labels -----------------------------------------------------

    async def _list_labels(self, request: web.Request) -> web.Response:
        repo, issue = self._issue_of(request)
        return web.json_response([self._label_json(repo, n) for n in issue.labels])

    async def _add_labels(self, request: web.Request) -> web.Response:
        repo, issue = self._issue_of(request)
        body = request[_BODY]
        names = body.get("labels") if isinstance(body, dict) else body  # both shapes are allowed
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise _invalid("Label", "labels")
        for name in names:
            label = self._label(repo, name.strip())
            if label.lower() not in (n.lower() for n in issue.labels):
                issue.labels.append(label)
        issue.updated_at = self._now()
        return web.json_response([self._label_json(repo, n) for n in issue.labels])

    async def _remove_label(self, request: web.Request) -> web.Response:
        repo, issue = self._issue_of(request)
        name = request.match_info["name"].lower()
        kept = [n for n in issue.labels if n.lower() != name]
        if len(kept) == len(issue.labels):
            raise GitHubError(404, "Label does not exist")
        issue.labels, issue.updated_at = kept, self._now()
        return web.json_response([self._label_json(repo, n) for n in issue.labels])

    # -- handlers: pull requests ----------------------------------------------

    def _pull_of(self, request: web.Request) -> tuple[FakeRepo, FakeIssue]:
        repo, issue = self._issue_of(request)
        if not issue.is_pull:
            raise GitHubError(404)
        return repo, issue

    async def _get_pull(self, request: web.Request) -> web.Response:
        repo, pull = self._pull_of(request)
        return web.json_response(self._pull_json(repo, pull, request))

    async def _update_pull(self, request: web.Request) -> web.Response:
        repo, pull = self._pull_of(request)
        body = request[_BODY] if isinstance(request[_BODY], dict) else {}
        state = body.get("state")
        if state is not None and state not in ("open", "closed"):
            raise _invalid("PullRequest", "state")
        if state == "open" and pull.state == "closed":
            problem = None
            if pull.merged_at is not None:
                problem = "state cannot be changed. The pull request is merged."
            elif pull.head not in repo.refs:
                problem = "state cannot be changed. The head branch was deleted."
            if problem:
                raise GitHubError(
                    422,
                    errors=[
                        {
                            "resource": "PullRequest",
                            "code": "custom",
                            "field": "state",
                            "message": problem,
                        }
                    ],
                )
        if "title" in body:
            pull.title = str(body["title"])
        if state is not None:
            self._set_state(pull, state)
            pull.state_reason = None  # pull requests have no state reason
        return web.json_response(self._pull_json(repo, pull, request))

    # -- handlers: git refs and commits ---------------------------------------

    async def _get_commit(self, request: web.Request) -> web.Response:
        repo = self._repo_of(request)
        ref = request.match_info["ref"]
        sha = repo.refs.get(ref)
        if sha is None:
            matches = [c for c in repo.commits if len(ref) >= 4 and c.startswith(ref.lower())]
            if len(matches) != 1:
                raise GitHubError(422, f"No commit found for SHA: {ref}")
            sha = matches[0]
        return web.json_response(
            {"sha": sha, "url": self._api(request, f"/repos/{repo.full_name}/commits/{sha}")}
        )

    def _ref_json(self, request: web.Request, repo: FakeRepo, branch: str) -> JSON:
        sha = repo.refs[branch]
        base = f"{request.url.origin()}/repos/{repo.full_name}/git"
        return {
            "ref": f"refs/heads/{branch}",
            "node_id": f"REF_fake_{branch}",
            "url": f"{base}/refs/heads/{branch}",
            "object": {"sha": sha, "type": "commit", "url": f"{base}/commits/{sha}"},
        }

    async def _get_ref(self, request: web.Request) -> web.Response:
        repo = self._repo_of(request)
        ref = request.match_info["ref"]
        branch = ref.removeprefix("heads/")
        if not ref.startswith("heads/") or branch not in repo.refs:
            raise GitHubError(404)
        return web.json_response(self._ref_json(request, repo, branch))

    async def _create_ref(self, request: web.Request) -> web.Response:
        repo = self._repo_of(request)
        body = request[_BODY] if isinstance(request[_BODY], dict) else {}
        ref, sha = body.get("ref"), body.get("sha")
        if not isinstance(ref, str) or not isinstance(sha, str):
            raise _invalid(
                "Reference", "ref" if not isinstance(ref, str) else "sha", "missing_field"
            )
        if not ref.startswith("refs/") or ref.count("/") < 2:
            raise GitHubError(
                422, "Reference name must start with 'refs/' and have at least two slashes."
            )
        if not ref.startswith("refs/heads/"):
            raise GitHubError(422, "Only branches are modelled by this fake.")
        branch = ref.removeprefix("refs/heads/")
        if branch in repo.refs:
            raise GitHubError(422, "Reference already exists")
        if sha not in repo.commits:
            raise GitHubError(422, "Object does not exist")
        repo.refs[branch] = sha
        data = self._ref_json(request, repo, branch)
        return web.json_response(data, status=201, headers={"Location": data["url"]})

    async def _delete_ref(self, request: web.Request) -> web.Response:
        repo = self._repo_of(request)
        ref = request.match_info["ref"]
        branch = ref.removeprefix("heads/")
        if not ref.startswith("heads/") or branch not in repo.refs:
            raise GitHubError(422, "Reference does not exist")
        del repo.refs[branch]
        return web.Response(status=204)
