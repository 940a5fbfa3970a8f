"""Pending actions: a call that waits for a confirmation, stored with all a resume needs.

When a run reaches calls that need confirming, it posts what it has done so
far, one confirmation message per waiting call, and stores the run's state;
the run then waits (status "waiting") until someone decides — also across a
restart. Deciding edits the confirmation message to say what was decided.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.registry import ToolRegistry
from bot.messages import confirmations as say
from bot.orchestrator.outcome import AWAITING, DONE, StepOutcome
from bot.orchestrator.replies import poster_for
from bot.orchestrator.run_setup import RunSetup
from bot.orchestrator.summary import summarise, undoables, with_auto_notes
from bot.surfaces.blocks import confirmation_blocks
from storage.db import Database
from storage.models import PendingAction, utcnow
from storage.repositories import pending as pending_store

logger = logging.getLogger(__name__)


class PendingActions:
    def __init__(self, *, database: Database, tools: ToolRegistry, ttl: timedelta) -> None:
        self._database = database
        self._tools = tools
        self._ttl = ttl

    async def ask_for_confirmations(
        self,
        setup: RunSetup,
        client: AsyncWebClient,
        outcomes: dict[str, StepOutcome],
        state: dict[str, Any],
    ) -> bool:
        """Ask about every newly waiting call and store `state`; False when nothing waits."""
        fresh = [o for o in outcomes.values() if o.status == AWAITING and o.confirmation]
        waiting = [o for o in outcomes.values() if o.status == AWAITING]
        if not waiting:
            return False
        done = [o for o in outcomes.values() if o.status == DONE]
        if done and fresh:
            summary = with_auto_notes(summarise({o.key: o for o in done}), done)
            await poster_for(client, setup.request).post(summary, undoables(done))
        for outcome in fresh:
            await self._create(setup, client, outcome, state)
        await self.save_resume_state(setup.trace.run_id, state)
        await setup.trace.update(status="waiting")
        return True

    async def get(self, action_id: int) -> PendingAction | None:
        async with self._database.read() as session:
            return await pending_store.get_pending(session, action_id=action_id)

    async def record_decision(self, action_id: int, status: str, decided_by: str) -> bool:
        """False when someone else decided first."""
        async with self._database.transaction() as session:
            return await pending_store.decide(
                session, action_id=action_id, status=status, decided_by=decided_by
            )

    async def save_resume_state(self, run_id: str, state: dict[str, Any]) -> None:
        async with self._database.transaction() as session:
            await pending_store.update_resume(session, run_id=run_id, resume=state)

    async def expire(self, action: PendingAction, client: AsyncWebClient) -> None:
        assert action.id is not None
        await self.record_decision(action.id, "expired", "system")
        await self._edit_confirmation(action, client, say.expired(action.description))

    async def mark_decided(
        self,
        action: PendingAction,
        client: AsyncWebClient,
        status: str,
        user_id: str,
        *,
        always: bool = False,
    ) -> None:
        """Edit the confirmation message to say who decided what."""
        if not action.message_ts and action.id is not None:  # posted a moment ago?
            action = await self.get(action.id) or action
        text = say.decided(status == "confirmed", user_id, action.description)
        if always:
            text += say.always_from_now_on(action.tool)
        await self._edit_confirmation(action, client, text)

    async def _create(
        self, setup: RunSetup, client: AsyncWebClient, outcome: StepOutcome, state: dict[str, Any]
    ) -> None:
        assert outcome.confirmation is not None
        description, reason = outcome.confirmation
        tool = self._tools.get(outcome.tool)
        request = setup.request
        action = PendingAction(
            run_id=setup.trace.run_id,
            step_key=outcome.key,
            team_id=request.team_id,
            requester=request.user_id,
            channel_id=request.channel_id,
            thread_ts=request.reply_thread_ts,
            tool=outcome.tool,
            arguments=outcome.data.get("arguments", {}),
            description=description,
            risk=tool.risk.value if tool else "write",
            resume=state,
            expires_at=utcnow() + self._ttl,
        )
        async with self._database.transaction() as session:
            action_id = await pending_store.create_pending(session, action)
        blocks = confirmation_blocks(
            action_id=action_id,
            description=description,
            reason=reason,
            requester=request.user_id,
            minutes=int(self._ttl.total_seconds() // 60),
            # Only where the action could ever run unasked: reversible, in an untainted run.
            offer_always=tool is not None and tool.undo is not None and not setup.trace.tainted,
        )
        ts = await poster_for(client, request).post_blocks(say.confirm_prompt(description), blocks)
        async with self._database.transaction() as session:
            await pending_store.set_message_ts(session, action_id=action_id, message_ts=ts)
            decided = await pending_store.get_pending(session, action_id=action_id)
        # A click can land between posting and recording the ts; then mark it decided here.
        if decided is not None and decided.status in ("confirmed", "cancelled"):
            await self.mark_decided(decided, client, decided.status, decided.decided_by or "")

    async def _edit_confirmation(
        self, action: PendingAction, client: AsyncWebClient, text: str
    ) -> None:
        if not action.message_ts:
            return
        try:
            await client.chat_update(
                channel=action.channel_id,
                ts=action.message_ts,
                text=text,
                blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
            )
        except SlackApiError as error:
            logger.warning(
                "could not update confirmation %s: %s", action.id, error.response.get("error")
            )
