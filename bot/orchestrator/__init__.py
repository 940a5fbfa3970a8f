"""The orchestrator: one run per request — routing, plans, tools, confirmations, traces."""
