"""What breaks: failure points (a tool failing with an error class) and each tool's success rate."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bot.learning.analysis.keys import function_name, pattern_key
from bot.learning.analysis.kinds import (
    FAILURE,
    IGNORED_STEP_STATUSES,
    MIN_FAILURE_EVIDENCE,
    MIN_FAILURES,
    TOOL,
)
from bot.learning.analysis.model import Analysis, PatternUpdate, Previous
from bot.learning.analysis.scores import confidence, percentile, problem_confidence, recent
from storage.repositories.learning import RunRow, StepRow


def add_failures(
    analysis: Analysis,
    runs: list[RunRow],
    by_run: dict[str, list[StepRow]],
    previous: dict[tuple[str, str], Previous],
) -> None:
    calls: dict[tuple[str, str, str], int] = defaultdict(int)
    failures: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for run in runs:
        for step in by_run.get(run.id, []):
            if step.status in IGNORED_STEP_STATUSES:
                continue
            calls[(run.specialist, run.task_kind, step.tool)] += 1
            if step.status == "failed":
                error = step.error_class or "unknown"
                failures[(run.specialist, run.task_kind, step.tool, error)].append(run.id)
    keys: dict[str, tuple[str, str, str, str]] = {}
    for found in failures:
        keys[pattern_key(*found)] = found
    for (kind, key), _old in previous.items():
        if kind == FAILURE and key not in keys:
            parts = key.split("|")
            if len(parts) == 4 and (parts[0], parts[1], parts[2]) in calls:
                keys[key] = (parts[0], parts[1], parts[2], parts[3])
    for key, (specialist, task, tool, error) in keys.items():
        old = previous.get((FAILURE, key))
        new_failures = failures.get((specialist, task, tool, error), [])
        detail: dict[str, Any] = dict(old.detail) if old else {"tool": tool, "error_class": error}
        detail["failures"] = int(detail.get("failures", 0)) + len(new_failures)
        detail["calls"] = int(detail.get("calls", 0)) + calls[(specialist, task, tool)]
        hits, total = detail["failures"], max(detail["calls"], detail["failures"])
        if hits < MIN_FAILURES and old is None:
            continue
        analysis.add(
            PatternUpdate(
                kind=FAILURE,
                key=key,
                specialist=specialist,
                task_kind=task,
                description=(
                    f"{task} via {specialist}: `{function_name(tool)}` failed with `{error}` "
                    f"in {hits} of {total} calls"
                ),
                evidence={
                    "failed_runs": recent(
                        (old.evidence if old else {}).get("failed_runs"), new_failures
                    )
                },
                detail=detail,
                frequency=hits,
                confidence=problem_confidence(hits, total - hits, minimum=MIN_FAILURE_EVIDENCE),
                seen=len(new_failures),
                is_new=old is None,
            )
        )


def add_tool_stats(
    analysis: Analysis, steps: list[StepRow], previous: dict[tuple[str, str], Previous]
) -> None:
    by_tool: dict[str, list[StepRow]] = defaultdict(list)
    for step in steps:
        if step.status not in IGNORED_STEP_STATUSES:
            by_tool[step.tool].append(step)
    for tool, found in by_tool.items():
        key = pattern_key(tool)
        old = previous.get((TOOL, key))
        durations = [s.duration_ms for s in found]
        ok = sum(1 for s in found if s.success)
        detail: dict[str, Any] = dict(old.detail) if old else {"tool": tool}
        detail["calls"] = int(detail.get("calls", 0)) + len(found)
        detail["ok"] = int(detail.get("ok", 0)) + ok
        detail["total_ms"] = float(detail.get("total_ms", 0.0)) + sum(durations)
        detail["p50_ms"] = percentile(durations, 0.5)
        detail["p95_ms"] = percentile(durations, 0.95)
        calls, good = detail["calls"], detail["ok"]
        p50, p95 = detail["p50_ms"] or 0.0, detail["p95_ms"] or 0.0
        analysis.add(
            PatternUpdate(
                kind=TOOL,
                key=key,
                specialist=None,
                task_kind=None,
                description=(
                    f"`{function_name(tool)}`: {good} of {calls} calls succeeded; "
                    f"latest P50 {p50:.0f} ms, P95 {p95:.0f} ms"
                ),
                evidence={},
                detail=detail,
                frequency=calls,
                confidence=confidence(good, calls - good),
                seen=len(found),
                is_new=old is None,
            )
        )
