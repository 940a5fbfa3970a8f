"""Tool-step figures for a window: calls, failures and latency per tool, confirmations saved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import join
from sqlmodel import col

from storage.models.runs import Run, RunStep
from storage.repositories.analytics.expressions import count_if, run_window
from storage.repositories.analytics.percentiles import percentiles_by_group
from storage.repositories.analytics.rows import ErrorRow, Percentiles, StepReport, ToolRow

CALLED = ("done", "failed")  # tool steps that were actually called (not waiting, not skipped)
SAVED_PREFIX = "done without asking"


def _steps_of_window() -> Any:
    return join(RunStep, Run, col(RunStep.run_id) == col(Run.id))


async def step_report(
    session: AsyncSession,
    *,
    team_id: str,
    since: datetime,
    until: datetime,
    error_limit: int = 20,
) -> StepReport:
    """Per tool: calls (tool steps done or failed), successes, failures, P50/P95 duration;
    error classes of failed tool calls; steps done without asking (confirmations saved).

    One GROUP BY over the window's steps gives the counts, one window query the percentiles.
    """
    window = run_window(team_id, since, until)
    saved = func.substr(col(RunStep.result_summary), 1, len(SAVED_PREFIX)) == SAVED_PREFIX
    result = await session.execute(
        select(
            col(RunStep.kind),
            col(RunStep.tool),
            col(RunStep.status),
            col(RunStep.error_class),
            func.count().label("count"),
            count_if(col(RunStep.success).is_(True)).label("succeeded"),
            count_if(saved).label("saved"),
        )
        .select_from(_steps_of_window())
        .where(*window)
        .group_by(
            col(RunStep.kind), col(RunStep.tool), col(RunStep.status), col(RunStep.error_class)
        )
    )
    calls: dict[str, list[int]] = {}  # tool: [calls, succeeded, failed]
    errors: dict[tuple[str, str], int] = {}
    saved_steps = 0
    for kind, tool, status, error_class, rows, succeeded, saved_here in result.all():
        count = int(rows)
        saved_steps += int(saved_here)
        if kind != "tool" or tool is None or status not in CALLED:
            continue
        tally = calls.setdefault(tool, [0, 0, 0])
        tally[0] += count
        tally[1] += int(succeeded) if status == "done" else 0
        if status == "failed":
            tally[2] += count
            if error_class is not None:
                key = (tool, error_class)
                errors[key] = errors.get(key, 0) + count
    latency = await percentiles_by_group(
        session,
        value=col(RunStep.duration_ms),
        group=col(RunStep.tool),
        source=_steps_of_window(),
        where=(*window, col(RunStep.kind) == "tool", col(RunStep.status).in_(CALLED)),
        counts={tool: tally[0] for tool, tally in calls.items()},
        percentiles=(50, 95),
    )
    tools = [
        ToolRow(tool, total, ok, failed, latency.get(tool, Percentiles()))
        for tool, (total, ok, failed) in calls.items()
    ]
    tools.sort(key=lambda row: (-row.calls, row.tool))
    ranked_errors = sorted(errors.items(), key=lambda item: (-item[1], item[0]))[:error_limit]
    return StepReport(
        tools=tools,
        errors=[ErrorRow(error, count, tool=tool) for (tool, error), count in ranked_errors],
        saved=saved_steps,
    )
