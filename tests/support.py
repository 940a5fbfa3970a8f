"""Small helpers shared by tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(
    condition: Callable[[], object], *, timeout: float = 5.0, interval: float = 0.01
) -> None:
    """Poll `condition` until it is truthy: listeners keep working after the ack."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(interval)


async def stays_false(condition: Callable[[], object], *, duration: float = 0.3) -> bool:
    """True if `condition` stayed falsy for `duration` seconds."""
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        if condition():
            return False
        await asyncio.sleep(0.01)
    return True
