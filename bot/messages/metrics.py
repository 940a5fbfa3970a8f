"""The help line of each Prometheus metric, as operators read it on `GET /metrics`."""

from __future__ import annotations

HELP: dict[str, str] = {
    "kaizen_slack_requests": "Requests received on /slack/events by kind and status.",
    "kaizen_events": "Slack events by outcome (done, duplicate, failed).",
    "kaizen_event_seconds": "Time to handle one Slack event after its ack.",
    "kaizen_model_requests": "Chat Completions calls by outcome.",
    "kaizen_model_tokens": "Model tokens used, by kind (prompt, completion).",
    "kaizen_runs": "Orchestrator runs by specialist and outcome.",
    "kaizen_run_seconds": "Run duration, from request to answer.",
    "kaizen_tool_seconds": "Tool call duration (retries included).",
    "kaizen_confirmations": "Decisions on pending actions (confirmed, cancelled).",
    "kaizen_undos": "Actions undone.",
    "kaizen_retries": "Integration calls retried.",
    "kaizen_model_cost_usd": "Model cost in US dollars, as priced by KAIZEN_COST_*_PER_MILLION.",
    "kaizen_learning_cycles": "Learning cycles run (stays 0 until the learning loop runs).",
    "kaizen_pending_actions": (
        "Actions waiting for a Confirm or Cancel, all workspaces (read at scrape time)."
    ),
}
