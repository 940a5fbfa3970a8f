"""Prometheus metrics, on a registry of our own so several apps can live in one process."""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

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
            "Requests received on /slack/events by kind and status.",
            ["kind", "status"],
            registry=self.registry,
        )
        self.events = Counter(
            "kaizen_events",
            "Slack events by outcome (done, duplicate, failed).",
            ["outcome"],
            registry=self.registry,
        )
        self.event_seconds = Histogram(
            "kaizen_event_seconds",
            "Time to handle one Slack event after its ack.",
            registry=self.registry,
        )
        self.model_requests = Counter(
            "kaizen_model_requests",
            "Chat Completions calls by outcome.",
            ["outcome"],
            registry=self.registry,
        )
        self.model_tokens = Counter(
            "kaizen_model_tokens",
            "Model tokens used, by kind (prompt, completion).",
            ["kind"],
            registry=self.registry,
        )
        self.runs = Counter(
            "kaizen_runs",
            "Orchestrator runs by specialist and outcome.",
            ["specialist", "status"],
            registry=self.registry,
        )
        self.run_seconds = Histogram(
            "kaizen_run_seconds",
            "Run duration, from request to answer.",
            ["specialist"],
            registry=self.registry,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
        )
        self.tool_seconds = Histogram(
            "kaizen_tool_seconds",
            "Tool call duration (retries included).",
            ["tool"],
            registry=self.registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.confirmations = Counter(
            "kaizen_confirmations",
            "Decisions on pending actions (confirmed, cancelled).",
            ["decision"],
            registry=self.registry,
        )
        self.undos = Counter("kaizen_undos", "Actions undone.", registry=self.registry)
        self.retries = Counter(
            "kaizen_retries", "Integration calls retried.", registry=self.registry
        )
        self.model_cost = Counter(
            "kaizen_model_cost_usd",
            "Model cost in US dollars, as priced by KAIZEN_COST_*_PER_MILLION.",
            registry=self.registry,
        )
        self.learning_cycles = Counter(
            "kaizen_learning_cycles",
            "Learning cycles run (stays 0 until the learning loop runs).",
            registry=self.registry,
        )
        self.pending_actions = Gauge(
            "kaizen_pending_actions",
            "Actions waiting for a Confirm or Cancel, all workspaces (read at scrape time).",
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
