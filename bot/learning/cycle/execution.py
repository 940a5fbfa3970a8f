"""The recommended execution pattern per kind of task, refreshed from its measured record.

`recommend_pattern` (`bot.planning.plans`) picks it, avoiding patterns that failed three
times or more; a change is a pattern update like any other, reported with the cycle.
"""

from __future__ import annotations

from typing import Any

from bot.learning.analysis.kinds import EXECUTION
from bot.learning.analysis.model import PatternUpdate, Previous
from bot.learning.analysis.scores import confidence
from bot.planning.plans import PatternRecord, recommend_pattern
from storage.models.learning import LearnedPattern


def execution_patterns(
    stats: list[Any], previous: dict[tuple[str, str], Previous]
) -> list[PatternUpdate]:
    """The recommended execution pattern per kind of task, from its measured record."""
    by_kind: dict[str, list[PatternRecord]] = {}
    for stat in stats:
        by_kind.setdefault(stat.task_kind, []).append(
            PatternRecord(stat.pattern, stat.runs, stat.successes, stat.failures, stat.total_ms)
        )
    updates: list[PatternUpdate] = []
    for task, records in sorted(by_kind.items()):
        recommended = recommend_pattern(records)
        if recommended is None:
            continue
        chosen = next(r for r in records if r.pattern == recommended.value)
        avoided = sorted(r.pattern for r in records if r.failures >= 3 and r is not chosen)
        old = previous.get((EXECUTION, task))
        before = (old.detail or {}).get("recommended") if old else None
        if old is not None and before == recommended.value:
            continue
        description = (
            f"{recommended.value} ({chosen.successes} of {chosen.runs} succeeded, mean "
            f"{chosen.mean_ms:.0f} ms)"
            + (f"; avoiding {', '.join(avoided)} (failed 3 times or more)" if avoided else "")
            + (f"; was {before}" if before else "")
        )
        updates.append(
            PatternUpdate(
                kind=EXECUTION,
                key=task,
                specialist=None,
                task_kind=task,
                description=description,
                evidence={},
                detail={
                    "recommended": recommended.value,
                    "previous": before,
                    "changed": before is not None,
                    "avoided": avoided,
                    "records": [
                        {
                            "pattern": r.pattern,
                            "runs": r.runs,
                            "successes": r.successes,
                            "failures": r.failures,
                            "mean_ms": None if r.runs == 0 else round(r.mean_ms, 1),
                        }
                        for r in records
                    ],
                },
                frequency=sum(r.runs for r in records),
                confidence=confidence(chosen.successes, chosen.failures),
                seen=chosen.runs,
                is_new=old is None,
            )
        )
    return updates


def from_stored(row: LearnedPattern) -> PatternUpdate:
    return PatternUpdate(
        kind=row.kind,
        key=row.key,
        specialist=row.specialist,
        task_kind=row.task_kind,
        description=row.description,
        evidence=row.evidence or {},
        detail=row.detail or {},
        frequency=row.frequency,
        confidence=row.confidence,
        seen=0,
        is_new=False,
    )


def counts_of(detail: dict[str, Any]) -> tuple[int, int]:
    return int(detail.get("rejected", 0)), int(detail.get("runs", 0))
