"""The learning loop assembled: one object the app, the scheduler and `kaizen learn` use.

`LearningLoop` owns the feedback service, the prompt versions, saved workflows, the
cycle runner and the admin operations, all on one database and event bus.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import Risk
from bot.integrations.registry import ToolRegistry
from bot.learning.analysis.keys import default_is_read
from bot.learning.config import LearningConfig
from bot.learning.cycle.report import CycleReport
from bot.learning.cycle.runner import CycleRunner
from bot.learning.feedback.service import FeedbackService
from bot.learning.prompts_admin import PromptAdmin
from bot.learning.utc import aware
from bot.learning.versions import PromptVersions
from bot.learning.workflows.blocks import offer_message
from bot.learning.workflows.service import WorkflowService
from bot.learning.writer import GuidelineWriter
from bot.llm import ChatModel
from bot.messages import learning as say
from bot.orchestrator.events import EventBus
from bot.runtime.redaction import Redactor
from bot.surfaces.stats.learning_status import LearningStatus
from storage.db import Database
from storage.models import utcnow
from storage.repositories import learning as store

logger = logging.getLogger(__name__)


class LearningLoop:
    def __init__(
        self,
        database: Database,
        bus: EventBus | None,
        *,
        config: LearningConfig | None = None,
        model: ChatModel | None = None,
        tools: ToolRegistry | None = None,
        redactor: Redactor | None = None,
        holder: str | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.bus = bus
        self.config = config or LearningConfig()
        self.versions = PromptVersions(database, canary_share=self.config.canary_share, clock=clock)
        self.workflows = WorkflowService(database, model=model, clock=clock)
        self.feedback = FeedbackService(
            database,
            bus,
            config=self.config,
            workflows=self.workflows,
            redactor=redactor,
            clock=clock,
        )
        self.cycles = CycleRunner(
            database,
            bus,
            versions=self.versions,
            workflows=self.workflows,
            writer=GuidelineWriter(model),
            config=self.config,
            holder=holder,
            clock=clock,
            is_read=_reader(tools),
        )
        self.prompts = PromptAdmin(database, self.versions, bus)

    def subscribe(self, bus: EventBus) -> None:
        """Decisions, undos and failures become feedback."""
        self.feedback.subscribe(bus)

    # --- what the orchestrator calls ---------------------------------------------------------

    async def prompt_for_run(
        self, team_id: str, specialist: str, run_id: str
    ) -> tuple[int | None, list[str]]:
        return await self.versions.prompt_for_run(team_id, specialist, run_id)

    async def remember_reply(self, team_id: str, channel_id: str, ts: str, run_id: str) -> None:
        await self.feedback.remember_reply(team_id, channel_id, ts, run_id)

    # --- what the handlers call ------------------------------------------------------------------

    async def improve(
        self, *, team_id: str, user_id: str, channel_id: str, thread_ts: str | None, text: str
    ) -> str:
        return await self.feedback.improve(
            team_id=team_id, user_id=user_id, channel_id=channel_id, thread_ts=thread_ts, text=text
        )

    # --- cycles ---------------------------------------------------------------------------------

    async def run_cycle(
        self, *, team_id: str | None = None, trigger: str = "schedule", force: bool = False
    ) -> CycleReport:
        return await self.cycles.run_cycle(team_id=team_id, trigger=trigger, force=force)

    async def status(self, team_id: str) -> LearningStatus:
        """For `/stats learning`: cycles, patterns, versions, canaries, recent changes."""
        async with self.database.read() as session:
            cycles = await store.count_cycles(session, team_id=team_id)
            patterns = await store.count_patterns(session, team_id=team_id)
            versions = await store.count_prompt_versions(session, team_id=team_id)
            canaries = await store.count_canaries(session, team_id=team_id)
            recent = await store.recent_cycles(session, team_id=team_id, limit=5)
        done = [c for c in recent if c.status == "done"]
        changes: list[str] = []
        for cycle in done:
            for change in cycle.changes or []:
                changes.append(say.status_change(aware(cycle.started_at), change)[:300])
        note = say.learning_note(
            self.config.interval_text(),
            self.config.min_traces,
            self.config.pattern_confidence,
            self.config.canary_share,
        )
        if recent and recent[0].status == "failed":
            note += say.last_cycle_failed((recent[0].error or "")[:200])
        return LearningStatus(
            running=True,
            cycles=cycles,
            patterns=patterns,
            prompt_versions=versions,
            canaries=canaries,
            last_cycle_at=aware(done[0].started_at) if done else None,
            changes=tuple(changes[:8]),
            note=note,
        )


def _reader(tools: ToolRegistry | None) -> Callable[[str], bool]:
    if tools is None:
        return default_is_read

    def is_read(name: str) -> bool:
        tool = tools.get(name)
        return default_is_read(name) if tool is None else tool.risk is Risk.READ

    return is_read


ClientFor = Callable[[str], Awaitable[AsyncWebClient | None]]


async def post_admin_notes(
    client: AsyncWebClient, admin_channel: str | None, notes: list[str]
) -> None:
    """Notes about prompt versions for the admin channel (nothing without one)."""
    if not admin_channel:
        return
    for note in notes:
        try:
            await client.chat_postMessage(
                channel=admin_channel, text=note, unfurl_links=False, unfurl_media=False
            )
        except SlackApiError as error:  # the change is made and audited; the note is a courtesy
            logger.warning("learning note not posted: %s", error.response.get("error"))


async def deliver_report(
    report: CycleReport, *, client_for: ClientFor, admin_channel: str | None
) -> None:
    """Post a cycle's notes to the admin channel and DM each workflow offer to its member."""
    for team_id, note in report.admin_notes:
        client = await client_for(team_id)
        if client is not None:
            await post_admin_notes(client, admin_channel, [note])
    for offer in report.offers:
        client = await client_for(offer.team_id)
        if client is None:
            continue
        text, blocks = offer_message(offer)
        try:
            opened = await client.conversations_open(users=offer.user_id)
            await client.chat_postMessage(
                channel=opened["channel"]["id"],
                text=text,
                blocks=blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            logger.warning("workflow offer not sent: %s", error.response.get("error"))


async def learn_once(settings: Any, *, force: bool = False) -> str:
    """`kaizen learn`: run one learning cycle now; returns what it did, in words."""
    from bot.orchestrator.events import audit_subscriber
    from bot.runtime.metrics import Metrics

    database = Database(settings.database_url)
    bus = EventBus()
    bus.subscribe(None, audit_subscriber(database))
    model = None
    if getattr(settings, "openai_api_key", None) is not None:
        model = ChatModel(
            api_key=settings.openai_api_key.get_secret_value(),
            base_url=settings.openai_base_url,
            model=settings.model,
            timeout=settings.model_timeout,
            metrics=Metrics(),
        )
    loop = LearningLoop(
        database,
        bus,
        config=LearningConfig.from_settings(settings),
        model=model,
        redactor=Redactor(settings.secret_values()),
    )
    try:
        report = await loop.run_cycle(trigger="command", force=force)
    finally:
        if model is not None:
            await model.close()
        await database.dispose()
    lines = [report.describe()]
    notes = report.admin_notes
    if notes:
        lines.append(say.NOTES_FOR_ADMINS)
        lines += [say.note_for_admins(team, note) for team, note in notes]
    if report.offers:
        lines.append(say.OFFERS_TO_SEND)
        lines += [say.offer_to_send(offer.user_id, offer.name) for offer in report.offers]
    return "\n".join(lines)
