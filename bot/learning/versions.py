"""Prompt versions: immutable versions of each specialist's learned guidelines, and two labels.

A version has a number (per workspace and specialist), a parent, its guidelines, the
diff from its parent (add / reword / retire, each with its evidence), the evidence as a
whole, an author (`system` or `admin:<user>`) and a time. Once written its content never
changes; its `state` records what became of it (production, canary, superseded,
rolled_back). Version 1 is the built-in prompt (no learned guidelines), created with the
first learned version.

Labels point at versions: `production` serves every run, `canary` (at most one per
specialist) serves a share of runs chosen by run id (`bot.learning.canary.in_canary`).
Label moves are conditional updates, so a cycle and an admin acting at the same moment
can't both win (`bot.learning.label_moves`); what changed is a `VersionChange`
(`bot.learning.version_changes`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.learning.canary import in_canary
from bot.learning.guidelines import Edit, Guideline, apply_edits
from bot.learning.label_moves import promote, roll_back
from bot.learning.version_changes import CANARY, PRODUCTION, SYSTEM, VersionChange, subject_of
from bot.messages import learning_prompts as say
from storage.db import Database
from storage.models import utcnow
from storage.models.learning import PromptVersion
from storage.repositories import learning as store


class PromptVersions:
    def __init__(
        self,
        database: Database,
        *,
        canary_share: float = 0.2,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._database = database
        self.canary_share = canary_share
        self._clock = clock

    # --- serving ---------------------------------------------------------------------------

    async def prompt_for_run(
        self, team_id: str, specialist: str, run_id: str
    ) -> tuple[int | None, list[str]]:
        """The version this run gets and its guidelines; (None, []) for the built-in prompt.

        Deterministic by run id: the same run always gets the same version.
        """
        async with self._database.read() as session:
            served = await store.served_guidelines(session, team_id=team_id, specialist=specialist)
        by_label = {label: (version, lines) for label, version, lines in served}
        chosen = by_label.get(PRODUCTION)
        canary = by_label.get(CANARY)
        if canary is not None and in_canary(
            team_id=team_id,
            specialist=specialist,
            version=canary[0],
            run_id=run_id,
            share=self.canary_share,
        ):
            chosen = canary
        if chosen is None:
            return None, []
        return chosen[0], [Guideline.of(line).text for line in chosen[1]]

    # --- reading ---------------------------------------------------------------------------

    async def versions(self, team_id: str, specialist: str | None = None) -> list[PromptVersion]:
        async with self._database.read() as session:
            return await store.prompt_versions(session, team_id=team_id, specialist=specialist)

    async def labels(self, team_id: str, specialist: str) -> dict[str, int]:
        async with self._database.read() as session:
            return await store.labels_of(session, team_id=team_id, subject=subject_of(specialist))

    async def version(self, team_id: str, specialist: str, number: int) -> PromptVersion | None:
        async with self._database.read() as session:
            return await store.get_prompt_version(
                session, team_id=team_id, specialist=specialist, number=number
            )

    # --- changing (inside the caller's transaction) ------------------------------------------

    async def create_in(
        self,
        session: AsyncSession,
        *,
        team_id: str,
        specialist: str,
        edits: list[Edit],
        evidence: list[dict[str, Any]],
        author: str,
        summary: str,
        cycle_id: int | None = None,
        label: str = CANARY,
    ) -> tuple[PromptVersion, list[VersionChange]] | None:
        """A new version = production's guidelines + `edits`, labelled `label`.

        Creates version 1 (the built-in prompt) as production first when there is none.
        None when the label can't be taken (a canary is already running).
        """
        subject = subject_of(specialist)
        labels = await store.labels_of(session, team_id=team_id, subject=subject)
        if label == CANARY and CANARY in labels:
            return None
        if PRODUCTION not in labels:
            await self._ensure_built_in(session, team_id, specialist, author)
            labels = await store.labels_of(session, team_id=team_id, subject=subject)
        parent_number = labels[PRODUCTION]
        parent = await store.get_prompt_version(
            session, team_id=team_id, specialist=specialist, number=parent_number
        )
        current = [Guideline.of(g) for g in (parent.guidelines if parent else [])]
        guidelines = apply_edits(current, edits)
        number = await store.next_prompt_number(session, team_id=team_id, specialist=specialist)
        version = await store.add_prompt_version(
            session,
            PromptVersion(
                team_id=team_id,
                specialist=specialist,
                number=number,
                parent=parent_number,
                guidelines=[g.as_dict() for g in guidelines],
                diff=[edit.as_dict() for edit in edits],
                evidence=evidence,
                author=author,
                summary=summary[:4000],
                state=label,
                cycle_id=cycle_id,
                created_at=self._clock(),
            ),
        )
        moved = await store.move_label(
            session,
            team_id=team_id,
            subject=subject,
            label=label,
            version=number,
            by=author,
            expected=labels.get(label) if label == PRODUCTION else None,
        )
        if not moved:
            raise LabelConflict(f"the {label} label of {specialist} changed meanwhile")
        changes = [
            VersionChange(
                kind="created",
                team_id=team_id,
                specialist=specialist,
                number=number,
                by=author,
                reason=summary,
                parent=parent_number,
                detail={"label": label, "edits": len(edits)},
            )
        ]
        if label == PRODUCTION:
            await store.set_prompt_state(
                session,
                team_id=team_id,
                specialist=specialist,
                number=parent_number,
                state="superseded",
                decision=say.replaced_by(number),
            )
        return version, changes

    async def _ensure_built_in(
        self, session: AsyncSession, team_id: str, specialist: str, author: str
    ) -> None:
        existing = await store.get_prompt_version(
            session, team_id=team_id, specialist=specialist, number=1
        )
        if existing is None:
            await store.add_prompt_version(
                session,
                PromptVersion(
                    team_id=team_id,
                    specialist=specialist,
                    number=1,
                    parent=None,
                    guidelines=[],
                    diff=[],
                    evidence=[],
                    author=SYSTEM,
                    summary=say.BUILT_IN_SUMMARY,
                    state=PRODUCTION,
                    created_at=self._clock(),
                ),
            )
        await store.move_label(
            session,
            team_id=team_id,
            subject=subject_of(specialist),
            label=PRODUCTION,
            version=1,
            by=author,
            expected=None,
        )

    async def promote_in(
        self,
        session: AsyncSession,
        *,
        team_id: str,
        specialist: str,
        number: int,
        by: str,
        reason: str,
    ) -> VersionChange | None:
        """Make `number` production (from canary or any earlier version); None if it can't."""
        return await promote(
            session, team_id=team_id, specialist=specialist, number=number, by=by, reason=reason
        )

    async def rollback_in(
        self,
        session: AsyncSession,
        *,
        team_id: str,
        specialist: str,
        number: int | None,
        by: str,
        reason: str,
    ) -> list[VersionChange]:
        """Roll back the canary `number`, or production `number` (back to its parent)."""
        return await roll_back(
            session, team_id=team_id, specialist=specialist, number=number, by=by, reason=reason
        )


class LabelConflict(Exception):
    """A label moved under us (another process or an admin): the transaction is abandoned."""


def diff_lines(parent: list[Any], child: list[Any]) -> list[str]:
    """A unified diff of two versions' guidelines, one guideline per line."""
    old = [Guideline.of(g).text for g in parent]
    new = [Guideline.of(g).text for g in child]
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(old, new, "parent", "version", lineterm="", n=1)
    ][2:]
