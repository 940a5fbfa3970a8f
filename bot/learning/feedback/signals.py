"""Which way feedback points: 👍 / 👎 reactions, and praise or critique in an `/improve` text."""

from __future__ import annotations

import re

POSITIVE_REACTIONS = {"+1", "thumbsup", "white_check_mark", "heavy_check_mark", "tada"}

NEGATIVE_REACTIONS = {"-1", "thumbsdown", "x", "no_entry_sign"}

PRAISE = re.compile(
    r"\b(thanks|thank you|great|perfect|love (it|this)|nice|exactly|well done|awesome|good job)\b"
)

CRITIQUE = re.compile(
    r"\b(but|should|instead|don'?t|do not|didn'?t|wrong|not|never|stop|please|better|"
    r"shorter|longer|less|more)\b"
)


def reaction_signal(name: str) -> int:
    """+1 for 👍 (any skin tone), −1 for 👎, 0 for anything else."""
    base = name.split("::", 1)[0]
    if base in POSITIVE_REACTIONS:
        return 1
    if base in NEGATIVE_REACTIONS:
        return -1
    return 0


def improve_signal(text: str) -> int:
    lowered = text.lower()
    return 1 if PRAISE.search(lowered) and not CRITIQUE.search(lowered) else -1
