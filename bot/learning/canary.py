"""The canary rule: a sequential Bayesian comparison of canary and production acceptance.

A run is *accepted* when it succeeded and none of its actions was undone and nobody
down-voted it (👎, a negative `/improve`, a cancelled confirmation). For the canary
version and for production — counting only model-planned runs of that specialist
served each version since the canary started, so both arms see the same period — the
acceptance rate θ has the posterior Beta(1 + accepted, 1 + rejected) (uniform prior).

At every learning cycle, with at least `MIN_RUNS` (3) canary runs:

- **promote** when P(θ_canary > θ_production − δ) ≥ 0.95, with the non-inferiority
  margin δ = 0.05: the canary is measurably no worse than production;
- **roll back** when P(θ_canary < θ_production) ≥ 0.95: the canary is worse;
- otherwise keep collecting. After `MAX_RUNS` (200) canary runs without a decision the
  test is truncated: promoted if P(θ_canary > θ_production − δ) ≥ ½, else rolled back.

The rule is sequential: it is evaluated after every cycle on all the evidence so far
and decides as soon as the posterior is clear, not after a fixed count. A canary that
fixes a mistake production keeps making (4 of 4 accepted against 0 of 16) gives
P(not worse) ≈ 1 and is promoted at the next cycle; one that breaks things (0 of 3
against 16 of 16) gives P(worse) ≈ 1 and is rolled back as quickly.

The probabilities are `bot.learning.estimators.probability_greater`:
P(X > Y − δ) = ∫ f_Y(y) · (1 − F_X(y − δ)) dy, integrated by scipy.

Which runs a canary serves is decided by the run id alone: a stable hash of
(workspace, specialist, canary version, run id) mapped to [0, 1) and compared with the
share (`KAIZEN_CANARY_SHARE`, 0.2), so a run resumed after a confirmation, or seen by
another process, gets the same version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.learning.estimators import probability_greater
from bot.messages import learning as say

PROMOTE_PROBABILITY = 0.95
ROLLBACK_PROBABILITY = 0.95
MARGIN = 0.05
MIN_RUNS = 3
MAX_RUNS = 200
PRIOR = 1.0

PROMOTE, ROLLBACK, CONTINUE = "promote", "rollback", "continue"


@dataclass(frozen=True)
class Arm:
    """Accepted runs out of finished runs for one version."""

    accepted: int
    runs: int

    @property
    def rejected(self) -> int:
        return max(0, self.runs - self.accepted)

    @property
    def rate(self) -> float | None:
        return self.accepted / self.runs if self.runs else None

    def describe(self) -> str:
        return say.arm(self.accepted, self.runs)


@dataclass(frozen=True)
class CanaryVerdict:
    decision: str  # promote, rollback, continue
    canary: Arm
    production: Arm
    p_not_worse: float  # P(θc > θp − δ)
    p_worse: float  # P(θc < θp)
    reason: str


def decide(canary: Arm, production: Arm) -> CanaryVerdict:
    """Apply the rule (see the module docstring) to the evidence so far."""
    a_c, b_c = PRIOR + canary.accepted, PRIOR + canary.rejected
    a_p, b_p = PRIOR + production.accepted, PRIOR + production.rejected
    p_not_worse = probability_greater(a_c, b_c, a_p, b_p, shift=MARGIN)
    p_worse = 1.0 - probability_greater(a_c, b_c, a_p, b_p, shift=0.0)
    numbers = say.canary_numbers(
        canary.describe(), production.describe(), MARGIN, p_not_worse, p_worse
    )
    if canary.runs < MIN_RUNS:
        return CanaryVerdict(
            CONTINUE,
            canary,
            production,
            p_not_worse,
            p_worse,
            say.canary_waiting(MIN_RUNS, numbers),
        )
    if p_worse >= ROLLBACK_PROBABILITY:
        return CanaryVerdict(
            ROLLBACK, canary, production, p_not_worse, p_worse, say.canary_worse(numbers)
        )
    if p_not_worse >= PROMOTE_PROBABILITY:
        return CanaryVerdict(
            PROMOTE,
            canary,
            production,
            p_not_worse,
            p_worse,
            say.canary_no_worse(numbers),
        )
    if canary.runs >= MAX_RUNS:
        decision = PROMOTE if p_not_worse >= 0.5 else ROLLBACK
        return CanaryVerdict(
            decision,
            canary,
            production,
            p_not_worse,
            p_worse,
            say.canary_truncated(canary.runs, numbers),
        )
    return CanaryVerdict(
        CONTINUE, canary, production, p_not_worse, p_worse, say.canary_unclear(numbers)
    )


def in_canary(*, team_id: str, specialist: str, version: int, run_id: str, share: float) -> bool:
    """Whether this run is served the canary: a stable hash of the run id against the share."""
    if share <= 0:
        return False
    digest = hashlib.sha256(f"{team_id}:{specialist}:{version}:{run_id}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") / 2**64
    return bucket < share
