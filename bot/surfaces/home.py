"""App Home: the Home tab's view, and the one-time greeting in the Messages tab.

The Home tab shows the member's recent runs with their outcome, the actions they can
still undo (with Undo buttons), what Kaizen learned about them (with edit buttons),
and for admins a health summary. It stays within Slack's limits however much history
there is: at most `MAX_VIEW_BLOCKS` blocks, every section within 3,000 characters.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.learning.preferences.confirm import ConfirmationVerdict
from bot.learning.preferences.service import MemberPreferences, PreferenceService
from bot.surfaces.blocks import UNDO_ACTION, button, context, pref_edit_buttons, section
from bot.surfaces.prefs import confirmation_line, specialist_line, style_line
from storage.db import Database
from storage.models import Run, UndoEntry, utcnow
from storage.repositories import audit
from storage.repositories import preferences as preference_store
from storage.repositories import undo as undo_store

logger = logging.getLogger(__name__)

GREETED = "greeted"
MAX_VIEW_BLOCKS = 100
RECENT_RUNS = 10
UNDOABLE_SHOWN = 10
PATTERNS_SHOWN = 12
REQUEST_PREVIEW = 80

HealthLookup = Callable[[str], Awaitable[str | None]]

_STATUS = {
    "succeeded": ":white_check_mark: done",
    "failed": ":warning: failed",
    "waiting": ":hourglass: waiting for your confirmation",
    "running": ":arrows_counterclockwise: running",
    "cancelled": ":x: cancelled",
    "refused": ":no_entry: refused",
}


class AppHome:
    def __init__(
        self,
        database: Database,
        *,
        model_enabled: bool,
        preferences: PreferenceService | None = None,
        health: HealthLookup | None = None,
    ) -> None:
        self._database = database
        self._model_enabled = model_enabled
        self._preferences = preferences
        self._health = health

    def use_preferences(self, preferences: PreferenceService | None) -> None:
        self._preferences = preferences

    async def publish(
        self,
        client: AsyncWebClient,
        *,
        user_id: str,
        is_admin: bool,
        team_id: str = "",
        notice: str | None = None,
    ) -> None:
        """Build the member's Home tab from their data in this workspace and publish it."""
        runs: list[Run] = []
        undoables: list[UndoEntry] = []
        learned: MemberPreferences | None = None
        health: str | None = None
        if team_id:
            async with self._database.read() as session:
                runs = await preference_store.recent_runs(
                    session, team_id=team_id, user_id=user_id, limit=RECENT_RUNS
                )
                entries = await undo_store.recent_entries(session, team_id=team_id, user_id=user_id)
            undoables = [e for e in entries if _undoable(e)]
            if self._preferences is not None:
                learned = await self._preferences.summary(team_id, user_id)
            if is_admin:
                health = await self._health_summary(team_id)
        view = home_view(
            is_admin=is_admin,
            model_enabled=self._model_enabled,
            runs=runs,
            undoables=undoables,
            learned=learned,
            health=health,
            notice=notice,
            personal=bool(team_id),
        )
        await client.views_publish(user_id=user_id, view=view)

    async def _health_summary(self, team_id: str) -> str | None:
        try:
            if self._health is not None:
                return await self._health(team_id)
            return await analytics_health(self._database, team_id)
        except Exception:  # the Home tab must open even when analytics can't answer
            logger.exception("health summary failed for %s", team_id)
            return None

    async def greet_once(
        self, client: AsyncWebClient, *, team_id: str, user_id: str, channel_id: str
    ) -> bool:
        """Say hello the first time a member opens the Messages tab; True if we did."""
        async with self._database.transaction() as session:
            if await audit.has_audit(session, team_id=team_id, actor=user_id, action=GREETED):
                return False
            await audit.record_audit(session, team_id=team_id, actor=user_id, action=GREETED)
        await client.chat_postMessage(
            channel=channel_id,
            text=messages.messages_tab_greeting(),
            unfurl_links=False,
            unfurl_media=False,
        )
        return True


async def analytics_health(database: Database, team_id: str) -> str | None:
    """The 7-day health line from `bot.analytics`, when that module is there."""
    try:
        from bot.surfaces.stats.figures import compute_figures
    except ImportError:
        return None
    figures = await compute_figures(database, team_id=team_id, days=7)
    health = getattr(getattr(figures, "health", None), "score", None)
    rate = getattr(figures, "success_rate", None)
    p95 = getattr(getattr(figures, "latency", None), "p95_ms", None)
    runs = getattr(figures, "runs", 0)
    parts = [f"{runs} runs in the last 7 days"]
    if rate is not None:
        parts.append(f"{rate:.0%} succeeded")
    if p95 is not None:
        parts.append(f"P95 {p95 / 1000:.1f} s")
    parts.append(f"health {health:.2f}" if health is not None else "no health score yet")
    return " · ".join(parts)


def home_view(
    *,
    is_admin: bool,
    model_enabled: bool,
    runs: Sequence[Run] = (),
    undoables: Sequence[UndoEntry] = (),
    learned: MemberPreferences | None = None,
    health: str | None = None,
    notice: str | None = None,
    personal: bool = False,
) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": messages.HOME_TITLE}},
    ]
    if notice:
        blocks.append(section(notice))
    blocks += [section(messages.HOME_INTRO), section(messages.HOME_HOW_TO)]
    if personal:
        blocks += _runs_blocks(runs)
        blocks += _undo_blocks(undoables)
        if learned is not None:
            blocks += _learned_blocks(learned)
    blocks += [{"type": "divider"}, section(f"*What I can do*\n{messages.CAPABILITIES}")]
    if not model_enabled:
        blocks.append(
            context(
                "No language model is connected: I answer with this overview until an admin sets "
                "`OPENAI_API_KEY`."
            )
        )
    if is_admin:
        blocks += _admin_blocks(health)
    return {"type": "home", "blocks": _within_limit(blocks)}


def _runs_blocks(runs: Sequence[Run]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "divider"}]
    if not runs:
        return [*blocks, section("*Your recent requests*\nNone yet — ask me something!")]
    lines = [_run_line(run) for run in runs[:RECENT_RUNS]]
    return [*blocks, section("*Your recent requests*\n" + "\n".join(lines))]


def _run_line(run: Run) -> str:
    request = " ".join(run.request.split())
    if len(request) > REQUEST_PREVIEW:
        request = request[: REQUEST_PREVIEW - 1] + "…"
    request = _safe(request) or "(empty)"
    outcome = _STATUS.get(run.status, run.status)
    return f"• _{request}_ — {outcome} · {run.specialist} · {_when(run.started_at)}"


def _undo_blocks(undoables: Sequence[UndoEntry]) -> list[dict[str, Any]]:
    if not undoables:
        return [section("*Actions you can undo*\nNothing right now.")]
    blocks = [section("*Actions you can undo*")]
    for entry in undoables[:UNDOABLE_SHOWN]:
        block = section(
            f"`#{entry.id}` {_safe(entry.summary)} — _undo: {_safe(entry.description)}_"
        )
        block["accessory"] = button("Undo", UNDO_ACTION, f"undo:{entry.id}")
        blocks.append(block)
    if len(undoables) > UNDOABLE_SHOWN:
        blocks.append(context(f"…and {len(undoables) - UNDOABLE_SHOWN} more: `/undo list`."))
    return blocks


def _learned_blocks(learned: MemberPreferences) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {"type": "divider"},
        section("*What I've learned about you*"),
    ]
    if not learned.confirmations:
        blocks.append(
            section(
                "*When I ask before acting*\nNothing yet: I learn from your Confirm, Cancel "
                "and Undo decisions."
            )
        )
    for verdict in learned.confirmations[:PATTERNS_SHOWN]:
        blocks.append(section(confirmation_line(verdict)))
        choices = _confirm_choices(verdict)
        if choices:
            blocks.append(pref_edit_buttons(choices))
    if len(learned.confirmations) > PATTERNS_SHOWN:
        blocks.append(
            context(f"…and {len(learned.confirmations) - PATTERNS_SHOWN} more: `/prefs`.")
        )
    style_lines = [
        style_line("Length", learned.verbosity, {"concise": "concise", "detailed": "detailed"}),
        style_line("Emoji", learned.emoji, {"on": "welcome", "off": "none"}),
    ]
    blocks.append(section("*Style*\n" + "\n".join(style_lines)))
    blocks.append(pref_edit_buttons(_style_choices(learned)))
    if learned.specialists:
        lines = [specialist_line(choice) for choice in learned.specialists[:20]]
        blocks.append(section("*Specialists*\n" + "\n".join(lines)))
    if learned.hours is not None:
        blocks.append(section(f"*Working hours*\n• {learned.hours.describe()}"))
    blocks.append(context("`/prefs` shows the evidence; `/prefs help` lists every setting."))
    return blocks


def _confirm_choices(verdict: ConfirmationVerdict) -> list[tuple[str, str]]:
    pattern = verdict.pattern
    choices: list[tuple[str, str]] = []
    if verdict.setting != "always" and verdict.reversible:
        choices.append(("Always do this", f"confirm {pattern} always"))
    if verdict.setting != "never":
        choices.append(("Always ask", f"confirm {pattern} never"))
    if verdict.setting in ("always", "never"):
        choices.append(("Learn from me", f"confirm {pattern} learn"))
    return choices


def _style_choices(learned: MemberPreferences) -> list[tuple[str, str]]:
    verbosity = learned.verbosity.value if learned.verbosity else None
    emoji = learned.emoji.value if learned.emoji else None
    choices = [
        ("Concise answers", "style concise")
        if verbosity != "concise"
        else ("Detailed answers", "style detailed"),
        ("No emoji", "emoji off") if emoji != "off" else ("Emoji welcome", "emoji on"),
    ]
    if learned.verbosity is not None and learned.verbosity.source == "your setting":
        choices.append(("Learn my length", "style learn"))
    if learned.emoji is not None and learned.emoji.source == "your setting":
        choices.append(("Learn my emoji", "emoji learn"))
    return choices


def _admin_blocks(health: str | None) -> list[dict[str, Any]]:
    summary = (
        f"*Health (admins)*\n{health}\n`/stats` has the details."
        if health
        else "*Health (admins)*\nThe health summary arrives with analytics; until then "
        "`GET /metrics` has the raw counters."
    )
    return [
        {"type": "divider"},
        section(summary),
        context("You are an admin: `/stats` is open to you."),
    ]


def _within_limit(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_VIEW_BLOCKS blocks: keep the head and the admin tail, cut in between."""
    if len(blocks) <= MAX_VIEW_BLOCKS:
        return blocks
    tail = blocks[-3:]
    head = blocks[: MAX_VIEW_BLOCKS - len(tail) - 1]
    return [*head, context("(More in `/prefs` and `/undo list`.)"), *tail]


def _undoable(entry: UndoEntry) -> bool:
    return entry.status == "active" and _aware(entry.expires_at) > utcnow()


def _when(moment: datetime | None) -> str:
    return _aware(moment).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def _safe(text: str) -> str:
    """Member text shown in mrkdwn: no @channel pings, no broken formatting."""
    return text.replace("<!", "&lt;!").replace("\n", " ")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
