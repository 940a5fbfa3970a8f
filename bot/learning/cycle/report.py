"""What a learning cycle did, per workspace and in all, for `kaizen learn` and the job's log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.learning.version_changes import VersionChange
from bot.messages import learning as say
from storage.models.learning import WorkflowOffer

REPORTED_PATTERNS = 10


@dataclass
class TeamCycle:
    """What one workspace's cycle did (or why it didn't run)."""

    team_id: str
    ran: bool
    reason: str = ""
    cycle_id: int | None = None
    traces: int = 0
    window_start: datetime | None = None
    window_end: datetime | None = None
    patterns_updated: int = 0
    new_patterns: list[dict[str, Any]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    admin_notes: list[str] = field(default_factory=list)
    offers: list[WorkflowOffer] = field(default_factory=list)
    version_changes: list[VersionChange] = field(default_factory=list)
    duration_ms: float = 0.0

    def describe(self) -> list[str]:
        if not self.ran:
            return [say.team_skipped(self.team_id, self.reason)]
        lines = [
            say.team_cycle_header(
                self.team_id,
                self.cycle_id,
                self.traces,
                self.window_start,
                self.duration_ms / 1000,
                self.patterns_updated,
                len(self.new_patterns),
            )
        ]
        lines += [say.change_line(change) for change in self.changes] or [say.NO_PROMPT_CHANGES]
        for pattern in self.new_patterns[:REPORTED_PATTERNS]:
            lines.append(
                say.pattern_line(pattern["kind"], pattern["description"], pattern["confidence"])
            )
        if len(self.new_patterns) > REPORTED_PATTERNS:
            lines.append(say.more_patterns(len(self.new_patterns) - REPORTED_PATTERNS))
        lines += [say.decision_line(decision) for decision in self.decisions]
        return lines


@dataclass
class CycleReport:
    ran: bool
    reason: str = ""
    teams: list[TeamCycle] = field(default_factory=list)
    duration_ms: float = 0.0

    @property
    def admin_notes(self) -> list[tuple[str, str]]:
        """(team_id, note) for the admin channel: promotions, rollbacks, new versions."""
        return [(team.team_id, note) for team in self.teams for note in team.admin_notes]

    @property
    def offers(self) -> list[WorkflowOffer]:
        """Workflow offers made this cycle: DM each to its member (`offer_message`)."""
        return [offer for team in self.teams for offer in team.offers]

    def describe(self) -> str:
        if not self.ran:
            return say.no_cycle_ran(self.reason)
        lines = [say.cycle_header(len(self.teams), self.duration_ms / 1000)]
        for team in self.teams:
            lines += team.describe()
        return "\n".join(lines)
