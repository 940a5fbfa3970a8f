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

__all__ = ["ERROR_SENTENCES", "SUMMARY_TEXT_LIMIT", "Subject", "call", "clip", "slack_error"]

SUMMARY_TEXT_LIMIT = 3_000  # message text in summaries, confirmations and read results

#: Slack error strings that mean "try again later", whatever the HTTP status.
RETRYABLE_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)

#: What each Slack error means for the member. `{channel}`, `{user}`, `{name}`
#: and `{emoji}` are filled from the `Subject` of the call.
ERROR_SENTENCES: dict[str, str] = {
    "channel_not_found": "I can't find {channel}, or I'm not allowed to see it.",
    "not_in_channel": "I'm not a member of {channel}: invite me with /invite first.",
    "is_archived": "{channel} is archived: unarchive it first.",
    "already_archived": "{channel} is already archived.",
    "not_archived": "{channel} is not archived.",
    "cant_archive_general": "{channel} is the workspace's general channel: Slack won't archive it.",
    "cant_unarchive_general": "{channel} is the workspace's general channel.",
    "restricted_action": "The workspace's settings don't let me do that in {channel}.",
    "method_not_supported_for_channel_type": "Slack doesn't allow that in {channel}.",
    "name_taken": "There is already a channel called #{name}.",
    "invalid_name": "“{name}” is not a valid name.",
    "invalid_name_required": "A channel needs a name.",
    "invalid_name_maxlength": "“{name}” is too long for a channel name (80 characters at most).",
    "invalid_name_specials": (
        "“{name}” is not a valid channel name: use lowercase letters, digits, - and _."
    ),
    "invalid_name_punctuation": "“{name}” is not a valid channel name: it needs a letter or digit.",
    "too_long": "That is too long for a channel topic or purpose (250 characters at most).",
    "msg_too_long": "That message is too long for Slack (40,000 characters at most).",
    "no_text": "There is no text to post.",
    "message_not_found": "I can't find that message in {channel}.",
    "thread_not_found": "I can't find that thread in {channel}.",
    "invalid_thread_ts": "That is not a valid thread timestamp.",
    "cant_update_message": "I can only edit messages I posted myself.",
    "edit_window_closed": "That message is too old to edit.",
    "cant_delete_message": "I can only delete messages I posted myself.",
    "compliance_exports_prevent_deletion": "This workspace's compliance settings prevent deletion.",
    "user_not_found": "I can't find {user}.",
    "user_is_restricted": "{user} is a guest and can't be added to {channel}.",
    "already_in_channel": "{user} is already in {channel}.",
    "cant_invite_self": "I can't invite myself to {channel}.",
    "cant_invite": "I can't invite {user} to {channel}.",
    "cant_kick_self": "I can't remove myself from {channel}.",
    "cant_kick_from_general": "Slack doesn't let anyone be removed from {channel}.",
    "already_pinned": "That message is already pinned in {channel}.",
    "not_pinned": "That message is not pinned in {channel}.",
    "too_many_pins": "{channel} has too many pinned items already.",
    "already_reacted": "I already reacted with :{emoji}: to that message.",
    "no_reaction": "I have no :{emoji}: reaction on that message.",
    "invalid_emoji": ":{emoji}: is not an emoji I know.",
    "too_many_reactions": "That message has too many reactions already.",
    "no_item_specified": "I need a message to act on.",
    "missing_scope": "The Slack app is missing a permission for that ({needed}).",
    "not_authed": "My Slack token is missing: ask an operator to check SLACK_BOT_TOKEN.",
    "invalid_auth": "Slack rejected my token: ask an operator to check SLACK_BOT_TOKEN.",
    "account_inactive": "My Slack token is no longer active: ask an operator to reinstall me.",
    "token_revoked": "My Slack token was revoked: ask an operator to reinstall me.",
    "not_allowed_token_type": "Slack won't let a bot token do that.",
    "ekm_access_denied": "The workspace's encryption settings block that.",
    "team_access_not_granted": "I don't have access to that workspace.",
    "invalid_arguments": "Slack didn't accept the arguments of that request.",
}


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
        raise RetryableToolError("Slack did not answer in time.", error_class="timeout") from None
    except aiohttp.ClientError as exc:
        raise RetryableToolError(
            f"I couldn't reach Slack ({type(exc).__name__}).", error_class="connection_error"
        ) from None
    data = response.data
    return data if isinstance(data, dict) else {}


async def _join(client: AsyncWebClient, channel_id: str, subject: Subject) -> None:
    sentences = {
        "method_not_supported_for_channel_type": (
            "I'm not a member of {channel} and it is private: invite me with /invite first."
        ),
        "channel_not_found": (
            "I'm not a member of {channel} and can't see it: invite me with /invite first."
        ),
    }
    try:
        await _send(client, "conversations.join", {"channel": channel_id})
    except SlackApiError as exc:
        raise slack_error(exc, subject, sentences) from None


def slack_error(
    exc: SlackApiError, subject: Subject, sentences: Mapping[str, str] | None = None
) -> ToolError:
    """The `ToolError` (or `RetryableToolError`) a Slack API error becomes."""
    error = _error_string(exc)
    status = _status(exc)
    if error == "ratelimited" or status == 429:
        retry_after = _retry_after(exc)
        wait = f" for {retry_after:g} s" if retry_after is not None else ""
        return RetryableToolError(
            f"Slack is rate-limiting me{wait}; I'll try again.",
            error_class="ratelimited",
            retry_after=retry_after,
        )
    if error in RETRYABLE_ERRORS or status >= 500:
        return RetryableToolError(
            f"Slack had a problem (HTTP {status}); I'll try again.",
            error_class=error or f"http_{status}",
            retry_after=_retry_after(exc),
        )
    template = (sentences or {}).get(error) or ERROR_SENTENCES.get(error)
    if template is None:
        return ToolError(f"Slack refused that: {error or f'HTTP {status}'}.", error_class=error)
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
