"""The learning cycle (SPEC §8): plan from the traces, apply in one transaction, report.

See `bot.learning.cycle.runner` for the steps. The public names are re-exported here.
"""

from __future__ import annotations

from bot.learning.cycle.report import CycleReport, TeamCycle
from bot.learning.cycle.runner import LEASE_NAME, CycleRunner

__all__ = ["LEASE_NAME", "CycleReport", "CycleRunner", "TeamCycle"]
