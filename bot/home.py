"""The App Home tab's view."""

from __future__ import annotations

from typing import Any

from bot import messages


def home_view(*, is_admin: bool, model_enabled: bool) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": messages.HOME_TITLE}},
        _section(messages.HOME_INTRO),
        _section(messages.HOME_HOW_TO),
        {"type": "divider"},
        _section(f"*What I can do*\n{messages.CAPABILITIES}"),
    ]
    if not model_enabled:
        blocks.append(
            _context(
                "No language model is connected: I answer with this overview until an admin sets "
                "`OPENAI_API_KEY`."
            )
        )
    if is_admin:
        blocks.append(_context("You are an admin: `/stats` is open to you."))
    return {"type": "home", "blocks": blocks}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
