"""How runs of a kind of task do while a learned guideline about it is in their prompt."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bot.learning.analysis.keys import pattern_key
from bot.learning.analysis.kinds import GUIDELINE
from bot.learning.analysis.model import Analysis, PatternUpdate, Previous
from bot.learning.analysis.scores import confidence
from storage.repositories.learning import RunRow


def add_guideline_outcomes(
    analysis: Analysis,
    runs: list[RunRow],
    accepted: set[str],
    slots_of_version: dict[tuple[str, int], list[tuple[str, str]]],
    previous: dict[tuple[str, str], Previous],
) -> None:
    """How runs of a kind of task do while a guideline about it is in their prompt."""
    window: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for run in runs:
        if run.prompt_version is None:
            continue
        for slot, task in slots_of_version.get((run.specialist, run.prompt_version), []):
            if task != run.task_kind:
                continue
            entry = window[pattern_key(run.specialist, slot)]
            entry[1] += 1
            if run.id not in accepted:
                entry[0] += 1
    for key, (bad, total) in window.items():
        old = previous.get((GUIDELINE, key))
        detail: dict[str, Any] = dict(old.detail) if old else {}
        detail["rejected"] = int(detail.get("rejected", 0)) + bad
        detail["runs"] = int(detail.get("runs", 0)) + total
        specialist, slot = key.split("|", 1)
        analysis.add(
            PatternUpdate(
                kind=GUIDELINE,
                key=key,
                specialist=specialist,
                task_kind=None,
                description=(
                    f"guideline {slot} of {specialist}: {detail['rejected']} of "
                    f"{detail['runs']} runs under it rejected"
                ),
                evidence={},
                detail=detail,
                frequency=detail["runs"],
                confidence=confidence(detail["runs"] - detail["rejected"], detail["rejected"]),
                seen=total,
                is_new=old is None,
            )
        )
