"""What a message says, read and checked from the fields chat.* and response URLs accept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox.emulator.validation import (
    MAX_MARKDOWN_CHARS,
    check_attachments,
    check_blocks,
    check_message_text,
)


@dataclass
class MessageContent:
    """What a message says: the fields chat.postMessage / update accept."""

    text: str | None = None
    blocks: list[dict[str, Any]] | None = None
    attachments: list[dict[str, Any]] | None = None
    metadata: dict[str, Any] | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.blocks and not self.attachments


def message_content(params: dict[str, Any]) -> MessageContent:
    """Read and validate text / markdown_text / blocks / attachments / metadata."""
    text = params.get("text")
    markdown = params.get("markdown_text")
    check_message_text(None if text is None else str(text))
    check_message_text(None if markdown is None else str(markdown), limit=MAX_MARKDOWN_CHARS)
    blocks = params.get("blocks")
    attachments = params.get("attachments")
    metadata = params.get("metadata")
    return MessageContent(
        text=str(text) if text not in (None, "") else (str(markdown) if markdown else None),
        blocks=check_blocks(blocks) if blocks is not None and blocks != "" else None,
        attachments=check_attachments(attachments) if attachments not in (None, "") else None,
        metadata=metadata if isinstance(metadata, dict) else None,
    )
