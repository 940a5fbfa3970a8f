"""What people repeat: a member's accepted tool sequence (a workflow offer), a request text."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.learning.analysis.keys import normalise_request, pattern_key, sequence_text, signature
from bot.learning.analysis.kinds import (
    KEY_LIMIT,
    RECURRING,
    REPEATS_FOR_REQUEST,
    REPEATS_FOR_WORKFLOW,
    REQUEST,
)
from bot.learning.analysis.model import Analysis, OfferCandidate, PatternUpdate, Previous
from bot.learning.analysis.scores import confidence, recent
from bot.messages.plural import plural, times
from storage.repositories.learning import RunRow


def add_recurring(
    analysis: Analysis,
    runs: list[RunRow],
    tools_of: dict[str, tuple[str, ...]],
    accepted: set[str],
    previous: dict[tuple[str, str], Previous],
    offered: set[tuple[str, str]],
    is_read: Callable[[str], bool],
) -> None:
    window: dict[tuple[str, tuple[str, ...]], list[RunRow]] = defaultdict(list)
    for run in runs:
        tools = tools_of[run.id]
        if run.id in accepted and tools and not all(is_read(tool) for tool in tools):
            window[(run.user_id, tools)].append(run)
    for (user, tools), found in window.items():
        sig = signature(tools)
        key = pattern_key(user, sig)
        old = previous.get((RECURRING, key))
        detail: dict[str, Any] = dict(old.detail) if old else {"tools": list(tools), "user": user}
        detail["runs"] = int(detail.get("runs", 0)) + len(found)
        detail["times"] = recent(
            detail.get("times"), [iso(run.started_at) for run in found], limit=10
        )
        latest = recent((old.evidence if old else {}).get("runs"), [run.id for run in found])
        count = detail["runs"]
        analysis.add(
            PatternUpdate(
                kind=RECURRING,
                key=key,
                specialist=found[-1].specialist,
                task_kind=found[-1].task_kind,
                description=f"<@{user}> ran {sequence_text(tools)} {times(count)}",
                evidence={"runs": latest},
                detail=detail,
                frequency=count,
                confidence=confidence(count, 0),
                seen=len(found),
                is_new=old is None,
            )
        )
        if count >= REPEATS_FOR_WORKFLOW and (user, sig[:KEY_LIMIT]) not in offered:
            analysis.offers.append(
                OfferCandidate(
                    user_id=user,
                    signature=sig[:KEY_LIMIT],
                    tools=tools,
                    run_id=found[-1].id,
                    runs=tuple(latest),
                    count=count,
                    times=tuple(detail["times"]),
                )
            )


def add_requests(
    analysis: Analysis, runs: list[RunRow], previous: dict[tuple[str, str], Previous]
) -> None:
    grouped: dict[str, list[RunRow]] = defaultdict(list)
    for run in runs:
        text = normalise_request(run.request)
        if len(text) >= 6:
            grouped[text].append(run)
    for text, found in grouped.items():
        digest = hashlib.sha1(text.encode()).hexdigest()[:16]
        key = pattern_key(digest)
        old = previous.get((REQUEST, key))
        count = (old.frequency if old else 0) + len(found)
        if count < REPEATS_FOR_REQUEST:
            continue
        users = sorted(
            set((old.detail if old else {}).get("users", [])) | {r.user_id for r in found}
        )
        analysis.add(
            PatternUpdate(
                kind=REQUEST,
                key=key,
                specialist=found[-1].specialist,
                task_kind=found[-1].task_kind,
                description=(
                    f"asked {times(count)} by {plural(len(users), 'member')}: “{text[:120]}”"
                ),
                evidence={
                    "runs": recent((old.evidence if old else {}).get("runs"), [r.id for r in found])
                },
                detail={"text": text, "users": users[:20]},
                frequency=count,
                confidence=confidence(count, 0),
                seen=len(found),
                is_new=old is None,
            )
        )


def iso(moment: datetime) -> str:
    return moment.isoformat()
