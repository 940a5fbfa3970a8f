"""What the Web API layer raises and records: ``ApiError`` and ``ApiCall``.

They live beside the workspace because the workspace raises ``ApiError`` too
(a reaction to a missing message), and the emulator records every call.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class ApiError(Exception):
    """A Slack Web API error: becomes ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, *, status: int = 200, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body Slack would send back for this error."""
        return {"ok": False, "error": self.error, **self.extra}


@dataclass
class ApiCall:
    """One request the emulator received, with the response it sent."""

    method: str
    params: dict[str, Any]
    token: str | None
    response: dict[str, Any]
    at: float = field(default_factory=time.time)


#: Records one call: method, params, token, response (``SlackEmulator.calls`` gets an ``ApiCall``).
Recorder = Callable[[str, dict[str, Any], str | None, dict[str, Any]], None]
