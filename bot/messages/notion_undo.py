"""What undoing a Notion action says: the offer, what changed since, and what was done.

The offers (``move the Notion page “Launch plan” to the trash``) are lower case:
they finish "I can undo: …".
"""

from __future__ import annotations

from bot.messages.notion import and_list

EMPTY = "empty"

# ------------------------------------------------------------------ what /undo offers


def trash_page(page: str) -> str:
    return f"move the Notion page “{page}” to the trash"


def trash_page_again(page: str) -> str:
    return f"move the Notion page “{page}” back to the trash"


def restore_page(page: str) -> str:
    return f"restore the Notion page “{page}” from the trash"


def restore_values(names: list[str], page: str) -> str:
    return f"restore {and_list(names)} on “{page}”"


# ------------------------------------------------------------------ what changed since


def gone(page: str) -> str:
    return f"The Notion page “{page}” no longer exists."


def trashed_since(page: str) -> str:
    return f"“{page}” was moved to the trash since."


def restored_since(page: str) -> str:
    return f"“{page}” was restored since."


def property_gone(name: str, page: str) -> str:
    return f"{name} on “{page}” no longer exists."


def cleared_since(name: str, page: str) -> str:
    return f"{name} on “{page}” was cleared since."


def changed_since(name: str, page: str, shown: str) -> str:
    return f"{name} on “{page}” was changed since to {shown}."


# ------------------------------------------------------------------ what was undone


def trashed(page: str) -> str:
    return f"Moved the Notion page “{page}” to the trash."


def trashed_again(page: str) -> str:
    return f"Moved the Notion page “{page}” back to the trash."


def restored(page: str) -> str:
    return f"Restored the Notion page “{page}” from the trash."


def values_restored(values: list[tuple[str, str]], page: str) -> str:
    """``values``: (property, shown value) pairs."""
    return f"Restored {and_list([f'{name} to {shown}' for name, shown in values])} on “{page}”."
