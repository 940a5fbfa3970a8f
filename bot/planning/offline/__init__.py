"""The offline grammar: plain commands become a `Plan` without a language model.

- `planner`: `plan_offline`, the entry point (clean → intents → reading → assembly);
- `chunks` and `reading`: cutting a request at "and" / "then" and the search for its
  only reading; `assembly`: the steps and their dependencies;
- `rule`: what a rule is; `phrasings`: rules and verbs from tables of synonyms;
- `slots`: the references a rule reads (channel, user, issue, key, page, text…);
- `rules`: the built-in integrations' rules, one module per service.
"""

from __future__ import annotations

from bot.planning.offline.limits import MAX_INPUT_CHARS
from bot.planning.offline.phrasings import text_command, verb_table, verbs
from bot.planning.offline.planner import plan_offline
from bot.planning.offline.rule import Call, OfflineRule, Part

__all__ = [
    "MAX_INPUT_CHARS",
    "Call",
    "OfflineRule",
    "Part",
    "plan_offline",
    "text_command",
    "verb_table",
    "verbs",
]
