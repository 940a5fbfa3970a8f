"""The GitHub REST client of the GitHub integration.

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

How tools name repositories, issues and branches is in `bot.integrations.github.refs`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from bot.integrations.base import RetryableToolError, ToolError
from bot.integrations.github.refs import IssueRef, quote_ref
from bot.integrations.http import ServiceClient, ServiceResponse
from bot.messages import github as words

__all__ = [
    "API_VERSION",
    "DEFAULT_API_URL",
    "PER_PAGE_MAX",
    "GitHubClient",
    "next_link",
]

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
USER_AGENT = "Kaizen-Slack-Bot"
SERVICE = "GitHub"
PER_PAGE_MAX = 100
MAX_PAGES = 20  # a filtered list (only pull requests, say) reads at most this many pages
SECONDARY_LIMIT_WAIT = 60.0  # GitHub: "wait for at least one minute" when no header says
_OK = (200, 201, 202, 204)

_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="([^"]*)"')


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
            raise ToolError(words.deleted_on_github(subject), error_class="not_found")
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
                raise ToolError(words.LIST_SHAPE_UNKNOWN)
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
                subject=words.branch_of(branch, repo),
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
        return ToolError(words.not_found(subject), error_class="not_found")
    if error.error_class == "no_permission" and "rate limit" in error.message.lower():
        # A secondary rate limit without Retry-After: GitHub asks for at least a minute.
        return RetryableToolError(
            words.SECONDARY_RATE_LIMIT,
            error_class="rate_limited",
            retry_after=SECONDARY_LIMIT_WAIT,
        )
    return error


def _validation_message(data: Any) -> str:
    """GitHub's 422 in words: ``… Validation Failed (title is missing).``"""
    body = data if isinstance(data, dict) else {}
    message = str(body.get("message") or words.VALIDATION_FAILED)[:200]
    details = []
    for item in body.get("errors") or []:
        if isinstance(item, str):
            details.append(item)
        elif isinstance(item, dict):
            if item.get("message"):
                details.append(str(item["message"]))
            elif item.get("field"):
                code = str(item.get("code") or "invalid")
                details.append(f"{item['field']} {words.VALIDATION_CODES.get(code, code)}")
    detail = "; ".join(details)[:300]
    return words.refused(message, detail)
