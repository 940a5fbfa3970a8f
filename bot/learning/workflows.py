"""Saved workflows: a member's repeated tool sequence, saved under a name and run by it.

- The learning cycle notices a member repeating the same accepted tool sequence three
  times or more and offers it back once ("save as `weekly-cleanup`?"), with the steps of
  the latest such run.
- Saving makes version 1; a saved workflow runs by name ("run weekly-cleanup", "run
  workflow weekly-cleanup v2") as a `Plan` of its stored steps, which the orchestrator
  executes like any plan — every write still goes through the confirmation gate.
- Versions are immutable, like prompt versions; the `current` label points at the one that
  runs. `/improve` on a run of a workflow proposes the next version (the model edits the
  steps where one is configured, else simple rules: "without #x", "also #y", "#a instead
  of #b"); the member accepts it with a button (or runs it by its version number first).
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.learning.analysis import OfferCandidate, function_name
from bot.llm import ChatModel, ModelUnavailable
from bot.planning.plans import Plan, PlannedStep
from bot.surfaces.blocks import button, context, section
from storage.db import Database
from storage.models import RunStep, utcnow
from storage.models.learning import SavedWorkflow, WorkflowOffer, WorkflowRun
from storage.repositories import learning as store

logger = logging.getLogger(__name__)

SAVE_ACTION = "kaizen_workflow_save"
DISMISS_ACTION = "kaizen_workflow_dismiss"
ACCEPT_ACTION = "kaizen_workflow_accept"
CURRENT = "current"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
RUN_PATTERN = re.compile(
    r"^\s*(?:please\s+)?(?:run|start)\s+(?:my\s+|the\s+)?(?:saved\s+)?(?:workflow\s+)?"
    r"`?([a-z0-9][a-z0-9-]{0,39})`?(?:\s+(?:v|version\s*)(\d+))?\s*[.!]?\s*$",
    re.IGNORECASE,
)
CLEANUP_VERBS = {"archive", "delete", "remove", "unpin", "close", "kick"}
MAX_STEPS = 20
CHANNEL = r"(<#[A-Z0-9]+(?:\|[\w-]+)?>|#[\w-]+)"


@dataclass(frozen=True)
class WorkflowMatch:
    name: str
    version: int
    workflow: SavedWorkflow


def subject_of(user_id: str, name: str) -> str:
    return f"workflow:{user_id}:{name}"


class WorkflowService:
    def __init__(
        self,
        database: Database,
        *,
        model: ChatModel | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._database = database
        self._model = model
        self._clock = clock

    # --- offers (made by the learning cycle) -------------------------------------------------

    async def steps_for_run(self, run_id: str) -> list[dict[str, Any]]:
        async with self._database.read() as session:
            rows = await store.steps_with_arguments(session, run_id=run_id)
        return steps_from_run(rows)

    async def create_offers_in(
        self,
        session: AsyncSession,
        *,
        team_id: str,
        candidates: list[tuple[OfferCandidate, list[dict[str, Any]]]],
    ) -> list[WorkflowOffer]:
        offers: list[WorkflowOffer] = []
        for candidate, steps in candidates:
            if not steps:
                continue
            name = suggest_name(candidate.tools, candidate.times)
            offer_id = await store.add_offer(
                session,
                team_id=team_id,
                user_id=candidate.user_id,
                signature=candidate.signature,
                name=name,
                steps=steps,
                runs=list(candidate.runs),
                count=candidate.count,
                status="offered",
            )
            if offer_id is not None:
                offers.append(
                    WorkflowOffer(
                        id=offer_id,
                        team_id=team_id,
                        user_id=candidate.user_id,
                        signature=candidate.signature,
                        name=name,
                        steps=steps,
                        runs=list(candidate.runs),
                        count=candidate.count,
                    )
                )
        return offers

    async def save_offer(
        self, *, team_id: str, user_id: str, offer_id: int, name: str | None = None
    ) -> str:
        async with self._database.read() as session:
            offer = await store.get_offer(session, offer_id=offer_id)
        if offer is None or offer.team_id != team_id:
            return "That offer no longer exists."
        if offer.user_id != user_id:
            return f"This offer is for <@{offer.user_id}>; only they can save it."
        if offer.status != "offered":
            return f"This offer was already {offer.status}."
        chosen = (name or offer.name).strip().lower()
        problem = name_problem(chosen)
        if problem:
            return problem
        async with self._database.transaction() as session:
            existing = await store.workflow_versions(
                session, team_id=team_id, user_id=user_id, name=chosen
            )
            if existing:
                return f"You already have a workflow called `{chosen}`; pick another name."
            if not await store.decide_offer(session, offer_id=offer_id, status="saved"):
                return "Someone decided this offer a moment ago."
            await self._add_version(
                session,
                team_id=team_id,
                user_id=user_id,
                name=chosen,
                steps=list(offer.steps),
                parent=None,
                evidence={"offer": offer_id, "runs": list(offer.runs), "count": offer.count},
                author=user_id,
                note="saved from a repeated request",
                state=CURRENT,
            )
        return (
            f":floppy_disk: Saved as `{chosen}` (v1, {len(offer.steps)} steps). "
            f"Say “run {chosen}” to run it; writes still ask before they happen."
        )

    async def dismiss_offer(self, *, team_id: str, user_id: str, offer_id: int) -> str:
        async with self._database.transaction() as session:
            offer = await store.get_offer(session, offer_id=offer_id)
            if offer is None or offer.team_id != team_id or offer.user_id != user_id:
                return "That offer isn't yours or no longer exists."
            if not await store.decide_offer(session, offer_id=offer_id, status="dismissed"):
                return f"This offer was already {offer.status}."
        return "OK, I won't offer that one again."

    # --- saved workflows -----------------------------------------------------------------

    async def save(
        self,
        *,
        team_id: str,
        user_id: str,
        name: str,
        steps: list[dict[str, Any]],
        author: str | None = None,
        evidence: dict[str, Any] | None = None,
        note: str = "",
    ) -> SavedWorkflow:
        problem = name_problem(name)
        if problem:
            raise ValueError(problem)
        async with self._database.transaction() as session:
            if await store.workflow_versions(session, team_id=team_id, user_id=user_id, name=name):
                raise ValueError(f"there is already a workflow called {name}")
            return await self._add_version(
                session,
                team_id=team_id,
                user_id=user_id,
                name=name,
                steps=steps,
                parent=None,
                evidence=evidence or {},
                author=author or user_id,
                note=note,
                state=CURRENT,
            )

    async def _add_version(
        self,
        session: AsyncSession,
        *,
        team_id: str,
        user_id: str,
        name: str,
        steps: list[dict[str, Any]],
        parent: int | None,
        evidence: dict[str, Any],
        author: str,
        note: str,
        state: str,
        diff: list[dict[str, Any]] | None = None,
    ) -> SavedWorkflow:
        versions = await store.workflow_versions(
            session, team_id=team_id, user_id=user_id, name=name
        )
        number = max((v.number for v in versions), default=0) + 1
        workflow = await store.add_workflow_version(
            session,
            SavedWorkflow(
                team_id=team_id,
                user_id=user_id,
                name=name,
                number=number,
                parent=parent,
                steps=steps,
                diff=diff or [],
                evidence=evidence,
                author=author,
                note=note[:2000],
                state=state,
                created_at=self._clock(),
            ),
        )
        if state == CURRENT:
            await store.move_label(
                session,
                team_id=team_id,
                subject=subject_of(user_id, name),
                label=CURRENT,
                version=number,
                by=author,
                expected=None,
            )
        return workflow

    async def workflows(self, *, team_id: str, user_id: str) -> list[SavedWorkflow]:
        """The member's workflows: the current version of each."""
        async with self._database.read() as session:
            rows = await store.workflows_of(session, team_id=team_id, user_id=user_id)
            labels = await store.labels_with_prefix(
                session, team_id=team_id, prefix=f"workflow:{user_id}:"
            )
        current = {label.subject: label.version for label in labels if label.label == CURRENT}
        return [w for w in rows if current.get(subject_of(user_id, w.name)) == w.number]

    async def get(
        self, *, team_id: str, user_id: str, name: str, version: int | None = None
    ) -> SavedWorkflow | None:
        async with self._database.read() as session:
            versions = await store.workflow_versions(
                session, team_id=team_id, user_id=user_id, name=name
            )
            labels = await store.labels_of(
                session, team_id=team_id, subject=subject_of(user_id, name)
            )
        wanted = version if version is not None else labels.get(CURRENT)
        return next((v for v in versions if v.number == wanted), None)

    async def match(self, *, team_id: str, user_id: str, text: str) -> WorkflowMatch | None:
        """The member's saved workflow this request asks to run ("run weekly-cleanup")."""
        found = RUN_PATTERN.match(text.strip())
        if not found:
            return None
        name = found.group(1).lower()
        version = int(found.group(2)) if found.group(2) else None
        workflow = await self.get(team_id=team_id, user_id=user_id, name=name, version=version)
        if workflow is None:
            return None
        return WorkflowMatch(name=name, version=workflow.number, workflow=workflow)

    async def start_run(
        self, *, team_id: str, user_id: str, name: str, run_id: str, version: int | None = None
    ) -> Plan | None:
        """The plan for a run of the workflow; remembers which version the run executes."""
        workflow = await self.get(team_id=team_id, user_id=user_id, name=name, version=version)
        if workflow is None:
            return None
        async with self._database.transaction() as session:
            await store.link_workflow_run(
                session,
                run_id=run_id,
                team_id=team_id,
                user_id=user_id,
                name=name,
                version=workflow.number,
            )
        return plan_of(workflow)

    async def workflow_of_run(self, run_id: str) -> WorkflowRun | None:
        async with self._database.read() as session:
            return await store.workflow_of_run(session, run_id=run_id)

    # --- the next version -------------------------------------------------------------------

    async def propose_next(
        self, *, team_id: str, user_id: str, run_id: str, text: str, feedback_id: int | None = None
    ) -> str | None:
        """`/improve` on a run of a workflow: store its next version as a proposal."""
        link = await self.workflow_of_run(run_id)
        if link is None or link.team_id != team_id or link.user_id != user_id:
            return None
        base = await self.get(team_id=team_id, user_id=user_id, name=link.name)
        if base is None:
            return None
        steps, changes, author = await self._edited_steps(list(base.steps), text)
        async with self._database.transaction() as session:
            proposal = await self._add_version(
                session,
                team_id=team_id,
                user_id=user_id,
                name=link.name,
                steps=steps,
                parent=base.number,
                evidence={"run": run_id, "feedback": feedback_id, "text": text[:500]},
                author=author,
                note=text,
                state="proposed",
                diff=changes,
            )
        described = "; ".join(c["description"] for c in changes) or (
            "no step change I could make from that; your note is kept with it"
        )
        return (
            f"Proposed `{link.name}` v{proposal.number} (from v{base.number}): {described}. "
            f"Try it with “run {link.name} v{proposal.number}”, or accept it to make it current."
        )

    def proposal_blocks(self, name: str, number: int, text: str) -> list[dict[str, Any]]:
        return [
            section(text),
            {
                "type": "actions",
                "elements": [
                    button(f"Make v{number} current", ACCEPT_ACTION, f"{name}:{number}", "primary")
                ],
            },
        ]

    async def accept(self, *, team_id: str, user_id: str, name: str, number: int) -> str:
        async with self._database.transaction() as session:
            versions = await store.workflow_versions(
                session, team_id=team_id, user_id=user_id, name=name
            )
            chosen = next((v for v in versions if v.number == number), None)
            if chosen is None:
                return f"`{name}` has no version {number}."
            subject = subject_of(user_id, name)
            labels = await store.labels_of(session, team_id=team_id, subject=subject)
            previous = labels.get(CURRENT)
            if previous == number:
                return f"`{name}` v{number} is already current."
            if not await store.move_label(
                session,
                team_id=team_id,
                subject=subject,
                label=CURRENT,
                version=number,
                by=user_id,
                expected=previous,
            ):
                return "It changed a moment ago; try again."
            await store.set_workflow_state(
                session, team_id=team_id, user_id=user_id, name=name, number=number, state=CURRENT
            )
            if previous is not None:
                await store.set_workflow_state(
                    session,
                    team_id=team_id,
                    user_id=user_id,
                    name=name,
                    number=previous,
                    state="superseded",
                )
        return f"`{name}` v{number} is now current."

    async def _edited_steps(
        self, steps: list[dict[str, Any]], text: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
        if self._model is not None:
            edited = await self._model_edit(steps, text)
            if edited is not None:
                return edited[0], edited[1], "model"
        new_steps, changes = rule_edit(steps, text)
        return new_steps, changes, "system"

    async def _model_edit(
        self, steps: list[dict[str, Any]], text: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
        assert self._model is not None
        request = {
            "steps": [{"tool": s["tool"], "arguments": s.get("arguments", {})} for s in steps],
            "feedback": text[:1000],
        }
        try:
            reply = await self._model.complete(
                [
                    {"role": "system", "content": EDITOR_PROMPT},
                    {"role": "user", "content": json.dumps(request, ensure_ascii=False)},
                ],
                temperature=0.1,
            )
        except ModelUnavailable:
            return None
        match = re.search(r"\{.*\}", reply.text, re.DOTALL)
        try:
            data = json.loads(match.group(0)) if match else None
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
            return None
        allowed = {s["tool"] for s in steps}
        edited: list[dict[str, Any]] = []
        for item in data["steps"][:MAX_STEPS]:
            if not isinstance(item, dict) or item.get("tool") not in allowed:
                return None  # the model may only reuse the workflow's own tools
            arguments = item.get("arguments")
            if not isinstance(arguments, dict):
                return None
            edited.append({"tool": item["tool"], "arguments": arguments})
        if not edited:
            return None
        renumbered = _sequential(edited)
        summary = str(data.get("summary") or "steps edited by the model")[:300]
        return renumbered, [{"op": "edit", "description": summary}]


EDITOR_PROMPT = """You edit a saved workflow of Kaizen, a Slack operations assistant. You get its \
steps (tool calls in order) and a member's feedback. Return the steps of the next version, \
changed only as the feedback asks, using only the tools already in the workflow. Answer with \
JSON only: {"steps": [{"tool": "...", "arguments": {...}}], "summary": "what changed"}"""


# --- steps, plans, names ---------------------------------------------------------------------


def steps_from_run(rows: list[RunStep]) -> list[dict[str, Any]]:
    """The successful tool calls of a run, as workflow steps with dependencies kept."""
    done = [r for r in rows if r.kind == "tool" and r.tool and r.status == "done"][:MAX_STEPS]
    keys = {row.step_key: f"w{index + 1}" for index, row in enumerate(done)}
    turns: dict[int, list[str]] = {}
    for row in done:
        turn = _turn(row.step_key)
        if turn is not None:
            turns.setdefault(turn, []).append(keys[row.step_key])
    steps: list[dict[str, Any]] = []
    for row in done:
        depends = [keys[d] for d in row.depends_on if d in keys]
        turn = _turn(row.step_key)
        if not depends and turn is not None:
            earlier = [t for t in turns if t < turn]
            depends = list(turns[max(earlier)]) if earlier else []
        arguments = dict(row.arguments or {})
        steps.append(
            {
                "key": keys[row.step_key],
                "tool": row.tool,
                "arguments": arguments,
                "depends_on": depends,
                "aggregate": bool(
                    depends and row.tool.endswith("post_message") and "text" not in arguments
                ),
            }
        )
    return steps


def _turn(step_key: str) -> int | None:
    found = re.match(r"^t(\d+)_\d+$", step_key or "")
    return int(found.group(1)) if found else None


def _sequential(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "key": f"w{index + 1}",
            "tool": item["tool"],
            "arguments": item["arguments"],
            "depends_on": [f"w{index}"] if index else [],
            "aggregate": False,
        }
        for index, item in enumerate(items)
    ]


def plan_of(workflow: SavedWorkflow) -> Plan:
    steps = tuple(
        PlannedStep(
            key=str(step["key"]),
            tool=str(step["tool"]),
            arguments=dict(step.get("arguments") or {}),
            depends_on=tuple(step.get("depends_on") or ()),
            aggregate=bool(step.get("aggregate")),
        )
        for step in workflow.steps
    )
    plan = Plan(
        steps=steps,
        reasoning=f"Saved workflow `{workflow.name}` v{workflow.number} ({len(steps)} steps).",
        extras={"workflow": workflow.name, "workflow_version": workflow.number},
    )
    plan.validate()
    return plan


def name_problem(name: str) -> str | None:
    if not NAME_PATTERN.match(name):
        return (
            "A workflow name is 1–40 lowercase letters, digits or dashes, starting with a "
            "letter or digit (like `weekly-cleanup`)."
        )
    return None


def suggest_name(tools: tuple[str, ...] | list[str], times: tuple[str, ...] | list[str]) -> str:
    """A name from what the steps do and how often they are run: `weekly-cleanup`."""
    verbs: list[str] = []
    for tool in tools:
        parts = tool.rsplit(".", 1)[-1].split("_")
        verb = parts[1] if parts[0] in ("set", "add") and len(parts) > 1 else parts[0]
        if verb not in verbs:
            verbs.append(verb)
    if any(verb in CLEANUP_VERBS for verb in verbs):
        base = "cleanup"
    else:
        base = "-and-".join(verbs[:3]) or "workflow"
    return f"{_cadence(times)}{base}"[:40].strip("-")


def _cadence(times: tuple[str, ...] | list[str]) -> str:
    moments = sorted(datetime.fromisoformat(t) for t in times)
    if len(moments) < 3:
        return ""
    gaps = [(b - a).total_seconds() / 86_400 for a, b in itertools.pairwise(moments)]
    if all(6 <= gap <= 8 for gap in gaps):
        return "weekly-"
    if all(0.75 <= gap <= 1.25 for gap in gaps):
        return "daily-"
    return ""


def offer_message(offer: WorkflowOffer) -> tuple[str, list[dict[str, Any]]]:
    """The DM offering a repeated sequence as a saved workflow."""
    steps = " then ".join(f"`{function_name(str(s['tool']))}`" for s in offer.steps)
    text = (
        f"You've asked me for the same thing {offer.count} times: {steps}. "
        f"Save it as `{offer.name}`, so next time you can just say “run {offer.name}”?"
    )
    blocks = [
        section(f":bulb: {text}"),
        context("It keeps the arguments of your latest run; writes still ask before they run."),
        {
            "type": "actions",
            "elements": [
                button(f"Save as {offer.name}", SAVE_ACTION, f"{offer.id}:{offer.name}", "primary"),
                button("No thanks", DISMISS_ACTION, str(offer.id)),
            ],
        },
    ]
    return text, blocks


def rule_edit(
    steps: list[dict[str, Any]], text: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Simple edits a member's words ask for: without #x, also #y, #a instead of #b."""
    steps = [dict(step, arguments=dict(step.get("arguments") or {})) for step in steps]
    changes: list[dict[str, Any]] = []
    lowered = text.lower()
    swap = re.search(rf"(?:use\s+)?{CHANNEL}\s+(?:instead of|rather than)\s+{CHANNEL}", text, re.I)
    swap = swap or re.search(rf"(?:change|replace)\s+{CHANNEL}\s+(?:to|with|by)\s+{CHANNEL}", text)
    if swap:
        if "instead of" in swap.group(0).lower() or "rather than" in swap.group(0).lower():
            new, old = swap.group(1), swap.group(2)
        else:
            old, new = swap.group(1), swap.group(2)
        touched = 0
        for step in steps:
            for name, value in step["arguments"].items():
                if isinstance(value, str) and _mentions(value, old):
                    step["arguments"][name] = new
                    touched += 1
        if touched:
            changes.append({"op": "replace", "description": f"{old} → {new}"})
    for found in re.finditer(
        rf"\b(?:without|skip|drop|remove|exclude|not|don't|no longer)\b[^.#<]*?{CHANNEL}",
        text,
        re.I,
    ):
        channel = found.group(1)
        kept = [s for s in steps if not _step_mentions(s, channel)]
        if len(kept) < len(steps):
            changes.append({"op": "remove", "description": f"removed the step(s) on {channel}"})
            steps = kept
    for found in re.finditer(rf"\b(?:also|add|include|plus)\b[^.#<]*?{CHANNEL}", text, re.I):
        channel = found.group(1)
        if any(_step_mentions(s, channel) for s in steps):
            continue
        template = _template_for(steps, lowered)
        if template is None:
            continue
        copy = dict(
            template,
            key=f"{template.get('key')}+{len(steps)}",
            arguments=dict(template["arguments"], channel=channel),
        )
        steps.insert(steps.index(template) + 1, copy)
        changes.append(
            {
                "op": "add",
                "description": f"added `{function_name(template['tool'])}` on {channel}",
            }
        )
    if changes:
        steps = _rekey(steps)
    return steps, changes


def _template_for(steps: list[dict[str, Any]], lowered: str) -> dict[str, Any] | None:
    with_channel = [s for s in steps if "channel" in s["arguments"]]
    for step in with_channel:
        verb = str(step["tool"]).rsplit(".", 1)[-1].split("_")[0]
        if verb in lowered:
            return step
    return with_channel[0] if with_channel else None


def _rekey(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    old_keys = [str(s.get("key")) for s in steps]
    mapping = {old: f"w{index + 1}" for index, old in enumerate(old_keys)}
    result = []
    for step in steps:
        depends = [mapping[d] for d in step.get("depends_on", []) if d in mapping]
        result.append(dict(step, key=mapping[str(step.get("key"))], depends_on=depends))
    return result


def _names(channel: str) -> set[str]:
    found = re.match(r"<#([A-Z0-9]+)(?:\|([\w-]+))?>", channel)
    if found:
        return {n.lower() for n in found.groups() if n}
    return {channel.lstrip("#").lower()}


def _mentions(value: str, channel: str) -> bool:
    return bool(_names(value) & _names(channel)) or any(
        name in value.lower() for name in _names(channel)
    )


def _step_mentions(step: dict[str, Any], channel: str) -> bool:
    return any(
        isinstance(value, str) and _mentions(value, channel)
        for value in step.get("arguments", {}).values()
    )
