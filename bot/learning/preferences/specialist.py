"""Which specialist: per kind of task, the one whose runs went best for this member.

A run is *good* when it succeeded and was neither undone nor down-voted. The member's
latest `SPECIALIST_HISTORY` runs of a kind count; a specialist is preferred once it has
`MIN_GOOD_RUNS` good runs and a Beta lower bound (`bot.learning.estimators`) above ½. The
member's own setting (`/prefs set specialist`) wins; "forget" restarts the count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.learning import estimators
from bot.learning.preferences.keys import (
    SINCE_SPECIALIST_PREFIX,
    SPECIALIST_PREFIX,
    since_key,
    specialist_key,
)
from bot.learning.utc import aware
from storage.db import Database
from storage.repositories import preferences as store

MIN_GOOD_RUNS = 3
SPECIALIST_HISTORY = 50  # the member's latest runs of a kind that count
YOUR_SETTING, LEARNED, NOT_ENOUGH = "your setting", "learned", "not enough runs"


@dataclass(frozen=True)
class SpecialistChoice:
    task_kind: str
    specialist: str | None
    source: str  # "your setting", "learned", "not enough runs"
    good: int = 0
    runs: int = 0
    confidence: float = 0.0
    last_seen: datetime | None = None


def learned_specialist(
    task_kind: str, outcomes: list[store.RunOutcome], down_voted: set[str]
) -> SpecialistChoice:
    """The specialist whose runs went best for this member (good = succeeded, kept, liked)."""
    tally: dict[str, list[int]] = {}
    last: dict[str, datetime] = {}
    for outcome in outcomes:
        is_good = (
            outcome.status == "succeeded"
            and not outcome.undone
            and outcome.run_id not in down_voted
        )
        counts = tally.setdefault(outcome.specialist, [0, 0])
        counts[0] += int(is_good)
        counts[1] += 1
        started = aware(outcome.started_at)
        if outcome.specialist not in last or started > last[outcome.specialist]:
            last[outcome.specialist] = started
    best: SpecialistChoice | None = None
    for name, (good, total) in sorted(tally.items()):
        if good < MIN_GOOD_RUNS:
            continue
        confidence = estimators.lower_bound(good, total - good)
        if confidence <= 0.5:
            continue
        if best is None or confidence > best.confidence:
            best = SpecialistChoice(
                task_kind, name, LEARNED, good, total, confidence, last.get(name)
            )
    if best is not None:
        return best
    runs = sum(total for _, total in tally.values())
    return SpecialistChoice(task_kind, None, NOT_ENOUGH, runs=runs)


def cutoff(settings: dict[str, str], task_kind: str | None) -> datetime | None:
    """Runs before this moment don't count: the member said "forget" then."""
    moments = [settings.get(since_key(None))]
    if task_kind:
        moments.append(settings.get(since_key(task_kind)))
    parsed = [datetime.fromisoformat(m) for m in moments if m]
    return max((aware(p) for p in parsed), default=None)


class SpecialistLearner:
    def __init__(
        self,
        database: Database,
        *,
        specialists: Callable[[], list[str]] | None,
        clock: Callable[[], datetime],
    ) -> None:
        self._database = database
        self._specialist_names = specialists
        self._clock = clock

    def specialist_names(self) -> list[str]:
        return sorted(self._specialist_names()) if self._specialist_names else []

    async def preferred_specialist(self, team_id: str, user_id: str, task_kind: str) -> str | None:
        """The router's lookup: the member's setting, else the learned specialist, else None."""
        choice = await self.specialist_choice(team_id, user_id, task_kind)
        return choice.specialist

    async def specialist_choice(
        self, team_id: str, user_id: str, task_kind: str
    ) -> SpecialistChoice:
        async with self._database.read() as session:
            settings = await store.settings_of(session, team_id=team_id, user_id=user_id)
            explicit = settings.get(specialist_key(task_kind))
            if explicit:
                return SpecialistChoice(task_kind, explicit, YOUR_SETTING)
            outcomes = await store.run_outcomes(
                session,
                team_id=team_id,
                user_id=user_id,
                task_kind=task_kind,
                since=cutoff(settings, task_kind),
                limit=SPECIALIST_HISTORY,
            )
            down = await store.down_voted_runs(
                session, team_id=team_id, run_ids=[o.run_id for o in outcomes]
            )
        return learned_specialist(task_kind, outcomes, down)

    async def specialist_choices(self, team_id: str, user_id: str) -> list[SpecialistChoice]:
        """Every kind of task the member has a preferred specialist for (set or learned)."""
        async with self._database.read() as session:
            settings = await store.settings_of(session, team_id=team_id, user_id=user_id)
            outcomes = await store.run_outcomes(
                session, team_id=team_id, user_id=user_id, since=cutoff(settings, None)
            )
            down = await store.down_voted_runs(
                session, team_id=team_id, run_ids=[o.run_id for o in outcomes]
            )
        by_kind: dict[str, list[store.RunOutcome]] = {}
        for outcome in outcomes:
            by_kind.setdefault(outcome.task_kind, []).append(outcome)
        choices: dict[str, SpecialistChoice] = {}
        for kind, found in by_kind.items():
            since = cutoff(settings, kind)
            kept = [o for o in found if since is None or aware(o.started_at) >= since]
            choice = learned_specialist(kind, kept[:SPECIALIST_HISTORY], down)
            if choice.specialist:
                choices[kind] = choice
        for key, value in settings.items():
            if key.startswith(SPECIALIST_PREFIX):
                kind = key.removeprefix(SPECIALIST_PREFIX)
                choices[kind] = SpecialistChoice(kind, value, YOUR_SETTING)
        return [choices[kind] for kind in sorted(choices)]

    async def forget_specialist(self, team_id: str, user_id: str, task_kind: str | None) -> None:
        """Forget the preferred specialist for a kind (or all): runs before now stop counting."""
        now = self._clock().isoformat()
        async with self._database.transaction() as session:
            if task_kind:
                await store.delete_setting(
                    session, team_id=team_id, user_id=user_id, key=specialist_key(task_kind)
                )
            else:
                for key in await store.settings_of(session, team_id=team_id, user_id=user_id):
                    if key.startswith((SPECIALIST_PREFIX, SINCE_SPECIALIST_PREFIX)):
                        await store.delete_setting(
                            session, team_id=team_id, user_id=user_id, key=key
                        )
            await store.set_setting(
                session, team_id=team_id, user_id=user_id, key=since_key(task_kind), value=now
            )
