"""Failures a test plans for the next calls of a method (``SlackEmulator.fail_next``)."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass


@dataclass
class PlannedFailure:
    """One failure queued by ``fail_next``."""

    error: str
    status: int
    retry_after: int | None

    def headers(self) -> dict[str, str]:
        return {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}


class PlannedFailures:
    """Per method, the failures still to answer, oldest first."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[PlannedFailure]] = defaultdict(deque)

    def add(
        self,
        method: str,
        error: str,
        *,
        status: int | None,
        retry_after: int | None,
        times: int,
    ) -> None:
        """Queue ``times`` failures; ``ratelimited`` defaults to HTTP 429 and Retry-After 1."""
        is_ratelimit = error == "ratelimited"
        failure = PlannedFailure(
            error=error,
            status=status if status is not None else (429 if is_ratelimit else 200),
            retry_after=retry_after if retry_after is not None else (1 if is_ratelimit else None),
        )
        self._queues[method].extend(failure for _ in range(times))

    def take(self, method: str) -> PlannedFailure | None:
        """The next failure planned for ``method``, if any (it is used up)."""
        queue = self._queues.get(method)
        return queue.popleft() if queue else None
