"""What Kaizen learns about each member, and the explicit settings that override it (SPEC §7).

`PreferenceService` is the one object the app, the gate, the router and `/prefs` use; it
hands each question to the module that owns it:

- **when to ask** — `confirm` (the rule) and `confirm_learner` (decisions, the gate);
- **which specialist** — `specialist`;
- **how to talk** — `style` (the rules) and `style_learner`;
- **when to notify** — `hours` (the rules) and `hours_learner`;
- learning from the member's messages, off the run's path — `observer`.

Decisions arrive on the event bus (`action_confirmed`, `action_undone`, `run_completed`,
`run_failed`, `feedback_received`); only the member's own decisions train their policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import Risk, Tool
from bot.integrations.registry import ToolRegistry
from bot.learning import estimators
from bot.learning.preferences import hours, style
from bot.learning.preferences.confirm import (
    DEFAULT_CONFIDENCE,
    ConfirmationVerdict,
    PatternEvidence,
)
from bot.learning.preferences.confirm_learner import ConfirmationLearner
from bot.learning.preferences.hours_learner import ClientResolver, WorkingHoursLearner
from bot.learning.preferences.keys import since_key
from bot.learning.preferences.observer import MessageObserver
from bot.learning.preferences.specialist import SpecialistChoice, SpecialistLearner
from bot.learning.preferences.style_learner import StyleLearner
from bot.orchestrator.events import Event, EventBus, EventName
from storage.db import Database
from storage.models import utcnow
from storage.repositories import preferences as store


@dataclass
class MemberPreferences:
    """Everything learned about one member, with the evidence, for `/prefs` and App Home."""

    confirmations: list[ConfirmationVerdict] = field(default_factory=list)
    specialists: list[SpecialistChoice] = field(default_factory=list)
    verbosity: style.StyleChoice | None = None
    emoji: style.StyleChoice | None = None
    hours: hours.WorkingHours | None = None


class PreferenceService:
    def __init__(
        self,
        database: Database,
        tools: ToolRegistry | None = None,
        *,
        confirm_confidence: float = DEFAULT_CONFIDENCE,
        specialists: Callable[[], list[str]] | None = None,
        half_life: timedelta = estimators.HALF_LIFE,
        clock: Callable[[], datetime] = utcnow,
        client_for: ClientResolver | None = None,
    ) -> None:
        self._database = database
        self._clock = clock
        self.confirmations = ConfirmationLearner(
            database, tools, confirm_confidence=confirm_confidence, half_life=half_life, clock=clock
        )
        self.specialists = SpecialistLearner(database, specialists=specialists, clock=clock)
        self.style = StyleLearner(database)
        self.hours = WorkingHoursLearner(database, clock=clock, client_for=client_for)
        self.observer = MessageObserver(database, hours=self.hours, clock=clock)

    @property
    def confirm_confidence(self) -> float:
        return self.confirmations.confirm_confidence

    def subscribe(self, bus: EventBus) -> None:
        """Learn from the bus: decisions, undos, the member's messages, feedback."""
        bus.subscribe(EventName.ACTION_CONFIRMED, self.on_action_confirmed)
        bus.subscribe(EventName.ACTION_UNDONE, self.on_action_undone)
        # Learning from the member's message waits until the answer is out.
        bus.subscribe(EventName.RUN_COMPLETED, self.on_run_finished)
        bus.subscribe(EventName.RUN_FAILED, self.on_run_finished)
        bus.subscribe(EventName.FEEDBACK_RECEIVED, self.on_feedback)

    # --- events ---------------------------------------------------------------------------

    async def on_action_confirmed(self, event: Event) -> None:
        if await self.confirmations.on_action_confirmed(event) and event.team_id:
            await self.hours.count_activity(event.team_id, event.actor, event.at)

    async def on_action_undone(self, event: Event) -> None:
        await self.confirmations.on_action_undone(event)

    async def on_run_finished(self, event: Event) -> None:
        await self.observer.on_run_finished(event)

    async def on_feedback(self, event: Event) -> None:
        text = event.data.get("text")
        user = str(event.data.get("user_id") or event.actor or "")
        if event.team_id and user and isinstance(text, str) and text.strip():
            await self.style.store_feedback(event.team_id, user, style.feedback_in(text), event.at)

    async def drain(self) -> None:
        """Let observations under way finish (at shutdown)."""
        await self.observer.drain()

    # --- when to ask ----------------------------------------------------------------------

    def pattern_names(self) -> list[str]:
        return self.confirmations.pattern_names()

    def tool(self, pattern: str) -> Tool | None:
        return self.confirmations.tool(pattern)

    def bar_for(self, risk: Risk | str) -> float:
        return self.confirmations.bar_for(risk)

    async def record_decision(
        self,
        team_id: str,
        user_id: str,
        pattern: str,
        decision: str,
        *,
        run_id: str | None = None,
        at: datetime | None = None,
    ) -> None:
        await self.confirmations.record_decision(
            team_id, user_id, pattern, decision, run_id=run_id, at=at
        )

    async def evidence(self, team_id: str, user_id: str, pattern: str) -> PatternEvidence:
        return await self.confirmations.evidence(team_id, user_id, pattern)

    async def verdict(
        self, team_id: str, user_id: str, pattern: str, *, tainted: bool = False
    ) -> ConfirmationVerdict:
        return await self.confirmations.verdict(team_id, user_id, pattern, tainted=tainted)

    async def auto_execute(
        self, *, team_id: str, user_id: str, tool: Tool, tainted: bool
    ) -> str | None:
        return await self.confirmations.auto_execute(
            team_id=team_id, user_id=user_id, tool=tool, tainted=tainted
        )

    async def auto_executed(
        self, *, team_id: str, user_id: str, pattern: str, run_id: str | None
    ) -> None:
        await self.confirmations.auto_executed(
            team_id=team_id, user_id=user_id, pattern=pattern, run_id=run_id
        )

    async def forget_pattern(self, team_id: str, user_id: str, pattern: str) -> int:
        return await self.confirmations.forget_pattern(team_id, user_id, pattern)

    # --- which specialist -----------------------------------------------------------------

    def specialist_names(self) -> list[str]:
        return self.specialists.specialist_names()

    async def preferred_specialist(self, team_id: str, user_id: str, task_kind: str) -> str | None:
        return await self.specialists.preferred_specialist(team_id, user_id, task_kind)

    async def specialist_choice(
        self, team_id: str, user_id: str, task_kind: str
    ) -> SpecialistChoice:
        return await self.specialists.specialist_choice(team_id, user_id, task_kind)

    async def specialist_choices(self, team_id: str, user_id: str) -> list[SpecialistChoice]:
        return await self.specialists.specialist_choices(team_id, user_id)

    async def forget_specialist(self, team_id: str, user_id: str, task_kind: str | None) -> None:
        await self.specialists.forget_specialist(team_id, user_id, task_kind)

    # --- how to talk ----------------------------------------------------------------------

    async def style_choices(
        self, team_id: str, user_id: str
    ) -> tuple[style.StyleChoice, style.StyleChoice]:
        return await self.style.style_choices(team_id, user_id)

    async def style_instructions(self, team_id: str, user_id: str) -> str:
        """Lines for the system prompt of this member's runs ("" when nothing is known)."""
        await self.observer.caught_up(team_id, user_id)
        return await self.style.instructions(team_id, user_id)

    async def observe_message(
        self,
        team_id: str,
        user_id: str,
        text: str,
        *,
        at: datetime | None = None,
        client: AsyncWebClient | None = None,
    ) -> None:
        await self.observer.observe_message(team_id, user_id, text, at=at, client=client)

    async def forget_style(self, team_id: str, user_id: str) -> None:
        await self.style.forget_style(team_id, user_id)

    # --- when to notify -------------------------------------------------------------------

    async def ensure_timezone(
        self, team_id: str, user_id: str, client: AsyncWebClient | None = None
    ) -> None:
        await self.hours.ensure_timezone(team_id, user_id, client)

    async def working_hours(self, team_id: str, user_id: str) -> hours.WorkingHours:
        return await self.hours.working_hours(team_id, user_id)

    async def next_working_time(self, team_id: str, user_id: str, now: datetime) -> datetime:
        return await self.hours.next_working_time(team_id, user_id, now)

    async def forget_hours(self, team_id: str, user_id: str) -> None:
        await self.hours.forget_hours(team_id, user_id)

    # --- explicit settings, and everything at once ----------------------------------------

    async def set_setting(self, team_id: str, user_id: str, key: str, value: str) -> None:
        async with self._database.transaction() as session:
            await store.set_setting(session, team_id=team_id, user_id=user_id, key=key, value=value)

    async def clear_setting(self, team_id: str, user_id: str, key: str) -> bool:
        async with self._database.transaction() as session:
            return await store.delete_setting(session, team_id=team_id, user_id=user_id, key=key)

    async def settings(self, team_id: str, user_id: str) -> dict[str, str]:
        async with self._database.read() as session:
            return await store.settings_of(session, team_id=team_id, user_id=user_id)

    async def reset(self, team_id: str, user_id: str) -> None:
        """Forget everything learned about and set by this member in this workspace."""
        async with self._database.transaction() as session:
            await store.reset_member(session, team_id=team_id, user_id=user_id)
            await store.set_setting(
                session,
                team_id=team_id,
                user_id=user_id,
                key=since_key(None),
                value=self._clock().isoformat(),
            )

    async def summary(self, team_id: str, user_id: str) -> MemberPreferences:
        confirmations = await self.confirmations.confirmations(team_id, user_id)
        verbosity, emoji = await self.style_choices(team_id, user_id)
        return MemberPreferences(
            confirmations=confirmations,
            specialists=await self.specialist_choices(team_id, user_id),
            verbosity=verbosity,
            emoji=emoji,
            hours=await self.working_hours(team_id, user_id),
        )
