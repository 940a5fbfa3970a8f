"""Cutting a request into chunks at "and", "then", ",", ";", sentence ends and new lines.

Slack markup (`<…>`) and double-quoted text are never cut. Which chunks belong
together is decided later (`bot.planning.offline.reading`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Slack markup and double-quoted text are never cut.
PROTECTED = re.compile(r'<[^<>]*>|"[^"\n]*"|“[^“”\n]*”')
_SEPARATOR_TOKEN = re.compile(
    r"[,;]|[.!?…]+(?=\s)|\n"
    r"|(?<!\S)(?:and|then|also|after\s+that|afterwards|&|&amp;)(?!\S)",
    re.IGNORECASE,
)
_THEN_WORDS = ("then", "after", "afterwards")


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    after_then: bool  # "then" (or "after that") came before it


def chunks(text: str) -> list[Chunk]:
    """Cut `text` at separators; each chunk knows whether "then" came before it."""
    protected = [match.span() for match in PROTECTED.finditer(text)]
    separators: list[tuple[int, int, list[str]]] = []
    index = 0
    for token in _SEPARATOR_TOKEN.finditer(text):
        while index < len(protected) and protected[index][1] <= token.start():
            index += 1
        if index < len(protected) and protected[index][0] < token.end():
            continue  # inside markup or quotes
        word = token.group().lower()
        if separators and not text[separators[-1][1] : token.start()].strip():
            start, _, words = separators[-1]
            separators[-1] = (start, token.end(), [*words, word])
        else:
            separators.append((token.start(), token.end(), [word]))
    separators = [sep for sep in separators if sep[2] != ["also"]]  # "also" only after "and"

    found: list[Chunk] = []
    position, after_then = 0, False
    for start, end, words in [*separators, (len(text), len(text), [])]:
        piece = text[position:start]
        if piece.strip():
            left = position + len(piece) - len(piece.lstrip())
            right = start - (len(piece) - len(piece.rstrip()))
            found.append(Chunk(left, right, after_then))
            after_then = False
        after_then = after_then or any(word.startswith(_THEN_WORDS) for word in words)
        position = end
    return found
