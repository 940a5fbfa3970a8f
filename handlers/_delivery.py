"""Facts about the delivery that every event listener needs."""

from __future__ import annotations

from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest


def retry_num(request: AsyncBoltRequest) -> int:
    values = request.headers.get("x-slack-retry-num") or ["0"]
    try:
        return int(values[0])
    except ValueError:
        return 0


def team_id_of(body: dict[str, Any], context: dict[str, Any]) -> str:
    return str(body.get("team_id") or context.get("team_id") or "")


def event_id_of(body: dict[str, Any]) -> str:
    """Slack's `event_id`; Socket Mode and old payloads fall back to the event's timestamp."""
    event = body.get("event") or {}
    return str(body.get("event_id") or event.get("event_ts") or event.get("ts") or "")
