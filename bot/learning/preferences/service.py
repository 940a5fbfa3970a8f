"""What Kaizen learns about each member, and the explicit settings that override it (SPEC §7).

- **When to ask**: per workspace, member and action pattern (a tool's qualified name,
  `slack.archive_channel`) the member's decisions are kept — confirm (+1), cancel (−1),
  undo afterwards (−1), and done without asking (+½: tacit approval, taken back by an
  undo). Weighted by recency (half-life 30 days), they give a Beta posterior whose 80 %
  lower credible bound (see `bot.learning.estimator`) must exceed the bar — the
  `confirm_confidence` setting (0.7) for writes, 0.1 more for destructive actions — after
  at least `MIN_DECISIONS` decisions. Irreversible actions (no undo handler) and runs that
  read outside content always ask; `never` always asks; `always` skips the learning.
- **Which specialist**: per kind of task, the specialist whose runs for this member
  succeeded and were neither undone nor down-voted (Beta lower bound > ½, ≥ 3 good runs).
- **How to talk**: see `bot.learning.style`. **When to notify**: see `bot.learning.hours`.

Decisions arrive on the event bus (`action_confirmed`, `action_undone`, `run_started`,
`feedback_received`); only the member's own decisions train their policy — an admin who
confirms or undoes for someone else changes nothing about that member.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import Risk, Tool
from bot.integrations.registry import ToolRegistry
from bot.learning import estimators as estimator
from bot.learning.preferences import hours, style
from bot.orchestrator.events import Event, EventBus, EventName
from storage.db import Database
from storage.models import utcnow
from storage.repositories import preferences as store
from storage.repositories import runs as run_store

logger = logging.getLogger(__name__)

CONFIRM, CANCEL, UNDO, AUTO = "confirm", "cancel", "undo", "auto"
# (positive, negative) weight of each kind of decision, before recency.
DECISION_WEIGHTS: dict[str, tuple[float, float]] = {
    CONFIRM: (1.0, 0.0),
    CANCEL: (0.0, 1.0),
    UNDO: (0.0, 1.0),
    AUTO: (0.5, 0.0),
}
MIN_DECISIONS = 3
DEFAULT_CONFIDENCE = 0.7
DESTRUCTIVE_MARGIN = 0.1
MIN_GOOD_RUNS = 3
SPECIALIST_HISTORY = 50  # the member's latest runs of a kind that count
TZ_REFRESH = timedelta(days=7)
OBSERVATION_WAIT_SECONDS = 2.0

ALWAYS, NEVER, LEARN = "always", "never", "learn"
CONFIRM_VALUES = (ALWAYS, NEVER, LEARN)

ClientResolver = Callable[[str], Awaitable[AsyncWebClient | None]]


def confirm_key(pattern: str) -> str:
    return f"confirm:{pattern}"


def specialist_key(task_kind: str) -> str:
    return f"specialist:{task_kind}"


def since_key(task_kind: str | None) -> str:
    return f"since:specialist:{task_kind}" if task_kind else "since:specialists"


# --- evidence and verdicts ------------------------------------------------------------------


@dataclass(frozen=True)
class PatternEvidence:
    """A member's decisions on one pattern: raw counts, recency-weighted counts, last seen."""

    pattern: str
    confirms: int = 0
    cancels: int = 0
    undos: int = 0
    autos: int = 0
    positive: float = 0.0
    negative: float = 0.0
    last_seen: datetime | None = None

    @property
    def decisions(self) -> int:
        """Decisions the member made (done-without-asking is not one of them)."""
        return self.confirms + self.cancels + self.undos

    @property
    def confidence(self) -> float:
        return estimator.lower_bound(self.positive, self.negative)

    def describe(self) -> str:
        parts = [f"confirmed {self.confirms}", f"cancelled {self.cancels}", f"undone {self.undos}"]
        if self.autos:
            parts.append(f"done without asking {self.autos}")
        return ", ".join(parts)


def evidence_of(
    pattern: str,
    rows: list[store.DecisionRow],
    now: datetime,
    half_life: timedelta = estimator.HALF_LIFE,
) -> PatternEvidence:
    counts = {CONFIRM: 0, CANCEL: 0, UNDO: 0, AUTO: 0}
    positive = negative = 0.0
    last: datetime | None = None
    for row in rows:
        if row.decision not in counts:
            continue
        at = aware(row.created_at)
        counts[row.decision] += 1
        weight = estimator.recency_weight(now - at, half_life)
        plus, minus = DECISION_WEIGHTS[row.decision]
        positive += plus * weight
        negative += minus * weight
        last = at if last is None or at > last else last
    return PatternEvidence(
        pattern=pattern,
        confirms=counts[CONFIRM],
        cancels=counts[CANCEL],
        undos=counts[UNDO],
        autos=counts[AUTO],
        positive=positive,
        negative=negative,
        last_seen=last,
    )


@dataclass(frozen=True)
class ConfirmationVerdict:
    """Whether a pattern may run without asking this member, and why (in words)."""

    pattern: str
    auto: bool
    why: str  # for the reply when auto ("you confirmed this 5 of 5 times"), else for /prefs
    setting: str | None  # always / never / None (learning)
    evidence: PatternEvidence
    bar: float
    reversible: bool = True
    risk: str = "write"


@dataclass(frozen=True)
class SpecialistChoice:
    task_kind: str
    specialist: str | None
    source: str  # "your setting", "learned", "not enough runs"
    good: int = 0
    runs: int = 0
    confidence: float = 0.0
    last_seen: datetime | None = None


@dataclass
class MemberPreferences:
    """Everything learned about one member, with the evidence, for `/prefs` and App Home."""

    confirmations: list[ConfirmationVerdict] = field(default_factory=list)
    specialists: list[SpecialistChoice] = field(default_factory=list)
    verbosity: style.StyleChoice | None = None
    emoji: style.StyleChoice | None = None
    hours: hours.WorkingHours | None = None


# --- the service ------------------------------------------------------------------------------


class PreferenceService:
    def __init__(
        self,
        database: Database,
        tools: ToolRegistry | None = None,
        *,
        confirm_confidence: float = DEFAULT_CONFIDENCE,
        specialists: Callable[[], list[str]] | None = None,
        half_life: timedelta = estimator.HALF_LIFE,
        clock: Callable[[], datetime] = utcnow,
        client_for: ClientResolver | None = None,
    ) -> None:
        self._database = database
        self._tools = tools
        self._background: set[asyncio.Task[None]] = set()
        self._observing: dict[tuple[str | None, str], asyncio.Task[None]] = {}
        self.confirm_confidence = confirm_confidence
        self._specialist_names = specialists
        self._half_life = half_life
        self._clock = clock
        self._client_for = client_for

    # --- wiring -------------------------------------------------------------------------

    def subscribe(self, bus: EventBus) -> None:
        """Learn from the bus: decisions, undos, the member's messages, feedback."""
        bus.subscribe(EventName.ACTION_CONFIRMED, self.on_action_confirmed)
        bus.subscribe(EventName.ACTION_UNDONE, self.on_action_undone)
        # Learning from the member's message waits until the answer is out.
        bus.subscribe(EventName.RUN_COMPLETED, self.on_run_finished)
        bus.subscribe(EventName.RUN_FAILED, self.on_run_finished)
        bus.subscribe(EventName.FEEDBACK_RECEIVED, self.on_feedback)

    def pattern_names(self) -> list[str]:
        """Patterns that can ask for confirmation: every write or destructive tool."""
        if self._tools is None:
            return []
        return sorted(
            name
            for name in self._tools.names()
            if (tool := self._tools.get(name)) is not None and tool.risk is not Risk.READ
        )

    def specialist_names(self) -> list[str]:
        return sorted(self._specialist_names()) if self._specialist_names else []

    def tool(self, pattern: str) -> Tool | None:
        return self._tools.get(pattern) if self._tools is not None else None

    # --- events ---------------------------------------------------------------------------

    async def on_action_confirmed(self, event: Event) -> None:
        data = event.data
        requester = str(data.get("requester") or "")
        pattern = str(data.get("tool") or "")
        if not (event.team_id and requester and pattern) or event.actor != requester:
            return  # only the member's own decisions train their policy
        decision = {"confirmed": CONFIRM, "cancelled": CANCEL}.get(str(data.get("decision")))
        if decision is None:
            return
        async with self._database.transaction() as session:
            await store.add_decision(
                session,
                team_id=event.team_id,
                user_id=requester,
                pattern=pattern,
                decision=decision,
                at=event.at,
                run_id=data.get("run_id"),
            )
            if decision == CONFIRM and data.get("always"):
                await store.set_setting(
                    session,
                    team_id=event.team_id,
                    user_id=requester,
                    key=confirm_key(pattern),
                    value=ALWAYS,
                )
        await self._count_activity(event.team_id, requester, event.at)

    async def on_action_undone(self, event: Event) -> None:
        data = event.data
        owner = str(data.get("owner") or "")
        pattern = str(data.get("tool") or "")
        if not (event.team_id and owner and pattern) or event.actor != owner:
            return
        await self.record_decision(
            event.team_id, owner, pattern, UNDO, run_id=data.get("run_id"), at=event.at
        )

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

    async def _caught_up(self, team_id: str, user_id: str) -> None:
        """Wait (briefly) for the observation of this member's previous message.

        Learning runs off the run's path, so a member who writes again at once would
        otherwise get a run that has not yet heard what they just said.
        """
        task = self._observing.get((team_id, user_id))
        if task is None or task.done():
            return
        await asyncio.wait({task}, timeout=OBSERVATION_WAIT_SECONDS)

    async def drain(self) -> None:
        """Let observations under way finish (at shutdown)."""
        if self._background:
            await asyncio.wait(set(self._background), timeout=5)

    async def _observe_run(self, event: Event) -> None:
        run_id = str(event.data.get("run_id") or "")
        if not (event.team_id and run_id):
            return
        async with self._database.read() as session:
            run = await run_store.get_run(session, run_id=run_id)
        if run is None or run.user_id != event.actor:
            return
        await self.observe_message(run.team_id, run.user_id, run.request, at=event.at)

    async def on_feedback(self, event: Event) -> None:
        text = event.data.get("text")
        user = str(event.data.get("user_id") or event.actor or "")
        if event.team_id and user and isinstance(text, str) and text.strip():
            await self._store_feedback(event.team_id, user, style.feedback_in(text), event.at)

    # --- the confirmation policy -------------------------------------------------------------

    def bar_for(self, risk: Risk | str) -> float:
        """The confidence an action of this risk needs to run without asking."""
        base = self.confirm_confidence
        if Risk(risk) is Risk.DESTRUCTIVE:
            return min(0.99, base + DESTRUCTIVE_MARGIN)
        return base

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
        if decision not in DECISION_WEIGHTS:
            raise ValueError(f"unknown decision {decision!r}")
        async with self._database.transaction() as session:
            await store.add_decision(
                session,
                team_id=team_id,
                user_id=user_id,
                pattern=pattern,
                decision=decision,
                at=at or self._clock(),
                run_id=run_id,
            )

    async def evidence(self, team_id: str, user_id: str, pattern: str) -> PatternEvidence:
        async with self._database.read() as session:
            rows = await store.decisions(session, team_id=team_id, user_id=user_id, pattern=pattern)
        return evidence_of(pattern, rows, self._clock(), self._half_life)

    async def verdict(
        self, team_id: str, user_id: str, pattern: str, *, tainted: bool = False
    ) -> ConfirmationVerdict:
        """May `pattern` run without asking `user_id`? With the reason either way."""
        tool = self.tool(pattern)
        async with self._database.read() as session:
            setting = await store.get_setting(
                session, team_id=team_id, user_id=user_id, key=confirm_key(pattern)
            )
            rows = await store.decisions(session, team_id=team_id, user_id=user_id, pattern=pattern)
        evidence = evidence_of(pattern, rows, self._clock(), self._half_life)
        return self._decide(pattern, tool, setting, evidence, tainted=tainted)

    def _decide(
        self,
        pattern: str,
        tool: Tool | None,
        setting: str | None,
        evidence: PatternEvidence,
        *,
        tainted: bool,
    ) -> ConfirmationVerdict:
        risk = tool.risk if tool is not None else Risk.WRITE
        bar = self.bar_for(risk)
        reversible = tool is not None and tool.undo is not None

        def verdict(auto: bool, why: str) -> ConfirmationVerdict:
            return ConfirmationVerdict(
                pattern, auto, why, setting, evidence, bar, reversible, risk.value
            )

        if tool is None:
            return verdict(False, "this action isn't available here now, so I would ask")
        if tool.risk is Risk.READ:
            return verdict(True, "reading never asks")
        if not reversible:
            return verdict(False, "it can't be undone, so I always ask")
        if tainted:
            return verdict(False, "the request read outside content, so I always ask")
        if setting == NEVER:
            return verdict(False, "you told me to always ask")
        if setting == ALWAYS:
            return verdict(True, "you told me to always do this")
        if evidence.decisions < MIN_DECISIONS:
            return verdict(
                False,
                f"I need {MIN_DECISIONS} decisions before I stop asking; I have "
                f"{evidence.decisions}",
            )
        confidence = evidence.confidence
        if confidence > bar:
            return verdict(True, _confirmed_times(evidence))
        return verdict(
            False, f"confidence {confidence:.2f} is not above the {bar:.2f} this action needs"
        )

    async def auto_execute(
        self, *, team_id: str, user_id: str, tool: Tool, tainted: bool
    ) -> str | None:
        """The gate's question: a reason to go ahead without asking, or None to ask."""
        if tool.undo is None or tainted or tool.risk is Risk.READ:
            return None
        verdict = await self.verdict(team_id, user_id, tool.qualified_name, tainted=tainted)
        return verdict.why if verdict.auto else None

    async def auto_executed(
        self, *, team_id: str, user_id: str, pattern: str, run_id: str | None
    ) -> None:
        """An action ran without asking: tacit approval until the member undoes it."""
        await self.record_decision(team_id, user_id, pattern, AUTO, run_id=run_id)

    # --- explicit settings -------------------------------------------------------------------

    async def set_setting(self, team_id: str, user_id: str, key: str, value: str) -> None:
        async with self._database.transaction() as session:
            await store.set_setting(session, team_id=team_id, user_id=user_id, key=key, value=value)

    async def clear_setting(self, team_id: str, user_id: str, key: str) -> bool:
        async with self._database.transaction() as session:
            return await store.delete_setting(session, team_id=team_id, user_id=user_id, key=key)

    async def settings(self, team_id: str, user_id: str) -> dict[str, str]:
        async with self._database.read() as session:
            return await store.settings_of(session, team_id=team_id, user_id=user_id)

    async def forget_pattern(self, team_id: str, user_id: str, pattern: str) -> int:
        """Forget the decisions on `pattern` and its explicit setting; returns decisions dropped."""
        async with self._database.transaction() as session:
            dropped = await store.forget_decisions(
                session, team_id=team_id, user_id=user_id, pattern=pattern
            )
            await store.delete_setting(
                session, team_id=team_id, user_id=user_id, key=confirm_key(pattern)
            )
        return dropped

    async def forget_style(self, team_id: str, user_id: str) -> None:
        async with self._database.transaction() as session:
            await store.reset_style(session, team_id=team_id, user_id=user_id)
            for key in ("style", "emoji"):
                await store.delete_setting(session, team_id=team_id, user_id=user_id, key=key)

    async def forget_hours(self, team_id: str, user_id: str) -> None:
        async with self._database.transaction() as session:
            await store.forget_activity(session, team_id=team_id, user_id=user_id)
            await store.delete_setting(session, team_id=team_id, user_id=user_id, key="hours")

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
                    if key.startswith("specialist:") or key.startswith("since:specialist:"):
                        await store.delete_setting(
                            session, team_id=team_id, user_id=user_id, key=key
                        )
            await store.set_setting(
                session, team_id=team_id, user_id=user_id, key=since_key(task_kind), value=now
            )

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

    # --- the preferred specialist ---------------------------------------------------------------

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
                return SpecialistChoice(task_kind, explicit, "your setting")
            since = _cutoff(settings, task_kind)
            outcomes = await store.run_outcomes(
                session,
                team_id=team_id,
                user_id=user_id,
                task_kind=task_kind,
                since=since,
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
                session, team_id=team_id, user_id=user_id, since=_cutoff(settings, None)
            )
            down = await store.down_voted_runs(
                session, team_id=team_id, run_ids=[o.run_id for o in outcomes]
            )
        by_kind: dict[str, list[store.RunOutcome]] = {}
        for outcome in outcomes:
            by_kind.setdefault(outcome.task_kind, []).append(outcome)
        choices: dict[str, SpecialistChoice] = {}
        for kind, found in by_kind.items():
            since = _cutoff(settings, kind)
            kept = [o for o in found if since is None or aware(o.started_at) >= since]
            choice = learned_specialist(kind, kept[:SPECIALIST_HISTORY], down)
            if choice.specialist:
                choices[kind] = choice
        for key, value in settings.items():
            if key.startswith("specialist:"):
                kind = key.removeprefix("specialist:")
                choices[kind] = SpecialistChoice(kind, value, "your setting")
        return [choices[kind] for kind in sorted(choices)]

    # --- style ---------------------------------------------------------------------------------

    async def style_choices(
        self, team_id: str, user_id: str
    ) -> tuple[style.StyleChoice, style.StyleChoice]:
        async with self._database.read() as session:
            profile = await store.get_profile(session, team_id=team_id, user_id=user_id)
            settings = await store.settings_of(session, team_id=team_id, user_id=user_id)
        evidence = _style_evidence(profile)
        return (
            style.verbosity(evidence, settings.get("style")),
            style.emoji(evidence, settings.get("emoji")),
        )

    async def style_instructions(self, team_id: str, user_id: str) -> str:
        """Lines for the system prompt of this member's runs ("" when nothing is known)."""
        await self._caught_up(team_id, user_id)
        verbosity, emoji = await self.style_choices(team_id, user_id)
        return style.instructions(verbosity, emoji)

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
        profile = await self._profile_with_timezone(team_id, user_id, client)
        local = moment.astimezone(_zone(profile) or UTC)
        feedback = _feedback_values(style.feedback_in(stripped), moment) if stripped else {}
        async with self._database.transaction() as session:
            if stripped:
                await store.count_message(
                    session,
                    team_id=team_id,
                    user_id=user_id,
                    chars=min(len(stripped), 40_000),
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

    async def _store_feedback(
        self, team_id: str, user_id: str, found: list[style.Feedback], at: datetime
    ) -> None:
        values = _feedback_values(found, at)
        if values:
            async with self._database.transaction() as session:
                await store.update_profile(session, team_id=team_id, user_id=user_id, **values)

    async def _profile_with_timezone(
        self, team_id: str, user_id: str, client: AsyncWebClient | None
    ) -> Any:
        """The member's profile, with a time zone fetched first when it is missing or stale."""
        async with self._database.read() as session:
            profile = await store.get_profile(session, team_id=team_id, user_id=user_id)
        checked = profile.tz_checked_at if profile is not None else None
        if checked is not None and self._clock() - aware(checked) < TZ_REFRESH:
            return profile
        await self.ensure_timezone(team_id, user_id, client)
        async with self._database.read() as session:
            return await store.get_profile(session, team_id=team_id, user_id=user_id)

    # --- working hours -----------------------------------------------------------------------

    async def ensure_timezone(
        self, team_id: str, user_id: str, client: AsyncWebClient | None = None
    ) -> None:
        """Fetch the member's time zone from `users.info` unless it is fresh (a week)."""
        async with self._database.read() as session:
            profile = await store.get_profile(session, team_id=team_id, user_id=user_id)
        checked = profile.tz_checked_at if profile is not None else None
        if checked is not None and self._clock() - aware(checked) < TZ_REFRESH:
            return
        if client is None and self._client_for is not None:
            client = await self._client_for(team_id)
        if client is None:
            return
        try:
            response = await client.users_info(user=user_id)
        except (SlackApiError, OSError) as error:
            logger.info("users.info for %s failed: %s", user_id, type(error).__name__)
            return
        user = response.get("user") or {}
        offset = user.get("tz_offset")
        async with self._database.transaction() as session:
            await store.update_profile(
                session,
                team_id=team_id,
                user_id=user_id,
                tz=str(user.get("tz") or "")[:64] or None,
                tz_offset=int(offset) if isinstance(offset, int | float) else None,
                tz_checked_at=self._clock(),
            )

    async def _count_activity(
        self,
        team_id: str,
        user_id: str,
        at: datetime,
        *,
        client: AsyncWebClient | None = None,
    ) -> None:
        profile = await self._profile_with_timezone(team_id, user_id, client)
        local = aware(at).astimezone(_zone(profile) or UTC)
        async with self._database.transaction() as session:
            await store.count_activity(
                session,
                team_id=team_id,
                user_id=user_id,
                weekday=local.weekday(),
                hour=local.hour,
                at=aware(at),
            )

    async def working_hours(self, team_id: str, user_id: str) -> hours.WorkingHours:
        async with self._database.read() as session:
            profile = await store.get_profile(session, team_id=team_id, user_id=user_id)
            counts = await store.activity_of(session, team_id=team_id, user_id=user_id)
            setting = await store.get_setting(
                session, team_id=team_id, user_id=user_id, key="hours"
            )
        zone = hours.zone_of(profile.tz, profile.tz_offset) if profile else None
        zone_name = (profile.tz if profile else None) or _offset_name(
            profile.tz_offset if profile else None
        )
        return hours.learn_hours(
            counts,
            zone=zone,
            zone_name=zone_name,
            explicit=hours.parse_hours(setting) if setting and setting != "any" else None,
            any_time=setting == "any",
        )

    async def next_working_time(self, team_id: str, user_id: str, now: datetime) -> datetime:
        """When a notification or digest for this member should go out: now, or later."""
        working = await self.working_hours(team_id, user_id)
        return working.next_working_time(aware(now))

    # --- everything at once ---------------------------------------------------------------------

    async def summary(self, team_id: str, user_id: str) -> MemberPreferences:
        async with self._database.read() as session:
            rows = await store.decisions(session, team_id=team_id, user_id=user_id)
            settings = await store.settings_of(session, team_id=team_id, user_id=user_id)
        now = self._clock()
        by_pattern: dict[str, list[store.DecisionRow]] = {}
        for row in rows:
            by_pattern.setdefault(row.pattern, []).append(row)
        for key in settings:
            if key.startswith("confirm:"):
                by_pattern.setdefault(key.removeprefix("confirm:"), [])
        confirmations = [
            self._decide(
                pattern,
                self.tool(pattern),
                settings.get(confirm_key(pattern)),
                evidence_of(pattern, found, now, self._half_life),
                tainted=False,
            )
            for pattern, found in sorted(by_pattern.items())
        ]
        verbosity, emoji = await self.style_choices(team_id, user_id)
        return MemberPreferences(
            confirmations=confirmations,
            specialists=await self.specialist_choices(team_id, user_id),
            verbosity=verbosity,
            emoji=emoji,
            hours=await self.working_hours(team_id, user_id),
        )


def learned_specialist(
    task_kind: str, outcomes: list[store.RunOutcome], down_voted: set[str]
) -> SpecialistChoice:
    """The specialist whose runs went best for this member (good = succeeded, kept, liked)."""
    tally: dict[str, list[int]] = {}
    last: dict[str, datetime] = {}
    for outcome in outcomes:
        good = (
            outcome.status == "succeeded"
            and not outcome.undone
            and outcome.run_id not in down_voted
        )
        counts = tally.setdefault(outcome.specialist, [0, 0])
        counts[0] += int(good)
        counts[1] += 1
        started = aware(outcome.started_at)
        if outcome.specialist not in last or started > last[outcome.specialist]:
            last[outcome.specialist] = started
    best: SpecialistChoice | None = None
    for name, (good, total) in sorted(tally.items()):
        if good < MIN_GOOD_RUNS:
            continue
        confidence = estimator.lower_bound(good, total - good)
        if confidence <= 0.5:
            continue
        if best is None or confidence > best.confidence:
            best = SpecialistChoice(
                task_kind, name, "learned", good, total, confidence, last.get(name)
            )
    if best is not None:
        return best
    runs = sum(total for _, total in tally.values())
    return SpecialistChoice(task_kind, None, "not enough runs", runs=runs)


def _confirmed_times(evidence: PatternEvidence) -> str:
    asked = evidence.confirms + evidence.cancels
    text = f"you confirmed this {evidence.confirms} of {asked} times"
    if evidence.undos:
        text += f" and undid it {_times(evidence.undos)}"
    return text


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _style_evidence(profile: Any) -> style.StyleEvidence:
    if profile is None:
        return style.StyleEvidence()
    return style.StyleEvidence(
        messages=profile.messages,
        chars=profile.chars,
        emoji_messages=profile.emoji_messages,
        verbosity_feedback=profile.verbosity_feedback,
        verbosity_phrase=profile.verbosity_phrase,
        verbosity_at=profile.verbosity_at,
        emoji_feedback=profile.emoji_feedback,
        emoji_phrase=profile.emoji_phrase,
        emoji_at=profile.emoji_at,
    )


def _cutoff(settings: dict[str, str], task_kind: str | None) -> datetime | None:
    moments = [settings.get(since_key(None))]
    if task_kind:
        moments.append(settings.get(since_key(task_kind)))
    parsed = [datetime.fromisoformat(m) for m in moments if m]
    return max((aware(p) for p in parsed), default=None)


def _offset_name(offset: int | None) -> str:
    if offset is None:
        return ""
    sign = "+" if offset >= 0 else "−"
    minutes = abs(offset) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _feedback_values(found: list[style.Feedback], at: datetime) -> dict[str, Any]:
    """Profile columns for explicit style feedback ("shorter please", "no emoji")."""
    values: dict[str, Any] = {}
    for feedback in found:
        if feedback.key == "verbosity":
            values.update(
                verbosity_feedback=feedback.value, verbosity_phrase=feedback.phrase, verbosity_at=at
            )
        else:
            values.update(emoji_feedback=feedback.value, emoji_phrase=feedback.phrase, emoji_at=at)
    return values


def _zone(profile: Any) -> Any:
    return hours.zone_of(profile.tz, profile.tz_offset) if profile is not None else None
