"""The undo registry: record what can be reversed, and reverse it on request (SPEC §6)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import ToolContext, ToolError, ToolResult, UndoHandler, UndoPlan
from bot.integrations.registry import ToolRegistry
from bot.messages import undo_outcomes as say
from bot.orchestrator.events import Event, EventBus, EventName
from storage.db import Database
from storage.models import UndoEntry, utcnow
from storage.repositories import undo as undo_store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class UndoOutcome:
    ok: bool
    message: str


class UndoService:
    def __init__(
        self, database: Database, tools: ToolRegistry, bus: EventBus, ttl: timedelta
    ) -> None:
        self._database = database
        self._tools = tools
        self._bus = bus
        self._ttl = ttl

    async def record(self, context: ToolContext, tool_name: str, result: ToolResult) -> int | None:
        """Store the undo plan of a finished action; returns the entry id."""
        if result.undo is None:
            return None
        plan = result.undo
        entry = UndoEntry(
            team_id=context.team_id,
            user_id=context.user_id,
            run_id=context.run_id,
            tool=tool_name,
            summary=result.summary,
            description=plan.description,
            params=plan.params,
            before=plan.before,
            after=plan.after,
            channel_id=context.channel_id,
            expires_at=utcnow() + self._ttl,
        )
        async with self._database.transaction() as session:
            return await undo_store.add_undo_entry(session, entry)

    async def entries(self, *, team_id: str, user_id: str) -> list[UndoEntry]:
        async with self._database.read() as session:
            return await undo_store.recent_entries(session, team_id=team_id, user_id=user_id)

    async def undo_latest(
        self, *, team_id: str, user_id: str, channel_id: str, client: AsyncWebClient
    ) -> UndoOutcome:
        async with self._database.read() as session:
            entry = await undo_store.latest_active(session, team_id=team_id, user_id=user_id)
        if entry is None:
            return UndoOutcome(False, say.NOTHING_TO_UNDO)
        return await self._undo(
            entry, user_id=user_id, channel_id=channel_id, client=client, is_admin=False
        )

    async def undo_by_id(
        self,
        *,
        entry_id: int,
        team_id: str,
        user_id: str,
        channel_id: str,
        client: AsyncWebClient,
        is_admin: bool,
    ) -> UndoOutcome:
        async with self._database.read() as session:
            entry = await undo_store.get_undo_entry(session, team_id=team_id, entry_id=entry_id)
        if entry is None:
            return UndoOutcome(False, say.no_such_action(entry_id))
        return await self._undo(
            entry, user_id=user_id, channel_id=channel_id, client=client, is_admin=is_admin
        )

    async def _undo(
        self,
        entry: UndoEntry,
        *,
        user_id: str,
        channel_id: str,
        client: AsyncWebClient,
        is_admin: bool,
    ) -> UndoOutcome:
        refusal = _refusal(entry, user_id=user_id, is_admin=is_admin)
        if refusal:
            return UndoOutcome(False, refusal)
        tool = self._tools.get(entry.tool)
        if tool is None or tool.undo is None:
            return UndoOutcome(False, say.integration_gone(entry.id))
        context = ToolContext(
            team_id=entry.team_id,
            user_id=user_id,
            channel_id=entry.channel_id or channel_id,
            slack=client,
        )
        plan = UndoPlan(
            description=entry.description,
            params=entry.params,
            before=entry.before,
            after=entry.after,
        )
        try:
            changed = await tool.undo.changed_since(context, plan)
        except ToolError as error:
            return UndoOutcome(False, say.could_not_check(entry.id, error.message))
        if changed:
            return UndoOutcome(False, say.changed_since(entry.id, entry.summary, changed))
        return await self._run_undo(entry, tool.undo, context, plan, user_id)

    async def _run_undo(
        self,
        entry: UndoEntry,
        handler: UndoHandler,
        context: ToolContext,
        plan: UndoPlan,
        user_id: str,
    ) -> UndoOutcome:
        assert entry.id is not None
        async with self._database.transaction() as session:
            claimed = await undo_store.mark_undone(session, entry_id=entry.id, undone_by=user_id)
        if not claimed:
            return UndoOutcome(False, say.already_undone_by_now(entry.id, entry.summary))
        try:
            restored = await handler.undo(context, plan)
        except ToolError as error:
            async with self._database.transaction() as session:
                await undo_store.reactivate(session, entry_id=entry.id)
            return UndoOutcome(False, say.could_not_undo(entry.id, error.message))
        await self._bus.publish(
            Event(
                name=EventName.ACTION_UNDONE,
                team_id=entry.team_id,
                actor=user_id,
                data={
                    "entry_id": entry.id,
                    "tool": entry.tool,
                    "run_id": entry.run_id,
                    "owner": entry.user_id,
                },
            )
        )
        return UndoOutcome(True, say.undone(restored))


def _refusal(entry: UndoEntry, *, user_id: str, is_admin: bool) -> str | None:
    label = say.entry_label(entry.id, entry.summary)
    if entry.user_id != user_id and not is_admin:
        return say.not_yours(label, entry.user_id)
    if entry.status == "undone":
        return say.already_undone(label)
    if entry.status == "pruned":
        return say.too_old(label)
    if _aware(entry.expires_at) <= utcnow():
        return say.undo_expired(label)
    return None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
