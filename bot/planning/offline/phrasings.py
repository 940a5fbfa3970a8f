"""Rules from tables of synonyms: the easy way for an integration to teach the planner.

A verb is written as its synonyms, plain words with single spaces ("kick out"), and
becomes an anchored pattern that allows any white space between the words and needs
some after the verb. List a longer synonym before a shorter one it starts with
("kick out" before "kick").

Example, a plugin's rule for "add a note: standup moves to 10:00":

    text_command("notes.add_note", verbs=("add a note", "note down"), label="add note")
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.planning.offline.rule import Call, OfflineRule, Part
from bot.planning.offline.slots.cutting import body
from bot.planning.offline.slots.text import free_text


def verb_alternatives(synonyms: Sequence[str]) -> str:
    """The regular expression (no group) that matches any one of `synonyms`."""
    return "|".join(r"\s+".join(map(re.escape, synonym.split())) for synonym in synonyms)


def verbs(*synonyms: str) -> re.Pattern[str]:
    """A pattern matching one of `synonyms` at the start of a part, then white space."""
    return re.compile(rf"(?:{verb_alternatives(synonyms)})\s+", re.IGNORECASE)


def verb_table(synonyms: dict[str, tuple[str, ...]]) -> dict[str, re.Pattern[str]]:
    """One `verbs` pattern per entry of a table {"invite": ("invite", "add"), …}."""
    return {verb: verbs(*words) for verb, words in synonyms.items()}


def text_command(
    tool: str, *, verbs: Sequence[str], label: str, argument: str = "text"
) -> OfflineRule:
    """A rule for "<verb> <free text>" or "<verb>: <free text>", the text running to the
    end of its part, as in a Slack post.

    Args:
        tool: the qualified tool it calls ("notes.add_note").
        verbs: the synonyms that start the command ("add a note", "note down").
        label: a short word for the plan's reasoning ("add note").
        argument: the tool argument the text goes into.
    """
    pattern = re.compile(rf"(?:{verb_alternatives(verbs)})(?:\s*:\s*|\s+)", re.IGNORECASE)

    def read(part: Part) -> list[Call] | None:
        rest = body(pattern, part.raw)
        text = free_text(rest) if rest is not None else None
        return [Call(tool, {argument: text})] if text else None

    return OfflineRule(read=read, labels={tool: label})
