"""The lines of each `/stats` view beyond the overview: agents, errors, learning, costs."""

from __future__ import annotations

from bot.messages.plural import noun_for, plural
from bot.messages.stats import window


def specialist_field(name: str, runs: int, rate: str) -> str:
    return f"*{name}*\n{plural(runs, 'run')}, {rate} succeeded"


def percentiles_field(p50: str, p95: str, p99: str) -> str:
    return f"*P50 / P95 / P99*\n{p50} / {p95} / {p99}"


def more_specialists(count: int) -> str:
    return f"…and {count:,} more {noun_for(count, 'specialist')}."


def tool_line(tool: str, calls: int, rate: str, p50: str, p95: str) -> str:
    return f"`{tool}` — {plural(calls, 'call')}, {rate} ok, P50 {p50}, P95 {p95}"


def lines_section(title: str, lines: list[str]) -> str:
    """A section: the bold title, then the lines as they are."""
    return f"*{title}*\n" + "\n".join(lines)


TOOLS = "Tools"
NO_TOOL_CALLS = "*Tools*\nNo tool calls in this window."


def failed_runs(failed: int, finished: int, share: str, retries: int) -> str:
    return (
        f"{failed:,} of {plural(finished, 'finished run')} failed ({share}); "
        f"{plural(retries, 'integration retry', 'integration retries')}."
    )


ERROR_CLASSES = "Error classes of failed runs"
NO_ERROR_CLASSES = "*Error classes of failed runs*\nNone. :tada:"


def error_class_line(name: str, count: int) -> str:
    return f"`{name}` — {plural(count, 'run')}"


FAILED_TOOL_CALLS = "Failed tool calls"


def failed_tool_call_line(tool: str | None, name: str, count: int) -> str:
    return f"`{tool}` `{name}` — {plural(count, 'call')}"


MOST_FAILING_TOOLS = "Most failing tools"


def failing_tool_line(tool: str, failed: int, calls: int) -> str:
    return f"`{tool}` — {failed:,} of {plural(calls, 'call')} failed"


def learning_fields(
    *, cycles: int, patterns: int, prompt_versions: int, canaries: int
) -> list[str]:
    return [
        f"*Cycles*\n{cycles:,}",
        f"*Patterns found*\n{patterns:,}",
        f"*Prompt versions*\n{prompt_versions:,}",
        f"*Canaries running*\n{canaries:,}",
    ]


RECENT_CHANGES = "Recent changes"


def learning_inputs(
    *, days: int, decided: int, undone: int, feedback: int, failed: int, saved: int
) -> str:
    return (
        f"What it will learn from (last {window(days)}): "
        f"{plural(decided, 'confirmation decision')}, {plural(undone, 'undo')}, "
        f"{feedback:,} feedback, "
        f"{plural(failed, 'failed run')}; {plural(saved, 'confirmation')} saved."
    )


def prompt_versions(versions: int, canaries: int) -> str:
    return f"{plural(versions, 'prompt version')}, {canaries:,} in canary."


def cost_fields(*, usd: str, prompt_tokens: int, completion_tokens: int, per_run: str) -> list[str]:
    return [
        f"*Cost*\n{usd}",
        f"*Prompt tokens*\n{prompt_tokens:,}",
        f"*Completion tokens*\n{completion_tokens:,}",
        f"*Per finished run*\n{per_run}",
    ]


BY_SPECIALIST = "By specialist"


def specialist_cost_line(name: str, usd: str, runs: int) -> str:
    return f"`{name}` — {usd} over {plural(runs, 'run')}"


BY_DAY = "By day (UTC)"


def day_cost_line(day: str, usd: str) -> str:
    return f"{day} — {usd}"


NO_MODEL_COST = "No model cost in this window (no model configured, or no runs)."
