"""Who a Jira assignee argument names: an accountId, an email, a name, "me" or nobody.

"me" is the member asking, matched to a Jira account by their Slack email (the
``users:read.email`` scope), else by their Slack name.
"""

from __future__ import annotations

import re

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.integrations.base import ToolContext, ToolError
from bot.integrations.jira.client import JiraClient
from bot.integrations.jira.views import JiraUser, clip
from bot.messages import jira as words

__all__ = ["resolve_assignee"]

_ACCOUNT_ID = re.compile(r"^(?:[0-9a-f]{24}|[0-9]{1,10}:[0-9a-f-]{36})$")
_UNASSIGNED = frozenset({"unassigned", "none", "nobody", "no one", "noone", "unassign"})
_ME = frozenset({"me", "myself", "@me"})


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
            raise ToolError(words.no_user_with_account_id(wanted), error_class="not_found")
        return user
    if "@" in wanted:
        user = await _by_email(client, wanted)
        if user is None:
            raise ToolError(words.no_user_with_email(wanted), error_class="not_found")
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
        raise ToolError(words.no_user_called(clip(name, 40)), error_class="not_found")
    names = ", ".join(sorted(str(u.get("displayName")) for u in candidates[:5]))
    raise ToolError(words.several_users(clip(name, 40), names), error_class="ambiguous_user")


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
    raise ToolError(words.REQUESTER_UNKNOWN, error_class="unknown_requester")


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
