"""Routing: which specialist takes a request, by a score whose parts are traced.

score = 0.55·fit + 0.25·past success + 0.15·member preference − 0.05·cost

- fit: how many of the specialist's keywords the request contains (0–1);
- past success: the Beta(1, 1)-smoothed success rate of this specialist's runs for
  this kind of task in this workspace ((successes + 1) / (runs + 2));
- preference: 1 for the member's preferred specialist for this kind of task;
- cost: the specialist's relative cost, scaled to 0–1.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.orchestrator.specialists import SpecialistConfig

logger = logging.getLogger(__name__)

WEIGHTS = {"fit": 0.55, "success": 0.25, "preference": 0.15, "cost": 0.05}

# Verbs that name a kind of task, checked in order (first match wins).
TASK_VERBS: tuple[tuple[str, str], ...] = (
    ("undo", r"\bundo\b"),
    ("unarchive", r"\bunarchive\b"),
    ("archive", r"\barchive\b"),
    ("rename", r"\brename\b"),
    ("topic", r"\btopic\b"),
    ("purpose", r"\bpurpose\b"),
    ("unpin", r"\bunpin\b"),
    ("pin", r"\bpin\b"),
    ("invite", r"\b(invite|add @|add <@)"),
    ("remove_member", r"\b(kick|remove <@|remove @)"),
    ("delete", r"\bdelete\b"),
    ("react", r"\breact|:[a-z0-9_+-]+:"),
    ("create", r"\bcreate\b"),
    ("post", r"\b(post|say|tell|announce|send)\b"),
    ("read", r"\b(read|summari[sz]e|what'?s new|show me|catch me up)\b"),
    ("list", r"\b(list|which channels)\b"),
    ("close", r"\bclose\b"),
    ("reopen", r"\breopen\b"),
    ("comment", r"\bcomment\b"),
    ("transition", r"\b(transition|move .* to)\b"),
    ("search", r"\b(search|find|query)\b"),
    ("help", r"\b(help|what can you)\b"),
)
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in TASK_VERBS)


def task_kind(text: str) -> str:
    """A stable label for the kind of task, so runs can be grouped and learned from.

    The same request always gives the same kind: `slack:archive`, `github:close`,
    `general:chat`. Composite requests take their first verb.
    """
    lowered = text.lower()[:2000]
    verb = next((kind for kind, pattern in _COMPILED if pattern.search(lowered)), "chat")
    domain = _domain_of(text[:2000])
    return f"{domain}:{verb}"


JIRA_KEY = re.compile(r"\b[A-Z][A-Z0-9]+-\d+\b")
SLACK_MARKUP = re.compile(r"<[^<>]*>")


def _domain_of(text: str) -> str:
    lowered = text.lower()
    if re.search(
        r"[\w.-]+/[\w.-]+#\d+|\bgithub\b|\bpull request\b"
        r"|\b(?:in|of|from|for|on|to) (?:the )?[a-z0-9_.-]+/[a-z0-9_.-]+\b",
        lowered,
    ):
        return "github"
    # Jira keys are upper case; channel names such as <#C1|proj-1> are not keys.
    if JIRA_KEY.search(SLACK_MARKUP.sub(" ", text)) or re.search(r"\bjira\b", lowered):
        return "jira"
    if "notion" in lowered:
        return "notion"
    if re.search(r"<#c|#[a-z0-9_-]+|\bchannel\b", lowered):
        return "slack"
    return "general"


@dataclass(frozen=True)
class RoutingDecision:
    specialist: str
    task_kind: str
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    reason: str = ""

    def as_trace(self) -> dict[str, object]:
        return {
            "chosen": self.specialist,
            "task_kind": self.task_kind,
            "scores": self.scores,
            "reason": self.reason,
            "weights": WEIGHTS,
        }


SuccessLookup = Callable[[str, str], Awaitable[dict[str, tuple[int, int]]]]
PreferenceLookup = Callable[[str, str, str], Awaitable[str | None]]


class Router:
    def __init__(
        self, success_rates: SuccessLookup, preferred: PreferenceLookup | None = None
    ) -> None:
        self._success_rates = success_rates
        self._preferred = preferred

    async def route(
        self, *, team_id: str, user_id: str, text: str, candidates: list[SpecialistConfig]
    ) -> RoutingDecision:
        kind = task_kind(text)
        history = await self._success_rates(team_id, kind)
        preferred = await self._preferred_for(team_id, user_id, kind)
        max_cost = max((c.cost for c in candidates), default=1.0) or 1.0
        scores = {
            c.name: _score(c, text, history.get(c.name), preferred == c.name, max_cost)
            for c in candidates
        }
        chosen = max(scores, key=lambda name: (scores[name]["total"], name == "general"))
        reason = _explain(chosen, scores[chosen], history.get(chosen))
        if preferred is not None:
            reason += f"; the member prefers {preferred} for {kind}"
        return RoutingDecision(specialist=chosen, task_kind=kind, scores=scores, reason=reason)

    async def _preferred_for(self, team_id: str, user_id: str, kind: str) -> str | None:
        if self._preferred is None:
            return None
        try:
            return await self._preferred(team_id, user_id, kind)
        except Exception:  # a preference is a hint: routing goes on without it
            logger.exception("preferred-specialist lookup failed for %s", kind)
            return None


def _score(
    config: SpecialistConfig,
    text: str,
    history: tuple[int, int] | None,
    preferred: bool,
    max_cost: float,
) -> dict[str, float]:
    fit = _fit(config, text)
    runs, successes = history or (0, 0)
    success = (successes + 1) / (runs + 2)
    cost = config.cost / max_cost
    total = (
        WEIGHTS["fit"] * fit
        + WEIGHTS["success"] * success
        + WEIGHTS["preference"] * float(preferred)
        - WEIGHTS["cost"] * cost
    )
    return {
        "fit": round(fit, 3),
        "success": round(success, 3),
        "preference": float(preferred),
        "cost": round(cost, 3),
        "total": round(total, 4),
    }


def _fit(config: SpecialistConfig, text: str) -> float:
    """Keyword hits, or a full fit when the request names this specialist's service
    (`acme/api#12` is GitHub's, `PROJ-7` Jira's, a `#channel` Slack's)."""
    lowered = text.lower()
    domain = _domain_of(text[:2000])
    if domain != "general" and domain == config.name:
        return 1.0
    hits = sum(1 for keyword in config.keywords if keyword in lowered)
    return min(1.0, hits / 2)


def _explain(name: str, score: dict[str, float], history: tuple[int, int] | None) -> str:
    runs, successes = history or (0, 0)
    record = f"{successes}/{runs} past runs succeeded" if runs else "no history yet"
    return f"{name}: fit {score['fit']:.2f}, {record}, total {score['total']:.2f}"
