"""The GitHub REST client of the GitHub integration, and the argument helpers its tools share.

`GitHubClient` speaks GitHub's REST API (version ``2022-11-28``) through
`ServiceClient`, which turns statuses into `ToolError` / `RetryableToolError`.
On top of that it knows GitHub's own habits:

* 404 names what was missing ("GitHub can't find acme/api#12 …"): GitHub
  answers 404 for private repositories the token cannot see, too;
* 410 means an issue was deleted;
* 422 ``Validation Failed`` bodies carry an ``errors`` list, surfaced in words;
* a secondary rate limit without ``Retry-After`` (403 with the
  "secondary rate limit" message) is retryable after a minute, as GitHub asks;
* lists follow the ``Link: <…>; rel="next"`` header, only on GitHub's own host,
  so the token never travels elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from bot.integrations.base import RetryableToolError, ToolError
from bot.integrations.http import ServiceClient, ServiceResponse

__all__ = [
    "API_VERSION",
    "DEFAULT_API_URL",
    "GitHubClient",
    "IssueRef",
    "clip",
    "next_link",
    "normalise_repo",
    "parse_repo",
    "quote_label",
    "quote_ref",
    "short_sha",
]

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
USER_AGENT = "Kaizen-Slack-Bot"
SERVICE = "GitHub"
PER_PAGE_MAX = 100
MAX_PAGES = 20  # a filtered list (only pull requests, say) reads at most this many pages
SECONDARY_LIMIT_WAIT = 60.0  # GitHub: "wait for at least one minute" when no header says
_OK = (200, 201, 202, 204)

_REPO = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})$")
_REPO_URL = re.compile(r"^(?:https?://)?(?:www\.)?github\.com/", re.IGNORECASE)
_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="([^"]*)"')
_SHA = re.compile(r"^[0-9a-fA-F]{7,40}$")

_VALIDATION_CODES = {
    "missing": "does not exist",
    "missing_field": "is missing",
    "invalid": "is invalid",
    "already_exists": "already exists",
    "unprocessable": "is not valid",
}


def clip(text: str, limit: int = 80) -> str:
    """Text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def short_sha(sha: str) -> str:
    return sha[:7]


def quote_label(name: str) -> str:
    """A label name as one URL path segment (``area/api`` → ``area%2Fapi``)."""
    return quote(name, safe="")


def quote_ref(name: str) -> str:
    """A branch name in a URL path: its slashes stay (``heads/feature/x``), the rest escaped."""
    return quote(name, safe="/")


@dataclass(frozen=True)
class IssueRef:
    """``acme/api#12``: what sentences call an issue or a pull request."""

    repo: str
    number: int

    def __str__(self) -> str:
        return f"{self.repo}#{self.number}"

    @property
    def path(self) -> str:
        return f"repos/{self.repo}/issues/{self.number}"


# ------------------------------------------------------------------ arguments


def parse_repo(value: str) -> str:
    """``owner/name`` from ``owner/name``, ``https://github.com/owner/name(.git)``."""
    text = _REPO_URL.sub("", value.strip()).strip("/")
    if text.endswith(".git"):
        text = text[:-4]
    match = _REPO.match(text)
    if match is None or match.group(2) in {".", ".."}:
        raise ToolError(
            f"repo must be owner/name, like acme/api (got “{clip(value, 60)}”).",
            error_class="invalid_arguments",
        )
    return text


def normalise_repo(arguments: dict[str, Any]) -> dict[str, Any]:
    """Checked arguments with their ``repo`` (if any) as ``owner/name`` (`parse_repo`)."""
    if isinstance(arguments.get("repo"), str):
        arguments["repo"] = parse_repo(arguments["repo"])
    return arguments


def check_sha(value: str) -> str:
    text = value.strip()
    if not _SHA.match(text):
        raise ToolError(
            "sha must be a commit sha: 7 to 40 hexadecimal characters.",
            error_class="invalid_arguments",
        )
    return text.lower()


# ------------------------------------------------------------------ pagination


def next_link(headers: Mapping[str, str]) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header, if any."""
    link = headers.get("Link") or headers.get("link") or ""
    for url, rel in _LINK.findall(link):
        if "next" in rel.split():
            return str(url)
    return None


# ------------------------------------------------------------------ the client


class GitHubClient:
    """GitHub's REST API with the integration's token; one aiohttp session, opened lazily."""

    def __init__(self, token: str, *, api_url: str = DEFAULT_API_URL, timeout: float = 15.0):
        self.api_url = api_url.rstrip("/")
        self._http = ServiceClient(
            service=SERVICE,
            base_url=self.api_url,
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": USER_AGENT,
            },
            timeout=timeout,
        )
        self._login: str | None = None

    def __repr__(self) -> str:  # never the token
        return f"GitHubClient({self.api_url!r})"

    async def close(self) -> None:
        await self._http.close()

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        subject: str | None = None,
    ) -> ServiceResponse:
        """One request; errors name ``subject`` ("acme/api#12") where GitHub's would not."""
        try:
            response = await self._http.request(
                method, path, params=params, json_body=json_body, ok=(*_OK, 410, 422)
            )
        except RetryableToolError:
            raise
        except ToolError as error:
            raise _refined(error, subject) from None
        if response.status == 410:
            what = subject or "That"
            raise ToolError(f"{what} was deleted on GitHub.", error_class="not_found")
        if response.status == 422:
            raise ToolError(_validation_message(response.data), error_class="invalid_request")
        return response

    async def get(self, path: str, *, subject: str | None = None, **params: Any) -> Any:
        return (await self.call("GET", path, params=params or None, subject=subject)).data

    async def paginate(
        self,
        path: str,
        params: Mapping[str, Any],
        *,
        limit: int,
        keep: Callable[[dict[str, Any]], bool] | None = None,
        items_key: str | None = None,
        subject: str | None = None,
    ) -> tuple[list[dict[str, Any]], bool]:
        """Up to ``limit`` items over pages (``Link`` rel="next"); True when more remain."""
        items: list[dict[str, Any]] = []
        url: str | None = path
        query: Mapping[str, Any] | None = params
        pages = 0
        while url is not None and pages < MAX_PAGES:
            response = await self.call("GET", url, params=query, subject=subject)
            pages += 1
            data = response.data
            page = data.get(items_key) if items_key and isinstance(data, dict) else data
            if not isinstance(page, list):
                raise ToolError("GitHub sent a list in a shape I don't know.")
            for item in page:
                if not isinstance(item, dict) or (keep is not None and not keep(item)):
                    continue
                if len(items) == limit:
                    return items, True
                items.append(item)
            url = self._same_host(next_link(response.headers))
            query = None  # the next link carries the query
            if len(items) == limit:
                return items, url is not None
        return items, url is not None

    def _same_host(self, url: str | None) -> str | None:
        if url is None:
            return None
        mine, theirs = urlsplit(self.api_url), urlsplit(url)
        if (theirs.scheme, theirs.netloc) != (mine.scheme, mine.netloc):
            return None  # never send the token to another host
        return url

    # -- lookups the tools and undo handlers share -----------------------------

    async def login(self) -> str:
        """The login of the token's user (cached)."""
        if self._login is None:
            data = await self.get("user")
            self._login = str((data or {}).get("login") or "")
        return self._login

    async def issue(self, ref: IssueRef) -> dict[str, Any]:
        data = await self.get(ref.path, subject=str(ref))
        return data if isinstance(data, dict) else {}

    async def pull(self, ref: IssueRef) -> dict[str, Any]:
        data = await self.get(f"repos/{ref.repo}/pulls/{ref.number}", subject=str(ref))
        return data if isinstance(data, dict) else {}

    async def branch_sha(self, repo: str, branch: str) -> str | None:
        """The commit a branch points at, or None when there is no such branch."""
        try:
            data = await self.get(
                f"repos/{repo}/git/ref/heads/{quote_ref(branch)}",
                subject=f"branch {branch} of {repo}",
            )
        except ToolError as error:
            if error.error_class == "not_found":
                return None
            raise
        target = data.get("object") if isinstance(data, dict) else None
        sha = target.get("sha") if isinstance(target, dict) else None
        return str(sha) if sha else None


def _refined(error: ToolError, subject: str | None) -> ToolError:
    if error.error_class == "not_found" and subject:
        return ToolError(
            f"GitHub can't find {subject} (or the token has no access to it).",
            error_class="not_found",
        )
    if error.error_class == "no_permission" and "rate limit" in error.message.lower():
        # A secondary rate limit without Retry-After: GitHub asks for at least a minute.
        return RetryableToolError(
            f"{SERVICE} is rate limiting us (a secondary rate limit): I'll wait a minute.",
            error_class="rate_limited",
            retry_after=SECONDARY_LIMIT_WAIT,
        )
    return error


def _validation_message(data: Any) -> str:
    """GitHub's 422 in words: ``… Validation Failed (title is missing).``"""
    body = data if isinstance(data, dict) else {}
    message = str(body.get("message") or "Validation Failed")[:200]
    details = []
    for item in body.get("errors") or []:
        if isinstance(item, str):
            details.append(item)
        elif isinstance(item, dict):
            if item.get("message"):
                details.append(str(item["message"]))
            elif item.get("field"):
                code = str(item.get("code") or "invalid")
                details.append(f"{item['field']} {_VALIDATION_CODES.get(code, code)}")
    detail = "; ".join(details)[:300]
    return f"GitHub refused the request: {message}" + (f" ({detail})." if detail else ".")
