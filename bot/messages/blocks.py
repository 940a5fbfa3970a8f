"""Words on the blocks Kaizen posts: Confirm / Cancel / Always, the note when blocks are cut,
and the answers to stale or foreign buttons."""

from __future__ import annotations

from bot.messages.plural import plural

CONFIRM = "Confirm"
CANCEL = "Cancel"
ALWAYS_DO_THIS = "Always do this"
DONE = "Done."
NOT_MY_BUTTON = "That button is not one of mine."
OUT_OF_DATE = "That button is out of date."
CUT_TO_FIT = "(more was cut to fit Slack's limits)"


def confirm_before_acting(description: str) -> str:
    return f":raised_hand: *Confirm before I act:* {description}"


def why_asking(reason: str, requester: str, minutes: int) -> str:
    return (
        f"I'm asking because {reason}. Only <@{requester}> or an admin can confirm; "
        f"this request expires in {plural(minutes, 'minute')}."
    )
