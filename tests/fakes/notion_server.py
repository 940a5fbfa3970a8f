"""A local fake of Notion's REST API (``Notion-Version: 2026-03-11``), for tests.

The fake is a real aiohttp server on ``127.0.0.1`` and a free port, speaking the
parts of the API Kaizen uses the way Notion documents them for 2025-09-03 and
later: databases contain data sources, rows are pages of a data source, queried
with ``POST /v1/data_sources/{id}/query`` (``start_cursor`` / ``page_size`` in,
``results`` / ``has_more`` / ``next_cursor`` out) and created with a
``data_source_id`` parent; pages move to and from the trash with ``in_trash`` in
``PATCH /v1/pages/{id}``, and since 2026-03-11 ``archived`` is rejected::

    async with FakeNotion(token="ntn_test") as notion:
        tasks = notion.add_database("Tasks", {"Status": ("status", ["Todo", "Done"])})
        page_id = notion.add_page(tasks.data_source_id, "Launch plan", {"Status": "Todo"})
        client = NotionClient("ntn_test", notion.base_url)
        ...
        assert notion.value(page_id, "Status") == "Done"

Errors use Notion's body ``{"object": "error", "status", "code", "message"}``:
``missing_version`` (400), ``unauthorized`` (401), ``object_not_found`` (404),
``validation_error`` (400), ``invalid_json`` / ``invalid_request_url`` (400), and
the fault modes ``rate_limit_next`` (429 ``rate_limited`` with ``Retry-After``)
and ``fail_next(status)``. Every request is logged in ``requests``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from aiohttp import web

JSON = dict[str, Any]
VERSION = web.RequestKey("notion_version", str)  # the request's Notion-Version header
BODY = web.RequestKey("notion_body", object)  # the parsed JSON body of a request

CURRENT_VERSION = "2026-03-11"
DATA_SOURCES_VERSION = "2025-09-03"
BOT_USER_ID = "9a1f3c2e-4b5d-4e6f-8a7b-0c1d2e3f4a5b"
MAX_TEXT = 2_000
_WRITABLE = frozenset(
    {
        "title",
        "rich_text",
        "number",
        "checkbox",
        "select",
        "status",
        "multi_select",
        "date",
        "url",
        "email",
        "phone_number",
    }
)
_HEX = re.compile(r"[0-9a-f]{32}")
_PAGE_CREATE_KEYS = frozenset({"parent", "properties", "children", "icon", "cover"})
_PAGE_UPDATE_KEYS = frozenset({"properties", "in_trash", "icon", "cover", "is_locked"})
_QUERY_KEYS = frozenset(
    {"filter", "sorts", "start_cursor", "page_size", "filter_properties", "result_type"}
)
_CODES = {
    400: "validation_error",
    401: "unauthorized",
    403: "restricted_resource",
    404: "object_not_found",
    409: "conflict_error",
    429: "rate_limited",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class NotionError(Exception):
    """Raised inside a handler: becomes Notion's error body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _validation(message: str) -> NotionError:
    return NotionError(400, "validation_error", message)


_UNSET = object()


def _bad_body(path: str, expected: str, value: Any = _UNSET) -> NotionError:
    """Notion's wording: ``body failed validation: body.x should be …, instead was `…`.``"""
    found = "" if value is _UNSET else f", instead was `{json.dumps(value)}`"
    return _validation(f"body failed validation: body.{path} should be {expected}{found}.")


def _not_found(kind: str, ident: str) -> NotionError:
    return NotionError(
        404,
        "object_not_found",
        f"Could not find {kind} with ID: {ident}. Make sure the relevant pages and "
        "databases are shared with your integration.",
    )


def normalize_id(ident: str) -> str | None:
    """``abc…`` or ``abcdef12-…`` → the dashed lowercase form; None when it is no id."""
    compact = ident.replace("-", "").lower()
    if not _HEX.fullmatch(compact):
        return None
    return f"{compact[:8]}-{compact[8:12]}-{compact[12:16]}-{compact[16:20]}-{compact[20:]}"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:00.000Z")


def rich_text(content: str) -> list[JSON]:
    if not content:
        return []
    return [
        {
            "type": "text",
            "text": {"content": content, "link": None},
            "annotations": {
                "bold": False,
                "italic": False,
                "strikethrough": False,
                "underline": False,
                "code": False,
                "color": "default",
            },
            "plain_text": content,
            "href": None,
        }
    ]


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    json: Any
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FakeDatabase:
    id: str
    title: str
    data_source_ids: tuple[str, ...]

    @property
    def data_source_id(self) -> str:
        return self.data_source_ids[0]

    @property
    def url(self) -> str:
        return f"https://www.notion.so/{self.id.replace('-', '')}?v={'1' * 32}"


class FakeNotion:
    """An in-memory Notion workspace behind a real HTTP server."""

    def __init__(self, token: str = "ntn_test_token", *, host: str = "127.0.0.1") -> None:
        self.token = token
        self.host = host
        self.requests: list[RecordedRequest] = []
        self.databases: dict[str, JSON] = {}
        self.data_sources: dict[str, JSON] = {}
        self.pages: dict[str, JSON] = {}
        self._faults: list[tuple[int, str, float | None]] = []
        self._option_ids = (f"opt-{n}" for n in itertools.count(1))
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> Self:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_route("*", "/{tail:.*}", self._route)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            with contextlib.suppress(Exception):
                await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ---------------------------------------------------------------- seeding

    def add_database(
        self,
        title: str,
        properties: dict[str, str | tuple[str, list[str]]] | None = None,
        *,
        data_sources: int = 1,
        parent_page: str | None = None,
    ) -> FakeDatabase:
        """A database with ``data_sources`` data sources sharing one schema.

        ``properties`` maps names to a type (``"number"``) or a type and its options
        (``("status", ["Todo", "Done"])``); a ``Name`` title is added when none is given.
        """
        database_id = str(uuid.uuid4())
        schema: dict[str, str | tuple[str, list[str]]] = dict(properties or {})
        if not any((v if isinstance(v, str) else v[0]) == "title" for v in schema.values()):
            schema = {"Name": "title", **schema}
        ids = []
        for n in range(data_sources):
            source_id = str(uuid.uuid4())
            ids.append(source_id)
            self.data_sources[source_id] = {
                "id": source_id,
                "title": title if n == 0 else f"{title} {n + 1}",
                "database_id": database_id,
                "properties": {name: self._schema_entry(name, s) for name, s in schema.items()},
                "in_trash": False,
            }
        parent = (
            {"type": "page_id", "page_id": parent_page}
            if parent_page
            else {"type": "workspace", "workspace": True}
        )
        self.databases[database_id] = {
            "id": database_id,
            "title": title,
            "data_sources": ids,
            "parent": parent,
            "in_trash": False,
        }
        return FakeDatabase(database_id, title, tuple(ids))

    def _schema_entry(self, name: str, spec: str | tuple[str, list[str]]) -> JSON:
        kind, options = (spec, []) if isinstance(spec, str) else spec
        prop_id = "title" if kind == "title" else uuid.uuid4().hex[:4]
        config: JSON = {}
        if kind in ("select", "multi_select", "status"):
            config = {"options": [self._option(o) for o in options]}
        return {"id": prop_id, "name": name, "type": kind, kind: config}

    def _option(self, name: str) -> JSON:
        return {"id": next(self._option_ids), "name": name, "color": "default"}

    def add_page(
        self,
        parent: str,
        title: str,
        properties: dict[str, Any] | None = None,
        *,
        in_trash: bool = False,
    ) -> str:
        """A page in a data source (by its id) or under a page; values given as plain values."""
        page_id = str(uuid.uuid4())
        parent_id = normalize_id(parent) or parent
        if parent_id in self.data_sources:
            source = self.data_sources[parent_id]
            parent_object = {
                "type": "data_source_id",
                "data_source_id": parent_id,
                "database_id": source["database_id"],
            }
            values = {
                name: self._empty(spec["type"]) for name, spec in source["properties"].items()
            }
            title_name = _title_name(source["properties"])
            values[title_name] = rich_text(title)
            for name, value in (properties or {}).items():
                spec = source["properties"][name]
                values[name] = self._plain_to_stored(spec, value)
        elif parent_id in self.pages:
            parent_object = {"type": "page_id", "page_id": parent_id}
            values = {"title": rich_text(title)}
        else:
            raise KeyError(f"no data source or page {parent}")
        stamp = _now()
        self.pages[page_id] = {
            "id": page_id,
            "parent": parent_object,
            "values": values,
            "in_trash": in_trash,
            "created_time": stamp,
            "last_edited_time": stamp,
        }
        return page_id

    def _empty(self, kind: str) -> Any:
        return [] if kind in ("title", "rich_text", "multi_select", "people") else None

    def _plain_to_stored(self, spec: JSON, value: Any) -> Any:
        kind = spec["type"]
        if kind in ("title", "rich_text"):
            return rich_text(str(value or ""))
        if kind in ("select", "status"):
            return None if value is None else self._find_option(spec, str(value), create=True)
        if kind == "multi_select":
            return [self._find_option(spec, str(v), create=True) for v in value or []]
        if kind == "date":
            return None if value is None else {"start": value, "end": None, "time_zone": None}
        return value

    def _find_option(self, spec: JSON, name: str, *, create: bool) -> JSON | None:
        config = spec[spec["type"]]
        for option in config["options"]:
            if option["name"] == name:
                return dict(option)
        if not create:
            return None
        option = self._option(name)
        config["options"].append(option)
        return dict(option)

    # ---------------------------------------------------------------- inspection / outside edits

    def value(self, page_id: str, name: str) -> Any:
        """A property of a page as a plain value (title text, option name, number, …)."""
        page = self.pages[normalize_id(page_id) or page_id]
        stored = page["values"][name]
        kind = self._spec(page, name)["type"]
        if kind in ("title", "rich_text"):
            return "".join(item.get("plain_text", "") for item in stored)
        if kind == "multi_select":
            return [item["name"] for item in stored]
        if kind in ("select", "status"):
            return stored["name"] if stored else None
        if kind == "date":
            return stored["start"] if stored else None
        return stored

    def set_value(self, page_id: str, name: str, value: Any) -> None:
        """Someone else edits a property in Notion."""
        page = self.pages[normalize_id(page_id) or page_id]
        spec = self._spec(page, name)
        page["values"][name] = self._plain_to_stored(spec, value)
        page["last_edited_time"] = _now()

    def set_trash(self, page_id: str, in_trash: bool) -> None:
        """Someone else moves a page to (or out of) the trash."""
        self.pages[normalize_id(page_id) or page_id]["in_trash"] = in_trash

    def in_trash(self, page_id: str) -> bool:
        return bool(self.pages[normalize_id(page_id) or page_id]["in_trash"])

    def page_url(self, page_id: str) -> str:
        page = self.pages[normalize_id(page_id) or page_id]
        return _page_url(page, self._title(page))

    def _spec(self, page: JSON, name: str) -> JSON:
        parent = page["parent"]
        if parent["type"] == "data_source_id":
            return self.data_sources[parent["data_source_id"]]["properties"][name]
        return {"id": "title", "name": "title", "type": "title", "title": {}}

    def _title(self, page: JSON) -> str:
        for name, stored in page["values"].items():
            if self._spec(page, name)["type"] == "title":
                return "".join(item.get("plain_text", "") for item in stored)
        return ""

    # ---------------------------------------------------------------- faults

    def rate_limit_next(self, retry_after: float = 1, *, times: int = 1) -> None:
        """The next ``times`` requests get 429 ``rate_limited`` with ``Retry-After``."""
        self._faults.extend([(429, "rate_limited", retry_after)] * times)

    def fail_next(self, status: int, *, times: int = 1) -> None:
        """The next ``times`` requests fail with ``status`` and Notion's code for it."""
        self._faults.extend([(status, _CODES.get(status, "internal_server_error"), None)] * times)

    # ---------------------------------------------------------------- HTTP plumbing

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = ValueError
        self.requests.append(
            RecordedRequest(
                request.method,
                request.path,
                dict(request.headers),
                None if body is ValueError else body,
                dict(request.query),
            )
        )
        try:
            if self._faults:
                status, code, retry_after = self._faults.pop(0)
                headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
                message = (
                    "You have been rate limited. Please try again in a few minutes."
                    if status == 429
                    else f"Simulated failure ({status})."
                )
                return _error(NotionError(status, code, message), headers)
            version = request.headers.get("Notion-Version")
            if not version:
                raise NotionError(
                    400,
                    "missing_version",
                    "Notion-Version header failed validation: Notion-Version header should "
                    "be defined, instead was `undefined`.",
                )
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                raise NotionError(401, "unauthorized", "API token is invalid.")
            if body is ValueError:
                raise NotionError(400, "invalid_json", "Error parsing JSON body.")
            request[VERSION] = version
            request[BODY] = body
            return await handler(request)
        except NotionError as error:
            return _error(error)

    async def _route(self, request: web.Request) -> web.StreamResponse:
        path = request.path.rstrip("/")
        method = request.method
        body = request[BODY]
        version = request[VERSION]
        parts = path.split("/")[1:]  # ["v1", "pages", id]
        if parts[:1] != ["v1"] or len(parts) < 2:
            raise NotionError(400, "invalid_request_url", "Invalid request URL.")
        resource, rest = parts[1], parts[2:]
        if resource == "users" and rest == ["me"] and method == "GET":
            return _json(
                {
                    "object": "user",
                    "id": BOT_USER_ID,
                    "type": "bot",
                    "name": "Kaizen",
                    "bot": {"owner": {"type": "workspace", "workspace": True}},
                }
            )
        if resource == "pages" and not rest and method == "POST":
            return _json(self._create_page(body, version))
        if resource == "pages" and len(rest) == 1 and method == "GET":
            return _json(self._page_object(self._page(rest[0]), version))
        if resource == "pages" and len(rest) == 1 and method == "PATCH":
            return _json(self._update_page(rest[0], body, version))
        if resource == "databases" and len(rest) == 1 and method == "GET":
            return _json(self._database_object(rest[0], version))
        if resource == "data_sources" and len(rest) == 1 and method == "GET":
            return _json(self._data_source_object(self._data_source(rest[0]), version))
        if resource == "data_sources" and rest[1:] == ["query"] and method == "POST":
            return _json(self._query(rest[0], body, version))
        raise NotionError(400, "invalid_request_url", "Invalid request URL.")

    # ---------------------------------------------------------------- objects

    def _page(self, ident: str) -> JSON:
        key = normalize_id(ident)
        if key is None:
            raise _validation(
                "path failed validation: path.page_id should be a valid uuid, "
                f'instead was `"{ident}"`.'
            )
        if key not in self.pages:
            raise _not_found("page", key)
        return self.pages[key]

    def _data_source(self, ident: str) -> JSON:
        key = normalize_id(ident)
        if key is None or key not in self.data_sources:
            raise _not_found("data_source", key or ident)
        return self.data_sources[key]

    def _page_object(self, page: JSON, version: str) -> JSON:
        properties = {}
        for name, stored in page["values"].items():
            spec = self._spec(page, name)
            properties[name] = {"id": spec["id"], "type": spec["type"], spec["type"]: stored}
        user = {"object": "user", "id": BOT_USER_ID}
        obj: JSON = {
            "object": "page",
            "id": page["id"],
            "created_time": page["created_time"],
            "last_edited_time": page["last_edited_time"],
            "created_by": user,
            "last_edited_by": user,
            "cover": None,
            "icon": None,
            "parent": dict(page["parent"]),
            "in_trash": page["in_trash"],
            "is_locked": False,
            "properties": properties,
            "url": _page_url(page, self._title(page)),
            "public_url": None,
        }
        if version < CURRENT_VERSION:
            obj["archived"] = page["in_trash"]
        return obj

    def _database_object(self, ident: str, version: str) -> JSON:
        key = normalize_id(ident)
        if key is None or key not in self.databases:
            raise _not_found("database", key or ident)
        database = self.databases[key]
        obj: JSON = {
            "object": "database",
            "id": database["id"],
            "title": rich_text(database["title"]),
            "description": [],
            "parent": database["parent"],
            "is_inline": False,
            "in_trash": database["in_trash"],
            "is_locked": False,
            "data_sources": [
                {"id": s, "name": self.data_sources[s]["title"]} for s in database["data_sources"]
            ],
            "url": f"https://www.notion.so/{database['id'].replace('-', '')}",
        }
        if version < CURRENT_VERSION:
            obj["archived"] = database["in_trash"]
        return obj

    def _data_source_object(self, source: JSON, version: str) -> JSON:
        database = self.databases[source["database_id"]]
        obj: JSON = {
            "object": "data_source",
            "id": source["id"],
            "title": rich_text(source["title"]),
            "description": [],
            "properties": json.loads(json.dumps(source["properties"])),
            "parent": {"type": "database_id", "database_id": source["database_id"]},
            "database_parent": database["parent"],
            "in_trash": source["in_trash"],
        }
        if version < CURRENT_VERSION:
            obj["archived"] = source["in_trash"]
        return obj

    # ---------------------------------------------------------------- endpoints

    def _query(self, ident: str, body: Any, version: str) -> JSON:
        source = self._data_source(ident)
        body = body if isinstance(body, dict) else {}
        _reject_unknown(body, _QUERY_KEYS, version)
        size = body.get("page_size", 100)
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 100:
            raise _validation(
                f"body failed validation: body.page_size should be a number between 1 and "
                f"100, instead was `{json.dumps(size)}`."
            )
        rows = [
            page
            for page in self.pages.values()
            if page["parent"].get("data_source_id") == source["id"] and not page["in_trash"]
        ]
        if body.get("filter") is not None:
            rows = [p for p in rows if self._matches(p, source, body["filter"])]
        start = 0
        cursor = body.get("start_cursor")
        if cursor is not None:
            ids = [p["id"] for p in rows]
            if not isinstance(cursor, str) or cursor not in ids:
                raise _bad_body("start_cursor", "a valid cursor")
            start = ids.index(cursor)
        chunk = rows[start : start + size]
        more = start + size < len(rows)
        return {
            "object": "list",
            "results": [self._page_object(p, version) for p in chunk],
            "next_cursor": rows[start + size]["id"] if more else None,
            "has_more": more,
            "type": "page_or_data_source",
            "page_or_data_source": {},
        }

    def _matches(self, page: JSON, source: JSON, condition: Any) -> bool:
        if not isinstance(condition, dict):
            raise _bad_body("filter", "an object")
        if "and" in condition or "or" in condition:
            key = "and" if "and" in condition else "or"
            parts = condition[key]
            if not isinstance(parts, list):
                raise _bad_body(f"filter.{key}", "an array")
            results = [self._matches(page, source, part) for part in parts]
            return all(results) if key == "and" else any(results)
        name = condition.get("property")
        if name not in source["properties"]:
            raise _validation(f"Could not find property with name or id: {name}")
        spec = source["properties"][name]
        kind = spec["type"]
        test = condition.get(kind)
        if not isinstance(test, dict) or len(test) != 1:
            raise _validation(
                f"body failed validation: body.filter.{kind} should be defined for a {kind} "
                "property."
            )
        ((operator, operand),) = test.items()
        stored = page["values"][name]
        current: Any
        if kind in ("title", "rich_text"):
            current = "".join(item.get("plain_text", "") for item in stored)
        elif kind in ("select", "status"):
            current = stored["name"] if stored else None
        elif kind == "multi_select":
            current = [o["name"] for o in stored]
        elif kind == "date":
            current = stored["start"] if stored else None
        else:
            current = stored
        return _compare(operator, current, operand)

    def _create_page(self, body: Any, version: str) -> JSON:
        if not isinstance(body, dict):
            raise _validation("body failed validation: body should be an object.")
        _reject_unknown(body, _PAGE_CREATE_KEYS, version)
        parent = body.get("parent")
        if not isinstance(parent, dict):
            raise _bad_body("parent", "defined, instead was `undefined`")
        properties = body.get("properties") or {}
        if not isinstance(properties, dict):
            raise _bad_body("properties", "an object")
        if parent.get("data_source_id") is not None or parent.get("database_id") is not None:
            if parent.get("data_source_id") is not None:
                source = self._data_source(str(parent["data_source_id"]))
            else:
                database = self.databases.get(normalize_id(str(parent["database_id"])) or "")
                if database is None:
                    raise _not_found("database", str(parent["database_id"]))
                if len(database["data_sources"]) != 1:
                    raise _validation(
                        "Databases with multiple data sources are not supported as a page "
                        "parent. Use a data_source_id parent instead."
                    )
                source = self.data_sources[database["data_sources"][0]]
            values = {n: self._empty(s["type"]) for n, s in source["properties"].items()}
            parent_object = {
                "type": "data_source_id",
                "data_source_id": source["id"],
                "database_id": source["database_id"],
            }
            schema = source["properties"]
        elif parent.get("page_id") is not None:
            parent_page = self._page(str(parent["page_id"]))
            values = {"title": []}
            parent_object = {"type": "page_id", "page_id": parent_page["id"]}
            schema = {"title": {"id": "title", "name": "title", "type": "title", "title": {}}}
        else:
            raise _bad_body("parent", "a data source, database or page")
        for name, value in properties.items():
            key = _property_key(schema, name)
            values[key] = self._write_value(schema[key], key, value)
        page_id = str(uuid.uuid4())
        stamp = _now()
        page = {
            "id": page_id,
            "parent": parent_object,
            "values": values,
            "in_trash": False,
            "created_time": stamp,
            "last_edited_time": stamp,
        }
        self.pages[page_id] = page
        return self._page_object(page, version)

    def _update_page(self, ident: str, body: Any, version: str) -> JSON:
        page = self._page(ident)
        if not isinstance(body, dict):
            raise _validation("body failed validation: body should be an object.")
        allowed = (
            _PAGE_UPDATE_KEYS if version >= CURRENT_VERSION else _PAGE_UPDATE_KEYS | {"archived"}
        )
        _reject_unknown(body, allowed, version)
        trash = body.get("in_trash", body.get("archived"))
        if trash is not None and not isinstance(trash, bool):
            raise _bad_body("in_trash", "a boolean", trash)
        properties = body.get("properties")
        if properties is not None and not isinstance(properties, dict):
            raise _bad_body("properties", "an object")
        trashed_after = page["in_trash"] if trash is None else trash
        if properties and trashed_after:
            raise _validation(
                "Can't edit block that is archived. You must unarchive the block before editing."
            )
        staged = dict(page["values"])
        if properties:
            parent = page["parent"]
            if parent["type"] == "data_source_id":
                schema = self.data_sources[parent["data_source_id"]]["properties"]
            else:
                schema = {"title": {"id": "title", "name": "title", "type": "title", "title": {}}}
            for name, value in properties.items():
                key = _property_key(schema, name)
                staged[key] = self._write_value(schema[key], key, value)
        page["values"] = staged
        if trash is not None:
            page["in_trash"] = trash
        page["last_edited_time"] = _now()
        return self._page_object(page, version)

    def _write_value(self, spec: JSON, name: str, value: Any) -> Any:
        kind = spec["type"]
        if kind not in _WRITABLE:
            raise _validation(f"{name} is a {kind} property and cannot be set.")
        if not isinstance(value, dict) or kind not in value:
            raise _validation(f"{name} is expected to be {kind}.")
        extra = set(value) - {kind, "type", "id"}
        if extra:
            raise _validation(f"{name} is expected to be {kind}.")
        raw = value[kind]
        if kind in ("title", "rich_text"):
            return _rich_text_in(name, raw)
        if kind == "number":
            if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | float)):
                raise _bad_body(f"properties.{name}.number", "a number or `null`", raw)
            return raw
        if kind == "checkbox":
            if not isinstance(raw, bool):
                raise _bad_body(f"properties.{name}.checkbox", "a boolean", raw)
            return raw
        if kind in ("select", "status"):
            if raw is None:
                return None
            return self._option_in(spec, name, raw, create=kind == "select")
        if kind == "multi_select":
            if not isinstance(raw, list):
                raise _bad_body(f"properties.{name}.multi_select", "an array")
            return [self._option_in(spec, name, item, create=True) for item in raw]
        if kind == "date":
            if raw is None:
                return None
            if not isinstance(raw, dict) or not isinstance(raw.get("start"), str):
                raise _bad_body(f"properties.{name}.date.start", "defined")
            for key in ("start", "end"):
                if raw.get(key) is not None and not _is_iso(raw[key]):
                    raise _bad_body(
                        f"properties.{name}.date.{key}", "a valid ISO 8601 date string", raw[key]
                    )
            return {"start": raw["start"], "end": raw.get("end"), "time_zone": raw.get("time_zone")}
        if raw is not None and not isinstance(raw, str):
            raise _bad_body(f"properties.{name}.{kind}", "a string or `null`")
        return raw

    def _option_in(self, spec: JSON, name: str, raw: Any, *, create: bool) -> JSON:
        kind = spec["type"]
        if not isinstance(raw, dict) or not (
            isinstance(raw.get("name"), str) or isinstance(raw.get("id"), str)
        ):
            raise _bad_body(f"properties.{name}.{kind}", "an object with a name or id")
        if isinstance(raw.get("id"), str) and raw.get("name") is None:
            for option in spec[kind]["options"]:
                if option["id"] == raw["id"]:
                    return dict(option)
            raise _validation(f"Invalid {kind} option id: {raw['id']}.")
        option_name = raw["name"]
        if "," in option_name:
            raise _validation(
                f"Invalid {kind} option name: commas are not allowed (`{option_name}`)."
            )
        found = self._find_option(spec, option_name, create=create)
        if found is None:
            raise _validation(
                f'Invalid status option. Status option "{option_name}" does not exist for {name}.'
            )
        return found


# -------------------------------------------------------------------- helpers


def _title_name(schema: JSON) -> str:
    return next(n for n, s in schema.items() if s["type"] == "title")


def _property_key(schema: JSON, name: str) -> str:
    if name in schema:
        return name
    for key, spec in schema.items():
        if spec["id"] == name:
            return key
    raise _validation(f"{name} is not a property that exists.")


def _reject_unknown(body: JSON, allowed: frozenset[str], version: str) -> None:
    for key in body:
        if key not in allowed:
            if key == "archived" and version >= CURRENT_VERSION:
                raise _validation(
                    "body failed validation: body.archived should be not present, instead was "
                    f"`{json.dumps(body[key])}`. Use in_trash instead (removed in 2026-03-11)."
                )
            raise _bad_body(f"{key}", "not present")


def _rich_text_in(name: str, raw: Any) -> list[JSON]:
    if not isinstance(raw, list):
        raise _bad_body(f"properties.{name}", "an array of rich text")
    stored = []
    for item in raw:
        if not isinstance(item, dict):
            raise _bad_body(f"properties.{name}", "an array of rich text")
        kind = item.get("type", "text")
        if kind == "text":
            text = item.get("text")
            if not isinstance(text, dict) or not isinstance(text.get("content"), str):
                raise _bad_body(f"properties.{name}[].text.content", "defined")
            if len(text["content"]) > MAX_TEXT:
                raise _bad_body(
                    f"properties.{name}[].text.content.length",
                    f"≤ `{MAX_TEXT}`",
                    len(text["content"]),
                )
            piece = rich_text(text["content"])
            if piece and isinstance(item.get("annotations"), dict):
                piece[0]["annotations"] = {**piece[0]["annotations"], **item["annotations"]}
            stored.extend(piece)
        elif kind in ("mention", "equation"):
            stored.append({"type": kind, kind: item.get(kind), "plain_text": "", "href": None})
        else:
            raise _validation(f"body failed validation: body.properties.{name}[].type is invalid.")
    return stored


def _is_iso(text: Any) -> bool:
    if not isinstance(text, str):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _compare(operator: str, current: Any, operand: Any) -> bool:
    if operator == "is_empty":
        return current in (None, "", [])
    if operator == "is_not_empty":
        return current not in (None, "", [])
    if isinstance(current, list):
        if operator == "contains":
            return operand in current
        if operator == "does_not_contain":
            return operand not in current
        raise _validation(f"body failed validation: {operator} is not a multi_select condition.")
    if operator == "equals":
        return current == operand
    if operator == "does_not_equal":
        return current != operand
    if current is None:
        return False
    if operator == "contains":
        return str(operand).lower() in str(current).lower()
    if operator == "does_not_contain":
        return str(operand).lower() not in str(current).lower()
    if operator == "starts_with":
        return str(current).lower().startswith(str(operand).lower())
    if operator == "ends_with":
        return str(current).lower().endswith(str(operand).lower())
    ordered = {
        "greater_than": lambda a, b: a > b,
        "less_than": lambda a, b: a < b,
        "greater_than_or_equal_to": lambda a, b: a >= b,
        "less_than_or_equal_to": lambda a, b: a <= b,
        "after": lambda a, b: a > b,
        "before": lambda a, b: a < b,
        "on_or_after": lambda a, b: a >= b,
        "on_or_before": lambda a, b: a <= b,
    }
    if operator in ordered:
        return bool(ordered[operator](current, operand))
    raise _validation(f"body failed validation: unknown filter condition {operator}.")


def _page_url(page: JSON, title: str) -> str:
    slug = "-".join(re.findall(r"[A-Za-z0-9]+", title)) or "Untitled"
    return f"https://www.notion.so/{slug}-{page['id'].replace('-', '')}"


def _json(data: JSON, status: int = 200) -> web.Response:
    data = {**data, "request_id": str(uuid.uuid4())}
    return web.json_response(data, status=status)


def _error(error: NotionError, headers: dict[str, str] | None = None) -> web.Response:
    body = {
        "object": "error",
        "status": error.status,
        "code": error.code,
        "message": error.message,
        "request_id": str(uuid.uuid4()),
    }
    return web.json_response(body, status=error.status, headers=headers)
