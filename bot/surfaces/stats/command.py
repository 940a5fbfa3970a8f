"""`/stats [agents | errors | learning | prompts | costs] [--days N]`: figures for admins.

Handlers ack and pass on; the words, the blocks and the chart upload are here.
Replies stay within Block Kit's limits: at most 50 blocks, 3,000 characters a
section, 10 fields of 2,000 characters a section.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.surfaces.blocks import MAX_BLOCKS, context, section
from bot.surfaces.stats import charts
from bot.surfaces.stats.figures import (
    DEFAULT_DAYS,
    HEALTH_FORMULA,
    HEALTH_TERMS,
    MAX_DAYS,
    LearningStatus,
    WorkspaceFigures,
    compute_figures,
    duration,
    percent,
    usd,
)
from bot.surfaces.undo import CommandReply
from storage.db import Database

logger = logging.getLogger(__name__)

COMMAND = "/stats"
VIEWS = ("overview", "agents", "errors", "learning", "prompts", "costs")
HELP_WORDS = {"help", "-h", "--help", "?"}
MAX_FIELDS = 10
FIELD_LIMIT = 2_000
MAX_LISTED = 15  # specialists, tools or error classes listed in one reply

PROMPTS_NOT_YET = (
    "Prompt versions arrive with the learning loop, which is not running yet: there is one "
    "built-in prompt per specialist and nothing to review, promote or roll back so far."
)


@dataclass(frozen=True)
class StatsRequest:
    view: str = "overview"
    days: int = DEFAULT_DAYS


class StatsUsageError(ValueError):
    """The command text could not be understood; the message says how to fix it."""


def stats_help() -> str:
    return (
        f"{messages.command_help(COMMAND)}\n\n"
        "• `/stats` — runs, success, latency P50/P95/P99, health, confirmations, undos, "
        "feedback and cost, with a chart\n"
        "• `/stats agents` — per specialist and per tool, with a chart\n"
        "• `/stats errors` — error classes and the most failing tools\n"
        "• `/stats learning` · `/stats prompts` — what the learning loop has done\n"
        "• `/stats costs` — model tokens and cost\n"
        f"• `--days N` — the window, 1 to {MAX_DAYS} days (default {DEFAULT_DAYS})\n\n"
        f"*Health score* (0–1): `{HEALTH_FORMULA}`. {HEALTH_TERMS}"
    )


def parse_stats_text(text: str, *, days_default: int = DEFAULT_DAYS) -> StatsRequest | None:
    """The view and window asked for; None for help. Raises StatsUsageError on bad input."""
    words = text.split()
    view: str | None = None
    days = days_default
    index = 0
    while index < len(words):
        word = words[index]
        lowered = word.lower()
        if lowered in HELP_WORDS:
            return None
        if lowered == "--days" or lowered.startswith("--days="):
            if "=" in lowered:
                value = word.split("=", 1)[1]
            else:
                index += 1
                value = words[index] if index < len(words) else ""
            days = _days(value)
        elif lowered in VIEWS and view is None:
            view = lowered
        else:
            raise StatsUsageError(messages.unknown_subcommand(COMMAND, word[:40]))
        index += 1
    return StatsRequest(view=view or "overview", days=days)


def stats_quick_answer(text: str, *, is_admin: bool) -> str | None:
    """The answer that needs no work (refusal, help, bad input) — to give in the ack; or None."""
    if not is_admin:
        return messages.admins_only(COMMAND)
    try:
        request = parse_stats_text(text)
    except StatsUsageError as error:
        return str(error)
    return stats_help() if request is None else None


async def run_stats_command(
    database: Database,
    *,
    text: str,
    team_id: str,
    user_id: str,
    channel_id: str,
    client: AsyncWebClient,
    is_admin: bool,
    days_default: int = DEFAULT_DAYS,
    learning: LearningStatus | None = None,
) -> CommandReply:
    """Answer `/stats …`; uploads a chart to the channel (or the admin's DM) where useful."""
    if not is_admin:
        return CommandReply(messages.admins_only(COMMAND))
    try:
        request = parse_stats_text(text, days_default=days_default)
    except StatsUsageError as error:
        return CommandReply(str(error))
    if request is None:
        return CommandReply(stats_help())
    figures = await compute_figures(database, team_id=team_id, days=request.days, learning=learning)
    blocks = VIEW_BLOCKS[request.view](figures)
    summary = f"Kaizen stats ({request.view}, last {_window(request.days)})"
    chart = CHARTS.get(request.view)
    if chart is not None and not figures.is_empty:
        note = await _upload_chart(
            client,
            figures,
            chart,
            channel_id=channel_id,
            user_id=user_id,
            filename=f"kaizen-stats-{request.view}-{request.days}d.png",
            title=f"Kaizen {request.view} — last {_window(request.days)}",
        )
        blocks.append(context(note))
    return CommandReply(summary, fit_blocks(blocks))


# --- the views -------------------------------------------------------------------------


def overview_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    blocks = [_header(f"Kaizen — last {_window(figures.days)}")]
    if figures.is_empty:
        blocks.append(section(_empty_text(figures)))
        blocks.append(context(_formula_note()))
        return blocks
    latency = figures.latency
    health = figures.health.score
    confirmations = figures.confirmations
    blocks.append(
        fields_section(
            [
                f"*Runs*\n{figures.runs:,} ({figures.finished:,} finished)",
                f"*Success rate*\n{percent(figures.success_rate)}",
                f"*Latency P50 / P95 / P99*\n{duration(latency.p50_ms)} / "
                f"{duration(latency.p95_ms)} / {duration(latency.p99_ms)}",
                f"*Health*\n{'—' if health is None else f'{health:.2f}'} of 1",
                f"*Confirmations*\n{confirmations.asked:,} asked, {confirmations.decided:,} "
                f"decided, {confirmations.expired:,} expired, {confirmations.saved:,} saved",
                f"*Undos*\n{figures.undos.undone:,} of {figures.undos.undoable:,} undoable "
                f"({percent(figures.undos.rate)})",
                f"*Feedback*\n👍 {figures.feedback.positive:,} · 👎 {figures.feedback.negative:,}"
                f" (balance {figures.feedback.balance:+.2f})",
                f"*Model cost*\n{usd(figures.costs.usd)} "
                f"({figures.costs.prompt_tokens + figures.costs.completion_tokens:,} tokens)",
            ]
        )
    )
    if figures.health.parts:
        parts = ", ".join(f"{name} {value:.2f}" for name, value in figures.health.parts.items())
        blocks.append(context(f"Health parts (each 0–1): {parts}. {_formula_note()}"))
    busiest = figures.usage.busiest
    if busiest is not None:
        day, hour, runs = busiest
        plural = "s" if runs != 1 else ""
        blocks.append(
            context(f"Busiest: {day} {hour:02d}:00–{hour:02d}:59 UTC ({runs:,} run{plural}).")
        )
    changes = figures.changes()
    if changes:
        blocks.append(section("*What changed*\n" + "\n".join(f"• {line}" for line in changes)))
    if figures.errors:
        top = ", ".join(f"`{e.error_class}` ×{e.count:,}" for e in figures.errors[:3])
        blocks.append(section(f"*Top errors*: {top} — `/stats errors` for more."))
    return blocks


def agents_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    blocks = [_header(f"Specialists and tools — last {_window(figures.days)}")]
    if figures.is_empty:
        blocks.append(section(_empty_text(figures)))
        return blocks
    for item in figures.specialists[:MAX_LISTED]:
        latency = item.latency
        blocks.append(
            fields_section(
                [
                    f"*{item.name}*\n{item.runs:,} runs, {percent(item.success_rate)} succeeded",
                    f"*P50 / P95 / P99*\n{duration(latency.p50_ms)} / "
                    f"{duration(latency.p95_ms)} / {duration(latency.p99_ms)}",
                ]
            )
        )
    if len(figures.specialists) > MAX_LISTED:
        blocks.append(context(f"…and {len(figures.specialists) - MAX_LISTED} more specialists."))
    if figures.tools:
        lines = [
            f"`{tool.tool}` — {tool.calls:,} calls, {percent(tool.success_rate)} ok, "
            f"P50 {duration(tool.p50_ms)}, P95 {duration(tool.p95_ms)}"
            for tool in figures.tools[:MAX_LISTED]
        ]
        blocks.append(section("*Tools*\n" + "\n".join(lines)))
    else:
        blocks.append(section("*Tools*\nNo tool calls in this window."))
    return blocks


def errors_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    blocks = [_header(f"Errors — last {_window(figures.days)}")]
    if figures.is_empty:
        blocks.append(section(_empty_text(figures)))
        return blocks
    blocks.append(
        section(
            f"{figures.failed:,} of {figures.finished:,} finished runs failed "
            f"({percent(1 - figures.success_rate) if figures.success_rate is not None else '—'});"
            f" {figures.retries:,} integration retries."
        )
    )
    if figures.errors:
        lines = [f"`{e.error_class}` — {e.count:,} runs" for e in figures.errors[:MAX_LISTED]]
        blocks.append(section("*Error classes of failed runs*\n" + "\n".join(lines)))
    else:
        blocks.append(section("*Error classes of failed runs*\nNone. :tada:"))
    if figures.tool_errors:
        lines = [
            f"`{e.tool}` `{e.error_class}` — {e.count:,} calls"
            for e in figures.tool_errors[:MAX_LISTED]
        ]
        blocks.append(section("*Failed tool calls*\n" + "\n".join(lines)))
    failing = figures.failing_tools(5)
    if failing:
        lines = [
            f"`{tool.tool}` — {tool.failed:,} of {tool.calls:,} calls failed" for tool in failing
        ]
        blocks.append(section("*Most failing tools*\n" + "\n".join(lines)))
    return blocks


def learning_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    learning = figures.learning
    blocks = [_header("Learning")]
    if not learning.running:
        blocks.append(section(learning.note))
    blocks.append(
        fields_section(
            [
                f"*Cycles*\n{learning.cycles:,}",
                f"*Patterns found*\n{learning.patterns:,}",
                f"*Prompt versions*\n{learning.prompt_versions:,}",
                f"*Canaries running*\n{learning.canaries:,}",
            ]
        )
    )
    if learning.changes:
        blocks.append(section("*Recent changes*\n" + "\n".join(f"• {c}" for c in learning.changes)))
    confirmations = figures.confirmations
    blocks.append(
        context(
            f"What it will learn from (last {_window(figures.days)}): "
            f"{confirmations.decided:,} confirmation decisions, {figures.undos.undone:,} undos, "
            f"{figures.feedback.positive + figures.feedback.negative:,} feedback, "
            f"{figures.failed:,} failed runs; {confirmations.saved:,} confirmations saved."
        )
    )
    return blocks


def prompts_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    blocks = [_header("Prompt versions")]
    if figures.learning.prompt_versions:
        blocks.append(
            section(
                f"{figures.learning.prompt_versions:,} prompt versions, "
                f"{figures.learning.canaries:,} in canary."
            )
        )
    else:
        blocks.append(section(PROMPTS_NOT_YET))
    return blocks


def costs_blocks(figures: WorkspaceFigures) -> list[dict[str, Any]]:
    costs = figures.costs
    blocks = [_header(f"Model cost — last {_window(figures.days)}")]
    blocks.append(
        fields_section(
            [
                f"*Cost*\n{usd(costs.usd)}",
                f"*Prompt tokens*\n{costs.prompt_tokens:,}",
                f"*Completion tokens*\n{costs.completion_tokens:,}",
                f"*Per finished run*\n"
                f"{usd(costs.usd / figures.finished) if figures.finished else '—'}",
            ]
        )
    )
    paying = [item for item in figures.specialists if item.cost_usd > 0][:MAX_LISTED]
    if paying:
        lines = [f"`{item.name}` — {usd(item.cost_usd)} over {item.runs:,} runs" for item in paying]
        blocks.append(section("*By specialist*\n" + "\n".join(lines)))
    days = [day for day in figures.per_day if day.cost_usd > 0][-14:]
    if days:
        lines = [f"{day.day.isoformat()} — {usd(day.cost_usd)}" for day in days]
        blocks.append(section("*By day (UTC)*\n" + "\n".join(lines)))
    if not costs.usd:
        blocks.append(context("No model cost in this window (no model configured, or no runs)."))
    return blocks


VIEW_BLOCKS = {
    "overview": overview_blocks,
    "agents": agents_blocks,
    "errors": errors_blocks,
    "learning": learning_blocks,
    "prompts": prompts_blocks,
    "costs": costs_blocks,
}
CHARTS = {
    "overview": charts.overview_chart,
    "agents": lambda figures: charts.success_by_specialist_chart(figures.specialists),
}


# --- Block Kit within its limits ---------------------------------------------------------


def fields_section(fields: list[str]) -> dict[str, Any]:
    """A section of up to 10 fields, each within 2,000 characters."""
    return {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": _cut(text, FIELD_LIMIT)} for text in fields[:MAX_FIELDS]
        ],
    }


def fit_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most 50 blocks; when cut, the last says so."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    return [*blocks[: MAX_BLOCKS - 1], context("(more was cut to fit Slack's limits)")]


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": _cut(text, 150)}}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _window(days: int) -> str:
    return "day" if days == 1 else f"{days} days"


def _empty_text(figures: WorkspaceFigures) -> str:
    return (
        f"No runs in the last {_window(figures.days)} yet, so there is nothing to measure. "
        "Figures appear as soon as people start asking me for things."
    )


def _formula_note() -> str:
    return f"Formula: {HEALTH_FORMULA}."


def _days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_DAYS:
        raise StatsUsageError(
            f"`--days` takes a whole number of days from 1 to {MAX_DAYS}, "
            f"for example `/stats --days 30`."
        )
    return int(value)


# --- the chart --------------------------------------------------------------------------


async def _upload_chart(
    client: AsyncWebClient,
    figures: WorkspaceFigures,
    chart: Any,
    *,
    channel_id: str,
    user_id: str,
    filename: str,
    title: str,
) -> str:
    """Upload the chart; returns a line saying where it went (or why it did not)."""
    try:
        png = await charts.render(chart, figures)
    except Exception:  # a chart is a bonus: the figures still go out
        logger.exception("stats chart could not be drawn")
        return "I couldn't draw the chart this time; the figures above are complete."
    try:
        target = await chart_channel(client, channel_id=channel_id, user_id=user_id)
        try:
            await upload_png(client, channel=target, png=png, filename=filename, title=title)
        except SlackApiError as error:
            if target.startswith("D") or _error(error) not in {
                "not_in_channel",
                "channel_not_found",
                "is_archived",
                "restricted_action",
            }:
                raise
            target = await dm_channel(client, user_id)
            await upload_png(client, channel=target, png=png, filename=filename, title=title)
    except SlackApiError as error:
        logger.warning("stats chart upload failed: %s", _error(error))
        return f"I couldn't upload the chart ({_error(error)})."
    return f"Chart posted in {'your DM with me' if target.startswith('D') else f'<#{target}>'}."


async def chart_channel(client: AsyncWebClient, *, channel_id: str, user_id: str) -> str:
    """The channel the command came from; from any DM, the admin's DM with the bot."""
    if channel_id.startswith("D") or not channel_id:
        return await dm_channel(client, user_id)
    return channel_id


async def dm_channel(client: AsyncWebClient, user_id: str) -> str:
    response = await client.conversations_open(users=user_id)
    return str(response["channel"]["id"])


async def upload_png(
    client: AsyncWebClient,
    *,
    channel: str,
    png: bytes,
    filename: str,
    title: str,
    thread_ts: str | None = None,
) -> None:
    """files.getUploadURLExternal, the upload, then files.completeUploadExternal."""
    options: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
    await client.files_upload_v2(
        channel=channel, file=png, filename=filename, title=title, **options
    )


def _error(error: SlackApiError) -> str:
    return str(error.response.get("error", "unknown_error"))
