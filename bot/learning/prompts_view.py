"""What `/stats prompts` shows: the versions of each specialist with their labels, and a diff.

Replies stay within Block Kit's limits (50 blocks, 3,000 characters a section).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.learning.guidelines import Guideline
from bot.learning.version_changes import CANARY, PRODUCTION
from bot.learning.versions import diff_lines
from bot.messages import learning_prompts as say
from bot.surfaces.blocks import MAX_BLOCKS, button, context, section
from storage.models.learning import LearningLabel, PromptVersion

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


def listing_reply(versions: list[PromptVersion], labels: list[LearningLabel]) -> AdminReply:
    """Every specialist's newest versions, their labels and buttons to change them."""
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


def diff_reply(
    specialist: str, number: int, version: PromptVersion | None, parent: PromptVersion | None
) -> AdminReply:
    """A version's guidelines against its parent's, with the evidence behind the change."""
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
