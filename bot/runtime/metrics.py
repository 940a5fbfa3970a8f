"""Prometheus metrics, on a registry of our own so several apps can live in one process."""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.messages.metrics import HELP
from bot.orchestrator.events import Event, EventName
from storage.db import Database
from storage.repositories.analytics import pending_action_count

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]

logger = logging.getLogger(__name__)

REFRESH_TIMEOUT_SECONDS = 2.0


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.slack_requests = Counter(
            "kaizen_slack_requests",
            HELP["kaizen_slack_requests"],
            ["kind", "status"],
            registry=self.registry,
        )
        self.events = Counter(
            "kaizen_events",
            HELP["kaizen_events"],
            ["outcome"],
            registry=self.registry,
        )
        self.event_seconds = Histogram(
            "kaizen_event_seconds",
            HELP["kaizen_event_seconds"],
            registry=self.registry,
        )
        self.model_requests = Counter(
            "kaizen_model_requests",
            HELP["kaizen_model_requests"],
            ["outcome"],
            registry=self.registry,
        )
        self.model_tokens = Counter(
            "kaizen_model_tokens",
            HELP["kaizen_model_tokens"],
            ["kind"],
            registry=self.registry,
        )
        self.runs = Counter(
            "kaizen_runs",
            HELP["kaizen_runs"],
            ["specialist", "status"],
            registry=self.registry,
        )
        self.run_seconds = Histogram(
            "kaizen_run_seconds",
            HELP["kaizen_run_seconds"],
            ["specialist"],
            registry=self.registry,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
        )
        self.tool_seconds = Histogram(
            "kaizen_tool_seconds",
            HELP["kaizen_tool_seconds"],
            ["tool"],
            registry=self.registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.confirmations = Counter(
            "kaizen_confirmations",
            HELP["kaizen_confirmations"],
            ["decision"],
            registry=self.registry,
        )
        self.undos = Counter("kaizen_undos", HELP["kaizen_undos"], registry=self.registry)
        self.retries = Counter("kaizen_retries", HELP["kaizen_retries"], registry=self.registry)
        self.model_cost = Counter(
            "kaizen_model_cost_usd",
            HELP["kaizen_model_cost_usd"],
            registry=self.registry,
        )
        self.learning_cycles = Counter(
            "kaizen_learning_cycles",
            HELP["kaizen_learning_cycles"],
            registry=self.registry,
        )
        self.pending_actions = Gauge(
            "kaizen_pending_actions",
            HELP["kaizen_pending_actions"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)

    async def refresh(self, database: Database) -> None:
        """Read the gauges that live in the database; call before `render` at scrape time."""
        try:
            async with asyncio.timeout(REFRESH_TIMEOUT_SECONDS), database.read() as session:
                self.pending_actions.set(await pending_action_count(session))
        except Exception as error:  # /metrics must answer even when the database does not
            logger.warning("metrics: pending actions not read (%s)", type(error).__name__)

    def record_model_cost(self, usd: float) -> None:
        if usd > 0:
            self.model_cost.inc(usd)

    def record_learning_cycle(self) -> None:
        self.learning_cycles.inc()

    async def observe(self, event: Event) -> None:
        """Event-bus subscriber: runs, confirmations and undos become counters."""
        data = event.data
        if event.name in (EventName.RUN_COMPLETED, EventName.RUN_FAILED):
            specialist = str(data.get("specialist") or "unknown")
            self.runs.labels(specialist=specialist, status=str(data.get("status"))).inc()
            if data.get("duration_ms") is not None:
                self.run_seconds.labels(specialist=specialist).observe(
                    float(data["duration_ms"]) / 1000
                )
            self.retries.inc(int(data.get("retries") or 0))
            self.record_model_cost(float(data.get("cost_usd") or 0.0))
        elif event.name is EventName.ACTION_CONFIRMED:
            self.confirmations.labels(decision=str(data.get("decision"))).inc()
        elif event.name is EventName.ACTION_UNDONE:
            self.undos.inc()
