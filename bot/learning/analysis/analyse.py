"""One analysis over a cycle's window: every kind of pattern, merged with earlier cycles' counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from bot.learning.analysis.failures import add_failures, add_tool_stats
from bot.learning.analysis.feedback import add_feedback
from bot.learning.analysis.guided import add_guideline_outcomes
from bot.learning.analysis.keys import default_is_read
from bot.learning.analysis.kinds import IGNORED_STEP_STATUSES
from bot.learning.analysis.model import Analysis, ImproveText, Previous
from bot.learning.analysis.repeats import add_recurring, add_requests
from bot.learning.analysis.routing import add_routing
from bot.learning.analysis.sequences import add_contrasts, add_sequences
from storage.repositories.learning import RunRow, StepRow


def analyse(
    runs: list[RunRow],
    steps: list[StepRow],
    rejected: set[str],
    improve: list[ImproveText],
    previous: dict[tuple[str, str], Previous],
    *,
    slots_of_version: dict[tuple[str, int], list[tuple[str, str]]] | None = None,
    offered: set[tuple[str, str]] | None = None,
    is_read: Callable[[str], bool] = default_is_read,
) -> Analysis:
    """Patterns from one window of traces, merged with what earlier cycles stored."""
    analysis = Analysis(traces=len(runs))
    by_run: dict[str, list[StepRow]] = defaultdict(list)
    for step in steps:
        by_run[step.run_id].append(step)
    for found in by_run.values():
        found.sort(key=lambda s: s.position)
    accepted = {run.id for run in runs if run.status == "succeeded" and run.id not in rejected}
    analysis.accepted = len(accepted)
    tools_of = {run.id: attempted_tools(by_run.get(run.id, [])) for run in runs}

    add_sequences(analysis, runs, tools_of, accepted, previous)
    add_contrasts(analysis, previous)
    add_failures(analysis, runs, by_run, previous)
    add_tool_stats(analysis, steps, previous)
    kinds = add_routing(analysis, runs, accepted, previous)
    analysis.kind_counts = kinds
    add_feedback(analysis, improve, kinds, previous)
    add_recurring(analysis, runs, tools_of, accepted, previous, offered or set(), is_read)
    add_requests(analysis, runs, previous)
    if slots_of_version:
        add_guideline_outcomes(analysis, runs, accepted, slots_of_version, previous)
    for (kind, key), update in analysis.patterns.items():
        old = previous.get((kind, key))
        if old is not None and "blocked_at" in old.detail:
            update.detail.setdefault("blocked_at", old.detail["blocked_at"])
    return analysis


def attempted_tools(steps: list[StepRow]) -> tuple[str, ...]:
    """The attempted tool sequence, consecutive repeats collapsed (archive #a, #b = archive)."""
    tools: list[str] = []
    for step in steps:
        if step.status in IGNORED_STEP_STATUSES:
            continue
        if not tools or tools[-1] != step.tool:
            tools.append(step.tool)
    return tuple(tools)
