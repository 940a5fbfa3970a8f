"""Editing a workflow's steps from `/improve` feedback: the model where one is configured.

The model may only reuse the workflow's own tools; anything else falls back to
`bot.learning.workflows.rule_edit`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.learning.workflows.rule_edit import rule_edit
from bot.learning.workflows.steps import MAX_STEPS, sequential
from bot.llm import ChatModel, ModelUnavailable
from bot.messages import workflows as say

EDITOR_PROMPT = """You edit a saved workflow of Kaizen, a Slack operations assistant. You get its \
steps (tool calls in order) and a member's feedback. Return the steps of the next version, \
changed only as the feedback asks, using only the tools already in the workflow. Answer with \
JSON only: {"steps": [{"tool": "...", "arguments": {...}}], "summary": "what changed"}"""


class StepEditor:
    """The next version's steps from a member's feedback: the model's edit, else the rules."""

    def __init__(self, model: ChatModel | None) -> None:
        self._model = model

    async def edit(
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
        renumbered = sequential(edited)
        summary = str(data.get("summary") or say.MODEL_EDITED)[:300]
        return renumbered, [{"op": "edit", "description": summary}]
