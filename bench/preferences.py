"""(d) Preference learning: does the learned confirmation policy stop asking the right people?

A simulated workspace on SQLite (migrated to head), driving the real code in process:
`bot.orchestrator.gate.gate` with `bot.learning.preferences.PreferenceService` as the
policy, decisions delivered as `action_confirmed` / `action_undone` events on a real
`EventBus` to the service's own subscribers, and done-without-asking reported the way
`StepExecutor` reports it. 200 requests, round-robin, 3.6 simulated hours apart
(30 days in all), every one of them a destructive call the rule alone would hold:

- member A asks to archive channels and always confirms;
- member B asks to delete messages and always cancels;
- member C asks to archive channels, confirms, then undoes every one (also any done
  without asking).

Figures: decisions until A's archives run without asking (target ≤ 5), B's deletions
and C's archives run without asking (target 0 each), and the share of the 200
confirmations saved. Run alone with `python -m bench.preferences`.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bench.common import migrated_sqlite, print_table, temporary_directory
from bot.integrations.registry import ToolRegistry
from bot.integrations.slack.integration import SlackIntegration
from bot.learning.preferences.service import PreferenceService
from bot.orchestrator.events import Event, EventBus, EventName
from bot.orchestrator.gate import gate
from storage.db import Database

NAME = "preferences"
TITLE = "(d) learned confirmations: 200 simulated requests from three members"
TEAM = "T0BENCH"
REQUESTS = 200
SPACING = timedelta(hours=3.6)
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

Figure = tuple[str, float, str, str]  # name, value, unit, target


@dataclass
class Member:
    user_id: str
    label: str
    pattern: str
    behaviour: str  # confirm, cancel, confirm-then-undo
    asked: int = 0
    decisions: int = 0
    auto: int = 0
    decisions_before_first_auto: int | None = None
    log: list[str] = field(default_factory=list)


class SimulatedClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


async def run() -> list[Figure]:
    with temporary_directory("kaizen-bench-prefs-") as directory:
        url = await migrated_sqlite(directory)
        database = Database(url)
        try:
            members = await _simulate(database)
        finally:
            await database.dispose()
    return _report(members)


async def _simulate(database: Database) -> list[Member]:
    clock = SimulatedClock(START)
    tools = ToolRegistry([SlackIntegration()])
    service = PreferenceService(database, tools, clock=clock)
    bus = EventBus()
    service.subscribe(bus)
    members = [
        Member("U0ANNA", "A (always confirms archiving)", "slack.archive_channel", "confirm"),
        Member("U0BEN", "B (always cancels deletions)", "slack.delete_message", "cancel"),
        Member("U0CLEO", "C (confirms archiving, then undoes)", "slack.archive_channel", "undo"),
    ]
    for index in range(REQUESTS):
        member = members[index % len(members)]
        await _request(member, index, service, bus, tools, clock)
        clock.now += SPACING
    return members


async def _request(
    member: Member,
    index: int,
    service: PreferenceService,
    bus: EventBus,
    tools: ToolRegistry,
    clock: SimulatedClock,
) -> None:
    tool = tools.get(member.pattern)
    assert tool is not None, member.pattern
    verdict = await gate(
        tool,
        {"channel": f"C0SIM{index:03d}", "ts": "1.000001"},
        request_channel="C0GENERAL",
        request_is_dm=False,
        tainted=False,
        team_id=TEAM,
        user_id=member.user_id,
        policy=service,
    )
    run_id = f"run-{index:03d}"
    if verdict.reason is None:  # ran without asking
        member.auto += 1
        if member.decisions_before_first_auto is None:
            member.decisions_before_first_auto = member.decisions
        await service.auto_executed(
            team_id=TEAM, user_id=member.user_id, pattern=member.pattern, run_id=run_id
        )
        member.log.append(f"#{index:03d} done without asking ({verdict.auto_reason})")
        if member.behaviour == "undo":
            await _publish_undo(bus, member, run_id, clock)
        return
    member.asked += 1
    member.decisions += 1
    confirmed = member.behaviour in ("confirm", "undo")
    await bus.publish(
        Event(
            name=EventName.ACTION_CONFIRMED,
            team_id=TEAM,
            actor=member.user_id,
            data={
                "tool": member.pattern,
                "decision": "confirmed" if confirmed else "cancelled",
                "requester": member.user_id,
                "run_id": run_id,
            },
            at=clock.now,
        )
    )
    evidence = await service.evidence(TEAM, member.user_id, member.pattern)
    member.log.append(
        f"#{index:03d} asked → {'confirmed' if confirmed else 'cancelled'}; "
        f"confidence {evidence.confidence:.3f} (bar {service.bar_for(tool.risk):.2f})"
    )
    if member.behaviour == "undo":
        member.decisions += 1
        clock.now += timedelta(minutes=5)
        await _publish_undo(bus, member, run_id, clock)


async def _publish_undo(bus: EventBus, member: Member, run_id: str, clock: SimulatedClock) -> None:
    await bus.publish(
        Event(
            name=EventName.ACTION_UNDONE,
            team_id=TEAM,
            actor=member.user_id,
            data={"tool": member.pattern, "owner": member.user_id, "run_id": run_id},
            at=clock.now,
        )
    )


def _report(members: list[Member]) -> list[Figure]:
    anna, ben, cleo = members
    print(f"\n{TITLE}")
    print(f"  A's requests until they ran without asking ({anna.pattern}):")
    for line in anna.log:
        print(f"    {line}")
        if "without asking" in line:
            break
    rows = [[m.label, m.pattern, m.asked + m.auto, m.asked, m.auto, m.decisions] for m in members]
    print_table(
        "Per member",
        ["member", "pattern", "requests", "asked", "done unasked", "decisions"],
        rows,
    )
    total = sum(m.asked + m.auto for m in members)
    saved = sum(m.auto for m in members) / total if total else 0.0
    until = anna.decisions_before_first_auto
    return [
        (
            "A: decisions until archiving runs without asking",
            float(until) if until is not None else float("nan"),
            "decisions",
            "≤ 5",
        ),
        ("B: deletions run without asking", float(ben.auto), "", "≤ 0"),
        ("C: confirmed-then-undone archives run without asking", float(cleo.auto), "", "≤ 0"),
        (f"confirmations saved over {total} requests", round(100 * saved, 1), "%", ""),
    ]


def main() -> int:
    figures = asyncio.run(run())
    print_table(
        "Summary",
        ["figure", "value", "unit", "target"],
        [[name, value, unit, target] for name, value, unit, target in figures],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
