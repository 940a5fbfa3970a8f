"""The Services bundle: every long-lived object the handlers hand work over to.

Built once by the composition root (`bot.app`); handlers receive it and never build parts of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.integrations.registry import ToolRegistry
from bot.learning.loop import LearningLoop
from bot.learning.preferences.service import PreferenceService
from bot.llm import ChatModel
from bot.orchestrator.conversation import ConversationService
from bot.orchestrator.events import AuditWriter, EventBus
from bot.orchestrator.orchestrator import Orchestrator
from bot.orchestrator.specialists import SpecialistRegistry
from bot.orchestrator.undo import UndoService
from bot.runtime.delivery import Deliveries
from bot.runtime.metrics import Metrics
from bot.runtime.scheduler import Scheduler
from bot.surfaces.home import AppHome
from storage.db import Database
from storage.installation_store import DatabaseInstallationStore

SHUTDOWN_GRACE_SECONDS = 10.0


@dataclass
class Services:
    """What the handlers hand work over to."""

    settings: Settings
    database: Database
    metrics: Metrics
    slack_client: AsyncWebClient
    installation_store: DatabaseInstallationStore | None
    deliveries: Deliveries
    conversations: ConversationService
    home: AppHome
    bus: EventBus
    tools: ToolRegistry
    specialists: SpecialistRegistry
    undo: UndoService
    orchestrator: Orchestrator
    scheduler: Scheduler
    audit: AuditWriter
    model: ChatModel | None = None
    preferences: PreferenceService | None = None
    learning: LearningLoop | None = None

    async def close(self) -> None:
        """Stop the jobs, let work under way finish, then release clients and the database."""
        self.scheduler.shutdown()
        await self.deliveries.drain(timeout=SHUTDOWN_GRACE_SECONDS)
        await self.tools.close()
        if self.preferences is not None:
            await self.preferences.drain()
        await self.audit.close()
        if self.model is not None:
            await self.model.close()
        await self.database.dispose()
