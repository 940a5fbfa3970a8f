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
from dataclasses import dataclass, field
from typing import Any

from bot.learning.guidelines import ADD, Edit, Guideline
from bot.learning.versions import (
    CANARY,
    PRODUCTION,
    PromptVersions,
    VersionChange,
    diff_lines,
    publish_changes,
)
from bot.messages import learning as say
from bot.orchestrator.events import EventBus
from bot.surfaces.blocks import MAX_BLOCKS, button, context, section
from storage.db import Database
from storage.learning_models import PromptVersion
from storage.repositories import learning as store

logger = logging.getLogger(__name__)

DIFF_ACTION = "kaizen_prompt_diff"
PROMOTE_ACTION = "kaizen_prompt_promote"
ROLLBACK_ACTION = "kaizen_prompt_rollback"
ACTIONS = (DIFF_ACTION, PROMOTE_ACTION, ROLLBACK_ACTION)
SECTION_LIMIT = 3_000
LISTED_VERSIONS = 6  # per specialist, newest first
USAGE = say.PROMPTS_USAGE


@dataclass
class AdminReply:
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the admin channel


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
        if not versions:
            text = say.NO_VERSIONS_YET
            return AdminReply(text, [section(text), context(USAGE)])
        by_label: dict[tuple[str, int], list[str]] = {}
        for label in labels:
            name = label.subject.removeprefix("prompt:")
            by_label.setdefault((name, label.version), []).append(label.label)
        grouped: dict[str, list[PromptVersion]] = {}
        for version in versions:
            grouped.setdefault(version.specialist, []).append(version)
        blocks: list[dict[str, Any]] = [_header(say.PROMPT_VERSIONS)]
        for name, found in sorted(grouped.items()):
            blocks.append(section(say.specialist_versions(name, len(found))))
            for version in sorted(found, key=lambda v: -v.number)[:LISTED_VERSIONS]:
                tags = by_label.get((name, version.number), [])
                blocks.append(_version_block(version, tags))
                actions = [button("Diff", DIFF_ACTION, f"{name}:{version.number}")]
                if PRODUCTION not in tags:
                    actions.append(
                        button("Promote", PROMOTE_ACTION, f"{name}:{version.number}", "primary")
                    )
                if tags and version.number > 1 and (CANARY in tags or version.parent is not None):
                    actions.append(
                        button("Roll back", ROLLBACK_ACTION, f"{name}:{version.number}", "danger")
                    )
                blocks.append({"type": "actions", "elements": actions})
            if len(found) > LISTED_VERSIONS:
                blocks.append(context(say.older_versions(len(found) - LISTED_VERSIONS)))
        blocks.append(context(USAGE))
        blocks = _fit(blocks)
        summary = ", ".join(
            f"{name}: v{max(v.number for v in found)}" for name, found in sorted(grouped.items())
        )
        return AdminReply(say.versions_summary(summary), blocks)

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
        if version is None:
            return AdminReply(say.no_prompt_version(specialist, number))
        lines = diff_lines(parent.guidelines if parent else [], version.guidelines)
        body = "\n".join(lines) or say.NO_GUIDELINE_CHANGE
        evidence = [
            say.evidence_item(
                item.get("op", "?"),
                item.get("slot", ""),
                item.get("description", ""),
                item.get("confidence", "—"),
            )
            for item in version.evidence
        ]
        header = say.version_header(
            specialist,
            version.number,
            version.parent,
            version.author,
            version.created_at,
            version.state,
        )
        text = f"{header}\n```{_cut(body, 2400)}```"
        blocks = [section(text)]
        if evidence:
            blocks.append(section(_cut(say.EVIDENCE_HEADING + "\n".join(evidence), SECTION_LIMIT)))
        if version.decision:
            blocks.append(context(_cut(say.decision_note(version.decision), 2000)))
        return AdminReply(text, blocks)

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


def _version_block(version: PromptVersion, tags: list[str]) -> dict[str, Any]:
    marks = " ".join(f"`{tag}`" for tag in sorted(tags))
    guidelines = [Guideline.of(g).text for g in version.guidelines]
    lines = [
        say.version_line(
            version.number,
            marks,
            version.state,
            version.author,
            version.created_at,
            version.parent,
        ),
        _cut(version.summary, 600),
    ]
    if guidelines:
        lines.append(say.guidelines_count(len(guidelines), _cut(" · ".join(guidelines), 1500)))
    if version.decision:
        lines.append(f"_{_cut(version.decision, 500)}_")
    return section(_cut("\n".join(line for line in lines if line), SECTION_LIMIT))


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}


def _fit(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    return [*blocks[: MAX_BLOCKS - 1], context(say.CUT_TO_FIT)]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(word: str) -> int:
    return int(word.lstrip("v"))
