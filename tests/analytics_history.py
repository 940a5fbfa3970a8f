"""A small run history whose figures are worked out by hand (used by the analytics tests).

Window: the 7 days before `now`. In it, workspace `team_id` has 21 runs started
1 … 21 hours before `now`; run i took i × 100 ms, except run 21, still running.

- slack: runs 1–10 and 21 (run 5 failed, SlackApiError); general: runs 11–20
  (15 and 18 failed with TimeoutError, 20 with SlackApiError).
  → 21 runs, 20 finished, 16 succeeded: success rate 0.8.
- Latency (nearest rank) of 100 … 2000 ms: P50 = 1000, P95 = 1900, P99 = 2000;
  slack (100 … 1000): 500 / 1000 / 1000; general (1100 … 2000): 1500 / 2000 / 2000.
- Tool steps: slack.archive on runs 1–10, i × 10 ms, run 5's failed (SlackApiError):
  10 calls, 9 ok, P50 50 ms, P95 100 ms. slack.post on runs 11–14: 5, 15, 25, 35 ms:
  P50 15, P95 35. slack.pin on run 17, "done without asking …", 7 ms: a saved
  confirmation. Not calls: a step awaiting confirmation, a model turn.
- Confirmations: 5 asked (2 confirmed, 1 cancelled, 1 expired, 1 pending); one more
  10 days ago, outside the window.
- Undo: 4 undoable actions, 1 undone → undo rate 0.25.
- Feedback: 3 × +1, 1 × −1 → balance 0.5.
- Cost 0.01 USD, 100 prompt and 10 completion tokens a run → 0.21 USD, 2,100 and 210.
- health = 0.5 × 0.8 + 0.2 × (1 − 1.9 / 10) + 0.15 × (1 − 0.25) + 0.15 × (0.5 + 1) / 2
         = 0.4 + 0.162 + 0.1125 + 0.1125 = 0.787
- Previous window: 4 runs, 8 days before `now`, 100 ms each, all succeeded:
  health = 0.5 + 0.2 × 0.99 + 0.15 + 0.15 × 0.5 = 0.923.

Another workspace, `OTHER_TEAM`, has runs in the same window that must never show.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.db import Database
from storage.models import AuditEntry, PendingAction, Run, RunStep, UndoEntry

TEAM = "T0STATS"
OTHER_TEAM = "T0OTHER"

EXPECTED_HEALTH = 0.787
EXPECTED_PREVIOUS_HEALTH = 0.923


def _run(team_id: str, number: int, started: datetime, **values: object) -> Run:
    fields: dict[str, object] = {
        "id": f"{team_id}-run-{number}",
        "team_id": team_id,
        "user_id": "U0ALICE",
        "channel_id": "C0GENERAL",
        "request": f"request {number}",
        "specialist": "slack",
        "status": "succeeded",
        "cost_usd": 0.01,
        "prompt_tokens": 100,
        "completion_tokens": 10,
        "started_at": started,
    }
    fields.update(values)
    return Run(**fields)  # type: ignore[arg-type]


async def seed_known_history(database: Database, *, now: datetime, team_id: str = TEAM) -> None:
    failed = {5: "SlackApiError", 15: "TimeoutError", 18: "TimeoutError", 20: "SlackApiError"}
    async with database.transaction() as session:
        for i in range(1, 21):
            session.add(
                _run(
                    team_id,
                    i,
                    now - timedelta(hours=i),
                    specialist="slack" if i <= 10 else "general",
                    status="failed" if i in failed else "succeeded",
                    error_class=failed.get(i),
                    duration_ms=float(i * 100),
                )
            )
        session.add(_run(team_id, 21, now - timedelta(hours=21), status="running"))
        for i in range(1, 5):
            session.add(_run(team_id, 100 + i, now - timedelta(days=8, hours=i), duration_ms=100.0))
        for i in range(1, 4):  # another workspace, same window: never counted
            session.add(
                _run(
                    OTHER_TEAM,
                    i,
                    now - timedelta(hours=i),
                    status="failed",
                    error_class="Leak",
                    duration_ms=99_000.0,
                    cost_usd=5.0,
                )
            )
        await session.flush()

        for i in range(1, 11):
            session.add(
                RunStep(
                    run_id=f"{team_id}-run-{i}",
                    position=1,
                    kind="tool",
                    tool="slack.archive",
                    status="failed" if i == 5 else "done",
                    success=i != 5,
                    error_class="SlackApiError" if i == 5 else None,
                    duration_ms=float(i * 10),
                    result_summary="not_in_channel" if i == 5 else "Archived",
                )
            )
        for i, took in zip(range(11, 15), (5.0, 15.0, 25.0, 35.0), strict=True):
            session.add(
                RunStep(
                    run_id=f"{team_id}-run-{i}",
                    position=1,
                    kind="tool",
                    tool="slack.post",
                    duration_ms=took,
                    success=True,
                )
            )
        session.add(
            RunStep(
                run_id=f"{team_id}-run-17",
                position=1,
                kind="tool",
                tool="slack.pin",
                duration_ms=7.0,
                success=True,
                result_summary="done without asking: pinned the last message in #ops",
            )
        )
        session.add(
            RunStep(
                run_id=f"{team_id}-run-16",
                position=1,
                kind="tool",
                tool="slack.archive",
                status="awaiting_confirmation",
                success=False,
                duration_ms=9_999.0,
            )
        )
        session.add(
            RunStep(run_id=f"{team_id}-run-16", position=2, kind="model", duration_ms=8_888.0)
        )
        session.add(
            RunStep(
                run_id=f"{OTHER_TEAM}-run-1",
                position=1,
                kind="tool",
                tool="slack.archive",
                status="failed",
                error_class="Leak",
                duration_ms=50_000.0,
            )
        )

        statuses = ["confirmed", "confirmed", "cancelled", "expired", "pending"]
        for i, status in enumerate(statuses, start=1):
            session.add(_pending(team_id, f"{team_id}-run-{i}", status, now - timedelta(hours=i)))
        session.add(_pending(team_id, f"{team_id}-run-1", "confirmed", now - timedelta(days=10)))
        session.add(
            _pending(OTHER_TEAM, f"{OTHER_TEAM}-run-1", "pending", now - timedelta(minutes=1))
        )

        for i in range(1, 5):
            session.add(
                UndoEntry(
                    team_id=team_id,
                    user_id="U0ALICE",
                    run_id=f"{team_id}-run-{i}",
                    tool="slack.archive",
                    summary="Archived #x",
                    description="unarchive #x",
                    status="undone" if i == 1 else "active",
                    created_at=now - timedelta(hours=i),
                    expires_at=now + timedelta(hours=1),
                )
            )
        for score in (1, 1, 1, -1):
            session.add(
                AuditEntry(
                    team_id=team_id,
                    actor="U0ALICE",
                    action="feedback_received",
                    detail={"score": score},
                    created_at=now - timedelta(hours=2),
                )
            )
        session.add(
            AuditEntry(
                team_id=team_id,
                actor="U0ALICE",
                action="run_completed",
                detail={"score": -1},
                created_at=now - timedelta(hours=2),
            )
        )
        session.add(
            AuditEntry(
                team_id=OTHER_TEAM,
                actor="U0BOB",
                action="feedback_received",
                detail={"score": -1},
                created_at=now - timedelta(hours=2),
            )
        )


def _pending(team_id: str, run_id: str, status: str, created: datetime) -> PendingAction:
    return PendingAction(
        run_id=run_id,
        team_id=team_id,
        requester="U0ALICE",
        channel_id="C0GENERAL",
        tool="slack.archive",
        description="Archive #x",
        risk="destructive",
        status=status,
        created_at=created,
        expires_at=created + timedelta(minutes=15),
    )
