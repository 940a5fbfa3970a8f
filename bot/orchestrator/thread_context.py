"""Conversation context for the model, from the Slack thread, bounded to fit."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.orchestrator.request import Request
from bot.orchestrator.specialists import Specialist
from bot.runtime.redaction import Redactor
from bot.surfaces.text import clean_text, strip_mentions

logger = logging.getLogger(__name__)

THREAD_MESSAGES = 20
THREAD_CHARS = 24_000
DATA_FROM_OTHERS = "<data source="  # how `_as_turn` wraps someone else's words


async def thread_messages(
    client: AsyncWebClient, request: Request, text: str, agent: Specialist, redact: Redactor
) -> list[dict[str, Any]]:
    """System prompt, the thread's earlier messages (newest kept first), then the request."""
    thread_ts = request.thread_ts
    earlier = await _earlier_messages(client, request, thread_ts) if thread_ts else []
    turns: list[dict[str, Any]] = []
    budget = THREAD_CHARS - len(text)
    bot_user = _bot_user_id(earlier)
    for message in reversed(earlier):
        turn = _as_turn(message, request.user_id, bot_user, redact)
        if turn is None:
            continue
        if len(turn["content"]) > budget:
            break
        budget -= len(turn["content"])
        turns.append(turn)
    return [
        {"role": "system", "content": agent.system_prompt},
        *reversed(turns),
        {"role": "user", "content": text},
    ]


def quotes_others(history: list[dict[str, Any]]) -> bool:
    """Whether the model's context carries other people's words (their thread replies).

    Such words are outside content: no call may then run on the member's learned
    policy alone, so an injected "archive #x" can never skip the confirmation.
    """
    return any(
        turn.get("role") == "user" and str(turn.get("content") or "").startswith(DATA_FROM_OTHERS)
        for turn in history
    )


async def _earlier_messages(
    client: AsyncWebClient, request: Request, thread_ts: str
) -> list[dict[str, Any]]:
    try:
        response = await client.conversations_replies(
            channel=request.channel_id, ts=thread_ts, limit=THREAD_MESSAGES + 1
        )
    except SlackApiError as error:
        logger.info("thread context unavailable: %s", error.response.get("error"))
        return []
    replies: list[dict[str, Any]] = response.get("messages", [])
    found = [m for m in replies if m.get("ts") != request.ts]
    return found[-THREAD_MESSAGES:]


def _bot_user_id(messages: list[dict[str, Any]]) -> str | None:
    return next((m.get("user") for m in messages if m.get("bot_id")), None)


def _as_turn(
    message: dict[str, Any], requester: str, bot_user: str | None, redact: Redactor
) -> dict[str, Any] | None:
    text = redact(clean_text(str(message.get("text") or ""))).strip()
    if not text:
        return None
    if message.get("bot_id") or (bot_user and message.get("user") == bot_user):
        return {"role": "assistant", "content": text}
    if message.get("user") == requester:
        return {"role": "user", "content": strip_mentions(text)}
    # Someone else's words are information for the model, never instructions.
    return {
        "role": "user",
        "content": f'<data source="<@{message.get("user")}> in this thread">\n{text}\n</data>',
    }
