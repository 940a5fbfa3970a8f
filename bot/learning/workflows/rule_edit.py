"""The next version by simple rules (no model): "without #x", "also #y", "#a instead of #b"."""

from __future__ import annotations

import re
from typing import Any

from bot.learning.analysis.keys import function_name
from bot.messages import workflows as say

CHANNEL = r"(<#[A-Z0-9]+(?:\|[\w-]+)?>|#[\w-]+)"


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
            changes.append({"op": "replace", "description": say.replaced(old, new)})
    for found in re.finditer(
        rf"\b(?:without|skip|drop|remove|exclude|not|don't|no longer)\b[^.#<]*?{CHANNEL}",
        text,
        re.I,
    ):
        channel = found.group(1)
        kept = [s for s in steps if not _step_mentions(s, channel)]
        if len(kept) < len(steps):
            changes.append({"op": "remove", "description": say.removed_steps(channel)})
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
                "description": say.added_step(function_name(template["tool"]), channel),
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
