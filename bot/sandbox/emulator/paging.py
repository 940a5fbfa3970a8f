"""Cursor pagination and oldest/latest windows, as Slack's list and history methods use them."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from bot.sandbox.emulator.api_request import ApiRequest
from bot.sandbox.workspace.api_records import ApiError

TsKey = tuple[int, int]


def ts_key(ts: str) -> TsKey:
    """Order ts strings numerically ("1.5" is 1 s + 500000 µs)."""
    seconds, _, fraction = ts.partition(".")
    return int(seconds or 0), int((fraction + "000000")[:6])


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, number = base64.b64decode(cursor, validate=True).decode().partition(":")
        if kind != "offset":
            raise ValueError(kind)
        return max(int(number), 0)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ApiError("invalid_cursor") from None


def paginate(
    items: list[Any], request: ApiRequest, *, default_limit: int, max_limit: int
) -> tuple[list[Any], str]:
    """One page of ``items`` for ``cursor``/``limit``, and the next cursor ("" at the end)."""
    offset = decode_cursor(request.text("cursor"))
    limit = request.integer("limit", default_limit)
    limit = max_limit if limit <= 0 else min(limit, max_limit)
    page = items[offset : offset + limit]
    next_offset = offset + limit
    return page, encode_cursor(next_offset) if next_offset < len(items) else ""


def time_window(request: ApiRequest) -> tuple[TsKey, TsKey | None]:
    """The ``oldest`` / ``latest`` bounds of a history request (latest may be open)."""
    latest = request.text("latest")
    return ts_key(request.text("oldest") or "0"), ts_key(latest) if latest else None


def in_window(key: TsKey, oldest: TsKey, latest: TsKey | None, inclusive: bool) -> bool:
    """conversations.history's oldest/latest bounds (exclusive unless ``inclusive``)."""
    if inclusive:
        return key >= oldest and (latest is None or key <= latest)
    return key > oldest and (latest is None or key < latest)
