"""When to ask: the confirmation rule over a member's decisions on one action pattern.

Per workspace, member and action pattern (a tool's qualified name, `slack.archive_channel`)
the member's decisions are kept — confirm (+1), cancel (−1), undo afterwards (−1), and
done without asking (+½: tacit approval, taken back by an undo). Weighted by recency
(half-life 30 days), they give a Beta posterior whose 80 % lower credible bound (see
`bot.learning.estimators`) must exceed the bar — the `confirm_confidence` setting (0.7)
for writes, 0.1 more for destructive actions — after at least `MIN_DECISIONS` decisions.
Irreversible actions (no undo handler) and runs that read outside content always ask;
`never` always asks; `always` skips the learning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.integrations.base import Risk, Tool
from bot.learning import estimators
from bot.learning.preferences.keys import ALWAYS, NEVER
from bot.learning.utc import aware
from bot.messages import prefs_learning as say
from storage.repositories.preferences import DecisionRow

CONFIRM, CANCEL, UNDO, AUTO = "confirm", "cancel", "undo", "auto"
# (positive, negative) weight of each kind of decision, before recency.
DECISION_WEIGHTS: dict[str, tuple[float, float]] = {
    CONFIRM: (1.0, 0.0),
    CANCEL: (0.0, 1.0),
    UNDO: (0.0, 1.0),
    AUTO: (0.5, 0.0),
}
MIN_DECISIONS = 3
DEFAULT_CONFIDENCE = 0.7
DESTRUCTIVE_MARGIN = 0.1


@dataclass(frozen=True)
class PatternEvidence:
    """A member's decisions on one pattern: raw counts, recency-weighted counts, last seen."""

    pattern: str
    confirms: int = 0
    cancels: int = 0
    undos: int = 0
    autos: int = 0
    positive: float = 0.0
    negative: float = 0.0
    last_seen: datetime | None = None

    @property
    def decisions(self) -> int:
        """Decisions the member made (done-without-asking is not one of them)."""
        return self.confirms + self.cancels + self.undos

    @property
    def confidence(self) -> float:
        return estimators.lower_bound(self.positive, self.negative)

    def describe(self) -> str:
        return say.evidence_counts(self.confirms, self.cancels, self.undos, self.autos)


@dataclass(frozen=True)
class ConfirmationVerdict:
    """Whether a pattern may run without asking this member, and why (in words)."""

    pattern: str
    auto: bool
    why: str  # for the reply when auto ("you confirmed this 5 of 5 times"), else for /prefs
    setting: str | None  # always / never / None (learning)
    evidence: PatternEvidence
    bar: float
    reversible: bool = True
    risk: str = "write"


def evidence_of(
    pattern: str,
    rows: list[DecisionRow],
    now: datetime,
    half_life: timedelta = estimators.HALF_LIFE,
) -> PatternEvidence:
    counts = {CONFIRM: 0, CANCEL: 0, UNDO: 0, AUTO: 0}
    positive = negative = 0.0
    last: datetime | None = None
    for row in rows:
        if row.decision not in counts:
            continue
        at = aware(row.created_at)
        counts[row.decision] += 1
        weight = estimators.recency_weight(now - at, half_life)
        plus, minus = DECISION_WEIGHTS[row.decision]
        positive += plus * weight
        negative += minus * weight
        last = at if last is None or at > last else last
    return PatternEvidence(
        pattern=pattern,
        confirms=counts[CONFIRM],
        cancels=counts[CANCEL],
        undos=counts[UNDO],
        autos=counts[AUTO],
        positive=positive,
        negative=negative,
        last_seen=last,
    )


def bar_for(confirm_confidence: float, risk: Risk | str) -> float:
    """The confidence an action of this risk needs to run without asking."""
    if Risk(risk) is Risk.DESTRUCTIVE:
        return min(0.99, confirm_confidence + DESTRUCTIVE_MARGIN)
    return confirm_confidence


def decide(
    pattern: str,
    tool: Tool | None,
    setting: str | None,
    evidence: PatternEvidence,
    *,
    confirm_confidence: float,
    tainted: bool,
) -> ConfirmationVerdict:
    """The rule (see the module docstring), with its reason in words either way."""
    risk = tool.risk if tool is not None else Risk.WRITE
    bar = bar_for(confirm_confidence, risk)
    reversible = tool is not None and tool.undo is not None

    def verdict(auto: bool, why: str) -> ConfirmationVerdict:
        return ConfirmationVerdict(
            pattern, auto, why, setting, evidence, bar, reversible, risk.value
        )

    if tool is None:
        return verdict(False, say.NOT_AVAILABLE)
    if tool.risk is Risk.READ:
        return verdict(True, say.READING_NEVER_ASKS)
    if not reversible:
        return verdict(False, say.CANNOT_BE_UNDONE)
    if tainted:
        return verdict(False, say.READ_OUTSIDE_CONTENT)
    if setting == NEVER:
        return verdict(False, say.TOLD_TO_ASK)
    if setting == ALWAYS:
        return verdict(True, say.TOLD_TO_DO)
    if evidence.decisions < MIN_DECISIONS:
        return verdict(False, say.needs_decisions(MIN_DECISIONS, evidence.decisions))
    confidence = evidence.confidence
    if confidence > bar:
        return verdict(
            True,
            say.confirmed_times(
                evidence.confirms, evidence.confirms + evidence.cancels, evidence.undos
            ),
        )
    return verdict(False, say.below_bar(confidence, bar))
