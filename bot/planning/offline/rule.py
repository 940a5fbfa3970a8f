"""What a rule of the offline grammar is: it reads one part of a request into tool calls.

Rules live with their integration (`Integration.offline_rules()`): the built-in ones in
`bot.planning.offline.rules`, a plugin's in the plugin. The planner asks every rule about
every part; a part is understood only when exactly one reading remains, so a rule should
be strict about its references rather than generous.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """One tool call a part of the request asks for.

    An `aggregate` call is a post whose text comes from the steps before it
    ("… and tell #general").
    """

    tool: str  # qualified: "slack.archive_channel"
    arguments: dict[str, Any]
    aggregate: bool = False


@dataclass(frozen=True)
class Part:
    """A part of the request, with its polite filler removed.

    `raw` keeps the end as written (free text such as a message ends there);
    `core` also drops trailing filler and punctuation ("please", "for me", "?").
    """

    raw: str
    core: str


Reader = Callable[[Part], list[Call] | None]


@dataclass(frozen=True, eq=False)
class OfflineRule:
    """One family of phrasings, e.g. "archive #a, #b and #c".

    Args:
        read: the calls a part asks for, or None (an empty list counts as None).
        labels: a short word per tool the rule may call, for the plan's reasoning
            ("Understood 2 commands: archive, post."); a tool without one shows its name.

    Example:
        OfflineRule(read=read_archive, labels={"slack.archive_channel": "archive"})
    """

    read: Reader
    labels: Mapping[str, str] = field(default_factory=dict)


def call(tool: str, **arguments: Any) -> Call:
    return Call(tool, arguments)
