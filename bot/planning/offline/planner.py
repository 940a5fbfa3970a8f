"""The offline planner: plain-language commands become a `Plan` without a language model.

SPEC §5.6: when no model is configured or the model fails, the orchestrator steps down
to this planner, and from here to a static help reply when it returns None.

How a request is read:

1. The text is cleaned (`cleaning`) and capped at `MAX_INPUT_CHARS`; longer input is
   not understood.
2. "undo" and "help" are whole-request intents (`intents`).
3. Otherwise the text is cut into chunks (`chunks`) and regrouped into parts so that
   each part is understood by exactly one rule, in exactly one way (`reading`).
4. The parts become steps with their dependencies (`assembly`).

The rules come from the integrations (`Integration.offline_rules()`, gathered by the
tool registry); the built-in ones live in `bot.planning.offline.rules`, and the slot
parsers they share (channels, users, issues, keys, pages, free text) in
`bot.planning.offline.slots`.

Never guess: an unknown or ambiguous part makes the whole request not understood.
Every pattern is anchored and free of nested quantifiers, so the time spent stays
roughly linear in the (capped) input.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.messages.planning import understood_intent
from bot.planning.offline.assembly import assemble
from bot.planning.offline.cleaning import clean
from bot.planning.offline.intents import intent_of
from bot.planning.offline.limits import MAX_INPUT_CHARS
from bot.planning.offline.reading import only_reading
from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.builtin import BUILTIN_RULES
from bot.planning.plans import Plan

logger = logging.getLogger(__name__)


def plan_offline(
    text: str,
    *,
    available_tools: frozenset[str] | None = None,
    rules: Sequence[OfflineRule] | None = None,
) -> Plan | None:
    """Turn a plain command into a Plan; None when it is not (fully) understood.

    Args:
        text: the member's message with the bot mention removed.
        available_tools: qualified names ("slack.archive_channel"); when given, a part
            that needs another tool makes the request not understood.
        rules: the grammar, usually `ToolRegistry.offline_rules()`; None reads with
            the built-in integrations' rules.
    """
    try:
        return _plan(text, available_tools, BUILTIN_RULES if rules is None else tuple(rules))
    except Exception:  # a planner bug must degrade to the help reply, never fail the run
        logger.warning("offline planner failed", exc_info=True)
        return None


def _plan(
    text: object, available_tools: frozenset[str] | None, rules: tuple[OfflineRule, ...]
) -> Plan | None:
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    cleaned = clean(text)
    if not cleaned:
        return None
    intent = intent_of(cleaned)
    if intent is not None:
        return Plan(intent=intent, reasoning=understood_intent(intent))
    groups = only_reading(cleaned, rules)
    if groups is None:
        return None
    labels = {tool: label for rule in rules for tool, label in rule.labels.items()}
    return assemble(groups, labels, available_tools)
