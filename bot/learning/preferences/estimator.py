"""The numbers behind the learned policies: recency weights and a Beta posterior lower bound.

A member's decisions on an action pattern are Bernoulli trials (confirm = 1, cancel or
undo = 0). With the Jeffreys prior Beta(½, ½) the posterior after weighted counts
(positive w₊, negative w₋) is Beta(½ + w₊, ½ + w₋). We act on its *lower credible bound*
— the value the member's approval rate exceeds with probability 1 − `LOWER_QUANTILE`
— never on the raw ratio: three confirmations out of three is weaker evidence than
thirty out of thirty, and the bound says so.

Recent decisions weigh more: a decision `age` old counts 2^(−age / half-life).

The Beta quantile is computed exactly (no normal approximation): the regularized
incomplete beta function by its continued fraction (modified Lentz), inverted by
bisection. Only `math` is used.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

PRIOR = 0.5  # Jeffreys prior Beta(½, ½): no opinion, and invariant to reparametrisation
LOWER_QUANTILE = 0.2  # act on the 80 % one-sided lower credible bound
HALF_LIFE = timedelta(days=30)

_EPSILON = 1e-14
_TINY = 1e-300
_MAX_ITERATIONS = 300


def recency_weight(age: timedelta, half_life: timedelta = HALF_LIFE) -> float:
    """2^(−age / half-life): 1 now, ½ after one half-life; a future time counts as now."""
    seconds = max(0.0, age.total_seconds())
    return float(0.5 ** (seconds / half_life.total_seconds()))


def weighted(moments: list[datetime], now: datetime, half_life: timedelta = HALF_LIFE) -> float:
    return sum(recency_weight(now - moment, half_life) for moment in moments)


def lower_bound(
    positive: float,
    negative: float,
    *,
    quantile: float = LOWER_QUANTILE,
    prior: float = PRIOR,
) -> float:
    """The `quantile` of Beta(prior + positive, prior + negative)."""
    return beta_quantile(quantile, prior + max(0.0, positive), prior + max(0.0, negative))


def posterior_mean(positive: float, negative: float, *, prior: float = PRIOR) -> float:
    a, b = prior + max(0.0, positive), prior + max(0.0, negative)
    return a / (a + b)


def beta_quantile(q: float, a: float, b: float) -> float:
    """x with I_x(a, b) = q, by bisection on the regularized incomplete beta (to 1e-10)."""
    if not 0.0 <= q <= 1.0:
        raise ValueError("q must be in [0, 1]")
    if a <= 0 or b <= 0:
        raise ValueError("a and b must be positive")
    if q == 0.0:
        return 0.0
    if q == 1.0:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(100):
        middle = (low + high) / 2
        if regularized_beta(middle, a, b) < q:
            low = middle
        else:
            high = middle
        if high - low < 1e-10:
            break
    return (low + high) / 2


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the Beta(a, b) cumulative distribution function at x."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    # The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry beyond.
    if x < (a + 1) / (a + b + 2):
        return front * _continued_fraction(x, a, b) / a
    return 1.0 - front * _continued_fraction(1.0 - x, b, a) / b


def _continued_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of the incomplete beta function, evaluated by modified Lentz."""
    c = 1.0
    d = 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_ITERATIONS + 1):
        two_m = 2 * m
        # even step: d_{2m}
        numerator = m * (b - m) * x / ((a + two_m - 1) * (a + two_m))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + numerator / c
        c = c if abs(c) > _TINY else _TINY
        result *= d * c
        # odd step: d_{2m+1}
        numerator = -(a + m) * (a + b + m) * x / ((a + two_m) * (a + two_m + 1))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + numerator / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        result *= delta
        if abs(delta - 1.0) < _EPSILON:
            break
    return result
