"""Retries for integration calls: what is retried, how long it waits, the per-run budget."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.integrations.base import RetryableToolError, ToolError
from bot.orchestrator.resilience import (
    RetryBudget,
    backoff_ceiling,
    call_with_retries,
    full_jitter,
)


class FakeSleep:
    """Records each requested wait instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(float(seconds))


class Flaky:
    """Raises the given errors in turn, then returns "ok"."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def rate_limited(retry_after: float | None = None) -> RetryableToolError:
    return RetryableToolError("slow down", error_class="rate_limited", retry_after=retry_after)


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()


def test_budget_takes_until_empty() -> None:
    budget = RetryBudget(2)
    assert [budget.take(), budget.take(), budget.take()] == [True, True, False]
    assert budget.used == 2
    assert budget.remaining == 0


def test_budget_cannot_be_negative() -> None:
    with pytest.raises(ValueError):
        RetryBudget(-1)


async def test_success_after_failures(sleep: FakeSleep) -> None:
    operation = Flaky(rate_limited(), TimeoutError(), rate_limited())
    budget = RetryBudget(10)

    result = await call_with_retries(operation, budget=budget, sleep=sleep)

    assert result == "ok"
    assert operation.calls == 4
    assert budget.used == 3
    assert len(sleep.delays) == 3


async def test_first_success_needs_no_retry(sleep: FakeSleep) -> None:
    budget = RetryBudget(3)
    assert await call_with_retries(Flaky(), budget=budget, sleep=sleep) == "ok"
    assert budget.used == 0
    assert sleep.delays == []


async def test_accepts_a_plain_callable_returning_an_awaitable(sleep: FakeSleep) -> None:
    operation = Flaky(rate_limited(1))
    plain: Callable[[], Awaitable[str]] = lambda: operation()  # noqa: E731
    assert await call_with_retries(plain, budget=RetryBudget(3), sleep=sleep) == "ok"
    assert operation.calls == 2


async def test_retry_after_is_honoured_exactly(sleep: FakeSleep) -> None:
    operation = Flaky(rate_limited(7.25), rate_limited(0))
    await call_with_retries(operation, budget=RetryBudget(5), sleep=sleep)
    assert sleep.delays == [7.25, 0.0]


async def test_retry_after_is_capped_at_max_delay(sleep: FakeSleep) -> None:
    operation = Flaky(rate_limited(600))
    await call_with_retries(operation, budget=RetryBudget(5), sleep=sleep, max_delay=30.0)
    assert sleep.delays == [30.0]


@pytest.mark.parametrize(
    "error",
    [ToolError("no such channel"), ValueError("bug"), KeyError("x")],
    ids=["tool-error", "value-error", "key-error"],
)
async def test_non_retryable_errors_are_raised_at_once(sleep: FakeSleep, error: Exception) -> None:
    operation = Flaky(error)
    budget = RetryBudget(5)
    with pytest.raises(type(error)) as raised:
        await call_with_retries(operation, budget=budget, sleep=sleep)
    assert raised.value is error
    assert operation.calls == 1
    assert budget.used == 0
    assert sleep.delays == []


async def test_empty_budget_raises_the_original_last_error(sleep: FakeSleep) -> None:
    errors = [rate_limited(1), rate_limited(2), rate_limited(3)]
    operation = Flaky(*errors)
    budget = RetryBudget(2)

    with pytest.raises(RetryableToolError) as raised:
        await call_with_retries(operation, budget=budget, sleep=sleep, max_attempts=10)

    assert raised.value is errors[2]
    assert operation.calls == 3
    assert budget.used == 2
    assert sleep.delays == [1, 2]


async def test_budget_is_shared_across_calls_of_one_run(sleep: FakeSleep) -> None:
    budget = RetryBudget(1)
    assert await call_with_retries(Flaky(rate_limited(1)), budget=budget, sleep=sleep) == "ok"
    last = rate_limited(1)
    with pytest.raises(RetryableToolError) as raised:
        await call_with_retries(Flaky(last), budget=budget, sleep=sleep)
    assert raised.value is last


async def test_max_attempts_stops_without_spending_budget_on_the_last(sleep: FakeSleep) -> None:
    errors = [rate_limited(1) for _ in range(5)]
    operation = Flaky(*errors)
    budget = RetryBudget(100)

    with pytest.raises(RetryableToolError) as raised:
        await call_with_retries(operation, budget=budget, sleep=sleep, max_attempts=3)

    assert raised.value is errors[2]
    assert operation.calls == 3
    assert budget.used == 2


async def test_backoff_is_jittered_within_growing_bounds(sleep: FakeSleep) -> None:
    for _ in range(50):
        operation = Flaky(*(rate_limited() for _ in range(5)))
        await call_with_retries(
            operation,
            budget=RetryBudget(100),
            sleep=sleep,
            max_attempts=6,
            base_delay=0.5,
            max_delay=4.0,
        )
    ceilings = [0.5, 1.0, 2.0, 4.0, 4.0]
    per_call = [sleep.delays[i : i + 5] for i in range(0, len(sleep.delays), 5)]
    for delays in per_call:
        assert all(0.0 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    # Jitter: the waits after one attempt number are not all the same value.
    assert len({delays[3] for delays in per_call}) > 1
    # Growth: on average, later waits are longer.
    means = [sum(delays[i] for delays in per_call) / len(per_call) for i in range(3)]
    assert means[0] < means[1] < means[2]


def test_backoff_ceiling_doubles_then_caps() -> None:
    ceilings = [backoff_ceiling(n, base_delay=0.5, max_delay=30.0) for n in range(1, 9)]
    assert ceilings == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


def test_full_jitter_draws_between_zero_and_the_ceiling() -> None:
    draws: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        draws.append((low, high))
        return high

    assert full_jitter(3, base_delay=1.0, max_delay=30.0, uniform=uniform) == 4.0
    assert draws == [(0.0, 4.0)]


async def test_on_wait_is_awaited_before_each_wait(sleep: FakeSleep) -> None:
    errors = [rate_limited(12), TimeoutError()]
    seen: list[tuple[float, int, BaseException, int]] = []

    async def on_wait(seconds: float, attempt: int, error: BaseException) -> None:
        seen.append((seconds, attempt, error, len(sleep.delays)))

    result = await call_with_retries(
        Flaky(*errors), budget=RetryBudget(5), sleep=sleep, on_wait=on_wait, base_delay=0.5
    )

    assert result == "ok"
    assert [(s, a, e) for s, a, e, _ in seen] == [
        (12.0, 1, errors[0]),
        (sleep.delays[1], 2, errors[1]),
    ]
    assert [already_slept for *_, already_slept in seen] == [0, 1]  # called before sleeping
    assert 0.0 <= sleep.delays[1] <= 1.0


async def test_cancellation_is_not_retried(sleep: FakeSleep) -> None:
    operation = Flaky(asyncio.CancelledError())
    with pytest.raises(asyncio.CancelledError):
        await call_with_retries(operation, budget=RetryBudget(5), sleep=sleep)
    assert operation.calls == 1
