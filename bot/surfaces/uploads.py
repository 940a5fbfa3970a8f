"""Posting files and opening DMs: the Slack calls the chart replies and the digest share."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient


async def upload_png(
    client: AsyncWebClient,
    *,
    channel: str,
    png: bytes,
    filename: str,
    title: str,
    thread_ts: str | None = None,
) -> None:
    """files.getUploadURLExternal, the upload, then files.completeUploadExternal."""
    options: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
    await client.files_upload_v2(
        channel=channel, file=png, filename=filename, title=title, **options
    )


async def dm_channel(client: AsyncWebClient, user_id: str) -> str:
    """The member's DM with the bot, opened if need be."""
    response = await client.conversations_open(users=user_id)
    return str(response["channel"]["id"])


def slack_error(error: SlackApiError) -> str:
    """Slack's error code (`not_in_channel`, …) from a refused call."""
    return str(error.response.get("error", "unknown_error"))
