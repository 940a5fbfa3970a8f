"""Admin operations on prompt versions: list, diff, promote, roll back, add a guideline.

For `/stats prompts [<specialist>] | diff <specialist> <n> | promote <specialist> <n> |
rollback <specialist> [<n>] | add <specialist> <guideline>` and the buttons on its reply.
Every change goes through the same conditional label moves as the learning cycle, in
one transaction, and publishes its `prompt_version_*` event (audit log); the returned
`note` is for the admin channel. Replies stay within Block Kit's limits (50 blocks, 3,000
characters a section).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from bot.learning.guidelines import ADD, Edit
from bot.learning.prompts_view import (
    DIFF_ACTION,
    PROMOTE_ACTION,
    ROLLBACK_ACTION,
    USAGE,
    AdminReply,
    diff_reply,
    listing_reply,
)
from bot.learning.version_changes import VersionChange, publish_changes
from bot.learning.versions import PromptVersions
from bot.messages import learning_prompts as say
from bot.orchestrator.events import EventBus
from bot.surfaces.blocks import section
from storage.db import Database
from storage.repositories import learning as store

logger = logging.getLogger(__name__)


class PromptAdmin:
    def __init__(self, database: Database, versions: PromptVersions, bus: EventBus | None) -> None:
        self._database = database
        self._versions = versions
        self._bus = bus

    # --- the command -------------------------------------------------------------------------

    async def command(self, *, team_id: str, user_id: str, text: str) -> AdminReply:
        """`text` is what follows `/stats prompts`."""
        words = text.split()
        if not words:
            return await self.listing(team_id=team_id)
        verb = words[0].lower()
        if verb in ("help", "-h", "--help", "?"):
            return AdminReply(USAGE)
        if verb == "diff" and len(words) == 3 and words[2].lstrip("v").isdigit():
            return await self.diff(team_id=team_id, specialist=words[1], number=_number(words[2]))
        if verb == "promote" and len(words) == 3 and words[2].lstrip("v").isdigit():
            return await self.promote(
                team_id=team_id, user_id=user_id, specialist=words[1], number=_number(words[2])
            )
        if verb == "rollback" and len(words) in (2, 3):
            number = (
                _number(words[2]) if len(words) == 3 and words[2].lstrip("v").isdigit() else None
            )
            if len(words) == 3 and number is None:
                return AdminReply(USAGE)
            return await self.rollback(
                team_id=team_id, user_id=user_id, specialist=words[1], number=number
            )
        if verb == "add" and len(words) >= 3:
            return await self.add_guideline(
                team_id=team_id,
                user_id=user_id,
                specialist=words[1],
                text=text.split(None, 2)[2],
            )
        if len(words) == 1:
            return await self.listing(team_id=team_id, specialist=words[0])
        return AdminReply(USAGE)

    async def on_button(
        self, *, action_id: str, value: str, team_id: str, user_id: str, is_admin: bool
    ) -> AdminReply:
        """A button on the listing: value is `<specialist>:<number>`."""
        if not is_admin:
            return AdminReply(say.ONLY_ADMINS)
        specialist, _, number = value.partition(":")
        if not number.isdigit():
            return AdminReply(say.BUTTON_OUT_OF_DATE)
        if action_id == DIFF_ACTION:
            return await self.diff(team_id=team_id, specialist=specialist, number=int(number))
        if action_id == PROMOTE_ACTION:
            return await self.promote(
                team_id=team_id, user_id=user_id, specialist=specialist, number=int(number)
            )
        if action_id == ROLLBACK_ACTION:
            return await self.rollback(
                team_id=team_id, user_id=user_id, specialist=specialist, number=int(number)
            )
        return AdminReply(say.UNKNOWN_PROMPT_ACTION)

    # --- views ---------------------------------------------------------------------------------

    async def listing(self, *, team_id: str, specialist: str | None = None) -> AdminReply:
        async with self._database.read() as session:
            versions = await store.prompt_versions(session, team_id=team_id, specialist=specialist)
            labels = await store.labels_with_prefix(session, team_id=team_id, prefix="prompt:")
        return listing_reply(versions, labels)

    async def diff(self, *, team_id: str, specialist: str, number: int) -> AdminReply:
        async with self._database.read() as session:
            version = await store.get_prompt_version(
                session, team_id=team_id, specialist=specialist, number=number
            )
            parent = (
                await store.get_prompt_version(
                    session, team_id=team_id, specialist=specialist, number=version.parent
                )
                if version is not None and version.parent is not None
                else None
            )
        return diff_reply(specialist, number, version, parent)

    # --- changes ---------------------------------------------------------------------------------

    async def promote(
        self, *, team_id: str, user_id: str, specialist: str, number: int
    ) -> AdminReply:
        async with self._database.transaction() as session:
            change = await self._versions.promote_in(
                session,
                team_id=team_id,
                specialist=specialist,
                number=number,
                by=f"admin:{user_id}",
                reason=say.promoted_by(user_id),
            )
        if change is None:
            return AdminReply(say.nothing_to_promote(specialist, number))
        return await self._done([change], say.now_production(specialist, number))

    async def rollback(
        self, *, team_id: str, user_id: str, specialist: str, number: int | None
    ) -> AdminReply:
        async with self._database.transaction() as session:
            changes = await self._versions.rollback_in(
                session,
                team_id=team_id,
                specialist=specialist,
                number=number,
                by=f"admin:{user_id}",
                reason=say.rolled_back_by(user_id),
            )
            for change in changes:
                await _block_version_patterns(session, team_id, specialist, change.number)
        if not changes:
            return AdminReply(say.nothing_to_roll_back(specialist, number))
        first = changes[0]
        text = say.rolled_back(specialist, first.number, first.detail.get("restored"))
        return await self._done(changes, text)

    async def add_guideline(
        self, *, team_id: str, user_id: str, specialist: str, text: str
    ) -> AdminReply:
        """An admin's own guideline: a new version (from production) started as canary."""
        text = " ".join(text.split())[:300]
        if len(text) < 5:
            return AdminReply(say.SAY_THE_GUIDELINE)
        edit = Edit(
            op=ADD,
            slot=f"admin:{hashlib.sha1(text.encode()).hexdigest()[:10]}",
            old=None,
            new=text,
            kind="admin",
            evidence={"author": user_id},
        )
        async with self._database.transaction() as session:
            created = await self._versions.create_in(
                session,
                team_id=team_id,
                specialist=specialist,
                edits=[edit],
                evidence=[{"op": ADD, "slot": edit.slot, "description": say.added_by(user_id)}],
                author=f"admin:{user_id}",
                summary=say.add_summary(text, user_id),
            )
        if created is None:
            return AdminReply(say.canary_running(specialist))
        version, changes = created
        return await self._done(changes, say.created_as_canary(specialist, version.number))

    async def _done(self, changes: list[VersionChange], text: str) -> AdminReply:
        await publish_changes(self._bus, changes)
        notes = [change.note() for change in changes]
        return AdminReply(text, [section(text)], notes)


async def _block_version_patterns(session: Any, team_id: str, specialist: str, number: int) -> None:
    """A version rolled back by hand: its patterns don't propose the same edit right away."""
    version = await store.get_prompt_version(
        session, team_id=team_id, specialist=specialist, number=number
    )
    for item in version.diff if version else []:
        key, kind = item.get("pattern"), item.get("kind")
        if not key or not kind or item.get("op") == "retire":
            continue
        patterns = await store.patterns_of(session, team_id=team_id, kinds=[kind])
        found = next((p for p in patterns if p.key == key), None)
        if found is not None:
            await store.mark_pattern(
                session, team_id=team_id, kind=kind, key=key, blocked_at=max(1, found.frequency)
            )


def _number(word: str) -> int:
    return int(word.lstrip("v"))
