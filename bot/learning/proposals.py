"""Proposals: turning confident patterns and feedback into small edits of a specialist's prompt.

Only patterns whose confidence reaches `KAIZEN_PATTERN_CONFIDENCE` (0.7) propose edits,
and a version carries at most `MAX_EDITS` (3) of them — never a rewrite:

- **add** a guideline for a *slot* the prompt has no guideline for. Slots:
  `approach:<kind of task>` (from a `contrast`, `feedback` or `routing` pattern, in that
  order of preference) and `failure:<kind>:<tool>:<error class>` (a failure point);
- **reword** a slot's guideline when a better-founded pattern speaks about it (a contrast
  replaces a quoted request, a different tool or error class) — the slot stays;
- **retire** a guideline that did not help: after `RETIRE_MIN_RUNS` (20) runs of its kind
  of task under it, P(it lowered the rejection rate by 5 points or more) ≤ 0.1 (Beta
  posteriors of the rejection rate before it and under it).

Each edit cites its evidence (the pattern, its counts, sample runs, feedback ids). The
words come from templates; with a model configured, the model rewrites the drafted
sentences (it may only rephrase the proposed edits; anything it returns that fails the
checks falls back to the template text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.learning.analysis.keys import function_name, sequence_text
from bot.learning.analysis.kinds import ACTIONABLE, CONTRAST, FAILURE, FEEDBACK, ROUTING
from bot.learning.analysis.model import PatternUpdate
from bot.learning.estimators import probability_greater
from bot.learning.guidelines import ADD, RETIRE, REWORD, Edit, Guideline
from bot.messages import learning_prompts as say

MAX_EDITS = 3

MAX_GUIDELINES = 12

MAX_TEXT = 300

RETIRE_MIN_RUNS = 20

RETIRE_PROBABILITY = 0.1  # retire when P(helped by ≥ RETIRE_MARGIN) is at most this

RETIRE_MARGIN = 0.05

PRIORITY = {CONTRAST: 3, FEEDBACK: 2, ROUTING: 1, FAILURE: 2}

ERROR_HINTS: tuple[tuple[str, str], ...] = (
    ("not_in_channel", "join the channel or ask the member to invite me before calling it"),
    (
        "channel_not_found",
        "look the channel up with `slack_list_channels` first and pass its ID",
    ),
    ("archived", "check whether the channel is archived already before calling it"),
    ("ratelimit", "make fewer calls at once and tell the member when I have to wait"),
    ("rate_limit", "make fewer calls at once and tell the member when I have to wait"),
    ("timeout", "keep each request small and tell the member if it keeps timing out"),
    ("invalid", "check the arguments against the tool's schema before calling it"),
    ("not_found", "check the target exists (list or search first) before calling it"),
    ("permission", "say which permission is missing instead of retrying"),
    ("scope", "say which permission is missing instead of retrying"),
)
DEFAULT_HINT = "check its arguments first, and if it fails, say why instead of retrying blindly"


def slot_for(pattern: PatternUpdate) -> str:
    if pattern.kind == FAILURE:
        detail = pattern.detail
        return f"failure:{pattern.task_kind}:{detail.get('tool')}:{detail.get('error_class')}"
    return f"approach:{pattern.task_kind}"


def template(pattern: PatternUpdate) -> str:
    """The guideline a pattern suggests, in words, with its numbers."""
    detail = pattern.detail
    task = pattern.task_kind
    if pattern.kind == CONTRAST:
        good_ok, good_n = detail["good_counts"]
        bad_no, bad_n = detail["bad_counts"]
        return _fit(
            say.guideline_contrast(
                task,
                sequence_text(detail["good"]),
                good_ok,
                good_n,
                sequence_text(detail["bad"]),
                bad_no,
                bad_n,
            )
        )
    if pattern.kind == FAILURE:
        tool, error = str(detail.get("tool")), str(detail.get("error_class"))
        return _fit(
            say.guideline_failure(
                task,
                function_name(tool),
                error,
                detail.get("failures"),
                detail.get("calls"),
                hint_for(error),
            )
        )
    if pattern.kind == FEEDBACK:
        return _fit(say.guideline_feedback(task, clean_quote(detail["chosen"])))
    return _fit(
        say.guideline_routing(
            task, detail.get("rejected"), detail.get("runs"), detail.get("better")
        )
    )


def hint_for(error_class: str) -> str:
    lowered = error_class.lower()
    return next((hint for needle, hint in ERROR_HINTS if needle in lowered), DEFAULT_HINT)


def clean_quote(text: str, limit: int = 240) -> str:
    """A member's words made safe to quote in a prompt: no mentions, links or markup."""
    text = re.sub(r"<[^>]*>", " ", text)
    text = text.replace("@channel", "").replace("@here", "").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip().strip("“”\"'")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _fit(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _substance(text: str) -> str:
    return re.sub(r"\d+", "", text)


@dataclass
class Proposal:
    edits: list[Edit]
    decisions: list[str]


def propose(
    specialist: str,
    current: list[Guideline],
    patterns: list[PatternUpdate],
    *,
    threshold: float,
    guided: dict[str, tuple[int, int]],
    kind_counts: dict[tuple[str, str], tuple[int, int]],
    blocked: set[str],
    max_edits: int = MAX_EDITS,
    max_guidelines: int = MAX_GUIDELINES,
) -> Proposal:
    """The small edits the evidence asks for (see the module docstring), best first."""
    decisions: list[str] = []
    retire = _retirements(current, guided, decisions)
    best: dict[str, PatternUpdate] = {}
    for pattern in patterns:
        if pattern.specialist != specialist or pattern.kind not in ACTIONABLE:
            continue
        if pattern.confidence < threshold:
            continue
        if pattern.key in blocked:
            decisions.append(say.not_proposing_again(specialist, pattern.kind, pattern.key))
            continue
        slot = slot_for(pattern)
        other = best.get(slot)
        if other is None or (PRIORITY[pattern.kind], pattern.confidence) > (
            PRIORITY[other.kind],
            other.confidence,
        ):
            best[slot] = pattern
    by_slot = {g.slot: g for g in current}
    retired = {edit.slot for edit in retire}
    changes: list[Edit] = []
    count = len(current) - len(retire)
    for slot, pattern in sorted(best.items(), key=lambda item: -item[1].confidence):
        if slot in retired:
            continue
        text = template(pattern)
        existing = by_slot.get(slot)
        edit_base: dict[str, Any] = {
            "slot": slot,
            "kind": pattern.kind,
            "task_kind": pattern.task_kind,
            "pattern": pattern.key,
            "confidence": pattern.confidence,
            "evidence": _evidence(pattern),
            "baseline": kind_counts.get((specialist, pattern.task_kind or "")),
        }
        if existing is None:
            if count >= max_guidelines:
                decisions.append(say.prompt_full(specialist, max_guidelines, slot))
                continue
            changes.append(Edit(op=ADD, old=None, new=text, **edit_base))
            count += 1
        elif _should_reword(existing, pattern, text):
            changes.append(Edit(op=REWORD, old=existing.text, new=text, **edit_base))
    edits = (retire + changes)[:max_edits]
    for edit in (retire + changes)[max_edits:]:
        decisions.append(say.edit_waits(specialist, edit.op, edit.slot, max_edits))
    return Proposal(edits, decisions)


def _should_reword(existing: Guideline, pattern: PatternUpdate, text: str) -> bool:
    if existing.kind == "admin":
        return False  # an admin's own words are theirs to change
    if PRIORITY.get(pattern.kind, 0) > PRIORITY.get(existing.kind, 0):
        return True
    if pattern.kind != existing.kind or pattern.kind in (FEEDBACK, ROUTING):
        return False
    return _substance(existing.text) != _substance(text) and existing.pattern != pattern.key


def _retirements(
    current: list[Guideline], guided: dict[str, tuple[int, int]], decisions: list[str]
) -> list[Edit]:
    edits: list[Edit] = []
    for guideline in current:
        if guideline.baseline is None or guideline.kind == "admin":
            continue
        bad, runs = guided.get(guideline.slot, (0, 0))
        if runs < RETIRE_MIN_RUNS:
            continue
        before_bad, before_runs = guideline.baseline
        # P(rejection before it > rejection under it + margin): that it helped, uniform priors
        p_helped = probability_greater(
            1 + before_bad,
            1 + before_runs - before_bad,
            1 + bad,
            1 + runs - bad,
            shift=-RETIRE_MARGIN,
        )
        if p_helped <= RETIRE_PROBABILITY:
            edits.append(
                Edit(
                    op=RETIRE,
                    slot=guideline.slot,
                    old=guideline.text,
                    new=None,
                    kind=guideline.kind,
                    task_kind=guideline.task_kind,
                    pattern=guideline.pattern,
                    confidence=1.0 - p_helped,
                    evidence={
                        "under_it": {"rejected": bad, "runs": runs},
                        "before_it": {"rejected": before_bad, "runs": before_runs},
                        "p_helped": round(p_helped, 3),
                    },
                )
            )
            decisions.append(
                say.retiring(guideline.slot, bad, runs, before_bad, before_runs, p_helped)
            )
    return edits


def _evidence(pattern: PatternUpdate) -> dict[str, Any]:
    return {
        "pattern": pattern.key,
        "kind": pattern.kind,
        "description": pattern.description[:400],
        "frequency": pattern.frequency,
        "confidence": round(pattern.confidence, 3),
        **{k: v for k, v in pattern.evidence.items() if isinstance(v, list)},
    }
