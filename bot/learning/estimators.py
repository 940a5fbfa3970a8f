"""The numbers behind what Kaizen learns: recency weights and Beta posteriors (via scipy).

A member's decisions on an action pattern, a specialist's runs, a canary's runs are
Bernoulli trials. With a Beta prior the posterior after weighted counts (positive w₊,
negative w₋) is Beta(prior + w₊, prior + w₋). We act on its *lower credible bound* — the
value the true rate exceeds with probability 1 − `LOWER_QUANTILE` — never on the raw
ratio: three confirmations out of three is weaker evidence than thirty out of thirty,
and the bound says so. The default prior is Jeffreys' Beta(½, ½).

Recent decisions weigh more: a decision `age` old counts 2^(−age / half-life).

The arithmetic is scipy's: the regularized incomplete beta `scipy.special.betainc` (the
Beta distribution function), its inverse `betaincinv` (the quantile), and, to compare two
rates, `scipy.integrate.quad` over one density times the other's survival function.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from scipy import integrate, special

PRIOR = 0.5  # Jeffreys prior Beta(½, ½): no opinion, and invariant to reparametrisation
LOWER_QUANTILE = 0.2  # act on the 80 % one-sided lower credible bound
HALF_LIFE = timedelta(days=30)
_TAIL = 1e-12  # mass of Y's density left outside the integration range, at each end


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
    """x with I_x(a, b) = q: the `q` quantile of Beta(a, b)."""
    if not 0.0 <= q <= 1.0:
        raise ValueError("q must be in [0, 1]")
    if a <= 0 or b <= 0:
        raise ValueError("a and b must be positive")
    return float(special.betaincinv(a, b, q))


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the Beta(a, b) cumulative distribution function at x."""
    return float(special.betainc(a, b, min(1.0, max(0.0, x))))


def probability_greater(a_x: float, b_x: float, a_y: float, b_y: float, *, shift: float) -> float:
    """P(X > Y − shift) for independent X ~ Beta(a_x, b_x), Y ~ Beta(a_y, b_y).

    ∫ f_Y(y) · (1 − F_X(y − shift)) dy, over the range holding all but 2·10⁻¹² of Y's
    mass, so `quad` sees the peak of a narrow density (hundreds of runs).
    """
    log_norm = float(special.betaln(a_y, b_y))

    def integrand(y: float) -> float:
        log_density = float(special.xlogy(a_y - 1, y) + special.xlog1py(b_y - 1, -y)) - log_norm
        survival = float(special.betaincc(a_x, b_x, min(1.0, max(0.0, y - shift))))
        return math.exp(log_density) * survival

    low = float(special.betaincinv(a_y, b_y, _TAIL))
    high = float(special.betaincinv(a_y, b_y, 1.0 - _TAIL))
    total, _error = integrate.quad(integrand, low, high, limit=200)
    return max(0.0, min(1.0, float(total)))
