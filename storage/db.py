"""The async engine and the two kinds of session callers open on it.

`Database.transaction()` is for work that writes: on SQLite it starts with
`BEGIN IMMEDIATE`, because a deferred transaction that reads and then writes
cannot wait for the lock and fails with "database is locked". `Database.read()`
is for reads only. Repositories take the session; the caller owns the
transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_BUSY_TIMEOUT_MS = 10_000
DISPOSE_GRACE_SECONDS = 5.0


class Database:
    """One database: an async engine plus session factories for reads and writes."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        self.engine: AsyncEngine = create_async_engine(url, echo=echo, **_engine_options(url))
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        writer = self.engine.execution_options(sqlite_immediate=True)
        # SQLite has one writer at a time; queueing our own writers here is much cheaper
        # than letting them sleep in SQLite's busy handler. Other processes still wait there.
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        self._read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = async_sessionmaker(writer, expire_on_commit=False)
        self._open_sessions = 0
        self._idle: asyncio.Event | None = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session in one write transaction: committed on success, rolled back on error."""
        with self._counted():
            if self._write_lock is None:
                async with self._write_sessions() as session, session.begin():
                    yield session
                return
            async with self._write_lock, self._write_sessions() as session, session.begin():
                yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reads; nothing written through it is committed."""
        with self._counted():
            async with self._read_sessions() as session:
                yield session

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self, grace: float = DISPOSE_GRACE_SECONDS) -> None:
        """Close every connection, after the sessions still open (up to `grace` seconds).

        A connection still checked out when the pool is disposed is left to the garbage
        collector, which may close it later on another event loop and hang there.
        """
        if self._open_sessions:
            self._idle = self._idle or asyncio.Event()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), grace)
        await self.engine.dispose()

    @contextmanager
    def _counted(self) -> Iterator[None]:
        self._open_sessions += 1
        try:
            yield
        finally:
            self._open_sessions -= 1
            if not self._open_sessions and self._idle is not None:
                self._idle.set()


def _engine_options(url: str) -> dict[str, Any]:
    if make_url(url).get_backend_name() == "sqlite":
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 10}


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN out of the driver's hands so we can say IMMEDIATE when we mean it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
