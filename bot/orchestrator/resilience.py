"""Retries for integration calls (SPEC §5.5), built on tenacity.

Only errors worth retrying are retried: `RetryableToolError` (timeouts, 429,
5xx) and `asyncio.TimeoutError`. A plain `ToolError`, or any other exception,
is raised at once. The wait before the next attempt is the error's
`retry_after` when the service named one (honoured exactly, capped at
`max_delay`), otherwise exponential backoff with full jitter. Every retry
takes one unit from the run's `RetryBudget`; when the budget (or
`max_attempts`) runs out, the last error is raised as it was, never wrapped.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception

from bot.integrations.base import RetryableToolError

T = TypeVar("T")

OnWait = Callable[[float, int, BaseException], Awaitable[None]]
Sleep = Callable[[float], Awaitable[None]]

# Since Python 3.11 `asyncio.TimeoutError` is the builtin `TimeoutError`.
RETRYABLE_ERRORS: tuple[type[BaseException], ...] = (RetryableToolError, TimeoutError)


class RetryBudget:
    """How many retries one run may still make, across all its integration calls."""

    def __init__(self, limit: int) -> None:
        if limit < 0:
            raise ValueError("a retry budget cannot be negative")
        self.limit = limit
        self.used = 0

    @property
    def remaining(self) -> int:
        return self.limit - self.used

    def take(self) -> bool:
        """Spend one retry; False (and nothing spent) when the budget is empty."""
        if self.used >= self.limit:
            return False
        self.used += 1
        return True


def is_retryable(error: BaseException) -> bool:
    return isinstance(error, RETRYABLE_ERRORS)


def backoff_ceiling(attempt: int, *, base_delay: float, max_delay: float) -> float:
    """The longest wait after failed attempt `attempt` (1-based): base · 2^(attempt-1), capped."""
    return min(max_delay, base_delay * 2 ** (attempt - 1))


def full_jitter(
    attempt: int,
    *,
    base_delay: float,
    max_delay: float,
    uniform: Callable[[float, float], float] = random.uniform,
) -> float:
    """A wait drawn uniformly from [0, ceiling]: spreads retries of many callers apart."""
    return uniform(0.0, backoff_ceiling(attempt, base_delay=base_delay, max_delay=max_delay))


def delay_for(
    error: BaseException | None, attempt: int, *, base_delay: float, max_delay: float
) -> float:
    """The service's `retry_after` when it gave one (capped), else jittered backoff."""
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        return min(max(float(retry_after), 0.0), max_delay)
    return full_jitter(attempt, base_delay=base_delay, max_delay=max_delay)


async def call_with_retries(
    operation: Callable[[], Awaitable[T]],
    *,
    budget: RetryBudget,
    on_wait: OnWait | None = None,
    max_attempts: int = 4,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
    sleep: Sleep = asyncio.sleep,
) -> T:
    """Run `operation`, retrying retryable failures within `max_attempts` and `budget`.

    `on_wait(seconds, attempt, error)` is awaited before each wait, with the
    number of the attempt that just failed, so the caller can show progress in
    Slack when the wait is long.
    """

    def wait(state: RetryCallState) -> float:
        return delay_for(
            _failure(state), state.attempt_number, base_delay=base_delay, max_delay=max_delay
        )

    def should_stop(state: RetryCallState) -> bool:
        # Checked only after a retryable failure: the attempt limit first, so a call
        # that may not retry anyway does not spend the run's budget.
        return state.attempt_number >= max_attempts or not budget.take()

    async def before_sleep(state: RetryCallState) -> None:
        if on_wait is not None:
            error = _failure(state)
            if error is not None:  # always: tenacity sleeps only after a failed attempt
                await on_wait(state.upcoming_sleep, state.attempt_number, error)

    async def attempt() -> T:
        # Awaited here: tenacity would not await what a plain (non-async) callable returns.
        return await operation()

    retrying = AsyncRetrying(
        sleep=sleep,
        stop=should_stop,
        wait=wait,
        retry=retry_if_exception(is_retryable),
        before_sleep=before_sleep,
        reraise=True,
    )
    return await retrying(attempt)


def _failure(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome is not None else None
