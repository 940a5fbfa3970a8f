"""The learning loop's storage: feedback, replies, cycles, patterns, versions, labels, workflows.

Every function takes the caller's session; the caller owns the transaction (a cycle
applies all its version changes in one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, case, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.learning_models import (
    Feedback,
    LearnedPattern,
    LearningCycle,
    LearningLabel,
    PromptVersion,
    RunReply,
    SavedWorkflow,
    WorkflowOffer,
    WorkflowRun,
)
from storage.models import ExecutionStat, Run, RunStep, UndoEntry, utcnow
from storage.repositories._upsert import insert_for

FINISHED = ("succeeded", "failed", "cancelled", "refused")


# --- replies and feedback -------------------------------------------------------------------


async def remember_reply(
    session: AsyncSession, *, team_id: str, channel_id: str, ts: str, run_id: str
) -> None:
    await session.execute(
        insert_for(session, RunReply)
        .values(team_id=team_id, channel_id=channel_id, ts=ts, run_id=run_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["team_id", "channel_id", "ts"])
    )


async def run_for_reply(
    session: AsyncSession, *, team_id: str, channel_id: str, ts: str
) -> str | None:
    result = await session.execute(
        select(RunReply.run_id).where(
            RunReply.team_id == team_id, RunReply.channel_id == channel_id, RunReply.ts == ts
        )
    )
    return result.scalar_one_or_none()


async def add_feedback(session: AsyncSession, **values: Any) -> int | None:
    """Insert one feedback row; None when its `dedupe_key` was recorded already."""
    values.setdefault("created_at", utcnow())
    values.setdefault("status", "active")
    values.setdefault("text", "")
    result = await session.execute(
        insert_for(session, Feedback)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["team_id", "dedupe_key"])
        .returning(Feedback.id)
    )
    return result.scalar_one_or_none()


async def set_feedback_status(
    session: AsyncSession, *, team_id: str, dedupe_key: str, status: str, only_if: str
) -> int | None:
    """Move a feedback row from `only_if` to `status`; its id when it moved."""
    result = await session.execute(
        update(Feedback)
        .where(
            Feedback.team_id == team_id,
            Feedback.dedupe_key == dedupe_key,
            Feedback.status == only_if,
        )
        .values(status=status, created_at=utcnow())
        .returning(Feedback.id)
    )
    return result.scalar_one_or_none()


async def get_feedback(session: AsyncSession, *, feedback_id: int) -> Feedback | None:
    return await session.get(Feedback, feedback_id)


async def feedback_of_run(session: AsyncSession, *, team_id: str, run_id: str) -> list[Feedback]:
    result = await session.execute(
        select(Feedback)
        .where(Feedback.team_id == team_id, Feedback.run_id == run_id)
        .order_by(Feedback.id)
    )
    return list(result.scalars())


async def latest_run_for(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    thread_ts: str | None = None,
) -> Run | None:
    """The member's latest run in the thread (if given and it has one), else in the channel."""
    base = select(Run).where(
        Run.team_id == team_id, Run.user_id == user_id, Run.channel_id == channel_id
    )
    if thread_ts:
        result = await session.execute(
            base.where(Run.thread_ts == thread_ts).order_by(Run.started_at.desc()).limit(1)
        )
        run = result.scalar_one_or_none()
        if run is not None:
            return run
    result = await session.execute(base.order_by(Run.started_at.desc()).limit(1))
    return result.scalar_one_or_none()


# --- cycles -------------------------------------------------------------------------------------


async def last_cycle(session: AsyncSession, *, team_id: str) -> LearningCycle | None:
    result = await session.execute(
        select(LearningCycle)
        .where(LearningCycle.team_id == team_id, LearningCycle.status == "done")
        .order_by(LearningCycle.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def recent_cycles(
    session: AsyncSession, *, team_id: str, limit: int = 5
) -> list[LearningCycle]:
    result = await session.execute(
        select(LearningCycle)
        .where(LearningCycle.team_id == team_id)
        .order_by(LearningCycle.id.desc())
        .limit(limit)
    )
    return list(result.scalars())


async def add_cycle(session: AsyncSession, cycle: LearningCycle) -> int:
    session.add(cycle)
    await session.flush()
    assert cycle.id is not None
    return cycle.id


async def teams_with_runs(session: AsyncSession) -> list[str]:
    result = await session.execute(select(Run.team_id).distinct())
    return sorted(str(team) for team in result.scalars())


def _window(after: datetime | None, until: datetime) -> list[Any]:
    conditions = [Run.status.in_(FINISHED), Run.finished_at <= until]
    if after is not None:
        conditions.append(Run.finished_at > after)
    return conditions


async def count_new_traces(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> int:
    result = await session.execute(
        select(func.count()).where(Run.team_id == team_id, *_window(after, until))
    )
    return int(result.scalar_one())


@dataclass(frozen=True)
class RunRow:
    id: str
    user_id: str
    channel_id: str
    task_kind: str
    specialist: str
    status: str
    planner: str
    prompt_version: int | None
    request: str
    started_at: datetime
    error_class: str | None


@dataclass(frozen=True)
class StepRow:
    run_id: str
    position: int
    step_key: str
    tool: str
    status: str
    success: bool
    error_class: str | None
    duration_ms: float


async def window_runs(
    session: AsyncSession,
    *,
    team_id: str,
    after: datetime | None,
    until: datetime,
    limit: int,
) -> list[RunRow]:
    """Finished runs in the window (the newest `limit`), oldest first."""
    result = await session.execute(
        select(
            Run.id,
            Run.user_id,
            Run.channel_id,
            Run.task_kind,
            Run.specialist,
            Run.status,
            Run.planner,
            Run.prompt_version,
            func.substr(Run.request, 1, 200),
            Run.started_at,
            Run.error_class,
        )
        .where(Run.team_id == team_id, *_window(after, until))
        .order_by(Run.finished_at.desc())
        .limit(limit)
    )
    rows = [RunRow(*row) for row in result.all()]
    rows.reverse()
    return rows


async def window_steps(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> list[StepRow]:
    """Tool steps of the window's runs, in run and position order."""
    result = await session.execute(
        select(
            RunStep.run_id,
            RunStep.position,
            RunStep.step_key,
            RunStep.tool,
            RunStep.status,
            RunStep.success,
            RunStep.error_class,
            RunStep.duration_ms,
        )
        .join(Run, Run.id == RunStep.run_id)
        .where(Run.team_id == team_id, RunStep.kind == "tool", *_window(after, until))
    )
    return [StepRow(*row) for row in result.all() if row[3]]


async def window_rejected(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> set[str]:
    """Runs of the window with negative feedback (active) or an undone action."""
    negative = await session.execute(
        select(Feedback.run_id)
        .join(Run, Run.id == Feedback.run_id)
        .where(
            Feedback.team_id == team_id,
            Feedback.signal < 0,
            Feedback.status == "active",
            *_window(after, until),
        )
    )
    undone = await session.execute(
        select(UndoEntry.run_id)
        .join(Run, Run.id == UndoEntry.run_id)
        .where(UndoEntry.team_id == team_id, UndoEntry.status == "undone", *_window(after, until))
    )
    return {str(r) for r in negative.scalars() if r} | {str(r) for r in undone.scalars() if r}


async def improve_texts(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> list[Feedback]:
    """`/improve` feedback given in the window (by when it was given)."""
    statement = select(Feedback).where(
        Feedback.team_id == team_id,
        Feedback.kind == "improve",
        Feedback.status == "active",
        Feedback.created_at <= until,
    )
    if after is not None:
        statement = statement.where(Feedback.created_at > after)
    result = await session.execute(statement.order_by(Feedback.id))
    return list(result.scalars())


async def feedback_counts_since(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> dict[str, int]:
    statement = select(Feedback.kind, func.count()).where(
        Feedback.team_id == team_id, Feedback.created_at <= until
    )
    if after is not None:
        statement = statement.where(Feedback.created_at > after)
    result = await session.execute(statement.group_by(Feedback.kind))
    return {str(kind): int(count) for kind, count in result.all()}


async def steps_with_arguments(session: AsyncSession, *, run_id: str) -> list[RunStep]:
    result = await session.execute(
        select(RunStep)
        .where(RunStep.run_id == run_id, RunStep.kind == "tool")
        .order_by(RunStep.position, RunStep.id)
    )
    return list(result.scalars())


async def execution_stats_of(session: AsyncSession, *, team_id: str) -> list[ExecutionStat]:
    result = await session.execute(select(ExecutionStat).where(ExecutionStat.team_id == team_id))
    return list(result.scalars())


# --- patterns ---------------------------------------------------------------------------------


async def patterns_of(
    session: AsyncSession, *, team_id: str, kinds: Iterable[str] | None = None
) -> list[LearnedPattern]:
    statement = select(LearnedPattern).where(LearnedPattern.team_id == team_id)
    if kinds is not None:
        statement = statement.where(LearnedPattern.kind.in_(list(kinds)))
    result = await session.execute(statement)
    return list(result.scalars())


async def count_patterns(session: AsyncSession, *, team_id: str) -> int:
    result = await session.execute(select(func.count()).where(LearnedPattern.team_id == team_id))
    return int(result.scalar_one())


async def save_pattern(session: AsyncSession, *, team_id: str, values: dict[str, Any]) -> None:
    """Insert or update one pattern by (team, kind, key)."""
    now = utcnow()
    row = {**values, "team_id": team_id, "updated_at": now}
    statement = insert_for(session, LearnedPattern).values(**row, created_at=now)
    changing = {k: v for k, v in row.items() if k not in ("team_id", "kind", "key")}
    changing.pop("first_cycle_id", None)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["team_id", "kind", "key"], set_=changing)
    )


# --- labels -----------------------------------------------------------------------------------


async def labels_of(session: AsyncSession, *, team_id: str, subject: str) -> dict[str, int]:
    result = await session.execute(
        select(LearningLabel.label, LearningLabel.version).where(
            LearningLabel.team_id == team_id, LearningLabel.subject == subject
        )
    )
    return {str(label): int(version) for label, version in result.all()}


async def labels_with_prefix(
    session: AsyncSession, *, team_id: str, prefix: str
) -> list[LearningLabel]:
    result = await session.execute(
        select(LearningLabel).where(
            LearningLabel.team_id == team_id, LearningLabel.subject.startswith(prefix)
        )
    )
    return list(result.scalars())


async def move_label(
    session: AsyncSession,
    *,
    team_id: str,
    subject: str,
    label: str,
    version: int,
    by: str,
    expected: int | None,
) -> bool:
    """Point `label` at `version` if it still points at `expected` (None: it must not exist).

    The condition makes concurrent changes (an admin's click during a cycle) safe: the
    second writer sees False and leaves the label alone.
    """
    now = utcnow()
    if expected is None:
        result = await session.execute(
            insert_for(session, LearningLabel)
            .values(
                team_id=team_id,
                subject=subject,
                label=label,
                version=version,
                updated_by=by,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["team_id", "subject", "label"])
            .returning(LearningLabel.id)
        )
        return result.scalar_one_or_none() is not None
    result = await session.execute(
        update(LearningLabel)
        .where(
            LearningLabel.team_id == team_id,
            LearningLabel.subject == subject,
            LearningLabel.label == label,
            LearningLabel.version == expected,
        )
        .values(version=version, updated_by=by, updated_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def drop_label(
    session: AsyncSession, *, team_id: str, subject: str, label: str, expected: int
) -> bool:
    result = await session.execute(
        delete(LearningLabel).where(
            LearningLabel.team_id == team_id,
            LearningLabel.subject == subject,
            LearningLabel.label == label,
            LearningLabel.version == expected,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --- prompt versions --------------------------------------------------------------------------


async def prompt_versions(
    session: AsyncSession, *, team_id: str, specialist: str | None = None
) -> list[PromptVersion]:
    statement = select(PromptVersion).where(PromptVersion.team_id == team_id)
    if specialist is not None:
        statement = statement.where(PromptVersion.specialist == specialist)
    result = await session.execute(
        statement.order_by(PromptVersion.specialist, PromptVersion.number)
    )
    return list(result.scalars())


async def get_prompt_version(
    session: AsyncSession, *, team_id: str, specialist: str, number: int
) -> PromptVersion | None:
    result = await session.execute(
        select(PromptVersion).where(
            PromptVersion.team_id == team_id,
            PromptVersion.specialist == specialist,
            PromptVersion.number == number,
        )
    )
    return result.scalar_one_or_none()


async def served_guidelines(
    session: AsyncSession, *, team_id: str, specialist: str
) -> list[tuple[str, int, list[Any]]]:
    """(label, version, guidelines) for each label of the specialist's prompt: one query."""
    result = await session.execute(
        select(LearningLabel.label, LearningLabel.version, PromptVersion.guidelines)
        .join(
            PromptVersion,
            and_(
                PromptVersion.team_id == LearningLabel.team_id,
                PromptVersion.specialist == specialist,
                PromptVersion.number == LearningLabel.version,
            ),
        )
        .where(LearningLabel.team_id == team_id, LearningLabel.subject == f"prompt:{specialist}")
    )
    return [(str(label), int(version), list(lines or [])) for label, version, lines in result.all()]


async def next_prompt_number(session: AsyncSession, *, team_id: str, specialist: str) -> int:
    result = await session.execute(
        select(func.max(PromptVersion.number)).where(
            PromptVersion.team_id == team_id, PromptVersion.specialist == specialist
        )
    )
    return int(result.scalar_one() or 0) + 1


async def add_prompt_version(session: AsyncSession, version: PromptVersion) -> PromptVersion:
    session.add(version)
    await session.flush()
    return version


async def set_prompt_state(
    session: AsyncSession,
    *,
    team_id: str,
    specialist: str,
    number: int,
    state: str,
    decision: str = "",
) -> None:
    await session.execute(
        update(PromptVersion)
        .where(
            PromptVersion.team_id == team_id,
            PromptVersion.specialist == specialist,
            PromptVersion.number == number,
        )
        .values(state=state, decided_at=utcnow(), decision=decision[:4000])
    )


async def count_prompt_versions(session: AsyncSession, *, team_id: str) -> int:
    result = await session.execute(
        select(func.count()).where(PromptVersion.team_id == team_id, PromptVersion.number > 1)
    )
    return int(result.scalar_one())


async def acceptance(
    session: AsyncSession,
    *,
    team_id: str,
    specialist: str,
    version: int,
    since: datetime,
) -> tuple[int, int]:
    """(accepted, finished) model-planned runs served `version` of the prompt since `since`.

    Accepted = succeeded, no active negative feedback, no undone action.
    """
    negative = exists().where(
        Feedback.run_id == Run.id, Feedback.signal < 0, Feedback.status == "active"
    )
    undone = exists().where(UndoEntry.run_id == Run.id, UndoEntry.status == "undone")
    accepted = func.sum(
        case((and_(Run.status == "succeeded", ~negative, ~undone), 1), else_=0)
    ).cast(Integer)
    result = await session.execute(
        select(func.count(), accepted).where(
            Run.team_id == team_id,
            Run.specialist == specialist,
            Run.prompt_version == version,
            Run.planner == "model",
            Run.status.in_(FINISHED),
            Run.started_at >= since,
        )
    )
    total, good = result.one()
    return int(good or 0), int(total or 0)


# --- workflows --------------------------------------------------------------------------------


async def add_offer(session: AsyncSession, **values: Any) -> int | None:
    values.setdefault("created_at", utcnow())
    result = await session.execute(
        insert_for(session, WorkflowOffer)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["team_id", "user_id", "signature"])
        .returning(WorkflowOffer.id)
    )
    return result.scalar_one_or_none()


async def offer_signatures(session: AsyncSession, *, team_id: str) -> set[tuple[str, str]]:
    result = await session.execute(
        select(WorkflowOffer.user_id, WorkflowOffer.signature).where(
            WorkflowOffer.team_id == team_id
        )
    )
    return {(str(user), str(signature)) for user, signature in result.all()}


async def get_offer(session: AsyncSession, *, offer_id: int) -> WorkflowOffer | None:
    return await session.get(WorkflowOffer, offer_id)


async def decide_offer(session: AsyncSession, *, offer_id: int, status: str) -> bool:
    result = await session.execute(
        update(WorkflowOffer)
        .where(WorkflowOffer.id == offer_id, WorkflowOffer.status == "offered")
        .values(status=status, decided_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def workflow_versions(
    session: AsyncSession, *, team_id: str, user_id: str, name: str
) -> list[SavedWorkflow]:
    result = await session.execute(
        select(SavedWorkflow)
        .where(
            SavedWorkflow.team_id == team_id,
            SavedWorkflow.user_id == user_id,
            SavedWorkflow.name == name,
        )
        .order_by(SavedWorkflow.number)
    )
    return list(result.scalars())


async def workflows_of(session: AsyncSession, *, team_id: str, user_id: str) -> list[SavedWorkflow]:
    result = await session.execute(
        select(SavedWorkflow)
        .where(SavedWorkflow.team_id == team_id, SavedWorkflow.user_id == user_id)
        .order_by(SavedWorkflow.name, SavedWorkflow.number)
    )
    return list(result.scalars())


async def add_workflow_version(session: AsyncSession, version: SavedWorkflow) -> SavedWorkflow:
    session.add(version)
    await session.flush()
    return version


async def set_workflow_state(
    session: AsyncSession, *, team_id: str, user_id: str, name: str, number: int, state: str
) -> None:
    await session.execute(
        update(SavedWorkflow)
        .where(
            SavedWorkflow.team_id == team_id,
            SavedWorkflow.user_id == user_id,
            SavedWorkflow.name == name,
            SavedWorkflow.number == number,
        )
        .values(state=state)
    )


async def link_workflow_run(session: AsyncSession, **values: Any) -> None:
    values.setdefault("created_at", utcnow())
    await session.execute(
        insert_for(session, WorkflowRun)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["run_id"])
    )


async def workflow_of_run(session: AsyncSession, *, run_id: str) -> WorkflowRun | None:
    return await session.get(WorkflowRun, run_id)


# --- status -----------------------------------------------------------------------------------


async def count_cycles(session: AsyncSession, *, team_id: str) -> int:
    result = await session.execute(
        select(func.count()).where(LearningCycle.team_id == team_id, LearningCycle.status == "done")
    )
    return int(result.scalar_one())


async def mark_pattern(
    session: AsyncSession, *, team_id: str, kind: str, key: str, **detail: Any
) -> bool:
    """Merge `detail` into a stored pattern's detail (e.g. blocked after a rollback)."""
    result = await session.execute(
        select(LearnedPattern).where(
            LearnedPattern.team_id == team_id,
            LearnedPattern.kind == kind,
            LearnedPattern.key == key,
        )
    )
    pattern = result.scalar_one_or_none()
    if pattern is None:
        return False
    pattern.detail = {**(pattern.detail or {}), **detail}
    pattern.updated_at = utcnow()
    await session.flush()
    return True


async def last_cycle_any(session: AsyncSession, *, team_id: str) -> LearningCycle | None:
    result = await session.execute(
        select(LearningCycle)
        .where(LearningCycle.team_id == team_id)
        .order_by(LearningCycle.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def count_canaries(session: AsyncSession, *, team_id: str) -> int:
    result = await session.execute(
        select(func.count()).where(
            LearningLabel.team_id == team_id,
            LearningLabel.label == "canary",
            LearningLabel.subject.startswith("prompt:"),
        )
    )
    return int(result.scalar_one())
