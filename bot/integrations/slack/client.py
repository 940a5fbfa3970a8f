"""Calling the Slack Web API from tools: one call, its failures in words, and auto-join.

Every Slack call a tool or an undo handler makes goes through `call`, so a
failure always reaches the member as a `ToolError` with a sentence and
Slack's own error string as its `error_class`, and a transient failure
(rate limit, 5xx, timeout, connection) as a `RetryableToolError` the
orchestrator may retry. Nothing here retries by itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import RetryableToolError, ToolError
from bot.messages import slack_errors as words

__all__ = ["SUMMARY_TEXT_LIMIT", "Subject", "call", "clip", "slack_error"]

SUMMARY_TEXT_LIMIT = 3_000  # message text in summaries, confirmations and read results

#: Slack error strings that mean "try again later", whatever the HTTP status.
RETRYABLE_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


@dataclass(frozen=True)
class Subject:
    """What a call is about, in the words error sentences use."""

    channel: str = "that channel"
    user: str = "that person"
    name: str = ""
    emoji: str = ""


async def call(
    client: AsyncWebClient,
    method: str,
    /,
    *,
    subject: Subject | None = None,
    sentences: Mapping[str, str] | None = None,
    join: str | None = None,
    **params: Any,
) -> dict[str, Any]:
    """Call one Web API method and return its JSON body; failures raise `ToolError`.

    Args:
        client: the Web API client of the workspace.
        method: the Slack method name, e.g. ``"conversations.archive"``.
        subject: names for the error sentences.
        sentences: error sentences that replace the defaults for this call
            (``{"not_in_channel": "@bob is not in #ops."}``).
        join: a channel id the bot may join when Slack answers
            ``not_in_channel``; the call is then retried once. Pass it only
            when the bot is known not to be a member, so that an error about
            someone else's membership never makes the bot join.
        **params: the method's arguments, as the slack_sdk method takes them.

    Example::

        await call(client, "conversations.archive", channel="C0OLDLAUNCH",
                   subject=Subject(channel="#old-launch"))
    """
    subject = subject or Subject()
    try:
        return await _send(client, method, params)
    except SlackApiError as exc:
        if join is None or _error_string(exc) != "not_in_channel":
            raise slack_error(exc, subject, sentences) from None
    await _join(client, join, subject)
    try:
        return await _send(client, method, params)
    except SlackApiError as exc:
        raise slack_error(exc, subject, sentences) from None


async def _send(client: AsyncWebClient, method: str, params: dict[str, Any]) -> dict[str, Any]:
    """One request through the slack_sdk method of that name (it knows the right encoding)."""
    function = getattr(client, method.replace(".", "_"))
    try:
        response = await function(**params)
    except TimeoutError:  # asyncio.TimeoutError is TimeoutError since Python 3.11
        raise RetryableToolError(words.SLACK_TIMED_OUT, error_class="timeout") from None
    except aiohttp.ClientError as exc:
        raise RetryableToolError(
            words.slack_unreachable(type(exc).__name__), error_class="connection_error"
        ) from None
    data = response.data
    return data if isinstance(data, dict) else {}


async def _join(client: AsyncWebClient, channel_id: str, subject: Subject) -> None:
    try:
        await _send(client, "conversations.join", {"channel": channel_id})
    except SlackApiError as exc:
        raise slack_error(exc, subject, words.JOIN_ERROR_SENTENCES) from None


def slack_error(
    exc: SlackApiError, subject: Subject, sentences: Mapping[str, str] | None = None
) -> ToolError:
    """The `ToolError` (or `RetryableToolError`) a Slack API error becomes."""
    error = _error_string(exc)
    status = _status(exc)
    if error == "ratelimited" or status == 429:
        retry_after = _retry_after(exc)
        return RetryableToolError(
            words.slack_rate_limited(retry_after),
            error_class="ratelimited",
            retry_after=retry_after,
        )
    if error in RETRYABLE_ERRORS or status >= 500:
        return RetryableToolError(
            words.slack_failed(status),
            error_class=error or f"http_{status}",
            retry_after=_retry_after(exc),
        )
    template = (sentences or {}).get(error) or words.ERROR_SENTENCES.get(error)
    if template is None:
        return ToolError(words.slack_refused(error or f"HTTP {status}"), error_class=error)
    needed = _body(exc).get("needed") or "a scope"
    values = {
        "channel": subject.channel,
        "user": subject.user,
        "name": subject.name,
        "emoji": subject.emoji,
        "needed": needed,
    }
    message = template.format_map(values)
    return ToolError(message[:1].upper() + message[1:], error_class=error)


def _body(exc: SlackApiError) -> dict[str, Any]:
    data = getattr(exc.response, "data", None)
    return data if isinstance(data, dict) else {}


def _error_string(exc: SlackApiError) -> str:
    return str(_body(exc).get("error") or "")


def _status(exc: SlackApiError) -> int:
    status = getattr(exc.response, "status_code", 200)
    return status if isinstance(status, int) else 200


def _retry_after(exc: SlackApiError) -> float | None:
    headers = getattr(exc.response, "headers", None) or {}
    for key, value in headers.items():
        if str(key).lower() == "retry-after":
            try:
                return max(float(value), 0.0)
            except (TypeError, ValueError):
                return None
    return None


def clip(text: str, limit: int = SUMMARY_TEXT_LIMIT) -> str:
    """Text cut to ``limit`` characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
