"""Deciding a pending action: who may, whether it still can be, and what follows.

Only the requester or an admin decides; a request decides once, before it
expires. "Always do this" confirms and, when the requester clicks it on a
reversible action, tells the preference learner (through the published
`action_confirmed` event) to stop asking them for this kind of action.
"""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.registry import ToolRegistry
from bot.messages import confirmations as say
from bot.orchestrator.events import Event, EventBus, EventName
from bot.orchestrator.pending import PendingActions
from bot.orchestrator.resume import ResumeStage
from storage.models import utcnow


class ConfirmationDecider:
    def __init__(
        self,
        *,
        tools: ToolRegistry,
        admins: set[str],
        bus: EventBus,
        pending: PendingActions,
        resume: ResumeStage,
    ) -> None:
        self._tools = tools
        self._admins = admins
        self._bus = bus
        self._pending = pending
        self._resume = resume

    async def decide(
        self,
        *,
        action_id: int,
        user_id: str,
        confirm: bool,
        client: AsyncWebClient,
        always: bool = False,
    ) -> str | None:
        """Confirm or cancel, then resume the run; returns a refusal for the clicker, if any."""
        confirm = confirm or always
        action = await self._pending.get(action_id)
        if action is None:
            return say.ACTION_GONE
        if user_id != action.requester and user_id not in self._admins:
            return say.only_requester_or_admin(action.requester)
        if action.status != "pending":
            return say.already_decided(action.status)
        if _aware(action.expires_at) <= utcnow():
            await self._pending.expire(action, client)
            return say.EXPIRED_BEFORE_CONFIRMED
        status = "confirmed" if confirm else "cancelled"
        tool = self._tools.get(action.tool)
        reversible = tool is not None and tool.undo is not None
        # One member's choices never set another's preferences: an admin only confirms.
        always = always and confirm and user_id == action.requester and reversible
        if not await self._pending.record_decision(action_id, status, user_id):
            return say.DECIDED_A_MOMENT_AGO
        await self._pending.mark_decided(action, client, status, user_id, always=always)
        await self._bus.publish(
            Event(
                name=EventName.ACTION_CONFIRMED,
                team_id=action.team_id,
                actor=user_id,
                data={
                    "pending_id": action_id,
                    "run_id": action.run_id,
                    "tool": action.tool,
                    "decision": status,
                    "requester": action.requester,
                    "always": always,
                },
            )
        )
        await self._resume.resume(action, client, confirmed=confirm)
        return None


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
