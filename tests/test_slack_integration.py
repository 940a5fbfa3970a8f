"""The Slack integration against the Slack emulator: tools, resolution, errors, undo."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import (
    RetryableToolError,
    Risk,
    Tool,
    ToolContext,
    ToolError,
    ToolResult,
)
from bot.integrations.slack.directory import SlackDirectory
from bot.integrations.slack.integration import SlackIntegration, check_arguments
from bot.integrations.slack.references import (
    parse_channel_reference,
    parse_message_reference,
    parse_user_reference,
    permalink_ts,
)
from bot.integrations.slack.resolve import resolve_channel, resolve_message_ts, resolve_user
from bot.sandbox.emulator import Message, SlackEmulator

TOOLS: dict[str, Tool] = {tool.name: tool for tool in SlackIntegration().tools()}
BOT = "U0KAIZEN"

EXPECTED = {
    "post_message": (Risk.WRITE, True),
    "update_message": (Risk.WRITE, True),
    "delete_message": (Risk.DESTRUCTIVE, True),
    "read_channel": (Risk.READ, False),
    "list_channels": (Risk.READ, False),
    "archive_channel": (Risk.DESTRUCTIVE, True),
    "unarchive_channel": (Risk.WRITE, True),
    "rename_channel": (Risk.WRITE, True),
    "set_topic": (Risk.WRITE, True),
    "set_purpose": (Risk.WRITE, True),
    "create_channel": (Risk.WRITE, True),
    "invite_member": (Risk.WRITE, True),
    "remove_member": (Risk.DESTRUCTIVE, True),
    "pin_message": (Risk.WRITE, True),
    "unpin_message": (Risk.WRITE, True),
    "add_reaction": (Risk.WRITE, True),
}


@pytest.fixture
async def emu() -> AsyncIterator[SlackEmulator]:
    async with SlackEmulator() as running:
        yield running


@pytest.fixture
def client(emu: SlackEmulator) -> AsyncWebClient:
    return AsyncWebClient(token=emu.bot_token, base_url=emu.api_url)


@pytest.fixture
def context(emu: SlackEmulator, client: AsyncWebClient) -> ToolContext:
    """Alice asking in her DM with the bot."""
    dm = emu.workspace.open_im("U0ALICE")
    return ToolContext(team_id=emu.team_id, user_id="U0ALICE", channel_id=dm.id, slack=client)


async def run(context: ToolContext, tool: str, /, **arguments: Any) -> ToolResult:
    return await TOOLS[tool].run(context, arguments)


async def describe(context: ToolContext, tool: str, /, **arguments: Any) -> str:
    return await TOOLS[tool].describe(context, arguments)


async def changed_since(context: ToolContext, name: str, result: ToolResult) -> str | None:
    handler, plan = TOOLS[name].undo, result.undo
    assert handler is not None and plan is not None
    return await handler.changed_since(context, plan)


async def undo(context: ToolContext, name: str, result: ToolResult) -> str:
    handler, plan = TOOLS[name].undo, result.undo
    assert handler is not None and plan is not None
    return await handler.undo(context, plan)


def bot_message(emu: SlackEmulator, channel: str, text: str) -> Message:
    return emu.workspace.post_message(channel, text, user=BOT, bot_id=emu.bot_id)


def latest_in(emu: SlackEmulator, channel: str) -> Message:
    return emu.workspace.messages_in(channel)[-1]


# ------------------------------------------------------------------ the contract


def test_the_tool_set_risks_and_undo_handlers_match_the_contract() -> None:
    assert {t.qualified_name for t in TOOLS.values()} == {f"slack.{n}" for n in EXPECTED}
    for name, (risk, undoable) in EXPECTED.items():
        assert TOOLS[name].risk is risk, name
        assert (TOOLS[name].undo is not None) is undoable, name
    assert TOOLS["create_channel"].target_channel_argument is None
    assert TOOLS["archive_channel"].target_channel_argument == "channel"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_tool_has_a_valid_json_schema(name: str) -> None:
    schema = TOOLS[name].parameters
    assert schema["type"] == "object"
    assert isinstance(schema["properties"], dict)
    assert set(schema["required"]) <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    for spec in schema["properties"].values():
        assert spec["type"] in {"string", "integer", "boolean"}
    json.dumps(TOOLS[name].openai_schema())
    assert TOOLS[name].function_name == f"slack_{name}"


def test_argument_names_are_the_contract() -> None:
    def arguments(name: str) -> tuple[set[str], set[str]]:
        schema = TOOLS[name].parameters
        return set(schema["properties"]), set(schema["required"])

    assert arguments("post_message") == ({"channel", "text", "thread_ts"}, {"channel", "text"})
    assert arguments("update_message") == ({"channel", "ts", "text"},) * 2
    assert arguments("read_channel") == ({"channel", "limit"}, {"channel"})
    assert arguments("list_channels") == (set(), set())
    assert arguments("create_channel") == ({"name", "is_private"}, {"name"})
    assert arguments("add_reaction") == ({"channel", "ts", "name"},) * 2
    assert arguments("remove_member") == ({"channel", "user"},) * 2
    limit = TOOLS["read_channel"].parameters["properties"]["limit"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 100, 20)


async def test_integration_identity_and_health(emu: SlackEmulator, client: AsyncWebClient) -> None:
    integration = SlackIntegration(client)
    assert integration.name == "slack"
    assert integration.credentials == ("SLACK_BOT_TOKEN",)
    assert integration.configured()
    assert await integration.health()
    assert emu.calls_to("auth.test")
    assert not await SlackIntegration().health()
    wrong = AsyncWebClient(token="xoxb-not-a-token", base_url=emu.api_url)
    assert not await SlackIntegration(wrong).health()


async def test_malformed_arguments_fail_before_touching_slack(
    emu: SlackEmulator, context: ToolContext
) -> None:
    before = len(emu.calls)
    bad_calls: list[tuple[str, dict[str, Any]]] = [
        ("archive_channel", {}),
        ("archive_channel", {"channel": "#ops", "force": True}),
        ("archive_channel", {"channel": 42}),
        ("post_message", {"channel": "#ops", "text": "   "}),
        ("read_channel", {"channel": "#ops", "limit": 0}),
        ("read_channel", {"channel": "#ops", "limit": 101}),
        ("read_channel", {"channel": "#ops", "limit": True}),
        ("create_channel", {"name": "x", "is_private": "yes"}),
        ("set_topic", {"channel": "#ops", "topic": "x" * 251}),
    ]
    for name, arguments in bad_calls:
        with pytest.raises(ToolError) as failure:
            await TOOLS[name].run(context, arguments)
        assert failure.value.error_class == "invalid_arguments", (name, arguments)
    assert len(emu.calls) == before
    schema = TOOLS["read_channel"].parameters
    assert check_arguments(schema, {"channel": "#ops"}) == {"channel": "#ops", "limit": 20}


# ------------------------------------------------------------------ resolution


def test_reference_parsing() -> None:
    assert parse_channel_reference("<#C0OPS|ops>") == ("C0OPS", "")
    assert parse_channel_reference("<#C0OPS>") == ("C0OPS", "")
    assert parse_channel_reference(" #Ops ") == (None, "ops")
    assert parse_channel_reference("ops") == (None, "ops")
    assert parse_channel_reference("G0PRIVATE")[0] == "G0PRIVATE"
    assert parse_channel_reference("D0DIRECT")[0] == "D0DIRECT"
    assert parse_user_reference("<@U0BOB>") == ("U0BOB", "")
    assert parse_user_reference("<@U0BOB|bob>") == ("U0BOB", "")
    assert parse_user_reference("@bob") == (None, "bob")
    assert parse_user_reference("W0ENTERPRISE")[0] == "W0ENTERPRISE"
    assert permalink_ts("p1732262400000100") == "1732262400.000100"
    link = "https://acme.slack.com/archives/C0OPS/p1732262400000100"
    for written in (link, f"<{link}>", f"<{link}|see this>", f"{link}?thread_ts=1.2&cid=C0OPS"):
        parsed = parse_message_reference(written)
        assert parsed is not None
        assert (parsed.channel_id, parsed.ts) == ("C0OPS", "1732262400.000100"), written
    assert parse_message_reference("1732262400.000100").ts == "1732262400.000100"  # type: ignore[union-attr]
    assert parse_message_reference("latest").latest  # type: ignore[union-attr]
    assert parse_message_reference("the one about lunch") is None


@pytest.mark.parametrize(
    "reference", ["<#C0OPS|ops>", "<#C0OPS>", "#ops", "ops", "C0OPS", "#OPS", " #ops "]
)
async def test_channel_references_resolve(client: AsyncWebClient, reference: str) -> None:
    channel = await resolve_channel(SlackDirectory(client), reference)
    assert (channel.id, channel.name, channel.label) == ("C0OPS", "ops", "#ops")
    assert channel.topic == "Deploys and incidents"


async def test_archived_and_private_channels_resolve_by_name(
    emu: SlackEmulator, client: AsyncWebClient
) -> None:
    emu.workspace.channels["C0OLDLAUNCH"].is_archived = True
    emu.workspace.add_channel("secret", {BOT, "U0ALICE"}, is_private=True, channel_id="G0SECRET")
    emu.workspace.add_channel("hidden", {"U0ALICE"}, is_private=True, channel_id="G0HIDDEN")
    directory = SlackDirectory(client)
    archived = await resolve_channel(directory, "#old-launch")
    assert archived.is_archived
    assert (await resolve_channel(directory, "secret")).id == "G0SECRET"
    with pytest.raises(ToolError) as failure:
        await resolve_channel(directory, "#hidden")
    assert failure.value.message == "I can't find a channel called #hidden."
    assert failure.value.error_class == "channel_not_found"
    assert len(emu.calls_to("conversations.list")) == 1  # listed once per directory


async def test_unknown_channel_is_a_clear_error(client: AsyncWebClient) -> None:
    for reference, sentence in [
        ("#nope", "I can't find a channel called #nope."),
        ("nope", "I can't find a channel called #nope."),
        ("<#C0MISSING>", "I can't find the channel C0MISSING, or I'm not allowed to see it."),
    ]:
        with pytest.raises(ToolError) as failure:
            await resolve_channel(SlackDirectory(client), reference)
        assert failure.value.message == sentence
        assert failure.value.error_class == "channel_not_found"


async def test_channel_lookup_follows_pagination(
    emu: SlackEmulator, client: AsyncWebClient
) -> None:
    for number in range(450):
        emu.workspace.add_channel(f"team-{number:03d}", {BOT})
    channel = await resolve_channel(SlackDirectory(client), "#team-449")
    assert channel.name == "team-449"
    assert len(emu.calls_to("conversations.list")) == 3


@pytest.mark.parametrize(
    "reference", ["<@U0BOB>", "<@U0BOB|bob>", "@bob", "bob", "Bob Baker", "bob baker", "U0BOB"]
)
async def test_user_references_resolve(client: AsyncWebClient, reference: str) -> None:
    user = await resolve_user(SlackDirectory(client), reference)
    assert (user.id, user.label) == ("U0BOB", "@bob")


async def test_user_lookup_errors(emu: SlackEmulator, client: AsyncWebClient) -> None:
    emu.workspace.add_user("sam1", real_name="Sam Smith")
    emu.workspace.add_user("sam2", real_name="Sam Smith")
    with pytest.raises(ToolError) as failure:
        await resolve_user(SlackDirectory(client), "@nobody")
    assert (failure.value.message, failure.value.error_class) == (
        "I can't find anyone called @nobody.",
        "user_not_found",
    )
    with pytest.raises(ToolError) as failure:
        await resolve_user(SlackDirectory(client), "Sam Smith")
    assert failure.value.error_class == "ambiguous_user"
    assert "@sam1" in failure.value.message and "@sam2" in failure.value.message
    with pytest.raises(ToolError) as failure:
        await resolve_user(SlackDirectory(client), "<@U0GHOST>")
    assert failure.value.error_class == "user_not_found"


async def test_message_references_resolve(
    emu: SlackEmulator, client: AsyncWebClient, context: ToolContext
) -> None:
    directory = SlackDirectory(client)
    ops = await resolve_channel(directory, "#ops")
    deploy = emu.workspace.messages_in("C0OPS")[0]
    link = (await client.chat_getPermalink(channel="C0OPS", message_ts=deploy.ts))["permalink"]
    assert await resolve_message_ts(directory, ops, deploy.ts, context) == deploy.ts
    assert await resolve_message_ts(directory, ops, link, context) == deploy.ts
    assert await resolve_message_ts(directory, ops, f"<{link}>", context) == deploy.ts
    general = await resolve_channel(directory, "#general")
    with pytest.raises(ToolError) as failure:
        await resolve_message_ts(directory, general, link, context)
    assert failure.value.error_class == "channel_mismatch"
    with pytest.raises(ToolError) as failure:
        await resolve_message_ts(directory, ops, "the deploy one", context)
    assert failure.value.error_class == "invalid_message"


async def test_latest_skips_the_request_itself(emu: SlackEmulator, client: AsyncWebClient) -> None:
    target = emu.workspace.post_message("C0OPS", "Rollback done", user="U0BOB")
    emu.workspace.post_message("C0OPS", "", user="U0CAROL", subtype="channel_join")
    request = emu.workspace.post_message(
        "C0OPS", f"<@{BOT}> pin the latest message", user="U0ALICE"
    )
    directory = SlackDirectory(client)
    ops = await resolve_channel(directory, "#ops")
    in_thread = ToolContext(
        team_id=emu.team_id,
        user_id="U0ALICE",
        channel_id="C0OPS",
        slack=client,
        thread_ts=request.ts,
    )
    assert await resolve_message_ts(directory, ops, "latest", in_thread) == target.ts
    elsewhere = ToolContext(
        team_id=emu.team_id, user_id="U0CAROL", channel_id="C0GENERAL", slack=client
    )
    assert await resolve_message_ts(directory, ops, "latest", elsewhere) == request.ts
    no_thread = ToolContext(
        team_id=emu.team_id, user_id="U0ALICE", channel_id="C0OPS", slack=client
    )
    assert await resolve_message_ts(directory, ops, "latest", no_thread) == target.ts


# ------------------------------------------------------------------ describe()


async def test_describe_sentences(emu: SlackEmulator, context: ToolContext) -> None:
    mine = bot_message(emu, "C0GENERAL", "Deploy at 5")
    assert await describe(context, "archive_channel", channel="#old-launch") == (
        "Archive #old-launch (C0OLDLAUNCH)."
    )
    assert await describe(context, "post_message", channel="general", text="hello") == (
        "Post in #general: “hello”"
    )
    assert await describe(context, "remove_member", channel="<#C0OPS>", user="<@U0BOB>") == (
        "Remove @bob from #ops."
    )
    expected = {
        (
            "unarchive_channel",
            (("channel", "C0OLDLAUNCH"),),
        ): "Unarchive #old-launch (C0OLDLAUNCH).",
        ("invite_member", (("channel", "#ops"), ("user", "Carol Chen"))): "Invite @carol to #ops.",
        ("rename_channel", (("channel", "#random"), ("name", "#Water Cooler"))): (
            "Rename #random (C0RANDOM) to #water-cooler."
        ),
        ("set_topic", (("channel", "#random"), ("topic", "Lunch plans"))): (
            "Set the topic of #random to “Lunch plans”."
        ),
        ("set_topic", (("channel", "#ops"), ("topic", ""))): "Clear the topic of #ops.",
        ("set_purpose", (("channel", "#ops"), ("purpose", "Deploys"))): (
            "Set the purpose of #ops to “Deploys”."
        ),
        ("create_channel", (("name", "launch-2026"),)): "Create the public channel #launch-2026.",
        ("create_channel", (("name", "hush"), ("is_private", True))): (
            "Create the private channel #hush."
        ),
        ("read_channel", (("channel", "#ops"), ("limit", 5))): "Read the last 5 messages of #ops.",
        ("list_channels", ()): "List the channels of the workspace.",
        ("delete_message", (("channel", "#general"), ("ts", mine.ts))): (
            "Delete the message by @kaizen in #general: “Deploy at 5”."
        ),
        ("pin_message", (("channel", "#general"), ("ts", mine.ts))): (
            "Pin the message by @kaizen in #general: “Deploy at 5”."
        ),
        ("add_reaction", (("channel", "#general"), ("ts", mine.ts), ("name", ":eyes:"))): (
            "React with :eyes: to the message by @kaizen in #general: “Deploy at 5”."
        ),
        ("update_message", (("channel", "#general"), ("ts", mine.ts), ("text", "Deploy at 6"))): (
            "Edit the message by @kaizen in #general: “Deploy at 5” — new text: “Deploy at 6”"
        ),
    }
    for (name, arguments), sentence in expected.items():
        assert await describe(context, name, **dict(arguments)) == sentence, name
    assert emu.workspace.channels["C0RANDOM"].name == "random"  # describing changes nothing


async def test_describe_never_joins_a_channel(emu: SlackEmulator, context: ToolContext) -> None:
    emu.workspace.channels["C0RANDOM"].members.discard(BOT)
    sentence = await describe(context, "pin_message", channel="#random", ts="latest")
    assert sentence == "Pin the latest message in #random."
    assert not emu.calls_to("conversations.join")
    assert BOT not in emu.workspace.channels["C0RANDOM"].members


async def test_describe_long_text_is_truncated(context: ToolContext) -> None:
    sentence = await describe(context, "post_message", channel="#ops", text="x" * 5000)
    assert len(sentence) < 3100
    assert sentence.endswith("…”")


# ------------------------------------------------------------------ messages


async def test_post_message_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    result = await run(context, "post_message", channel="#general", text="Release is out")
    posted = latest_in(emu, "C0GENERAL")
    assert (posted.text, posted.user) == ("Release is out", BOT)
    assert posted.unfurl_links is False and posted.unfurl_media is False
    assert result.summary == "Posted in #general."
    assert result.data == {"channel": "C0GENERAL", "ts": posted.ts, "thread_ts": None}
    assert result.undo is not None
    assert result.undo.description == "delete the message I posted in #general"
    assert await changed_since(context, "post_message", result) is None
    assert (
        await undo(context, "post_message", result) == "Deleted the message I posted in #general."
    )
    assert emu.workspace.find_message("C0GENERAL", posted.ts) is None


async def test_post_message_in_a_thread(emu: SlackEmulator, context: ToolContext) -> None:
    deploy = emu.workspace.messages_in("C0OPS")[0]
    link = f"https://x.slack.com/archives/C0OPS/p{deploy.ts.replace('.', '')}"
    result = await run(context, "post_message", channel="ops", text="Looks good", thread_ts=link)
    reply = latest_in(emu, "C0OPS")
    assert reply.thread_ts == deploy.ts and result.data["thread_ts"] == deploy.ts
    call = emu.calls_to("chat.postMessage")[-1]
    assert call.params["unfurl_links"] in (False, "0", "false")


async def test_undo_of_a_post_refuses_when_the_message_changed(
    emu: SlackEmulator, context: ToolContext
) -> None:
    result = await run(context, "post_message", channel="#general", text="v1")
    posted = latest_in(emu, "C0GENERAL")
    posted.text = "v2"
    assert await changed_since(context, "post_message", result) == "That message was edited since."
    emu.workspace.delete_message(posted)
    assert await changed_since(context, "post_message", result) == "That message no longer exists."


async def test_update_message_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    mine = bot_message(emu, "C0GENERAL", "Standup at 10")
    result = await run(context, "update_message", channel="#general", ts=mine.ts, text="At 11")
    assert mine.text == "At 11" and mine.edited
    assert result.summary == "Edited the message in #general."
    assert result.undo is not None and result.undo.before["text"] == "Standup at 10"
    assert await changed_since(context, "update_message", result) is None
    sentence = await undo(context, "update_message", result)
    assert sentence == "Restored the previous text of the message in #general."
    assert mine.text == "Standup at 10"


async def test_undo_of_an_update_refuses_after_another_edit(
    emu: SlackEmulator, context: ToolContext
) -> None:
    mine = bot_message(emu, "C0GENERAL", "Standup at 10")
    result = await run(context, "update_message", channel="#general", ts="latest", text="At 11")
    mine.text = "At noon"
    assert await changed_since(context, "update_message", result) == (
        "That message was edited since."
    )


async def test_delete_message_and_its_undo_reposts_with_attribution(
    emu: SlackEmulator, context: ToolContext
) -> None:
    mine = bot_message(emu, "C0RANDOM", "Pizza at 1?")
    result = await run(context, "delete_message", channel="#random", ts=mine.ts)
    assert emu.workspace.find_message("C0RANDOM", mine.ts) is None
    assert result.summary == "Deleted the message in #random."
    assert await changed_since(context, "delete_message", result) is None
    assert await undo(context, "delete_message", result) == (
        "Re-posted the deleted message in #random."
    )
    restored = latest_in(emu, "C0RANDOM")
    assert restored.text.startswith("Pizza at 1?\n\nRestored by Kaizen — originally posted by ")
    assert f"<@{BOT}> at <!date^{int(float(mine.ts))}^" in restored.text
    assert restored.unfurl_links is False


async def test_undo_of_a_delete_reposts_a_reply_in_its_thread(
    emu: SlackEmulator, context: ToolContext
) -> None:
    parent = emu.workspace.messages_in("C0OPS")[0]
    reply = emu.workspace.post_message(
        "C0OPS", "Nothing broke", user=BOT, bot_id=emu.bot_id, thread_ts=parent.ts
    )
    result = await run(context, "delete_message", channel="#ops", ts=reply.ts)
    await undo(context, "delete_message", result)
    assert latest_in(emu, "C0OPS").thread_ts == parent.ts


async def test_undo_of_a_delete_refuses_when_the_channel_was_archived(
    emu: SlackEmulator, context: ToolContext
) -> None:
    mine = bot_message(emu, "C0RANDOM", "Pizza at 1?")
    result = await run(context, "delete_message", channel="#random", ts=mine.ts)
    emu.workspace.channels["C0RANDOM"].is_archived = True
    assert await changed_since(context, "delete_message", result) == "#random was archived since."


async def test_deleting_someone_elses_message_is_refused(
    emu: SlackEmulator, context: ToolContext
) -> None:
    theirs = emu.workspace.messages_in("C0GENERAL")[0]
    with pytest.raises(ToolError) as failure:
        await run(context, "delete_message", channel="#general", ts=theirs.ts)
    assert failure.value.error_class == "cant_delete_message"
    assert failure.value.message == "I can only delete messages I posted myself."
    with pytest.raises(ToolError) as failure:
        await run(context, "delete_message", channel="#general", ts="1.000001")
    assert failure.value.error_class == "message_not_found"


async def test_read_channel_returns_messages_as_outside_content(
    emu: SlackEmulator, context: ToolContext
) -> None:
    emu.workspace.post_message("C0OPS", "y" * 4000, user="U0CAROL")
    result = await run(context, "read_channel", channel="#ops")
    assert result.outside_content
    assert result.summary == "2 messages from #ops."
    first, second = result.data["messages"]  # oldest first; the thread reply is not listed
    assert first["text"].startswith("Deploy of api v2.3") and first["user"] == "U0BOB"
    assert first["user_name"] == "@bob" and first["reply_count"] == 1
    assert len(second["text"]) == 3000 and second["truncated"]
    assert emu.calls_to("conversations.history")[-1].params["limit"] in (20, "20")
    few = await run(context, "read_channel", channel="#ops", limit=1)
    assert few.summary == "1 message from #ops."
    empty = emu.workspace.add_channel("quiet", {BOT})
    assert (
        await run(context, "read_channel", channel=empty.id)
    ).summary == "No messages in #quiet."


async def test_pin_message_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    deploy = emu.workspace.messages_in("C0OPS")[0]
    result = await run(context, "pin_message", channel="#ops", ts="latest")
    assert deploy.pinned_by == {BOT}
    assert result.summary == "Pinned the message in #ops."
    assert await changed_since(context, "pin_message", result) is None
    assert await undo(context, "pin_message", result) == "Unpinned the message in #ops."
    assert not deploy.pinned_by


async def test_undo_of_a_pin_refuses_when_unpinned_or_deleted(
    emu: SlackEmulator, context: ToolContext
) -> None:
    deploy = emu.workspace.messages_in("C0OPS")[0]
    result = await run(context, "pin_message", channel="#ops", ts=deploy.ts)
    deploy.pinned_by.clear()
    assert await changed_since(context, "pin_message", result) == "That message was unpinned since."
    emu.workspace.delete_message(deploy)
    assert await changed_since(context, "pin_message", result) == "That message no longer exists."


async def test_unpin_message_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    deploy = emu.workspace.messages_in("C0OPS")[0]
    deploy.pinned_by.add("U0BOB")
    result = await run(context, "unpin_message", channel="#ops", ts=deploy.ts)
    assert not deploy.pinned_by
    assert await changed_since(context, "unpin_message", result) is None
    assert await undo(context, "unpin_message", result) == "Pinned the message in #ops again."
    assert deploy.pinned_by
    deploy.pinned_by.add("U0BOB")
    assert await changed_since(context, "unpin_message", result) == "That message was pinned since."


async def test_add_reaction_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    deploy = emu.workspace.messages_in("C0OPS")[0]
    result = await run(context, "add_reaction", channel="#ops", ts=deploy.ts, name=":rocket:")
    assert deploy.reactions == {"rocket": {BOT}}
    assert result.summary == "Reacted with :rocket: in #ops."
    assert await changed_since(context, "add_reaction", result) is None
    assert await undo(context, "add_reaction", result) == "Removed my :rocket: reaction in #ops."
    assert deploy.reactions == {}


async def test_undo_of_a_reaction_refuses_when_it_was_removed(
    emu: SlackEmulator, context: ToolContext
) -> None:
    deploy = emu.workspace.messages_in("C0OPS")[0]
    result = await run(context, "add_reaction", channel="#ops", ts=deploy.ts, name="eyes")
    deploy.reactions["eyes"].discard(BOT)
    deploy.reactions["eyes"].add("U0BOB")
    assert await changed_since(context, "add_reaction", result) == (
        "My :eyes: reaction was removed since."
    )
    with pytest.raises(ToolError) as failure:
        await run(context, "add_reaction", channel="#ops", ts=deploy.ts, name="eyes")
        await run(context, "add_reaction", channel="#ops", ts=deploy.ts, name="eyes")
    assert failure.value.message == "I already reacted with :eyes: to that message."


# ------------------------------------------------------------------ channels


async def test_archive_channel_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    result = await run(context, "archive_channel", channel="#old-launch")
    assert emu.workspace.channels["C0OLDLAUNCH"].is_archived
    assert result.summary == "Archived #old-launch."
    assert result.undo is not None and result.undo.description == "unarchive #old-launch"
    assert result.undo.before["is_archived"] is False and result.undo.after["is_archived"]
    assert await changed_since(context, "archive_channel", result) is None
    assert await undo(context, "archive_channel", result) == "Unarchived #old-launch."
    assert not emu.workspace.channels["C0OLDLAUNCH"].is_archived


async def test_undo_of_an_archive_refuses_when_unarchived_since(
    emu: SlackEmulator, context: ToolContext
) -> None:
    result = await run(context, "archive_channel", channel="<#C0OLDLAUNCH|old-launch>")
    emu.workspace.channels["C0OLDLAUNCH"].is_archived = False
    assert await changed_since(context, "archive_channel", result) == (
        "#old-launch was unarchived since."
    )
    del emu.workspace.channels["C0OLDLAUNCH"]
    assert await changed_since(context, "archive_channel", result) == (
        "#old-launch no longer exists."
    )


async def test_unarchive_channel_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    channel = emu.workspace.channels["C0OLDLAUNCH"]
    channel.is_archived = True
    result = await run(context, "unarchive_channel", channel="#old-launch")
    assert not channel.is_archived
    assert await changed_since(context, "unarchive_channel", result) is None
    assert await undo(context, "unarchive_channel", result) == "Archived #old-launch again."
    assert channel.is_archived
    channel.is_archived = True
    result = await run(context, "unarchive_channel", channel="#old-launch")
    channel.is_archived = True
    assert await changed_since(context, "unarchive_channel", result) == (
        "#old-launch was archived since."
    )


async def test_rename_channel_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    channel = emu.workspace.channels["C0RANDOM"]
    result = await run(context, "rename_channel", channel="#random", name="water-cooler")
    assert channel.name == "water-cooler"
    assert result.summary == "Renamed #random to #water-cooler."
    assert await changed_since(context, "rename_channel", result) is None
    assert await undo(context, "rename_channel", result) == (
        "Renamed #water-cooler back to #random."
    )
    assert channel.name == "random"
    result = await run(context, "rename_channel", channel="#random", name="lounge")
    channel.name = "chatter"
    assert await changed_since(context, "rename_channel", result) == (
        "#lounge was renamed since to #chatter."
    )


async def test_rename_to_a_taken_name_is_refused(emu: SlackEmulator, context: ToolContext) -> None:
    with pytest.raises(ToolError) as failure:
        await run(context, "rename_channel", channel="#random", name="general")
    assert failure.value.error_class == "name_taken"
    assert failure.value.message == "There is already a channel called #general."
    with pytest.raises(ToolError) as failure:
        await run(context, "rename_channel", channel="#random", name="*&^")
    assert failure.value.error_class == "invalid_name_specials"


@pytest.mark.parametrize("attribute", ["topic", "purpose"])
async def test_set_topic_and_purpose_and_their_undo(
    emu: SlackEmulator, context: ToolContext, attribute: str
) -> None:
    channel = emu.workspace.channels["C0OPS"]
    setattr(channel, attribute, "Deploys and incidents")
    name = f"set_{attribute}"
    result = await run(context, name, channel="#ops", **{attribute: "Freeze until Monday"})
    assert getattr(channel, attribute) == "Freeze until Monday"
    assert result.summary == f"Set the {attribute} of #ops to “Freeze until Monday”."
    assert await changed_since(context, name, result) is None
    assert await undo(context, name, result) == (
        f"Restored the {attribute} of #ops to “Deploys and incidents”."
    )
    assert getattr(channel, attribute) == "Deploys and incidents"
    result = await run(context, name, channel="#ops", **{attribute: "x"})
    setattr(channel, attribute, "Someone else's words")
    assert await changed_since(context, name, result) == (
        f"The {attribute} of #ops was changed since to “Someone else's words”."
    )


async def test_undo_of_a_first_topic_clears_it(emu: SlackEmulator, context: ToolContext) -> None:
    channel = emu.workspace.channels["C0RANDOM"]
    assert channel.topic == ""
    result = await run(context, "set_topic", channel="#random", topic="Lunch")
    assert await undo(context, "set_topic", result) == "Cleared the topic of #random again."
    assert channel.topic == ""
    result = await run(context, "set_topic", channel="#random", topic="Lunch")
    channel.topic = ""
    assert await changed_since(context, "set_topic", result) == (
        "The topic of #random was cleared since."
    )


async def test_create_channel_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    result = await run(context, "create_channel", name="#Launch 2026")
    created = emu.workspace.channel_by_name("launch-2026")
    assert created is not None and not created.is_private
    assert result.summary == "Created the public channel #launch-2026."
    assert result.data["channel"] == created.id
    assert await changed_since(context, "create_channel", result) is None
    assert await undo(context, "create_channel", result) == "Archived #launch-2026."
    assert created.is_archived
    private = await run(context, "create_channel", name="hush", is_private=True)
    assert private.data["is_private"] and emu.workspace.channels[private.data["channel"]].is_private


async def test_undo_of_a_create_refuses_once_people_use_the_channel(
    emu: SlackEmulator, context: ToolContext
) -> None:
    result = await run(context, "create_channel", name="launch-2026")
    emu.workspace.post_message(result.data["channel"], "First!", user="U0BOB")
    assert await changed_since(context, "create_channel", result) == (
        "People have posted in #launch-2026 since."
    )
    emu.workspace.channels[result.data["channel"]].name = "launch-final"
    assert await changed_since(context, "create_channel", result) == (
        "#launch-2026 was renamed since to #launch-final."
    )
    with pytest.raises(ToolError) as failure:
        await run(context, "create_channel", name="general")
    assert failure.value.error_class == "name_taken"


async def test_invite_member_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    ops = emu.workspace.channels["C0OPS"]
    ops.members.discard("U0BOB")
    result = await run(context, "invite_member", channel="#ops", user="@bob")
    assert "U0BOB" in ops.members
    assert result.summary == "Invited @bob to #ops."
    assert await changed_since(context, "invite_member", result) is None
    assert await undo(context, "invite_member", result) == "Removed @bob from #ops."
    assert "U0BOB" not in ops.members
    result = await run(context, "invite_member", channel="#ops", user="Bob Baker")
    ops.members.discard("U0BOB")
    assert await changed_since(context, "invite_member", result) == "@bob is no longer in #ops."
    with pytest.raises(ToolError) as failure:
        await run(context, "invite_member", channel="#ops", user="alice")
    assert failure.value.message == "@alice is already in #ops."
    assert failure.value.error_class == "already_in_channel"


async def test_remove_member_and_its_undo(emu: SlackEmulator, context: ToolContext) -> None:
    ops = emu.workspace.channels["C0OPS"]
    result = await run(context, "remove_member", channel="#ops", user="<@U0BOB>")
    assert "U0BOB" not in ops.members
    assert result.summary == "Removed @bob from #ops."
    assert await changed_since(context, "remove_member", result) is None
    assert await undo(context, "remove_member", result) == "Invited @bob back to #ops."
    assert "U0BOB" in ops.members
    result = await run(context, "remove_member", channel="#ops", user="bob")
    ops.members.add("U0BOB")
    assert await changed_since(context, "remove_member", result) == "@bob is back in #ops already."


async def test_removing_someone_who_is_not_there(emu: SlackEmulator, context: ToolContext) -> None:
    emu.workspace.channels["C0OPS"].members.discard("U0BOB")
    with pytest.raises(ToolError) as failure:
        await run(context, "remove_member", channel="#ops", user="@bob")
    assert (failure.value.message, failure.value.error_class) == (
        "@bob is not in #ops.",
        "not_in_channel",
    )
    assert not emu.calls_to("conversations.join")


async def test_list_channels_includes_archived_ones(
    emu: SlackEmulator, context: ToolContext
) -> None:
    emu.workspace.channels["C0OLDLAUNCH"].is_archived = True
    result = await run(context, "list_channels")
    names = {c["name"]: c for c in result.data["channels"]}
    assert set(names) == {"old-launch", "general", "random", "ops"}
    assert names["old-launch"]["is_archived"] and names["ops"]["topic"] == "Deploys and incidents"
    assert result.summary.startswith("4 channels: ")
    assert "#old-launch (archived)" in result.summary
    assert result.outside_content


# ------------------------------------------------------------------ errors and joining


async def test_already_archived_is_a_clear_error(emu: SlackEmulator, context: ToolContext) -> None:
    emu.workspace.channels["C0OLDLAUNCH"].is_archived = True
    with pytest.raises(ToolError) as failure:
        await run(context, "archive_channel", channel="#old-launch")
    assert failure.value.message == "#old-launch is already archived."
    assert failure.value.error_class == "already_archived"
    assert not failure.value.retryable
    with pytest.raises(ToolError) as failure:
        await run(context, "archive_channel", channel="#general")
    assert failure.value.error_class == "cant_archive_general"


async def test_unknown_channel_in_a_tool(emu: SlackEmulator, context: ToolContext) -> None:
    with pytest.raises(ToolError) as failure:
        await run(context, "archive_channel", channel="#launch-2019")
    assert failure.value.message == "I can't find a channel called #launch-2019."
    assert failure.value.error_class == "channel_not_found"
    assert not emu.calls_to("conversations.archive")


async def test_rate_limit_is_retryable_with_the_servers_delay(
    emu: SlackEmulator, context: ToolContext
) -> None:
    emu.fail_next("conversations.archive", "ratelimited", retry_after=7)
    with pytest.raises(RetryableToolError) as failure:
        await run(context, "archive_channel", channel="#old-launch")
    assert failure.value.retryable and failure.value.error_class == "ratelimited"
    assert failure.value.retry_after == 7.0
    assert len(emu.calls_to("conversations.archive")) == 1  # the orchestrator retries, not the tool
    assert not emu.workspace.channels["C0OLDLAUNCH"].is_archived
    await run(context, "archive_channel", channel="#old-launch")
    assert emu.workspace.channels["C0OLDLAUNCH"].is_archived


async def test_server_errors_are_retryable(emu: SlackEmulator, context: ToolContext) -> None:
    emu.fail_next("chat.postMessage", "internal_error", status=503)
    with pytest.raises(RetryableToolError) as failure:
        await run(context, "post_message", channel="#ops", text="hi")
    assert failure.value.error_class == "internal_error"
    emu.fail_next("conversations.list", "service_unavailable", status=502)
    with pytest.raises(RetryableToolError):
        await run(context, "archive_channel", channel="#old-launch")


async def test_timeouts_and_connection_errors_are_retryable() -> None:
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_route("*", "/api/{method}", slow)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    api_url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/"
    try:
        slow_client = AsyncWebClient(token="xoxb-test", base_url=api_url, timeout=0.1)
        context = ToolContext(team_id="T1", user_id="U1", channel_id="D1", slack=slow_client)
        with pytest.raises(RetryableToolError) as failure:
            await run(context, "archive_channel", channel="C0OPS")
        assert failure.value.error_class == "timeout"
    finally:
        release.set()
        await runner.cleanup()
    closed = AsyncWebClient(token="xoxb-test", base_url=api_url, retry_handlers=[])
    context = ToolContext(team_id="T1", user_id="U1", channel_id="D1", slack=closed)
    with pytest.raises(RetryableToolError) as failure:
        await run(context, "archive_channel", channel="C0OPS")
    assert failure.value.error_class == "connection_error"


async def test_not_in_channel_joins_then_retries_once(
    emu: SlackEmulator, context: ToolContext
) -> None:
    random = emu.workspace.channels["C0RANDOM"]
    random.members.discard(BOT)
    await run(context, "post_message", channel="#random", text="Hello from Kaizen")
    assert BOT in random.members
    assert [c.params["channel"] for c in emu.calls_to("conversations.join")] == ["C0RANDOM"]
    assert [c.response["ok"] for c in emu.calls_to("chat.postMessage")] == [False, True]
    assert latest_in(emu, "C0RANDOM").text == "Hello from Kaizen"
    random.members.discard(BOT)
    result = await run(context, "read_channel", channel="#random")
    assert result.data["messages"][-1]["text"] == "Hello from Kaizen"
    random.members.discard(BOT)
    await run(context, "set_topic", channel="#random", topic="Lunch")
    assert random.topic == "Lunch"


async def test_a_failed_join_is_explained(emu: SlackEmulator, context: ToolContext) -> None:
    random = emu.workspace.channels["C0RANDOM"]
    random.members.discard(BOT)
    emu.fail_next("conversations.join", "missing_scope")
    with pytest.raises(ToolError) as failure:
        await run(context, "post_message", channel="#random", text="hi")
    assert failure.value.error_class == "missing_scope"
    assert len(emu.calls_to("chat.postMessage")) == 1


async def test_unknown_slack_errors_keep_their_name(
    emu: SlackEmulator, context: ToolContext
) -> None:
    emu.fail_next("conversations.archive", "something_new")
    with pytest.raises(ToolError) as failure:
        await run(context, "archive_channel", channel="#old-launch")
    assert failure.value.error_class == "something_new"
    assert failure.value.message == "Slack refused that: something_new."
