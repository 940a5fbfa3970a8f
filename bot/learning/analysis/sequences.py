"""What works: accepted tool sequences per kind of task; the best one against the worst."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bot.learning.analysis.keys import pattern_key, sequence_text, signature
from bot.learning.analysis.kinds import CONTRAST, MIN_CONTRAST_EACH, SEQUENCE
from bot.learning.analysis.model import Analysis, PatternUpdate, Previous
from bot.learning.analysis.scores import confidence, recent
from storage.repositories.learning import RunRow


def add_sequences(
    analysis: Analysis,
    runs: list[RunRow],
    tools_of: dict[str, tuple[str, ...]],
    accepted: set[str],
    previous: dict[tuple[str, str], Previous],
) -> None:
    counts: dict[tuple[str, str, tuple[str, ...]], list[Any]] = {}
    for run in runs:
        tools = tools_of[run.id]
        if not tools:
            continue
        entry = counts.setdefault((run.specialist, run.task_kind, tools), [0, 0, [], []])
        entry[1] += 1
        if run.id in accepted:
            entry[0] += 1
            entry[2].append(run.id)
        else:
            entry[3].append(run.id)
    for (specialist, kind, tools), (good, total, good_runs, bad_runs) in counts.items():
        key = pattern_key(specialist, kind, signature(tools))
        old = previous.get((SEQUENCE, key))
        detail: dict[str, Any] = (
            dict(old.detail) if old else {"tools": list(tools), "accepted": 0, "runs": 0}
        )
        detail["accepted"] = int(detail.get("accepted", 0)) + good
        detail["runs"] = int(detail.get("runs", 0)) + total
        a, n = detail["accepted"], detail["runs"]
        evidence = {
            "accepted_runs": recent((old.evidence if old else {}).get("accepted_runs"), good_runs),
            "rejected_runs": recent((old.evidence if old else {}).get("rejected_runs"), bad_runs),
        }
        analysis.add(
            PatternUpdate(
                kind=SEQUENCE,
                key=key,
                specialist=specialist,
                task_kind=kind,
                description=(
                    f"{kind} via {specialist}: {sequence_text(tools)} — accepted in {a} of {n} runs"
                ),
                evidence=evidence,
                detail=detail,
                frequency=n,
                confidence=confidence(a, n - a),
                seen=total,
                is_new=old is None,
            )
        )


def add_contrasts(analysis: Analysis, previous: dict[tuple[str, str], Previous]) -> None:
    """For each kind of task touched now: the sequence that works against the one that doesn't."""
    stored: dict[str, dict[str, Any]] = {}
    for (kind, key), earlier in previous.items():
        if kind == SEQUENCE:
            stored[key] = {"detail": earlier.detail, "evidence": earlier.evidence}
    for update in analysis.of_kind(SEQUENCE):
        stored[update.key] = {"detail": update.detail, "evidence": update.evidence}
    touched = {(p.specialist, p.task_kind) for p in analysis.of_kind(SEQUENCE)}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for key, item in stored.items():
        specialist, kind, _ = key.split("|", 2)
        if (specialist, kind) in touched:
            groups[(specialist, kind)].append(item)
    for (specialist, kind), items in groups.items():
        good = [i for i in items if int(i["detail"].get("accepted", 0)) >= MIN_CONTRAST_EACH]
        bad = [
            i
            for i in items
            if int(i["detail"].get("runs", 0)) - int(i["detail"].get("accepted", 0))
            >= MIN_CONTRAST_EACH
        ]
        if not good or not bad:
            continue

        def works(item: dict[str, Any]) -> float:
            a, n = int(item["detail"]["accepted"]), int(item["detail"]["runs"])
            return confidence(a, n - a)

        def fails(item: dict[str, Any]) -> float:
            a, n = int(item["detail"]["accepted"]), int(item["detail"]["runs"])
            return confidence(n - a, a)

        best = max(good, key=works)
        worst = max((i for i in bad if i is not best), key=fails, default=None)
        if worst is None:
            continue
        a_tools, b_tools = best["detail"]["tools"], worst["detail"]["tools"]
        a_ok, a_n = int(best["detail"]["accepted"]), int(best["detail"]["runs"])
        b_ok, b_n = int(worst["detail"]["accepted"]), int(worst["detail"]["runs"])
        key = pattern_key(specialist, kind, signature(a_tools), signature(b_tools))
        old = previous.get((CONTRAST, key))
        score = min(works(best), fails(worst))
        analysis.add(
            PatternUpdate(
                kind=CONTRAST,
                key=key,
                specialist=specialist,
                task_kind=kind,
                description=(
                    f"{kind} via {specialist}: {sequence_text(a_tools)} accepted in {a_ok} of "
                    f"{a_n} runs, {sequence_text(b_tools)} rejected in {b_n - b_ok} of {b_n}"
                ),
                evidence={
                    "accepted_runs": list(best["evidence"].get("accepted_runs", [])),
                    "rejected_runs": list(worst["evidence"].get("rejected_runs", [])),
                },
                detail={
                    "good": list(a_tools),
                    "bad": list(b_tools),
                    "good_counts": [a_ok, a_n],
                    "bad_counts": [b_n - b_ok, b_n],
                },
                frequency=a_n + b_n,
                confidence=score,
                seen=1,
                is_new=old is None,
            )
        )
