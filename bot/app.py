"""The one composition root: settings in, a wired Slack app and its services out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.integrations.base import Integration
from bot.integrations.loading import load_integrations, specialist_for
from bot.integrations.registry import ToolRegistry
from bot.learning.config import LearningConfig
from bot.learning.cycle import CycleReport
from bot.learning.loop import LearningLoop, deliver_report
from bot.learning.preferences.service import PreferenceService
from bot.llm import ChatModel
from bot.messages import config as config_words
from bot.orchestrator.budgets import BudgetLimits, WorkspaceBudgets
from bot.orchestrator.conversation import ConversationService
from bot.orchestrator.events import AuditWriter, Event, EventBus, EventName
from bot.orchestrator.executor import StepExecutor
from bot.orchestrator.model_loop import ModelLoop, Pricing
from bot.orchestrator.orchestrator import Orchestrator
from bot.orchestrator.routing import Router
from bot.orchestrator.specialists import (
    DEFAULT_SPECIALISTS,
    Specialist,
    SpecialistConfig,
    SpecialistRegistry,
)
from bot.orchestrator.undo import UndoService
from bot.runtime.delivery import Deliveries
from bot.runtime.metrics import Metrics
from bot.runtime.redaction import Redactor
from bot.runtime.scheduler import Scheduler
from bot.runtime.slack_clients import ClientLookup, workspace_clients
from bot.services import Services
from bot.surfaces.home import AppHome
from bot.surfaces.stats.digest import DailyDigest
from bot.surfaces.stats.health_line import health_lookup
from storage.db import Database
from storage.installation_store import DatabaseInstallationStore, DatabaseOAuthStateStore
from storage.repositories import runs
from storage.repositories.workspaces import upsert_workspace
from storage.sealing import Sealer

logger = logging.getLogger(__name__)

BOT_SCOPES = [
    "app_mentions:read",
    "assistant:write",
    "channels:history",
    "channels:join",
    "channels:manage",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "groups:read",
    "groups:write",
    "im:history",
    "im:read",
    "im:write",
    "pins:read",
    "pins:write",
    "reactions:read",
    "reactions:write",
    "users:read",
    "users:read.email",  # Jira's "assign to me" matches the member by email
]


class StartupError(Exception):
    """The app cannot start as configured; the message says why, without secrets."""


@dataclass
class Kaizen:
    """The assembled application: the Bolt app plus the services behind it."""

    bolt: AsyncApp
    services: Services

    async def start(self) -> None:
        """Work to do once before serving: close dead claims, learn who we are, schedule."""
        await self.services.deliveries.abandon_stale_claims()
        if not self.services.settings.oauth_enabled:
            await self._register_single_workspace()
        self.services.scheduler.start()

    async def close(self) -> None:
        await self.services.close()

    async def _register_single_workspace(self) -> None:
        client = self.bolt.client
        if not client.token:
            return
        try:
            identity = await client.auth_test()
        except SlackApiError as error:
            reason = error.response.get("error", "unknown_error")
            if reason in {"invalid_auth", "not_authed", "account_inactive", "token_revoked"}:
                raise StartupError(config_words.slack_refused_bot_token(reason)) from None
            logger.warning("auth.test failed at start (%s); continuing", reason)
            return
        except OSError as error:
            logger.warning("Slack is unreachable at start (%s); continuing", type(error).__name__)
            return
        async with self.services.database.transaction() as session:
            await upsert_workspace(
                session,
                team_id=str(identity["team_id"]),
                name=str(identity.get("team") or ""),
                bot_user_id=identity.get("user_id"),
            )


def build_services(settings: Settings, database: Database | None = None) -> Services:
    """Every long-lived object, each built once by its constructor, in dependency order."""
    database = database or Database(settings.database_url)
    metrics = Metrics()
    slack_client, installation_store = _build_slack_access(settings, database)
    clients = workspace_clients(slack_client, installation_store)
    model = _build_model(settings, metrics)
    redactor = Redactor(settings.secret_values())
    bus = EventBus()
    audit = AuditWriter(database)
    bus.subscribe(None, audit.write)
    bus.subscribe(None, metrics.observe)
    integrations = load_integrations(settings)
    tools = ToolRegistry(integrations)
    specialists = SpecialistRegistry(
        tools,
        _specialist_configs(integrations),
        max_active=settings.max_active_agents,
        on_spawn=_announce_spawn(bus),
    )
    undo = UndoService(database, tools, bus, timedelta(seconds=settings.undo_ttl_seconds))
    preferences = PreferenceService(
        database,
        tools,
        confirm_confidence=settings.confirm_confidence,
        specialists=lambda: [config.name for config in specialists.available()],
        client_for=clients,
    )
    preferences.subscribe(bus)
    learning = LearningLoop(
        database,
        bus,
        config=LearningConfig.from_settings(settings),
        model=model,
        tools=tools,
        redactor=redactor,
    )
    learning.subscribe(bus)
    executor = StepExecutor(tools, undo, metrics, policy=preferences)
    pricing = Pricing(settings.cost_input_per_million, settings.cost_output_per_million)
    orchestrator = Orchestrator(
        database=database,
        tools=tools,
        specialists=specialists,
        router=Router(_success_lookup(database), preferences.preferred_specialist),
        style=preferences.style_instructions,
        executor=executor,
        undo=undo,
        bus=bus,
        budgets=WorkspaceBudgets(
            database,
            BudgetLimits(
                max_runs_in_flight=settings.max_runs_in_flight,
                daily_cost_usd=settings.daily_cost_limit_usd,
            ),
        ),
        redactor=redactor,
        model=model,
        model_loop=ModelLoop(
            model, tools, executor, max_turns=settings.max_model_turns, pricing=pricing
        )
        if model
        else None,
        admin_users=settings.admin_users,
        retry_budget=settings.retry_budget,
        pending_ttl=timedelta(seconds=settings.pending_ttl_seconds),
        learning=learning,
    )
    scheduler = Scheduler(
        database,
        specialists,
        digest=DailyDigest(database, channel=settings.admin_channel, clients=clients).run,
        preferences=preferences,
        learning=learning,
        learn_interval_seconds=settings.learn_interval_seconds,
        on_learned=_report_delivery(clients, settings.admin_channel),
    )
    return Services(
        settings=settings,
        database=database,
        metrics=metrics,
        slack_client=slack_client,
        installation_store=installation_store,
        deliveries=Deliveries(database, metrics),
        conversations=ConversationService(database, redactor),
        home=AppHome(
            database,
            model_enabled=model is not None,
            preferences=preferences,
            health=health_lookup(database),
        ),
        preferences=preferences,
        bus=bus,
        tools=tools,
        specialists=specialists,
        undo=undo,
        orchestrator=orchestrator,
        scheduler=scheduler,
        learning=learning,
        audit=audit,
        model=model,
    )


def build_kaizen(
    settings: Settings, *, database: Database | None = None, socket_mode: bool = False
) -> Kaizen:
    """Wire everything: the only place that knows every part."""
    from handlers import register_all  # the composition root is the one place bot/ sees handlers

    services = build_services(settings, database)
    bolt = _build_bolt(settings, services, socket_mode=socket_mode)
    register_all(bolt, services)
    return Kaizen(bolt=bolt, services=services)


def _report_delivery(
    clients: ClientLookup, admin_channel: str | None
) -> Callable[[CycleReport], Awaitable[None]]:
    async def deliver(report: CycleReport) -> None:
        await deliver_report(report, client_for=clients, admin_channel=admin_channel)

    return deliver


def _build_slack_access(
    settings: Settings, database: Database
) -> tuple[AsyncWebClient, DatabaseInstallationStore | None]:
    """The Web API client Bolt uses and, with OAuth, the store of installations."""
    if settings.oauth_enabled:
        sealer = Sealer(settings.slack_client_secret.get_secret_value())  # type: ignore[union-attr]
        store = DatabaseInstallationStore(database, sealer)
        return AsyncWebClient(base_url=settings.slack_api_url), store
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(token=token, base_url=settings.slack_api_url), None


def _specialist_configs(integrations: list[Integration]) -> tuple[SpecialistConfig, ...]:
    """The built-in specialists, plus one for each plugin integration."""
    known = {config.name for config in DEFAULT_SPECIALISTS}
    extra = tuple(specialist_for(i) for i in integrations if i.name not in known)
    return DEFAULT_SPECIALISTS + extra


def _announce_spawn(bus: EventBus) -> Callable[[Specialist], None]:
    """Spawning happens inside a run; the event is published without holding it up."""
    pending: set[asyncio.Task[None]] = set()

    def announce(agent: Specialist) -> None:
        event = Event(
            name=EventName.AGENT_SPAWNED,
            team_id=agent.team_id,
            actor="kaizen",
            data={"specialist": agent.config.name, "tools": len(agent.tools)},
        )
        task = asyncio.get_running_loop().create_task(bus.publish(event))
        pending.add(task)
        task.add_done_callback(pending.discard)

    return announce


def _success_lookup(database: Database) -> Callable[[str, str], Any]:
    async def lookup(team_id: str, task_kind: str) -> dict[str, tuple[int, int]]:
        async with database.read() as session:
            return await runs.success_rates(session, team_id=team_id, task_kind=task_kind)

    return lookup


def _build_model(settings: Settings, metrics: Metrics) -> ChatModel | None:
    if settings.openai_api_key is None:
        return None
    return ChatModel(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url,
        model=settings.model,
        timeout=settings.model_timeout,
        metrics=metrics,
    )


def _build_bolt(settings: Settings, services: Services, *, socket_mode: bool) -> AsyncApp:
    signing_secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    options: dict[str, object] = {
        "name": "kaizen",
        "signing_secret": signing_secret,
        "request_verification_enabled": not socket_mode,
        "logger": logging.getLogger("kaizen.bolt"),
        "client": services.slack_client,
    }
    if services.installation_store is not None:
        options["oauth_settings"] = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret.get_secret_value(),  # type: ignore[union-attr]
            scopes=BOT_SCOPES,
            installation_store=services.installation_store,
            state_store=DatabaseOAuthStateStore(services.database),
            installation_store_bot_only=True,
        )
    return AsyncApp(**options)  # type: ignore[arg-type]
