"""Posting answers in the thread: Block Kit within Slack's limits, long text streamed."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.orchestrator.request import Request
from bot.surfaces.blocks import result_blocks
from bot.surfaces.text import split_for_slack

logger = logging.getLogger(__name__)

STREAM_THRESHOLD = 1_500  # characters; longer plain answers are streamed
STREAM_CHUNK = 400


class ReplyPoster:
    """Where a run answers: its channel and thread, for the member who asked."""

    def __init__(
        self, client: AsyncWebClient, *, channel: str, thread_ts: str, team_id: str, user_id: str
    ) -> None:
        self._client = client
        self._channel = channel
        self._thread_ts = thread_ts
        self._team_id = team_id
        self._user_id = user_id

    async def post(self, text: str, undoables: list[tuple[int, str]] | None = None) -> str:
        """Post the answer; returns the ts of the (last) message."""
        if undoables:
            return await self.post_blocks(text, result_blocks(text, undoables))
        if len(text) > STREAM_THRESHOLD:
            return await self._stream(text)
        return await self._post_text(text)

    async def post_blocks(self, text: str, blocks: list[dict[str, Any]]) -> str:
        response = await self._client.chat_postMessage(
            channel=self._channel,
            thread_ts=self._thread_ts,
            text=text[:3000],
            blocks=blocks,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response.get("ts", ""))

    async def _post_text(self, text: str) -> str:
        last = ""
        for piece in split_for_slack(text):
            response = await self._client.chat_postMessage(
                channel=self._channel,
                thread_ts=self._thread_ts,
                text=piece,
                unfurl_links=False,
                unfurl_media=False,
            )
            last = str(response.get("ts", ""))
        return last

    async def _stream(self, text: str) -> str:
        """chat.startStream → appendStream… → stopStream; falls back to chat.update."""
        chunks = [text[i : i + STREAM_CHUNK] for i in range(0, len(text), STREAM_CHUNK)]
        try:
            started = await self._client.chat_startStream(
                channel=self._channel,
                thread_ts=self._thread_ts,
                recipient_team_id=self._team_id,
                recipient_user_id=self._user_id,
                markdown_text=chunks[0],
            )
        except SlackApiError as error:
            logger.info("streaming unavailable (%s); posting instead", error.response.get("error"))
            return await self._post_text(text)
        ts = str(started["ts"])
        sent = chunks[0]
        try:
            for chunk in chunks[1:]:
                await self._client.chat_appendStream(
                    channel=self._channel, ts=ts, markdown_text=chunk
                )
                sent += chunk
            await self._client.chat_stopStream(channel=self._channel, ts=ts)
        except SlackApiError as error:
            logger.info(
                "stream ended early (%s); finishing with chat.update", error.response.get("error")
            )
            await self._finish_with_update(ts, text)
        return ts

    async def _finish_with_update(self, ts: str, text: str) -> None:
        pieces = split_for_slack(text)
        await self._client.chat_update(channel=self._channel, ts=ts, text=pieces[0])
        for piece in pieces[1:]:
            await self._client.chat_postMessage(
                channel=self._channel,
                thread_ts=self._thread_ts,
                text=piece,
                unfurl_links=False,
                unfurl_media=False,
            )


def poster_for(client: AsyncWebClient, request: Request) -> ReplyPoster:
    """Where the run answering `request` posts: the request's thread."""
    return ReplyPoster(
        client,
        channel=request.channel_id,
        thread_ts=request.reply_thread_ts,
        team_id=request.team_id,
        user_id=request.user_id,
    )
