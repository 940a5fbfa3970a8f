"""From the understood parts to a `Plan`: step keys, dependencies and the reasoning.

Parts joined by "and" / "," run in parallel; "then" makes the next part depend on the
previous one; an aggregate post ("… and tell #general") depends on every step before
it. A step that uses a channel created earlier in the plan depends on the step that
creates it.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.messages.planning import understood_commands
from bot.planning.offline.limits import MAX_STEPS
from bot.planning.offline.reading import Group
from bot.planning.plans import Plan, PlannedStep


def _channel_key(reference: str) -> str:
    """The name a reference points at: `#x`, `x` and `<#C…|x>` all give "x"."""
    reference = reference.strip()
    if reference.startswith("<#"):
        reference = reference[2:-1].partition("|")[2]
    return reference.removeprefix("#").lower()


def assemble(
    groups: list[Group], labels: Mapping[str, str], available_tools: frozenset[str] | None
) -> Plan | None:
    """The plan for `groups`; None when it is too long or needs a tool that is not there."""
    calls = [call for group in groups for call in group.calls]
    if not calls or len(calls) > MAX_STEPS:
        return None
    if available_tools is not None and any(call.tool not in available_tools for call in calls):
        return None

    steps: list[PlannedStep] = []
    previous_stage: list[str] = []  # steps the current stage waits for ("then")
    current_stage: list[str] = []
    plain_steps: list[str] = []  # every non-aggregate step so far
    created: dict[str, str] = {}  # channel name → key of the step creating it
    for group in groups:
        if group.after_then:
            previous_stage, current_stage = current_stage, []
        for call in group.calls:
            key = f"s{len(steps) + 1}"
            if call.aggregate:
                depends_on = list(plain_steps)
            else:
                depends_on = list(previous_stage)
                creator = created.get(_channel_key(str(call.arguments.get("channel", ""))))
                if creator and creator not in depends_on:
                    depends_on.append(creator)
                plain_steps.append(key)
            if call.tool == "slack.create_channel":
                created.setdefault(_channel_key(call.arguments["name"]), key)
            steps.append(
                PlannedStep(
                    key=key,
                    tool=call.tool,
                    arguments=dict(call.arguments),
                    depends_on=tuple(depends_on),
                    aggregate=call.aggregate,
                )
            )
            current_stage.append(key)

    plan = Plan(
        steps=tuple(steps),
        reasoning=understood_commands([labels.get(step.tool, step.tool) for step in steps]),
        extras={"planner": "offline"},
    )
    plan.validate()
    return plan
