"""Cleaning a request and the polite filler around each part ("please", "for me", "?")."""

from __future__ import annotations

import re

from bot.planning.offline.rule import Part

# Control characters, soft hyphen, zero-width and bidirectional formatting characters,
# byte-order mark and lone surrogates. Zero-width (non-)joiners stay: emoji need them.
_DROPPED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u061c\u180e\u200b\u200e\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)

_LEADING_FILLER = re.compile(
    r"(?:"
    r"(?:please|pls|plz|kindly|just|now|also|then|ok|okay|hey|hi|hello|yo|kaizen)\b"
    r"|(?:can|could|would|will)\s+(?:you|u)\b"
    r"|i(?:'d|’d|\s+would)\s+like\s+you\s+to\b"
    r"|i\s+(?:want|need)\s+you\s+to\b"
    r"|go\s+ahead\s+and\b"
    r")[\s,:!]*",
    re.IGNORECASE,
)

_TRAILING_FILLER = (
    "please",
    "pls",
    "plz",
    "for me",
    "thanks",
    "thank you",
    "thx",
    "ty",
    "right now",
    "now",
    "asap",
    "kaizen",
)
_TRAILING_PUNCTUATION = " \t\n.,!?…"


def clean(text: str) -> str:
    """One kind of line break, no invisible or control characters, no outer spaces."""
    text = _DROPPED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip()


def _strip_leading_filler(text: str) -> str:
    for _ in range(8):
        match = _LEADING_FILLER.match(text)
        if match is None or match.end() == 0:
            break
        text = text[match.end() :]
    return text.strip()


def _strip_trailing_filler(text: str) -> str:
    for _ in range(8):
        stripped = text.rstrip(_TRAILING_PUNCTUATION)
        lowered = stripped.lower()
        for phrase in _TRAILING_FILLER:
            cut = len(lowered) - len(phrase)
            if lowered.endswith(phrase) and (cut == 0 or lowered[cut - 1] in " \t\n,"):
                stripped = stripped[:cut]
                break
        if stripped == text:
            break
        text = stripped
    return text.strip()


def part_of(text: str) -> Part:
    """`text` as a part: leading filler gone from both forms, trailing filler from `core`."""
    raw = _strip_leading_filler(text)
    return Part(raw=raw, core=_strip_trailing_filler(raw))
