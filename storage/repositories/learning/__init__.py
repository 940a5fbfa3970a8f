"""The learning loop's storage: feedback, replies, cycles, patterns, versions, labels, workflows.

Every function takes the caller's session; the caller owns the transaction (a cycle
applies all its version changes in one). Callers use `from storage.repositories import
learning as store` and `store.move_label(...)`.
"""

from __future__ import annotations

from storage.repositories.learning.cycles import (
    add_cycle,
    count_cycles,
    last_cycle,
    last_cycle_any,
    recent_cycles,
)
from storage.repositories.learning.feedback import (
    add_feedback,
    feedback_of_run,
    get_feedback,
    latest_run_for,
    remember_reply,
    run_for_reply,
    set_feedback_status,
)
from storage.repositories.learning.labels import (
    count_canaries,
    drop_label,
    labels_of,
    labels_with_prefix,
    move_label,
)
from storage.repositories.learning.patterns import (
    count_patterns,
    mark_pattern,
    patterns_of,
    save_pattern,
)
from storage.repositories.learning.prompts import (
    acceptance,
    add_prompt_version,
    count_prompt_versions,
    get_prompt_version,
    next_prompt_number,
    prompt_versions,
    served_guidelines,
    set_prompt_state,
)
from storage.repositories.learning.window import (
    FINISHED,
    RunRow,
    StepRow,
    count_new_traces,
    execution_stats_of,
    feedback_counts_since,
    improve_texts,
    steps_with_arguments,
    teams_with_runs,
    window_rejected,
    window_runs,
    window_steps,
)
from storage.repositories.learning.workflows import (
    add_offer,
    add_workflow_version,
    decide_offer,
    get_offer,
    link_workflow_run,
    offer_signatures,
    set_workflow_state,
    workflow_of_run,
    workflow_versions,
    workflows_of,
)

__all__ = [
    "FINISHED",
    "RunRow",
    "StepRow",
    "acceptance",
    "add_cycle",
    "add_feedback",
    "add_offer",
    "add_prompt_version",
    "add_workflow_version",
    "count_canaries",
    "count_cycles",
    "count_new_traces",
    "count_patterns",
    "count_prompt_versions",
    "decide_offer",
    "drop_label",
    "execution_stats_of",
    "feedback_counts_since",
    "feedback_of_run",
    "get_feedback",
    "get_offer",
    "get_prompt_version",
    "improve_texts",
    "labels_of",
    "labels_with_prefix",
    "last_cycle",
    "last_cycle_any",
    "latest_run_for",
    "link_workflow_run",
    "mark_pattern",
    "move_label",
    "next_prompt_number",
    "offer_signatures",
    "patterns_of",
    "prompt_versions",
    "recent_cycles",
    "remember_reply",
    "run_for_reply",
    "save_pattern",
    "served_guidelines",
    "set_feedback_status",
    "set_prompt_state",
    "set_workflow_state",
    "steps_with_arguments",
    "teams_with_runs",
    "window_rejected",
    "window_runs",
    "window_steps",
    "workflow_of_run",
    "workflow_versions",
    "workflows_of",
]
