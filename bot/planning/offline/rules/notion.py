"""Notion's rules for the offline planner, returned by `NotionIntegration.offline_rules()`.

"archive the Notion page <url>", "restore <url> from the trash",
"set Status to Done on <url>", "query the notion database <url>",
"create a notion page in <url> titled x".
"""

from __future__ import annotations

import re

from bot.planning.offline.phrasings import verb_table
from bot.planning.offline.rule import Call, OfflineRule, Part, call
from bot.planning.offline.slots.cutting import body, many, splits, without_tail
from bot.planning.offline.slots.notion import NOTION_WORDS, database, notion, page, properties
from bot.planning.offline.slots.text import TITLED, free_text, limit

_I = re.IGNORECASE

VERBS = verb_table(
    {
        "archive": ("archive", "trash", "delete", "remove"),
        "move": ("move",),
        "restore": (
            "restore",
            "unarchive",
            "un-archive",
            "untrash",
            "un-trash",
            "recover",
            "bring back",
            "undelete",
        ),
        "set": ("set", "update", "change"),
    }
)

_TO_TRASH = re.compile(r"\s+(?:to|into|in)\s+(?:the\s+)?(?:notion\s+)?trash(?:\s+bin)?$", _I)
_FROM_TRASH = re.compile(r"\s+(?:from|out\s+of)\s+(?:the\s+)?(?:notion\s+)?trash(?:\s+bin)?$", _I)


def read_archive_page(part: Part) -> list[Call] | None:
    """archive the Notion page <url> / trash <url> / move <url> to the trash"""
    rest = body(VERBS["archive"], part.core)
    if rest is None:
        rest = body(VERBS["move"], part.core)
        if rest is None or not _TO_TRASH.search(rest):
            return None
        rest = without_tail(rest, _TO_TRASH)
    pages = many(rest, page)
    return [call("notion.archive_page", page=found) for found in pages] if pages else None


def read_restore_page(part: Part) -> list[Call] | None:
    """restore the Notion page <url> / restore <url> from the trash"""
    rest = body(VERBS["restore"], part.core)
    pages = many(without_tail(rest, _FROM_TRASH), page) if rest is not None else None
    return [call("notion.restore_page", page=found) for found in pages] if pages else None


_ON_PAGE = re.compile(r"\s+(?:on|for|of|in)\s+", _I)


def read_update_page(part: Part) -> list[Call] | None:
    """set Status to Done on <url> / set Status to Done and Points to 3 on <url>"""
    rest = body(VERBS["set"], part.core)
    if rest is None:
        return None
    for left, right, _ in splits(rest, _ON_PAGE, from_end=True):
        found = page(right)
        values = properties(left) if found else None
        if found and values:
            return [call("notion.update_page", page=found, properties=values)]
    return None


_QUERY = re.compile(
    r"(?:query|show(?:\s+me)?|list|read|get|fetch|open|look\s+at|check)\s+"
    r"(?:(?:all\s+)?(?:the\s+)?(?:(?:first|top|last|latest)\s+)?(?:(\d{1,5})\s+)?"
    r"(?:rows|entries|items|pages|records)\s+(?:in|of|from)\s+)?",
    _I,
)


def read_query_database(part: Part) -> list[Call] | None:
    """query the notion database <url> / show the first 10 rows of the notion database <url>"""
    match = _QUERY.match(part.core)
    if match is None:
        return None
    rest = part.core[match.end() :]
    found = database(rest)
    said = NOTION_WORDS.match(rest)
    if found is None or said is None or not (said[1] or match[0].lower().startswith("query")):
        return None  # a bare link may be a page: only "query" implies a database
    count = limit(match[1])
    return [call("notion.query_database", database=found, **count)] if count is not None else None


_CREATE_PAGE = re.compile(
    r"(?:create|make|add|start|write)\s+(?:(?:a|an|one)\s+)?(?:new\s+)?(?:notion\s+)?page\s+", _I
)
_PAGE_IN = re.compile(r"(?:in|under|inside|on)\s+", _I)
_PAGE_TITLED = re.compile(r"(?:titled|called|named)(?:\s*:\s*|\s+)", _I)
_IN_PARENT = re.compile(r"\s+(?:in|under|inside)\s+", _I)


def _page_call(parent: str | None, title: str | None) -> list[Call] | None:
    if not parent or not title:
        return None
    return [call("notion.create_page", parent=parent, title=title)]


def read_create_page(part: Part) -> list[Call] | None:
    """create a notion page in <url> titled x / create a page called x in <url>"""
    rest = body(_CREATE_PAGE, part.raw)
    if rest is None:
        return None
    after_in = body(_PAGE_IN, rest)
    if after_in is not None:
        for left, right, _ in splits(after_in, TITLED):
            calls = _page_call(notion(left, None), free_text(right))
            if calls:
                return calls
        return None
    start = len(part.raw) - len(rest)
    titled = body(_PAGE_TITLED, part.core[start:])  # the parent ends the part
    if titled is None:
        return None
    for left, right, _ in splits(titled, _IN_PARENT, from_end=True):
        calls = _page_call(notion(right, None), free_text(left))
        if calls:
            return calls
    return None


NOTION_RULES: tuple[OfflineRule, ...] = (
    OfflineRule(read_archive_page, {"notion.archive_page": "archive page"}),
    OfflineRule(read_restore_page, {"notion.restore_page": "restore page"}),
    OfflineRule(read_update_page, {"notion.update_page": "update page"}),
    OfflineRule(read_query_database, {"notion.query_database": "query database"}),
    OfflineRule(read_create_page, {"notion.create_page": "create page"}),
)
