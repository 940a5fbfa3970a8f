"""What the Notion tools say: results, previews before confirmation, and errors.

Titles (``label``) arrive clipped and escaped for Slack by the caller. The undo
handlers' sentences are in `bot.messages.notion_undo`.
"""

from __future__ import annotations

from bot.messages.plural import plural

UNTITLED = "Untitled"
UNREADABLE_ANSWER = "Notion sent an answer I can't read."
PAGE_NOT_SHARED = (
    "Notion can't find that page: check the link, and that the page is shared "
    "with the Kaizen connection."
)
NO_PROPERTIES = "Name at least one property to set."
A_DATABASE = "a database"
A_DATABASE_OR_PAGE = "a database or page"
THAT_PROPERTY = "That property"

# ------------------------------------------------------------------ references


def not_a_notion_id(given: str) -> str:
    return f"“{given}” is not a Notion id or link."


def link_names_nothing(given: str) -> str:
    return f"The link “{given}” does not name a Notion page or database."


def not_shared(what: str, given: str) -> str:
    """``what``: `A_DATABASE` or `A_DATABASE_OR_PAGE`."""
    return (
        f"Notion can't find {what} “{given}”: check the link, and that the "
        "page is shared with the Kaizen connection."
    )


def no_data_source(database: str) -> str:
    return f"The database “{database}” has no data source I can use."


def several_data_sources(database: str, sources: list[tuple[str, object]]) -> str:
    """``sources``: (label, id) of each data source."""
    listed = ", ".join(f"“{name}” ({ident})" for name, ident in sources)
    return (
        f"The database “{database}” has {len(sources)} data sources: {listed}. "
        "Give the id of the one you mean."
    )


# ------------------------------------------------------------------ property values


def and_list(items: list[str]) -> str:
    """``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _either(options: list[str]) -> str:
    if len(options) == 1:
        return options[0]
    return f"{', '.join(options[:-1])} or {options[-1]}"


def the_page(label: str) -> str:
    """How a property error names the page: ``The page “Launch plan” has no property …``."""
    return f"The page “{label}”"


def quoted(label: str) -> str:
    return f"“{label}”"


def no_such_property(where: str, name: str, known: list[str]) -> str:
    return f"{where} has no property “{name}” (its properties: {', '.join(known) or 'none'})."


def named_twice(name: str) -> str:
    return f"{name} is named twice."


def given_twice(name: str) -> str:
    return f"{name} is given twice (the title goes in title)."


def read_only_property(name: str, kind: str) -> str:
    return f"I can't set {name}: it is a {kind.replace('_', ' ')} property."


def takes_text(name: str) -> str:
    return f"{name} takes text."


def takes_number(name: str) -> str:
    return f"{name} takes a number."


def checkbox_values(name: str) -> str:
    return f"{name} is a checkbox: use true or false."


def not_an_option(value: str, name: str, options: list[str]) -> str:
    return f"“{value}” is not a {name} option: choose {_either(options)}."


def takes_date_range(name: str) -> str:
    return f"{name} takes a date like 2026-03-31, or start and end dates."


def takes_date(name: str) -> str:
    return f"{name} takes a date like 2026-03-31."


def not_a_date(name: str, text: str) -> str:
    return f"{name} takes a date like 2026-03-31 (not “{text}”)."


def checkbox(value: object) -> str:
    return "checked" if value else "unchecked"


NOTHING = "nothing"


def date_range(start: object, end: object) -> str:
    return f"{start} → {end}"


def changes(sets: list[tuple[str, str]], clears: list[str]) -> str:
    """``set Status to Done and Points to 3`` / ``clear Due`` (lower case)."""
    parts = []
    if sets:
        parts.append(f"set {and_list([f'{name} to {shown}' for name, shown in sets])}")
    if clears:
        parts.append(f"clear {and_list(clears)}")
    return " and ".join(parts)


# ------------------------------------------------------------------ the tools


def no_matches(database: str) -> str:
    return f"No pages in “{database}” match."


def found(count: int, database: str, *, more: bool) -> str:
    tail = " (more match: raise the limit to see them)." if more else "."
    return f"Found {plural(count, 'page')} in “{database}”" + tail


def query_preview(database: str, *, filtered: bool, limit: int) -> str:
    with_filter = " with a filter" if filtered else ""
    return f"Query the Notion database “{database}”{with_filter} (up to {plural(limit, 'page')})."


def page_parent_takes_no_properties(parent: str) -> str:
    return (
        f"“{parent}” is a page: a page inside it has only a title. "
        "Properties need a database as the parent."
    )


def created(title: str, parent: str) -> str:
    return f"Created the Notion page “{title}” in “{parent}”."


def create_preview(title: str, parent: str, values: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{name}: {value}" for name, value in values)
    detail = f" ({shown})" if values else ""
    return f"Create the Notion page “{title}” in “{parent}”{detail}."


def in_trash_cannot_change(page: str) -> str:
    return f"“{page}” is in the trash: restore it before changing it."


def updated(changes: str, page: str) -> str:
    """``changes``: from `changes`, capitalised here."""
    return f"{changes[:1].upper() + changes[1:]} on “{page}”."


def archive_preview(page: str) -> str:
    return f"Move the Notion page “{page}” to the trash."


def restore_preview(page: str) -> str:
    return f"Restore the Notion page “{page}” from the trash."


def already_in_trash(page: str, *, in_trash: bool) -> str:
    where = "in the trash" if in_trash else "out of the trash"
    return f"The Notion page “{page}” is already {where}."


def moved_to_trash(page: str) -> str:
    return f"Moved the Notion page “{page}” to the trash."


def restored_from_trash(page: str) -> str:
    return f"Restored the Notion page “{page}” from the trash."
