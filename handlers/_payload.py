"""Reading a block action's payload: who clicked, where, and on which message."""

from __future__ import annotations

from typing import Any

from bot.config import Settings
from bot.surfaces.buttons.click import Click


def click_of(body: dict[str, Any], action: dict[str, Any], settings: Settings) -> Click:
    user_id, channel_id = _clicker(body)
    message = body.get("message") or {}
    return Click(
        team_id=_team_of(body),
        user_id=user_id,
        channel_id=channel_id,
        value=str(action.get("value", "")),
        is_admin=settings.is_admin(user_id),
        in_home_tab=_in_home_tab(body),
        thread_ts=message.get("thread_ts") or message.get("ts"),
    )


def _clicker(body: dict[str, Any]) -> tuple[str, str]:
    user = body.get("user") or {}
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    return str(user.get("id", "")), str(channel.get("id") or container.get("channel_id") or "")


def _in_home_tab(body: dict[str, Any]) -> bool:
    container = body.get("container") or {}
    return container.get("type") == "view" or (
        not body.get("channel") and (body.get("view") or {}).get("type") == "home"
    )


def _team_of(body: dict[str, Any]) -> str:
    team = body.get("team") or {}
    return str(team.get("id") or (body.get("user") or {}).get("team_id") or "")
