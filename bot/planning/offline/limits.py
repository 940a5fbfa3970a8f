"""How much the offline planner reads: bounds that keep its time roughly linear."""

from __future__ import annotations

MAX_INPUT_CHARS = 2_000  # longer requests are not plain commands
MAX_PARTS = 30  # chunks considered for regrouping; beyond that only the whole text is tried
MAX_STEPS = 25
MAX_READ_LIMIT = 1_000  # the most messages, rows or issues a request may ask to read
