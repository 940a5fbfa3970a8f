"""Requests shaped and signed exactly as Slack sends them, for the console and the tests.

Bodies follow Slack's documented payloads (see `tests/payloads/`); each is signed
with `v0=HMAC-SHA256("v0:<timestamp>:<raw body>")` through slack_sdk's own
`SignatureVerifier`, so the bot verifies them as it would verify Slack.
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

_event_numbers = itertools.count(1)


@dataclass(frozen=True)
class SlackResponse:
    status: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


@dataclass(frozen=True)
class WorkspaceIdentity:
    team_id: str
    bot_user_id: str
    api_app_id: str = "A0KAIZEN"
    team_domain: str = "sandbox"


class SlackRequestSender:
    """Posts signed requests to the bot's `/slack/events`."""

    def __init__(
        self, events_url: str, signing_secret: str, session: aiohttp.ClientSession
    ) -> None:
        self.events_url = events_url
        self._verifier = SignatureVerifier(signing_secret)
        self._session = session

    def signed_headers(
        self, body: str, content_type: str, timestamp: int | None = None
    ) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = self._verifier.generate_signature(timestamp=stamp, body=body)
        if signature is None:  # only when there is no timestamp, and there always is one
            raise RuntimeError("slack_sdk gave no signature for a timestamped request")
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
        }

    async def post_raw(self, body: str, headers: dict[str, str]) -> SlackResponse:
        async with self._session.post(self.events_url, data=body.encode(), headers=headers) as resp:
            return SlackResponse(resp.status, await resp.text())

    async def send_json(
        self, payload: dict[str, Any], *, retry_num: int | None = None, timestamp: int | None = None
    ) -> SlackResponse:
        body = json.dumps(payload)
        headers = self.signed_headers(body, "application/json", timestamp)
        if retry_num:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        return await self.post_raw(body, headers)

    async def send_form(self, fields: dict[str, str]) -> SlackResponse:
        body = urlencode(fields)
        return await self.post_raw(
            body, self.signed_headers(body, "application/x-www-form-urlencoded")
        )

    async def send_interaction(self, payload: dict[str, Any]) -> SlackResponse:
        return await self.send_form({"payload": json.dumps(payload)})


def new_event_id() -> str:
    return f"Ev{next(_event_numbers):04d}{uuid.uuid4().hex[:8].upper()}"


def event_callback(
    event: dict[str, Any], workspace: WorkspaceIdentity, *, event_id: str | None = None
) -> dict[str, Any]:
    """The Events API envelope around `event`."""
    return {
        "token": "sandboxVerificationToken",
        "team_id": workspace.team_id,
        "context_team_id": workspace.team_id,
        "context_enterprise_id": None,
        "api_app_id": workspace.api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": workspace.team_id,
                "user_id": workspace.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }


def _rich_text(text: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "rich_text",
            "block_id": uuid.uuid4().hex[:5],
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
            ],
        }
    ]


def message_event(
    *,
    user: str,
    channel: str,
    text: str,
    ts: str,
    team_id: str,
    channel_type: str = "im",
    thread_ts: str | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "client_msg_id": str(uuid.uuid4()),
        "team": team_id,
        "blocks": _rich_text(text),
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def app_mention_event(
    *, user: str, channel: str, text: str, ts: str, team_id: str, thread_ts: str | None = None
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "client_msg_id": str(uuid.uuid4()),
        "team": team_id,
        "blocks": _rich_text(text),
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def app_home_opened_event(*, user: str, channel: str, tab: str = "home") -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }


def reaction_added_event(
    *, user: str, reaction: str, channel: str, ts: str, item_user: str
) -> dict[str, Any]:
    return {
        "type": "reaction_added",
        "user": user,
        "reaction": reaction,
        "item_user": item_user,
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": f"{time.time():.6f}",
    }


def slash_command_form(
    *,
    command: str,
    text: str,
    user_id: str,
    user_name: str,
    channel_id: str,
    channel_name: str,
    workspace: WorkspaceIdentity,
    response_url: str,
) -> dict[str, str]:
    return {
        "token": "sandboxVerificationToken",
        "team_id": workspace.team_id,
        "team_domain": workspace.team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": workspace.api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**11}.{uuid.uuid4().hex}",
    }


def block_action_payload(
    *,
    user_id: str,
    user_name: str,
    workspace: WorkspaceIdentity,
    channel_id: str,
    channel_name: str,
    message: dict[str, Any],
    action: dict[str, Any],
    response_url: str,
) -> dict[str, Any]:
    """A button click on `message` (`action` is the clicked element, as it was sent)."""
    return {
        "type": "block_actions",
        "user": {
            "id": user_id,
            "username": user_name,
            "name": user_name,
            "team_id": workspace.team_id,
        },
        "api_app_id": workspace.api_app_id,
        "token": "sandboxVerificationToken",
        "container": {
            "type": "message",
            "message_ts": message.get("ts"),
            "channel_id": channel_id,
            "is_ephemeral": False,
        },
        "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**11}.{uuid.uuid4().hex}",
        "team": {"id": workspace.team_id, "domain": workspace.team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
        "message": message,
    }
