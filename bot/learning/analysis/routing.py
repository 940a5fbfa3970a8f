"""Who handles it badly: a specialist's rejected runs of a kind of task, and who does better."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bot.learning.analysis.keys import pattern_key
from bot.learning.analysis.kinds import (
    MIN_ROUTING_EVIDENCE,
    MIN_ROUTING_REJECTED,
    ROUTING,
    ROUTING_FLOOR,
)
from bot.learning.analysis.model import Analysis, PatternUpdate, Previous
from bot.learning.analysis.scores import confidence, problem_confidence, recent
from storage.repositories.learning import RunRow


def add_routing(
    analysis: Analysis,
    runs: list[RunRow],
    accepted: set[str],
    previous: dict[tuple[str, str], Previous],
) -> dict[tuple[str, str], tuple[int, int]]:
    """Rejected runs per specialist and kind of task; returns the accumulated counts."""
    window: dict[tuple[str, str], list[Any]] = {}
    for run in runs:
        entry = window.setdefault((run.specialist, run.task_kind), [0, 0, []])
        entry[1] += 1
        if run.id not in accepted:
            entry[0] += 1
            entry[2].append(run.id)
    totals: dict[tuple[str, str], tuple[int, int]] = {}
    for (kind, key), earlier in previous.items():
        if kind == ROUTING:
            specialist, task = key.split("|", 1)
            totals[(specialist, task)] = (
                int(earlier.detail.get("rejected", 0)),
                int(earlier.detail.get("runs", 0)),
            )
    by_kind: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for (specialist, task), (bad, total, _) in window.items():
        old_bad, old_total = totals.get((specialist, task), (0, 0))
        totals[(specialist, task)] = (old_bad + bad, old_total + total)
    for (specialist, task), counts in totals.items():
        by_kind[task][specialist] = counts
    for (specialist, task), (_, total, bad_runs) in window.items():
        key = pattern_key(specialist, task)
        old = previous.get((ROUTING, key))
        all_bad, all_total = totals[(specialist, task)]
        if all_bad < MIN_ROUTING_REJECTED and old is None:
            continue
        better = better_specialist(specialist, by_kind[task])
        description = (
            f"{task} via {specialist}: {all_bad} of {all_total} runs undone, down-voted or failed"
        )
        if better:
            description += f"; {better} does better for this kind of task"
        analysis.add(
            PatternUpdate(
                kind=ROUTING,
                key=key,
                specialist=specialist,
                task_kind=task,
                description=description,
                evidence={
                    "rejected_runs": recent(
                        (old.evidence if old else {}).get("rejected_runs"), bad_runs
                    )
                },
                detail={"rejected": all_bad, "runs": all_total, "better": better},
                frequency=all_bad,
                confidence=problem_confidence(
                    all_bad, all_total - all_bad, floor=ROUTING_FLOOR, minimum=MIN_ROUTING_EVIDENCE
                ),
                seen=total,
                is_new=old is None,
            )
        )
    return totals


def better_specialist(name: str, counts: dict[str, tuple[int, int]]) -> str | None:
    bad, total = counts[name]
    own = confidence(total - bad, bad)
    best: tuple[float, str] | None = None
    for other, (other_bad, other_total) in counts.items():
        if other == name or other_total < MIN_ROUTING_REJECTED:
            continue
        score = confidence(other_total - other_bad, other_bad)
        if score > own + 0.2 and (best is None or score > best[0]):
            best = (score, other)
    return best[1] if best else None
