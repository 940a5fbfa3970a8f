"""Names for what the analysis counts: pattern keys, tool sequences, normalised requests."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from bot.learning.analysis.kinds import KEY_LIMIT


def pattern_key(*parts: object) -> str:
    text = "|".join(str(part) for part in parts)
    if len(text) <= KEY_LIMIT:
        return text
    digest = hashlib.sha1(text.encode()).hexdigest()[:16]
    return f"{text[: KEY_LIMIT - 17]}#{digest}"


def signature(tools: Iterable[str]) -> str:
    return ">".join(tools)


def function_name(tool: str) -> str:
    """The name the model sees for a tool: `slack.set_topic` → `slack_set_topic`."""
    return tool.replace(".", "_")


def sequence_text(tools: Iterable[str]) -> str:
    return " then ".join(f"`{function_name(tool)}`" for tool in tools) or "no tool"


def normalise_request(text: str) -> str:
    lowered = re.sub(r"<[^>]+>", " ", text.lower())
    lowered = re.sub(r"\d+", "#", lowered)
    return " ".join(re.findall(r"[\w#:-]+", lowered))[:160]


def default_is_read(tool: str) -> bool:
    verb = tool.rsplit(".", 1)[-1]
    return verb.startswith(("list", "read", "search", "query", "get", "find"))
