"""Prometheus metrics, on a registry of our own so several apps can live in one process."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

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
        self.replies = Counter(
            "kaizen_replies",
            "Replies posted, by source (model, offline).",
            ["source"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
