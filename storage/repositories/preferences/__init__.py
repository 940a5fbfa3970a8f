"""What the bot learns about each member: decisions, explicit settings, profile, activity.

Every query is scoped by `(team_id, user_id)` (see `scope`). Callers use
`from storage.repositories import preferences as store` and `store.get_setting(...)`.
"""

from __future__ import annotations

from storage.repositories.preferences.activity import activity_of, count_activity, forget_activity
from storage.repositories.preferences.decisions import (
    KEEP_PER_PATTERN,
    DecisionRow,
    add_decision,
    decisions,
    forget_decisions,
)
from storage.repositories.preferences.member_runs import (
    FINISHED,
    RunOutcome,
    down_voted_runs,
    recent_runs,
    run_outcomes,
)
from storage.repositories.preferences.profiles import (
    count_message,
    get_profile,
    reset_style,
    update_profile,
)
from storage.repositories.preferences.scope import reset_member
from storage.repositories.preferences.settings import (
    delete_setting,
    get_setting,
    set_setting,
    settings_of,
)

__all__ = [
    "FINISHED",
    "KEEP_PER_PATTERN",
    "DecisionRow",
    "RunOutcome",
    "activity_of",
    "add_decision",
    "count_activity",
    "count_message",
    "decisions",
    "delete_setting",
    "down_voted_runs",
    "forget_activity",
    "forget_decisions",
    "get_profile",
    "get_setting",
    "recent_runs",
    "reset_member",
    "reset_style",
    "run_outcomes",
    "set_setting",
    "settings_of",
    "update_profile",
]
