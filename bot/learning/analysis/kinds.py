"""The kinds of learned pattern, and the evidence each needs before it counts."""

from __future__ import annotations

SEQUENCE = "sequence"
CONTRAST = "contrast"
FAILURE = "failure"
TOOL = "tool"
ROUTING = "routing"
FEEDBACK = "feedback"
RECURRING = "recurring"
REQUEST = "request"
GUIDELINE = "guideline"
EXECUTION = "execution"
ACTIONABLE = (CONTRAST, FAILURE, FEEDBACK, ROUTING)
MIN_CONTRAST_EACH = 3  # accepted runs of A, and rejected runs of B
MIN_FAILURES = 2
PROBLEM_FLOOR = 0.2  # a failure point or a rejected kind of task matters above this rate
ROUTING_FLOOR = 0.3
MIN_FAILURE_EVIDENCE = 3
MIN_ROUTING_EVIDENCE = 5
MIN_FEEDBACK_EVIDENCE = 2
MIN_ROUTING_REJECTED = 3
REPEATS_FOR_WORKFLOW = 3
REPEATS_FOR_REQUEST = 3
EVIDENCE_SAMPLES = 5
KEY_LIMIT = 255
IGNORED_STEP_STATUSES = {"awaiting_confirmation", "skipped"}
