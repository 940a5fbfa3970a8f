"""What a run says: refusals before it starts, progress, step results, its last words."""

from __future__ import annotations

from bot.messages.plural import plural

# --- before a run starts ----------------------------------------------------------


def busy_workspace(limit: int) -> str:
    """A workspace already has `limit` runs in flight."""
    return (
        f"Kaizen is already working on {plural(limit, 'request')} for this workspace; "
        "try again in a minute."
    )


def daily_budget_spent(limit_usd: float) -> str:
    return (
        f"This workspace has used its daily model budget (${limit_usd:.2f}); "
        "it resets at midnight UTC."
    )


def integration_not_connected(integration: str, how: str) -> str:
    """`how` is `enable_by_setting(...)` or `ENABLE_BY_INSTALLING`."""
    return (
        f"{integration} isn't connected to Kaizen yet, so I can't do that. "
        f"An admin can enable it: {how}."
    )


def enable_by_setting(variables: str) -> str:
    return f"set {variables} in Kaizen's environment and restart it"


ENABLE_BY_INSTALLING = "install and configure its integration"

NOT_NOW = "Not now."  # a refusal without a reason (budgets always give one)

# --- while it works (the assistant panel's status line) ----------------------------


def working_on(tool_label: str) -> str:
    return f"is working on {tool_label}…"


def waiting_for_busy_service(seconds: float, attempt: int) -> str:
    return f"is waiting {seconds:.0f}s for a busy service (try {attempt})…"


# --- steps ------------------------------------------------------------------------


def no_such_tool(name: str) -> str:
    return f"I have no tool called {name}."


TOOL_CRASHED = "the tool failed unexpectedly"


def ran_without_asking(tool: str, reason: str) -> str:
    """The run's reasoning when the member's policy let an action run unasked."""
    return f"{tool} ran without asking: {reason}."


ONE_STEP_AT_A_TIME = (
    "History recommends one step at a time for this kind of task; running the steps in order."
)

STEP_LIMIT_REACHED = "I stopped after several steps without finishing; here is what I did so far."

# --- the answer: one line per step -------------------------------------------------


def step_done(summary: str) -> str:
    return f":white_check_mark: {summary}"


def step_failed(summary: str) -> str:
    return f":warning: I couldn't do that: {summary}"


def step_cancelled(summary: str) -> str:
    return f":x: {summary}"


def step_skipped(summary: str) -> str:
    return f":fast_forward: Not done, {summary}."


NOTHING_TO_DO = "Nothing to do."


def auto_note(note: str) -> str:
    """One "done without asking" note under the answer."""
    return f":zap: _{note}_"
