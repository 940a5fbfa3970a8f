"""Learning from the member's own messages, off the run's path: style counters and activity.

A finished run (`run_completed` / `run_failed`) starts an observation of its request in
the background, so the run never waits for it. A member who writes again at once would
otherwise get a run that has not heard what they just said, so the style lookup for
their next run waits (briefly) for the observation under way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.preferences import style
from bot.learning.preferences.hours_learner import WorkingHoursLearner, zone_of_profile
from bot.learning.preferences.style_learner import feedback_values
from bot.learning.utc import aware
from bot.orchestrator.events import Event
from storage.db import Database
from storage.repositories import preferences as store
from storage.repositories import runs as run_store

OBSERVATION_WAIT_SECONDS = 2.0
DRAIN_SECONDS = 5
MAX_COUNTED_CHARS = 40_000


class MessageObserver:
    def __init__(
        self,
        database: Database,
        *,
        hours: WorkingHoursLearner,
        clock: Callable[[], datetime],
    ) -> None:
        self._database = database
        self._hours = hours
        self._clock = clock
        self._background: set[asyncio.Task[None]] = set()
        self._observing: dict[tuple[str | None, str], asyncio.Task[None]] = {}

    async def on_run_finished(self, event: Event) -> None:
        """Learn from the member's message off the run's path: the run does not wait for it."""
        task = asyncio.get_running_loop().create_task(self._observe_run(event))
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        key = (event.team_id, event.actor)
        self._observing[key] = task
        task.add_done_callback(lambda done: self._forget_observation(key, done))

    def _forget_observation(self, key: tuple[str | None, str], done: asyncio.Task[None]) -> None:
        if self._observing.get(key) is done:
            del self._observing[key]

    async def caught_up(self, team_id: str, user_id: str) -> None:
        """Wait (briefly) for the observation of this member's previous message."""
        task = self._observing.get((team_id, user_id))
        if task is None or task.done():
            return
        await asyncio.wait({task}, timeout=OBSERVATION_WAIT_SECONDS)

    async def drain(self) -> None:
        """Let observations under way finish (at shutdown)."""
        if self._background:
            await asyncio.wait(set(self._background), timeout=DRAIN_SECONDS)

    async def _observe_run(self, event: Event) -> None:
        run_id = str(event.data.get("run_id") or "")
        if not (event.team_id and run_id):
            return
        async with self._database.read() as session:
            run = await run_store.get_run(session, run_id=run_id)
        if run is None or run.user_id != event.actor:
            return
        await self.observe_message(run.team_id, run.user_id, run.request, at=event.at)

    async def observe_message(
        self,
        team_id: str,
        user_id: str,
        text: str,
        *,
        at: datetime | None = None,
        client: AsyncWebClient | None = None,
    ) -> None:
        """Learn from one of the member's messages: length, emoji, feedback, when they work.

        One read and one write transaction (plus a weekly `users.info`), because this runs
        after every request and shares SQLite's single writer with the runs themselves.
        """
        moment = aware(at or self._clock())
        stripped = text.strip()
        profile = await self._hours.profile_with_timezone(team_id, user_id, client)
        local = moment.astimezone(zone_of_profile(profile) or UTC)
        feedback = feedback_values(style.feedback_in(stripped), moment) if stripped else {}
        async with self._database.transaction() as session:
            if stripped:
                await store.count_message(
                    session,
                    team_id=team_id,
                    user_id=user_id,
                    chars=min(len(stripped), MAX_COUNTED_CHARS),
                    has_emoji=style.has_emoji(stripped),
                    at=moment,
                )
            if feedback:
                await store.update_profile(session, team_id=team_id, user_id=user_id, **feedback)
            await store.count_activity(
                session,
                team_id=team_id,
                user_id=user_id,
                weekday=local.weekday(),
                hour=local.hour,
                at=moment,
            )
