"""What members said: negative `/improve` texts about a kind of task, with a representative one."""

from __future__ import annotations

import re
from collections import defaultdict

from bot.learning.analysis.keys import pattern_key
from bot.learning.analysis.kinds import EVIDENCE_SAMPLES, FEEDBACK, MIN_FEEDBACK_EVIDENCE
from bot.learning.analysis.model import Analysis, ImproveText, PatternUpdate, Previous
from bot.learning.analysis.scores import problem_confidence


def add_feedback(
    analysis: Analysis,
    improve: list[ImproveText],
    kinds: dict[tuple[str, str], tuple[int, int]],
    previous: dict[tuple[str, str], Previous],
) -> None:
    grouped: dict[tuple[str, str], list[ImproveText]] = defaultdict(list)
    for item in improve:
        if item.signal < 0 and item.specialist and item.task_kind and item.text.strip():
            grouped[(item.specialist, item.task_kind)].append(item)
    keys = set(grouped)
    for (kind, key), _old in previous.items():
        if kind == FEEDBACK:
            specialist, task = key.split("|", 1)
            if (specialist, task) in kinds:
                keys.add((specialist, task))
    for specialist, task in keys:
        key = pattern_key(specialist, task)
        old = previous.get((FEEDBACK, key))
        items = grouped.get((specialist, task), [])
        texts = list((old.detail if old else {}).get("texts", []))
        for item in items:
            texts.append({"id": item.feedback_id, "text": item.text[:500], "user": item.user_id})
        texts = texts[-EVIDENCE_SAMPLES:]
        if not texts:
            continue
        bad, total = kinds.get((specialist, task), (0, 0))
        bad = max(bad, len(items))
        total = max(total, bad)
        chosen = representative([t["text"] for t in texts])
        analysis.add(
            PatternUpdate(
                kind=FEEDBACK,
                key=key,
                specialist=specialist,
                task_kind=task,
                description=(
                    f"{task} via {specialist}: members asked “{chosen[:200]}” "
                    f"({len(texts)} feedback, {bad} of {total} runs rejected)"
                ),
                evidence={
                    "feedback": [t["id"] for t in texts],
                    "members": sorted({t["user"] for t in texts}),
                },
                detail={"texts": texts, "chosen": chosen, "rejected": bad, "runs": total},
                frequency=len(texts),
                confidence=problem_confidence(bad, total - bad, minimum=MIN_FEEDBACK_EVIDENCE),
                seen=len(items),
                is_new=old is None,
            )
        )


def representative(texts: list[str]) -> str:
    """The text sharing the most words with the others (the latest one wins ties)."""
    if len(texts) <= 1:
        return texts[0] if texts else ""
    words = [set(re.findall(r"[a-z0-9_#-]{3,}", t.lower())) for t in texts]
    best_index, best_score = len(texts) - 1, -1.0
    for index, own in enumerate(words):
        score = sum(len(own & other) for j, other in enumerate(words) if j != index)
        if score >= best_score:
            best_index, best_score = index, score
    return texts[best_index]
