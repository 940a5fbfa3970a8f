"""How to talk, learned: the member's style choices from their stored profile and settings.

The rules are `bot.learning.preferences.style`; this module reads and writes what they
need — the message counters and explicit feedback on the member's profile.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.learning.preferences import style
from bot.learning.preferences.keys import STYLE_KEYS
from storage.db import Database
from storage.repositories import preferences as store


def style_evidence(profile: Any) -> style.StyleEvidence:
    if profile is None:
        return style.StyleEvidence()
    return style.StyleEvidence(
        messages=profile.messages,
        chars=profile.chars,
        emoji_messages=profile.emoji_messages,
        verbosity_feedback=profile.verbosity_feedback,
        verbosity_phrase=profile.verbosity_phrase,
        verbosity_at=profile.verbosity_at,
        emoji_feedback=profile.emoji_feedback,
        emoji_phrase=profile.emoji_phrase,
        emoji_at=profile.emoji_at,
    )


def feedback_values(found: list[style.Feedback], at: datetime) -> dict[str, Any]:
    """Profile columns for explicit style feedback ("shorter please", "no emoji")."""
    values: dict[str, Any] = {}
    for feedback in found:
        if feedback.key == "verbosity":
            values.update(
                verbosity_feedback=feedback.value, verbosity_phrase=feedback.phrase, verbosity_at=at
            )
        else:
            values.update(emoji_feedback=feedback.value, emoji_phrase=feedback.phrase, emoji_at=at)
    return values


class StyleLearner:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def style_choices(
        self, team_id: str, user_id: str
    ) -> tuple[style.StyleChoice, style.StyleChoice]:
        async with self._database.read() as session:
            profile = await store.get_profile(session, team_id=team_id, user_id=user_id)
            settings = await store.settings_of(session, team_id=team_id, user_id=user_id)
        evidence = style_evidence(profile)
        return (
            style.verbosity(evidence, settings.get("style")),
            style.emoji(evidence, settings.get("emoji")),
        )

    async def instructions(self, team_id: str, user_id: str) -> str:
        """Lines for the system prompt of this member's runs ("" when nothing is known)."""
        verbosity, emoji = await self.style_choices(team_id, user_id)
        return style.instructions(verbosity, emoji)

    async def store_feedback(
        self, team_id: str, user_id: str, found: list[style.Feedback], at: datetime
    ) -> None:
        values = feedback_values(found, at)
        if values:
            async with self._database.transaction() as session:
                await store.update_profile(session, team_id=team_id, user_id=user_id, **values)

    async def forget_style(self, team_id: str, user_id: str) -> None:
        async with self._database.transaction() as session:
            await store.reset_style(session, team_id=team_id, user_id=user_id)
            for key in STYLE_KEYS:
                await store.delete_setting(session, team_id=team_id, user_id=user_id, key=key)
