"""The words of proposed guideline edits: the model's rephrasing where one is configured.

The model may only rephrase the drafted sentences; anything it returns that fails the
checks (length, mentions, the kind of task and tool names kept) falls back to the
template text."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace

from bot.learning.guidelines import RETIRE, Edit, Guideline
from bot.learning.proposals import MAX_TEXT
from bot.llm import ChatModel, ModelUnavailable

logger = logging.getLogger(__name__)


WRITER_PROMPT = """You edit the learned guidelines of one specialist of Kaizen, a Slack \
operations assistant. You get its current guidelines and a few proposed changes, each with \
a drafted sentence and the evidence behind it. Rewrite each drafted sentence as one short, \
clear, imperative guideline for the assistant (at most 300 characters). Keep its meaning, its \
kind of task (like slack:topic), the tool names in backticks and the numbers. Do not propose \
other changes and do not rewrite the other guidelines. Answer with JSON only: \
{"edits": [{"id": <id of the change>, "text": "<the guideline>"}]}"""


class GuidelineWriter:
    """Words for the edits: the model's rephrasing where one is configured, else templates."""

    def __init__(self, model: ChatModel | None = None) -> None:
        self._model = model

    async def write(
        self, specialist: str, current: list[Guideline], edits: list[Edit]
    ) -> tuple[list[Edit], str]:
        """The edits with their final text, and who wrote it ("model" or "templates")."""
        drafts = [(i, e) for i, e in enumerate(edits) if e.op != RETIRE]
        if self._model is None or not drafts:
            return edits, "templates"
        request = {
            "specialist": specialist,
            "current_guidelines": [g.text for g in current],
            "changes": [
                {
                    "id": i,
                    "op": e.op,
                    "draft": e.new,
                    "replaces": e.old,
                    "evidence": e.evidence.get("description", ""),
                }
                for i, e in drafts
            ],
        }
        try:
            reply = await self._model.complete(
                [
                    {"role": "system", "content": WRITER_PROMPT},
                    {"role": "user", "content": json.dumps(request, ensure_ascii=False)},
                ],
                temperature=0.2,
            )
        except ModelUnavailable as error:
            logger.info("guideline writer unavailable (%s); using templates", error)
            return edits, "templates"
        rewritten = _parse_rewrites(reply.text)
        result = list(edits)
        used = 0
        for index, edit in drafts:
            text = rewritten.get(index)
            if text is not None and _acceptable(text, edit.new or ""):
                result[index] = replace(edit, new=text, written_by="model")
                used += 1
        return result, "model" if used else "templates"


def _parse_rewrites(text: str) -> dict[int, str]:
    match = re.search(r"\{.*\}", text, re.DOTALL)
    if not match:
        return {}
    try:
        data = json.loads(match.group(0))
    except ValueError:
        return {}
    found: dict[int, str] = {}
    for item in data.get("edits", []) if isinstance(data, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), int):
            value = item.get("text")
            if isinstance(value, str):
                found[item["id"]] = re.sub(r"\s+", " ", value).strip()
    return found


def _acceptable(text: str, draft: str) -> bool:
    """The model's sentence keeps the draft's kind of task and tools, and nothing unsafe."""
    if not 10 <= len(text) <= MAX_TEXT:
        return False
    if "<!" in text or "@channel" in text or "@here" in text or "<@" in text:
        return False
    for token in re.findall(r"\b[a-z]+:[a-z_]+\b", draft):
        if token not in text:
            return False
    return all(name in text for name in re.findall(r"`([a-z0-9_]+)`", draft))
