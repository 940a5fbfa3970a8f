"""Storage on every backend the machine has: migrations from empty, repositories, stores."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import inspect, select, text

from storage.db import Database
from storage.installation_store import DatabaseInstallationStore, DatabaseOAuthStateStore
from storage.migrate import upgrade_async
from storage.models import Installation as InstallationRow
from storage.models import ProcessedEvent, utcnow
from storage.repositories import audit, conversations, events, workspaces
from storage.sealing import Sealer

EXPECTED_TABLES = {
    "alembic_version",
    "auditentry",
    "conversation",
    "conversationmessage",
    "installation",
    "oauthstate",
    "processedevent",
    "workspace",
}


@pytest.fixture
async def database(any_database_url: str):
    await upgrade_async(any_database_url)
    db = Database(any_database_url)
    yield db
    await db.dispose()


async def test_migrations_create_every_table_from_empty(any_database_url: str) -> None:
    await upgrade_async(any_database_url)
    await upgrade_async(any_database_url)  # a second run is a no-op, not an error
    db = Database(any_database_url)
    try:
        async with db.engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await db.dispose()
    assert tables >= EXPECTED_TABLES


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.read() as session:
            mode = (await session.execute(text("PRAGMA journal_mode"))).scalar_one()
            timeout = (await session.execute(text("PRAGMA busy_timeout"))).scalar_one()
    finally:
        await db.dispose()
    assert mode == "wal"
    assert timeout >= 5000


async def test_an_event_is_claimed_once_even_by_concurrent_claimants(database: Database) -> None:
    async def claim() -> bool:
        async with database.transaction() as session:
            return await events.claim_event(
                session, team_id="T1", event_id="Ev1", kind="app_mention"
            )

    results = await asyncio.gather(*(claim() for _ in range(8)))
    assert results.count(True) == 1

    async with database.transaction() as session:
        assert await events.claim_event(session, team_id="T2", event_id="Ev1", kind="x")


async def test_claims_reach_an_end_state(database: Database) -> None:
    async with database.transaction() as session:
        await events.claim_event(session, team_id="T1", event_id="EvDone", kind="message")
        await events.claim_event(session, team_id="T1", event_id="EvStuck", kind="message")
        await events.finish_event(session, team_id="T1", event_id="EvDone", status=events.DONE)
    async with database.transaction() as session:
        stuck = await events.get_event(session, team_id="T1", event_id="EvStuck")
        assert stuck is not None
        stuck.received_at = utcnow() - timedelta(hours=1)
    async with database.transaction() as session:
        assert await events.abandon_stale_events(session, older_than=timedelta(minutes=15)) == 1
    async with database.read() as session:
        assert await events.count_events_by_status(session) == {"done": 1, "abandoned": 1}


async def test_a_rolled_back_transaction_leaves_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            await events.claim_event(session, team_id="T1", event_id="EvX", kind="message")
            raise RuntimeError("boom")
    async with database.read() as session:
        assert (await session.execute(select(ProcessedEvent))).first() is None


async def test_conversations_keep_their_messages_in_order(database: Database) -> None:
    async with database.transaction() as session:
        first = await conversations.open_conversation(
            session, team_id="T1", channel_id="C1", thread_ts="1.000001", started_by="U1"
        )
        again = await conversations.open_conversation(
            session, team_id="T1", channel_id="C1", thread_ts="1.000001", started_by="U1"
        )
        assert first == again
        for number in range(5):
            await conversations.add_message(
                session, conversation_id=first, role="user", text=f"m{number}", user_id="U1"
            )
    async with database.read() as session:
        latest = await conversations.recent_messages(session, conversation_id=first, limit=3)
        other_team = await conversations.find_conversation_id(
            session, team_id="T2", channel_id="C1", thread_ts="1.000001"
        )
    assert [m.text for m in latest] == ["m2", "m3", "m4"]
    assert other_team is None


async def test_text_that_postgres_would_refuse_is_stored_once_cleaned(database: Database) -> None:
    from bot.surfaces.text import clean_text

    odd = "zero\x00width\u200b emoji 🧪 rtl \u202e lone \ud800 surrogate"
    async with database.transaction() as session:
        cid = await conversations.open_conversation(
            session, team_id="T1", channel_id="C1", thread_ts="2.0", started_by="U1"
        )
        await conversations.add_message(
            session, conversation_id=cid, role="user", text=clean_text(odd)
        )
    async with database.read() as session:
        (stored,) = await conversations.recent_messages(session, conversation_id=cid)
    assert "\x00" not in stored.text and "🧪" in stored.text


async def test_workspaces_and_audit_entries(database: Database) -> None:
    async with database.transaction() as session:
        await workspaces.upsert_workspace(session, team_id="T1", name="Acme", bot_user_id="UB")
        await workspaces.upsert_workspace(session, team_id="T1", name="Acme Inc", bot_user_id="UB")
        await audit.record_audit(
            session, team_id="T1", actor="U1", action="installed", detail={"scopes": 3}
        )
        await audit.record_audit(session, team_id="T2", actor="U9", action="installed")
    async with database.read() as session:
        workspace = await workspaces.get_workspace(session, team_id="T1")
        entries = await audit.list_audit(session, team_id="T1")
    assert workspace is not None and workspace.name == "Acme Inc"
    assert [(e.action, e.detail) for e in entries] == [("installed", {"scopes": 3})]


async def test_installations_are_sealed_at_rest(database: Database) -> None:
    store = DatabaseInstallationStore(database, Sealer("client-secret"))
    token = "xoxb-1111-2222-sealedtokenvalue"
    await store.async_save(
        Installation(
            app_id="A1",
            team_id="T9",
            team_name="Nine",
            user_id="U1",
            bot_token=token,
            bot_id="B1",
            bot_user_id="UB9",
            bot_scopes=["chat:write"],
        )
    )
    async with database.read() as session:
        row = (await session.execute(select(InstallationRow))).scalar_one()
    assert token not in row.sealed and row.team_id == "T9"

    bot = await store.async_find_bot(enterprise_id=None, team_id="T9")
    assert bot is not None and bot.bot_token == token
    assert await store.async_find_bot(enterprise_id=None, team_id="T0") is None

    wrong_key = DatabaseInstallationStore(database, Sealer("another-secret"))
    from storage.sealing import SealError

    with pytest.raises(SealError):
        await wrong_key.async_find_installation(enterprise_id=None, team_id="T9")

    await store.async_delete_installation(enterprise_id=None, team_id="T9")
    assert await store.async_find_installation(enterprise_id=None, team_id="T9") is None


async def test_oauth_states_are_single_use_and_expire(database: Database) -> None:
    store = DatabaseOAuthStateStore(database)
    state = await store.async_issue()
    assert await store.async_consume(state) is True
    assert await store.async_consume(state) is False
    assert await store.async_consume("never-issued") is False

    expired = DatabaseOAuthStateStore(database, expiration_seconds=-1)
    assert await expired.async_consume(await expired.async_issue()) is False


async def test_a_lease_is_held_by_one_process_and_once_per_period(database: Database) -> None:
    from storage.repositories.leases import acquire_lease, release_lease

    async def take(holder: str, period: str = "") -> bool:
        async with database.transaction() as session:
            return await acquire_lease(
                session, name="digest", holder=holder, ttl=timedelta(minutes=5), period_key=period
            )

    results = await asyncio.gather(*(take(f"p{n}", "2026-11-22") for n in range(6)))
    assert results.count(True) == 1
    assert not await take("p9", "2026-11-22")  # same day: not again, even once expired
    async with database.transaction() as session:
        await release_lease(session, name="digest", holder=f"p{results.index(True)}")
    assert not await take("p9", "2026-11-22")
    assert await take("p9", "2026-11-23")  # the next day
    assert await take("p9", "2026-11-24") and not await take("p8", "2026-11-24")
