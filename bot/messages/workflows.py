"""What saved workflows say: offers, saving, the next version, and the plan of a run."""

from __future__ import annotations

from bot.messages.plural import plural, times

OFFER_GONE = "That offer no longer exists."
DECIDED_MEANWHILE = "Someone decided this offer a moment ago."
NOT_YOUR_OFFER = "That offer isn't yours or no longer exists."
WONT_OFFER_AGAIN = "OK, I won't offer that one again."
CHANGED_MEANWHILE = "It changed a moment ago; try again."
NO_STEP_CHANGE = "no step change I could make from that; your note is kept with it"
MODEL_EDITED = "steps edited by the model"
SAVED_FROM_REPEATS = "saved from a repeated request"
KEEPS_ARGUMENTS = "It keeps the arguments of your latest run; writes still ask before they run."
NO_THANKS = "No thanks"
NAME_RULES = (
    "A workflow name is 1–40 lowercase letters, digits or dashes, starting with a "
    "letter or digit (like `weekly-cleanup`)."
)


def offer_for_someone_else(user_id: str) -> str:
    return f"This offer is for <@{user_id}>; only they can save it."


def offer_already(status: str) -> str:
    return f"This offer was already {status}."


def name_taken(name: str) -> str:
    return f"You already have a workflow called `{name}`; pick another name."


def saved(name: str, steps: int) -> str:
    return (
        f":floppy_disk: Saved as `{name}` (v1, {plural(steps, 'step')}). "
        f"Say “run {name}” to run it; writes still ask before they happen."
    )


def proposed(name: str, number: int, parent: int, described: str) -> str:
    return (
        f"Proposed `{name}` v{number} (from v{parent}): {described}. "
        f"Try it with “run {name} v{number}”, or accept it to make it current."
    )


def make_current(number: int) -> str:
    return f"Make v{number} current"


def no_version(name: str, number: int) -> str:
    return f"`{name}` has no version {number}."


def already_current(name: str, number: int) -> str:
    return f"`{name}` v{number} is already current."


def now_current(name: str, number: int) -> str:
    return f"`{name}` v{number} is now current."


def plan_reasoning(name: str, number: int, steps: int) -> str:
    return f"Saved workflow `{name}` v{number} ({plural(steps, 'step')})."


def offer(count: int, steps: str, name: str) -> str:
    return (
        f"You've asked me for the same thing {times(count)}: {steps}. "
        f"Save it as `{name}`, so next time you can just say “run {name}”?"
    )


def save_as(name: str) -> str:
    return f"Save as {name}"


def replaced(old: str, new: str) -> str:
    return f"{old} → {new}"


def removed_steps(channel: str) -> str:
    return f"removed the step(s) on {channel}"


def added_step(function: str, channel: str) -> str:
    return f"added `{function}` on {channel}"
