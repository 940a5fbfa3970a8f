"""Undo handlers of the Notion tools: what changed since, and the compensating call.

Each handler reads only the `UndoPlan` a tool returned (``params["page_id"]``,
the state before and after the action in ``before`` / ``after``), plus the page
as Notion has it now, so it works after a restart. Sentences use the page's
current title; the stored one is the fallback when the page is gone.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.notion.client import NotionClient
from bot.integrations.notion.plain_values import is_empty, show_value, simple_value
from bot.integrations.notion.refs import label
from bot.integrations.notion.resolve import PageRef, page_ref
from bot.messages import notion_undo as words

__all__ = ["RestorePropertyValues", "RestoreTrashState", "TrashCreatedPage"]


class _PageUndo:
    """Shared lookups: the page of the plan as it is now, and its title for sentences."""

    def __init__(self, client: NotionClient) -> None:
        self.client = client

    async def _current(self, plan: UndoPlan) -> PageRef | None:
        try:
            return page_ref(await self.client.page(str(plan.params["page_id"])))
        except ToolError as error:
            if error.error_class == "not_found":
                return None
            raise

    def _label(self, page: PageRef | None, plan: UndoPlan) -> str:
        if page is not None:
            return page.label
        return label(str(plan.after.get("title") or plan.before.get("title") or ""))

    def _gone(self, plan: UndoPlan) -> str:
        return words.gone(self._label(None, plan))

    async def _require(self, plan: UndoPlan) -> PageRef:
        page = await self._current(plan)
        if page is None:
            raise ToolError(self._gone(plan), error_class="not_found")
        return page


class TrashCreatedPage(_PageUndo):
    """Undo of notion.create_page: move the new page to the trash."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        page = await self._current(plan)
        if page is None:
            return self._gone(plan)
        if page.in_trash:
            return words.trashed_since(page.label)
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        page = await self._require(plan)
        await self.client.update_page(page.id, in_trash=True)
        return words.trashed(page.label)


class RestoreTrashState(_PageUndo):
    """Undo of notion.archive_page (restore) and notion.restore_page (trash again)."""

    def __init__(self, client: NotionClient, *, in_trash_after: bool) -> None:
        super().__init__(client)
        self.in_trash_after = in_trash_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        page = await self._current(plan)
        if page is None:
            return self._gone(plan)
        if page.in_trash == self.in_trash_after:
            return None
        if self.in_trash_after:
            return words.restored_since(page.label)
        return words.trashed_since(page.label)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        page = await self._require(plan)
        await self.client.update_page(page.id, in_trash=not self.in_trash_after)
        if self.in_trash_after:
            return words.restored(page.label)
        return words.trashed_again(page.label)


class RestorePropertyValues(_PageUndo):
    """Undo of notion.update_page: put the previous property values back."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        page = await self._current(plan)
        if page is None:
            return self._gone(plan)
        if page.in_trash:
            return words.trashed_since(page.label)
        changed = []
        for name, expected in (plan.after.get("values") or {}).items():
            prop = page.properties.get(name)
            if not isinstance(prop, dict):
                changed.append(words.property_gone(name, page.label))
                continue
            current = simple_value(prop)
            if _same(current, expected):
                continue
            if is_empty(current):
                changed.append(words.cleared_since(name, page.label))
            else:
                shown = show_value(current, str(prop.get("type")))
                changed.append(words.changed_since(name, page.label, shown))
        return " ".join(changed) or None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        page = await self._require(plan)
        properties: dict[str, Any] = plan.params["properties"]
        updated = page_ref(await self.client.update_page(page.id, properties=properties))
        types = plan.after.get("types") or {}
        restored = []
        for name, value in (plan.before.get("values") or {}).items():
            shown = words.EMPTY if is_empty(value) else show_value(value, types.get(name))
            restored.append((name, shown))
        return words.values_restored(restored, updated.label if updated.id else page.label)


def _same(current: Any, expected: Any) -> bool:
    if is_empty(current) and is_empty(expected):
        return True
    if isinstance(current, str) and isinstance(expected, str):
        return current.strip() == expected.strip()
    if isinstance(current, bool) or isinstance(expected, bool):
        return current is expected
    if isinstance(current, int | float) and isinstance(expected, int | float):
        return float(current) == float(expected)
    return bool(current == expected)
