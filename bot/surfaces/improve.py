"""`/improve [text]` and its form: feedback on Kaizen's latest answer here.

With text, the feedback is recorded at once; without, a form opens about the run it
would be attached to. The learning loop records it; this module decides what to say.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.feedback import improve_modal, modal_errors
from bot.learning.loop import LearningLoop
from bot.messages.learning import NO_RUN_HERE
from bot.surfaces.commands import HELP_WORDS, answer_command

COMMAND = "/improve"


def improve_ack_answer(text: str, learning: LearningLoop | None) -> str | None:
    """The help (or the placeholder without a learning loop) to give in the ack; else None."""
    if learning is None or text.strip().lower() in HELP_WORDS:
        return answer_command(COMMAND, text.strip(), is_admin=False)
    return None


async def answer_improve(
    learning: LearningLoop,
    client: AsyncWebClient,
    *,
    text: str,
    team_id: str,
    user_id: str,
    channel_id: str,
    trigger_id: str,
) -> str | None:
    """Record the feedback and return the answer, or open the form (and return None)."""
    text = text.strip()
    if text:
        return await learning.improve(
            team_id=team_id, user_id=user_id, channel_id=channel_id, thread_ts=None, text=text
        )
    summary = await learning.feedback.improve_target(
        team_id=team_id, user_id=user_id, channel_id=channel_id
    )
    if summary is None:
        return NO_RUN_HERE
    await client.views_open(trigger_id=trigger_id, view=improve_modal(summary))
    return None


def improve_form_errors(view: dict[str, Any]) -> dict[str, str] | None:
    """What to show in the form at once (an empty text box), or None."""
    return modal_errors(view)


async def record_improve_form(
    learning: LearningLoop,
    client: AsyncWebClient,
    *,
    team_id: str,
    user_id: str,
    view: dict[str, Any],
) -> None:
    """Record the submitted form on its run; the member is told in the channel it came from."""
    outcome = await learning.feedback.record_modal_submission(
        team_id=team_id, user_id=user_id, view=view
    )
    if outcome.channel_id:
        await client.chat_postEphemeral(
            channel=outcome.channel_id, user=user_id, text=outcome.message
        )
