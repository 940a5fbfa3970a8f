"""Reading a request the way slack.com does: query, JSON or form parameters, and the token."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from aiohttp import web

from bot.sandbox.workspace.api_records import ApiError

#: Parameters that form-encoded clients send as JSON strings.
JSON_PARAMS = frozenset(
    {"blocks", "attachments", "files", "metadata", "view", "chunks", "prompts", "loading_messages"}
)


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query parameters merged with a JSON or form body (the body wins)."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            params.update(await _read_json_object(request))
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            params.update({key: value for key, value in form.items() if isinstance(value, str)})
    return _decode_json_params(params)


async def _read_json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.text())
    except ValueError:
        raise ApiError("invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError("invalid_json")
    return body


def _decode_json_params(params: dict[str, Any]) -> dict[str, Any]:
    """Decode ``blocks='[...]'`` and friends; a value that is not JSON stays a string."""
    for key in JSON_PARAMS & params.keys():
        value = params[key]
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params


def bearer_token(request: web.Request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def optional_str(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
