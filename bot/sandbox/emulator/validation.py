"""The input limits Slack enforces, and the checks that answer its errors past them."""

from __future__ import annotations

from typing import Any

from bot.sandbox.workspace.api_records import ApiError

MAX_TEXT_CHARS = 40_000
MAX_MARKDOWN_CHARS = 12_000
MAX_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3_000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2_000
MAX_HEADER_TEXT = 150
MAX_ATTACHMENTS = 100
MAX_CHANNEL_NAME = 80
MAX_TOPIC_CHARS = 250


def check_message_text(text: str | None, *, limit: int = MAX_TEXT_CHARS) -> None:
    """Raise ``msg_too_long`` past Slack's 40,000-character limit."""
    if text is not None and len(text) > limit:
        raise ApiError("msg_too_long")


def check_blocks(
    blocks: object, *, limit: int = MAX_BLOCKS, error: str = "invalid_blocks"
) -> list[dict[str, Any]]:
    """Validate a Block Kit list the way chat.postMessage does and return it.

    Checks the limits a bot is most likely to hit: block count, section text
    and fields, header text. Problems come back in ``response_metadata``.
    """
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        raise ApiError("invalid_blocks_format")
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"[ERROR] no more than {limit} items allowed [json-pointer:/blocks]")
    for index, block in enumerate(blocks):
        problems.extend(_block_problems(block, f"/blocks/{index}"))
    if problems:
        raise ApiError(error, response_metadata={"messages": problems})
    return blocks


def _block_problems(block: dict[str, Any], pointer: str) -> list[str]:
    kind = block.get("type")
    if not isinstance(kind, str) or not kind:
        return [f"[ERROR] missing required field: type [json-pointer:{pointer}]"]
    problems: list[str] = []
    if kind == "section":
        problems += _text_too_long(block.get("text"), MAX_SECTION_TEXT, f"{pointer}/text/text")
        fields = block.get("fields") or []
        if len(fields) > MAX_SECTION_FIELDS:
            problems.append(
                f"[ERROR] no more than {MAX_SECTION_FIELDS} items allowed"
                f" [json-pointer:{pointer}/fields]"
            )
        for i, item in enumerate(fields):
            problems += _text_too_long(item, MAX_FIELD_TEXT, f"{pointer}/fields/{i}/text")
        if block.get("text") is None and not fields:
            problems.append(f"[ERROR] must provide either text or fields [json-pointer:{pointer}]")
    elif kind == "header":
        problems += _text_too_long(block.get("text"), MAX_HEADER_TEXT, f"{pointer}/text/text")
    return problems


def _text_too_long(text_object: object, limit: int, pointer: str) -> list[str]:
    if isinstance(text_object, dict) and len(str(text_object.get("text", ""))) > limit:
        return [f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"]
    return []


def check_attachments(attachments: object) -> list[dict[str, Any]]:
    """Validate legacy attachments (a list of objects, at most 100)."""
    if not isinstance(attachments, list) or not all(isinstance(a, dict) for a in attachments):
        raise ApiError("invalid_attachments")
    if len(attachments) > MAX_ATTACHMENTS:
        raise ApiError("too_many_attachments")
    return attachments


def check_channel_name(name: str) -> str:
    """Apply Slack's channel-name rules and return the name.

    Lowercase letters, digits, ``-`` and ``_`` only, at most 80 characters,
    not punctuation alone.
    """
    if not name:
        raise ApiError("invalid_name_required")
    if len(name) > MAX_CHANNEL_NAME:
        raise ApiError("invalid_name_maxlength")
    if any(not _allowed_in_channel_name(ch) for ch in name):
        raise ApiError("invalid_name_specials")
    if all(ch in "-_" for ch in name):
        raise ApiError("invalid_name_punctuation")
    return name


def _allowed_in_channel_name(ch: str) -> bool:
    return ch in "-_" or (ch.isalnum() and ch == ch.lower())
