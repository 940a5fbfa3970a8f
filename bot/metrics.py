"""Prometheus metrics, on a registry of our own so several apps can live in one process."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.orchestrator.events import Event, EventName

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


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

    def render(self) -> bytes:
        return generate_latest(self.registry)

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
        elif event.name is EventName.ACTION_CONFIRMED:
            self.confirmations.labels(decision=str(data.get("decision"))).inc()
        elif event.name is EventName.ACTION_UNDONE:
            self.undos.inc()
