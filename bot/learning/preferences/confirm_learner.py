"""The confirmation policy at work: records a member's decisions and answers the gate.

Only the member's own decisions train their policy — an admin who confirms or undoes for
someone else changes nothing about that member.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.integrations.base import Risk, Tool
from bot.integrations.registry import ToolRegistry
from bot.learning.preferences import confirm
from bot.learning.preferences.confirm import (
    AUTO,
    CANCEL,
    CONFIRM,
    DECISION_WEIGHTS,
    UNDO,
    ConfirmationVerdict,
    PatternEvidence,
    evidence_of,
)
from bot.learning.preferences.keys import ALWAYS, CONFIRM_PREFIX, confirm_key
from bot.orchestrator.events import Event
from storage.db import Database
from storage.repositories import preferences as store


class ConfirmationLearner:
    def __init__(
        self,
        database: Database,
        tools: ToolRegistry | None,
        *,
        confirm_confidence: float,
        half_life: timedelta,
        clock: Callable[[], datetime],
    ) -> None:
        self._database = database
        self._tools = tools
        self.confirm_confidence = confirm_confidence
        self._half_life = half_life
        self._clock = clock

    def pattern_names(self) -> list[str]:
        """Patterns that can ask for confirmation: every write or destructive tool."""
        if self._tools is None:
            return []
        return sorted(
            name
            for name in self._tools.names()
            if (tool := self._tools.get(name)) is not None and tool.risk is not Risk.READ
        )

    def tool(self, pattern: str) -> Tool | None:
        return self._tools.get(pattern) if self._tools is not None else None

    def bar_for(self, risk: Risk | str) -> float:
        return confirm.bar_for(self.confirm_confidence, risk)

    # --- decisions ----------------------------------------------------------------------------

    async def on_action_confirmed(self, event: Event) -> bool:
        """Record a confirm / cancel by the requester; True when it was theirs to record."""
        data = event.data
        requester = str(data.get("requester") or "")
        pattern = str(data.get("tool") or "")
        if not (event.team_id and requester and pattern) or event.actor != requester:
            return False  # only the member's own decisions train their policy
        decision = {"confirmed": CONFIRM, "cancelled": CANCEL}.get(str(data.get("decision")))
        if decision is None:
            return False
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
        return True

    async def on_action_undone(self, event: Event) -> None:
        data = event.data
        owner = str(data.get("owner") or "")
        pattern = str(data.get("tool") or "")
        if not (event.team_id and owner and pattern) or event.actor != owner:
            return
        await self.record_decision(
            event.team_id, owner, pattern, UNDO, run_id=data.get("run_id"), at=event.at
        )

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

    async def auto_executed(
        self, *, team_id: str, user_id: str, pattern: str, run_id: str | None
    ) -> None:
        """An action ran without asking: tacit approval until the member undoes it."""
        await self.record_decision(team_id, user_id, pattern, AUTO, run_id=run_id)

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

    # --- verdicts -----------------------------------------------------------------------------

    async def evidence(self, team_id: str, user_id: str, pattern: str) -> PatternEvidence:
        async with self._database.read() as session:
            rows = await store.decisions(session, team_id=team_id, user_id=user_id, pattern=pattern)
        return evidence_of(pattern, rows, self._clock(), self._half_life)

    async def verdict(
        self, team_id: str, user_id: str, pattern: str, *, tainted: bool = False
    ) -> ConfirmationVerdict:
        """May `pattern` run without asking `user_id`? With the reason either way."""
        async with self._database.read() as session:
            setting = await store.get_setting(
                session, team_id=team_id, user_id=user_id, key=confirm_key(pattern)
            )
            rows = await store.decisions(session, team_id=team_id, user_id=user_id, pattern=pattern)
        evidence = evidence_of(pattern, rows, self._clock(), self._half_life)
        return self._decide(pattern, setting, evidence, tainted=tainted)

    async def auto_execute(
        self, *, team_id: str, user_id: str, tool: Tool, tainted: bool
    ) -> str | None:
        """The gate's question: a reason to go ahead without asking, or None to ask."""
        if tool.undo is None or tainted or tool.risk is Risk.READ:
            return None
        verdict = await self.verdict(team_id, user_id, tool.qualified_name, tainted=tainted)
        return verdict.why if verdict.auto else None

    async def confirmations(self, team_id: str, user_id: str) -> list[ConfirmationVerdict]:
        """A verdict for every pattern the member decided on or has a setting for."""
        async with self._database.read() as session:
            rows = await store.decisions(session, team_id=team_id, user_id=user_id)
            settings = await store.settings_of(session, team_id=team_id, user_id=user_id)
        now = self._clock()
        by_pattern: dict[str, list[store.DecisionRow]] = {}
        for row in rows:
            by_pattern.setdefault(row.pattern, []).append(row)
        for key in settings:
            if key.startswith(CONFIRM_PREFIX):
                by_pattern.setdefault(key.removeprefix(CONFIRM_PREFIX), [])
        return [
            self._decide(
                pattern,
                settings.get(confirm_key(pattern)),
                evidence_of(pattern, found, now, self._half_life),
                tainted=False,
            )
            for pattern, found in sorted(by_pattern.items())
        ]

    def _decide(
        self, pattern: str, setting: str | None, evidence: PatternEvidence, *, tainted: bool
    ) -> ConfirmationVerdict:
        return confirm.decide(
            pattern,
            self.tool(pattern),
            setting,
            evidence,
            confirm_confidence=self.confirm_confidence,
            tainted=tainted,
        )
