"""Analysing traces: what worked, what failed, what people repeat (SPEC §8, step 1).

Pure functions over the rows of one cycle's window (finished runs, their tool steps,
which of them were rejected, the `/improve` texts) and the patterns stored by earlier
cycles. Counts accumulate across cycles. Confidence, with the Beta posterior of a rate
(Jeffreys prior, `bot.learning.estimator`):

- for what *works* (sequences, contrasts, tools): the 80 % lower credible bound of the
  rate it claims — three consistent observations give 0.78, one gives 0.53;
- for a *problem* (failure points, rejected runs of a kind of task, feedback about it):
  P(its rate > 20 %) (30 % for routing), and 0 until it happened 3 times (failures),
  5 times (routing) or twice (runs rejected with feedback): 6 failures in 10 calls give
  0.99, 1 in 20 gives 0.

A run is *accepted* when it succeeded and was neither undone nor down-voted (👎, a
negative `/improve`, a cancelled confirmation). Pattern kinds:

- `sequence` — a tool sequence for a kind of task and specialist: accepted / runs.
- `contrast` — for one kind of task, the sequence that is accepted against the one that
  is rejected: min(confidence A works, confidence B fails).
- `failure` — a failure point: a tool failing with an error class for a kind of task:
  failures / calls.
- `tool` — a tool's success rate and latency (P50/P95 of the window).
- `routing` — a specialist's runs of a kind of task that were undone, down-voted or
  failed: rejected / runs (routing mistakes and bad handling alike).
- `feedback` — `/improve` texts about a kind of task, with the rejected / runs of it.
- `recurring` — a member repeating the same accepted tool sequence (≥ 3: a workflow offer).
- `request` — the same request text asked three times or more.
- `guideline` — how runs of a kind of task do under a learned guideline: rejected / runs.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.learning.estimators import PRIOR, lower_bound, regularized_beta
from storage.repositories.learning import RunRow, StepRow

SEQUENCE = "sequence"
CONTRAST = "contrast"
FAILURE = "failure"
TOOL = "tool"
ROUTING = "routing"
FEEDBACK = "feedback"
RECURRING = "recurring"
REQUEST = "request"
GUIDELINE = "guideline"
EXECUTION = "execution"

ACTIONABLE = (CONTRAST, FAILURE, FEEDBACK, ROUTING)
MIN_CONTRAST_EACH = 3  # accepted runs of A, and rejected runs of B
MIN_FAILURES = 2
PROBLEM_FLOOR = 0.2  # a failure point or a rejected kind of task matters above this rate
ROUTING_FLOOR = 0.3
MIN_FAILURE_EVIDENCE = 3
MIN_ROUTING_EVIDENCE = 5
MIN_FEEDBACK_EVIDENCE = 2
MIN_ROUTING_REJECTED = 3
REPEATS_FOR_WORKFLOW = 3
REPEATS_FOR_REQUEST = 3
EVIDENCE_SAMPLES = 5
KEY_LIMIT = 255
IGNORED_STEP_STATUSES = {"awaiting_confirmation", "skipped"}


@dataclass(frozen=True)
class Previous:
    """What an earlier cycle stored for a pattern (its accumulated counts)."""

    detail: dict[str, Any]
    evidence: dict[str, Any]
    frequency: int
    confidence: float


@dataclass(frozen=True)
class ImproveText:
    feedback_id: int
    run_id: str | None
    user_id: str
    text: str
    signal: int
    specialist: str | None
    task_kind: str | None


@dataclass
class PatternUpdate:
    kind: str
    key: str
    specialist: str | None
    task_kind: str | None
    description: str
    evidence: dict[str, Any]
    detail: dict[str, Any]
    frequency: int
    confidence: float
    seen: int  # observations in this window
    is_new: bool

    def as_row(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "specialist": self.specialist,
            "task_kind": self.task_kind,
            "description": self.description[:4000],
            "evidence": self.evidence,
            "detail": self.detail,
            "frequency": self.frequency,
            "confidence": round(self.confidence, 4),
        }

    def summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "description": self.description[:300],
            "frequency": self.frequency,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class OfferCandidate:
    user_id: str
    signature: str
    tools: tuple[str, ...]
    run_id: str  # the latest accepted run with this sequence: its steps become the workflow
    runs: tuple[str, ...]
    count: int
    times: tuple[str, ...]  # ISO start times of the latest runs (to name it weekly, daily)


@dataclass
class Analysis:
    patterns: dict[tuple[str, str], PatternUpdate] = field(default_factory=dict)
    offers: list[OfferCandidate] = field(default_factory=list)
    # accumulated (rejected, runs) per (specialist, kind of task): guidelines' baselines
    kind_counts: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    traces: int = 0
    accepted: int = 0

    def add(self, update: PatternUpdate) -> None:
        self.patterns[(update.kind, update.key)] = update

    def of_kind(self, *kinds: str) -> list[PatternUpdate]:
        return [p for p in self.patterns.values() if p.kind in kinds]

    def notable(self, threshold: float) -> list[PatternUpdate]:
        """New patterns worth an event: actionable or confident ones."""
        return [
            p
            for p in self.patterns.values()
            if p.is_new
            and p.kind not in (SEQUENCE, TOOL, GUIDELINE)
            and (p.confidence >= threshold or p.kind in ACTIONABLE)
        ]


# --- helpers ------------------------------------------------------------------------------


def pattern_key(*parts: object) -> str:
    text = "|".join(str(part) for part in parts)
    if len(text) <= KEY_LIMIT:
        return text
    digest = hashlib.sha1(text.encode()).hexdigest()[:16]
    return f"{text[: KEY_LIMIT - 17]}#{digest}"


def signature(tools: Iterable[str]) -> str:
    return ">".join(tools)


def function_name(tool: str) -> str:
    """The name the model sees for a tool: `slack.set_topic` → `slack_set_topic`."""
    return tool.replace(".", "_")


def sequence_text(tools: Iterable[str]) -> str:
    return " then ".join(f"`{function_name(tool)}`" for tool in tools) or "no tool"


def confidence(hits: float, misses: float) -> float:
    """How high the rate is, surely: the 80 % lower credible bound of hits / (hits + misses)."""
    return lower_bound(hits, misses)


def problem_confidence(
    hits: float, misses: float, *, floor: float = PROBLEM_FLOOR, minimum: int = 1
) -> float:
    """How sure we are that a problem is real: P(its rate > `floor`) under the posterior.

    Zero below `minimum` occurrences: one bad run is an anecdote, not a pattern.
    """
    if hits < minimum:
        return 0.0
    return 1.0 - regularized_beta(floor, PRIOR + hits, PRIOR + misses)


def _recent(old: list[Any] | None, new: list[Any], limit: int = EVIDENCE_SAMPLES) -> list[Any]:
    merged = list(old or []) + [item for item in new if item not in (old or [])]
    return merged[-limit:]


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def normalise_request(text: str) -> str:
    lowered = re.sub(r"<[^>]+>", " ", text.lower())
    lowered = re.sub(r"\d+", "#", lowered)
    return " ".join(re.findall(r"[\w#:-]+", lowered))[:160]


def default_is_read(tool: str) -> bool:
    verb = tool.rsplit(".", 1)[-1]
    return verb.startswith(("list", "read", "search", "query", "get", "find"))


# --- the analysis ---------------------------------------------------------------------------


def analyse(
    runs: list[RunRow],
    steps: list[StepRow],
    rejected: set[str],
    improve: list[ImproveText],
    previous: dict[tuple[str, str], Previous],
    *,
    slots_of_version: dict[tuple[str, int], list[tuple[str, str]]] | None = None,
    offered: set[tuple[str, str]] | None = None,
    is_read: Callable[[str], bool] = default_is_read,
) -> Analysis:
    """Patterns from one window of traces, merged with what earlier cycles stored."""
    analysis = Analysis(traces=len(runs))
    by_run: dict[str, list[StepRow]] = defaultdict(list)
    for step in steps:
        by_run[step.run_id].append(step)
    for found in by_run.values():
        found.sort(key=lambda s: s.position)
    accepted = {run.id for run in runs if run.status == "succeeded" and run.id not in rejected}
    analysis.accepted = len(accepted)
    tools_of = {run.id: _tools(by_run.get(run.id, [])) for run in runs}

    _sequences(analysis, runs, tools_of, accepted, previous)
    _contrasts(analysis, previous)
    _failures(analysis, runs, by_run, previous)
    _tools_stats(analysis, steps, previous)
    kinds = _routing(analysis, runs, accepted, previous)
    analysis.kind_counts = kinds
    _feedback(analysis, improve, kinds, previous)
    _recurring(analysis, runs, tools_of, accepted, previous, offered or set(), is_read)
    _requests(analysis, runs, previous)
    if slots_of_version:
        _guidelines(analysis, runs, accepted, slots_of_version, previous)
    for (kind, key), update in analysis.patterns.items():
        old = previous.get((kind, key))
        if old is not None and "blocked_at" in old.detail:
            update.detail.setdefault("blocked_at", old.detail["blocked_at"])
    return analysis


def _tools(steps: list[StepRow]) -> tuple[str, ...]:
    """The attempted tool sequence, consecutive repeats collapsed (archive #a, #b = archive)."""
    tools: list[str] = []
    for step in steps:
        if step.status in IGNORED_STEP_STATUSES:
            continue
        if not tools or tools[-1] != step.tool:
            tools.append(step.tool)
    return tuple(tools)


def _sequences(
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
        detail = dict(old.detail) if old else {"tools": list(tools), "accepted": 0, "runs": 0}
        detail["accepted"] = int(detail.get("accepted", 0)) + good
        detail["runs"] = int(detail.get("runs", 0)) + total
        a, n = detail["accepted"], detail["runs"]
        evidence = {
            "accepted_runs": _recent((old.evidence if old else {}).get("accepted_runs"), good_runs),
            "rejected_runs": _recent((old.evidence if old else {}).get("rejected_runs"), bad_runs),
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


def _contrasts(analysis: Analysis, previous: dict[tuple[str, str], Previous]) -> None:
    """For each kind of task touched now: the sequence that works against the one that doesn't."""
    stored: dict[str, dict[str, Any]] = {}
    for (kind, key), old in previous.items():
        if kind == SEQUENCE:
            stored[key] = {"detail": old.detail, "evidence": old.evidence}
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


def _failures(
    analysis: Analysis,
    runs: list[RunRow],
    by_run: dict[str, list[StepRow]],
    previous: dict[tuple[str, str], Previous],
) -> None:
    calls: dict[tuple[str, str, str], int] = defaultdict(int)
    failures: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for run in runs:
        for step in by_run.get(run.id, []):
            if step.status in IGNORED_STEP_STATUSES:
                continue
            calls[(run.specialist, run.task_kind, step.tool)] += 1
            if step.status == "failed":
                error = step.error_class or "unknown"
                failures[(run.specialist, run.task_kind, step.tool, error)].append(run.id)
    keys: dict[str, tuple[str, str, str, str]] = {}
    for found in failures:
        keys[pattern_key(*found)] = found
    for (kind, key), _old in previous.items():
        if kind == FAILURE and key not in keys:
            parts = key.split("|")
            if len(parts) == 4 and (parts[0], parts[1], parts[2]) in calls:
                keys[key] = (parts[0], parts[1], parts[2], parts[3])
    for key, (specialist, task, tool, error) in keys.items():
        old = previous.get((FAILURE, key))
        new_failures = failures.get((specialist, task, tool, error), [])
        detail = dict(old.detail) if old else {"tool": tool, "error_class": error}
        detail["failures"] = int(detail.get("failures", 0)) + len(new_failures)
        detail["calls"] = int(detail.get("calls", 0)) + calls[(specialist, task, tool)]
        hits, total = detail["failures"], max(detail["calls"], detail["failures"])
        if hits < MIN_FAILURES and old is None:
            continue
        analysis.add(
            PatternUpdate(
                kind=FAILURE,
                key=key,
                specialist=specialist,
                task_kind=task,
                description=(
                    f"{task} via {specialist}: `{function_name(tool)}` failed with `{error}` "
                    f"in {hits} of {total} calls"
                ),
                evidence={
                    "failed_runs": _recent(
                        (old.evidence if old else {}).get("failed_runs"), new_failures
                    )
                },
                detail=detail,
                frequency=hits,
                confidence=problem_confidence(hits, total - hits, minimum=MIN_FAILURE_EVIDENCE),
                seen=len(new_failures),
                is_new=old is None,
            )
        )


def _tools_stats(
    analysis: Analysis, steps: list[StepRow], previous: dict[tuple[str, str], Previous]
) -> None:
    by_tool: dict[str, list[StepRow]] = defaultdict(list)
    for step in steps:
        if step.status not in IGNORED_STEP_STATUSES:
            by_tool[step.tool].append(step)
    for tool, found in by_tool.items():
        key = pattern_key(tool)
        old = previous.get((TOOL, key))
        durations = [s.duration_ms for s in found]
        ok = sum(1 for s in found if s.success)
        detail = dict(old.detail) if old else {"tool": tool}
        detail["calls"] = int(detail.get("calls", 0)) + len(found)
        detail["ok"] = int(detail.get("ok", 0)) + ok
        detail["total_ms"] = float(detail.get("total_ms", 0.0)) + sum(durations)
        detail["p50_ms"] = _percentile(durations, 0.5)
        detail["p95_ms"] = _percentile(durations, 0.95)
        calls, good = detail["calls"], detail["ok"]
        p50, p95 = detail["p50_ms"] or 0.0, detail["p95_ms"] or 0.0
        analysis.add(
            PatternUpdate(
                kind=TOOL,
                key=key,
                specialist=None,
                task_kind=None,
                description=(
                    f"`{function_name(tool)}`: {good} of {calls} calls succeeded; "
                    f"latest P50 {p50:.0f} ms, P95 {p95:.0f} ms"
                ),
                evidence={},
                detail=detail,
                frequency=calls,
                confidence=confidence(good, calls - good),
                seen=len(found),
                is_new=old is None,
            )
        )


def _routing(
    analysis: Analysis,
    runs: list[RunRow],
    accepted: set[str],
    previous: dict[tuple[str, str], Previous],
) -> dict[tuple[str, str], tuple[int, int]]:
    """Rejected runs per specialist and kind of task; returns the accumulated counts."""
    window: dict[tuple[str, str], list[Any]] = {}
    for run in runs:
        entry = window.setdefault((run.specialist, run.task_kind), [0, 0, []])
        entry[1] += 1
        if run.id not in accepted:
            entry[0] += 1
            entry[2].append(run.id)
    totals: dict[tuple[str, str], tuple[int, int]] = {}
    for (kind, key), old in previous.items():
        if kind == ROUTING:
            specialist, task = key.split("|", 1)
            totals[(specialist, task)] = (
                int(old.detail.get("rejected", 0)),
                int(old.detail.get("runs", 0)),
            )
    by_kind: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for (specialist, task), (bad, total, _) in window.items():
        old_bad, old_total = totals.get((specialist, task), (0, 0))
        totals[(specialist, task)] = (old_bad + bad, old_total + total)
    for (specialist, task), counts in totals.items():
        by_kind[task][specialist] = counts
    for (specialist, task), (_, total, bad_runs) in window.items():
        key = pattern_key(specialist, task)
        old = previous.get((ROUTING, key))
        all_bad, all_total = totals[(specialist, task)]
        if all_bad < MIN_ROUTING_REJECTED and old is None:
            continue
        better = _better_specialist(specialist, by_kind[task])
        description = (
            f"{task} via {specialist}: {all_bad} of {all_total} runs undone, down-voted or failed"
        )
        if better:
            description += f"; {better} does better for this kind of task"
        analysis.add(
            PatternUpdate(
                kind=ROUTING,
                key=key,
                specialist=specialist,
                task_kind=task,
                description=description,
                evidence={
                    "rejected_runs": _recent(
                        (old.evidence if old else {}).get("rejected_runs"), bad_runs
                    )
                },
                detail={"rejected": all_bad, "runs": all_total, "better": better},
                frequency=all_bad,
                confidence=problem_confidence(
                    all_bad, all_total - all_bad, floor=ROUTING_FLOOR, minimum=MIN_ROUTING_EVIDENCE
                ),
                seen=total,
                is_new=old is None,
            )
        )
    return totals


def _better_specialist(name: str, counts: dict[str, tuple[int, int]]) -> str | None:
    bad, total = counts[name]
    own = confidence(total - bad, bad)
    best: tuple[float, str] | None = None
    for other, (other_bad, other_total) in counts.items():
        if other == name or other_total < MIN_ROUTING_REJECTED:
            continue
        score = confidence(other_total - other_bad, other_bad)
        if score > own + 0.2 and (best is None or score > best[0]):
            best = (score, other)
    return best[1] if best else None


def _feedback(
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


def _recurring(
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
        detail = dict(old.detail) if old else {"tools": list(tools), "user": user}
        detail["runs"] = int(detail.get("runs", 0)) + len(found)
        detail["times"] = _recent(
            detail.get("times"), [_iso(run.started_at) for run in found], limit=10
        )
        recent = _recent((old.evidence if old else {}).get("runs"), [run.id for run in found])
        count = detail["runs"]
        analysis.add(
            PatternUpdate(
                kind=RECURRING,
                key=key,
                specialist=found[-1].specialist,
                task_kind=found[-1].task_kind,
                description=f"<@{user}> ran {sequence_text(tools)} {count} times",
                evidence={"runs": recent},
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
                    runs=tuple(recent),
                    count=count,
                    times=tuple(detail["times"]),
                )
            )


def _requests(
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
                description=f"asked {count} times by {len(users)} member(s): “{text[:120]}”",
                evidence={
                    "runs": _recent(
                        (old.evidence if old else {}).get("runs"), [r.id for r in found]
                    )
                },
                detail={"text": text, "users": users[:20]},
                frequency=count,
                confidence=confidence(count, 0),
                seen=len(found),
                is_new=old is None,
            )
        )


def _guidelines(
    analysis: Analysis,
    runs: list[RunRow],
    accepted: set[str],
    slots_of_version: dict[tuple[str, int], list[tuple[str, str]]],
    previous: dict[tuple[str, str], Previous],
) -> None:
    """How runs of a kind of task do while a guideline about it is in their prompt."""
    window: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for run in runs:
        if run.prompt_version is None:
            continue
        for slot, task in slots_of_version.get((run.specialist, run.prompt_version), []):
            if task != run.task_kind:
                continue
            entry = window[pattern_key(run.specialist, slot)]
            entry[1] += 1
            if run.id not in accepted:
                entry[0] += 1
    for key, (bad, total) in window.items():
        old = previous.get((GUIDELINE, key))
        detail = dict(old.detail) if old else {}
        detail["rejected"] = int(detail.get("rejected", 0)) + bad
        detail["runs"] = int(detail.get("runs", 0)) + total
        specialist, slot = key.split("|", 1)
        analysis.add(
            PatternUpdate(
                kind=GUIDELINE,
                key=key,
                specialist=specialist,
                task_kind=None,
                description=(
                    f"guideline {slot} of {specialist}: {detail['rejected']} of "
                    f"{detail['runs']} runs under it rejected"
                ),
                evidence={},
                detail=detail,
                frequency=detail["runs"],
                confidence=confidence(detail["runs"] - detail["rejected"], detail["rejected"]),
                seen=total,
                is_new=old is None,
            )
        )


def _iso(moment: datetime) -> str:
    return moment.isoformat()
