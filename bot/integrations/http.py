"""A JSON HTTP client for REST integrations, with the services' errors made clear.

Status codes become `ToolError`s worth telling the member ("GitHub refused the
token", "not found", "no permission") or `RetryableToolError`s the orchestrator
retries (timeouts, 5xx, 429 and rate-limited 403s, honouring `Retry-After` and
`X-RateLimit-Reset`). No header or token ever appears in an error.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.integrations.base import RetryableToolError, ToolError
from bot.messages import integrations as words

DEFAULT_TIMEOUT = 15.0


@dataclass(frozen=True)
class ServiceResponse:
    status: int
    headers: Mapping[str, str]
    data: Any  # parsed JSON, or None for an empty body


class ServiceClient:
    """One REST service (base URL + auth headers); one aiohttp session, opened lazily."""

    def __init__(
        self,
        *,
        service: str,
        base_url: str,
        headers: Mapping[str, str],
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.service = service
        self.base_url = base_url.rstrip("/")
        self._headers = dict(headers)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        ok: tuple[int, ...] = (200, 201, 202, 204),
    ) -> ServiceResponse:
        url = path if path.startswith("http") else f"{self.base_url}/{path.lstrip('/')}"
        try:
            async with self._session_now().request(
                method, url, params=params, json=json_body, headers=self._headers
            ) as response:
                body = await response.read()
                data = _parse(body)
                if response.status not in ok:
                    raise self._error(response.status, response.headers, data)
                return ServiceResponse(response.status, dict(response.headers), data)
        except TimeoutError:
            raise RetryableToolError(
                words.service_timed_out(self.service), error_class="timeout"
            ) from None
        except aiohttp.ClientError as error:
            raise RetryableToolError(
                words.service_unreachable(self.service, type(error).__name__),
                error_class="connection_error",
            ) from None

    async def get(self, path: str, **params: Any) -> Any:
        return (await self.request("GET", path, params=params or None)).data

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _session_now(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    def _error(self, status: int, headers: Mapping[str, str], data: Any) -> ToolError:
        detail = _service_message(data)
        suffix = f": {detail}" if detail else "."
        wait = retry_after_seconds(headers)
        if status == 429 or (status == 403 and (wait is not None or _quota_exhausted(headers))):
            return RetryableToolError(
                words.service_rate_limited(self.service, suffix),
                error_class="rate_limited",
                retry_after=wait,
            )
        if status >= 500:
            return RetryableToolError(
                words.service_failed(self.service, status, suffix), error_class="server_error"
            )
        if status == 401:
            return ToolError(
                words.service_refused_credentials(self.service),
                error_class="bad_credentials",
            )
        if status == 403:
            return ToolError(
                words.service_denied_permission(self.service, suffix),
                error_class="no_permission",
            )
        if status == 404:
            return ToolError(words.service_not_found(self.service, suffix), error_class="not_found")
        return ToolError(
            words.service_refused_request(self.service, status, suffix),
            error_class="invalid_request",
        )


def retry_after_seconds(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait, from `Retry-After` or (at an exhausted quota) `X-RateLimit-Reset`."""
    retry_after = headers.get("Retry-After") or headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            return None
    if _quota_exhausted(headers):
        reset = headers.get("X-RateLimit-Reset") or headers.get("x-ratelimit-reset")
        if reset and reset.isdigit():
            return max(0.0, int(reset) - (now if now is not None else time.time()))
    return None


def _quota_exhausted(headers: Mapping[str, str]) -> bool:
    remaining = headers.get("X-RateLimit-Remaining") or headers.get("x-ratelimit-remaining")
    return remaining == "0"


def _parse(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return {"message": body[:200].decode("utf-8", "replace")}


def _service_message(data: Any) -> str:
    """The service's own explanation, from the error shapes GitHub, Jira and Notion use."""
    if not isinstance(data, dict):
        return ""
    for key in ("message", "errorMessage"):
        if isinstance(data.get(key), str):
            return str(data[key])[:300]
    messages = data.get("errorMessages")
    if isinstance(messages, list) and messages:
        return "; ".join(str(m) for m in messages)[:300]
    errors = data.get("errors")
    if isinstance(errors, dict) and errors:
        return "; ".join(f"{k}: {v}" for k, v in errors.items())[:300]
    return ""
