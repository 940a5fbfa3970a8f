"""The Slack emulator, driven by the real slack_sdk AsyncWebClient over HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.sandbox import SlackEmulator as ExportedEmulator
from bot.sandbox.emulator import ApiCall, Message, SlackEmulator, Workspace, WorkspaceChange

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}


@pytest.fixture
async def emu() -> AsyncIterator[SlackEmulator]:
    async with SlackEmulator() as running:
        yield running


@pytest.fixture
def client(emu: SlackEmulator) -> AsyncWebClient:
    """A bot client with no retry handlers, so failures surface at once."""
    return AsyncWebClient(token=emu.bot_token, base_url=emu.api_url, retry_handlers=[])


async def slack_error(call: Any) -> SlackApiError:
    """Await ``call`` and return the SlackApiError it raises."""
    with pytest.raises(SlackApiError) as caught:
        await call
    return caught.value


async def error_of(call: Any) -> str:
    return str((await slack_error(call)).response["error"])


# --------------------------------------------------------------------- basics


def test_public_names_are_exported() -> None:
    assert ExportedEmulator is SlackEmulator
    assert {Workspace, Message, ApiCall, WorkspaceChange}


async def test_seeded_workspace(emu: SlackEmulator) -> None:
    ws = emu.workspace
    assert emu.api_url == f"{emu.base_url}/api/"
    assert emu.bot_token.startswith("xoxb-sandbox-")
    assert ws.user_by_name("alice") is ws.users["U0ALICE"] and ws.users["U0ALICE"].is_admin
    assert ws.users["U0KAIZEN"].is_bot
    for name, channel_id in [
        ("general", "C0GENERAL"),
        ("random", "C0RANDOM"),
        ("ops", "C0OPS"),
        ("old-launch", "C0OLDLAUNCH"),
    ]:
        channel = ws.channel_by_name(f"#{name}")
        assert channel is not None and channel.id == channel_id
        assert {"U0ALICE", "U0BOB", "U0CAROL", "U0KAIZEN"} <= channel.members
    assert ws.messages_in("C0GENERAL")
    im = ws.open_im("U0BOB")
    assert im.id.startswith("D") and im.members == {"U0BOB", "U0KAIZEN"}
    assert ws.open_im("U0BOB") is im


async def test_unseeded_workspace_has_only_the_bot() -> None:
    async with SlackEmulator(seed=False, bot_token="xoxb-fixed") as emu:
        client = AsyncWebClient(token="xoxb-fixed", base_url=emu.api_url)
        listed = await client.conversations_list()
        assert listed["channels"] == []
        assert list(emu.workspace.users) == ["U0KAIZEN"]


async def test_auth_test(emu: SlackEmulator, client: AsyncWebClient) -> None:
    response = await client.auth_test()
    assert response["team_id"] == "T0SANDBOX"
    assert response["user_id"] == "U0KAIZEN"
    assert response["bot_id"] == "B0KAIZEN"
    assert response["team"] == "Kaizen Sandbox"
    assert response["url"].startswith("https://")

    anonymous = AsyncWebClient(base_url=emu.api_url, retry_handlers=[])
    assert await error_of(anonymous.auth_test()) == "not_authed"
    stranger = AsyncWebClient(token="xoxb-nope", base_url=emu.api_url, retry_handlers=[])
    assert await error_of(stranger.auth_test()) == "invalid_auth"
    assert [c.response["ok"] for c in emu.calls_to("auth.test")] == [True, False, False]
    assert emu.calls_to("auth.test")[0].token == emu.bot_token


async def test_unknown_method(client: AsyncWebClient) -> None:
    assert await error_of(client.api_call("chat.doesNotExist")) == "unknown_method"


async def test_form_get_and_token_param_are_accepted(emu: SlackEmulator) -> None:
    """Form bodies, GET queries and a `token` parameter work like JSON + Bearer."""
    async with aiohttp.ClientSession() as http:
        form = {
            "token": emu.bot_token,
            "channel": "C0RANDOM",
            "text": "form",
            "blocks": json.dumps([SECTION]),
        }
        async with http.post(f"{emu.api_url}chat.postMessage", data=form) as response:
            body = await response.json()
        async with http.get(
            f"{emu.api_url}conversations.info",
            params={"channel": "C0RANDOM", "token": emu.bot_token},
        ) as response:
            info = await response.json()
    assert body["ok"] and body["message"]["blocks"] == [SECTION]
    assert info["ok"] and info["channel"]["name"] == "random"
    call = emu.calls_to("chat.postMessage")[0]
    assert call.params["blocks"] == [SECTION]
    assert "token" not in call.params and call.token == emu.bot_token


# ------------------------------------------------------------------ messages


async def test_post_history_and_replies(emu: SlackEmulator, client: AsyncWebClient) -> None:
    posted = await client.chat_postMessage(
        channel="C0GENERAL", text="parent", unfurl_links=False, unfurl_media=False
    )
    parent_ts = posted["ts"]
    assert posted["channel"] == "C0GENERAL"
    assert posted["message"]["bot_id"] == "B0KAIZEN" and posted["message"]["user"] == "U0KAIZEN"
    reply = await client.chat_postMessage(channel="C0GENERAL", text="child", thread_ts=parent_ts)
    assert reply["message"]["thread_ts"] == parent_ts
    later = await client.chat_postMessage(channel="C0GENERAL", text="later")

    history = await client.conversations_history(channel="C0GENERAL", limit=2)
    texts = [m["text"] for m in history["messages"]]
    assert texts == ["later", "parent"]
    assert history["has_more"] is True
    assert history["messages"][1]["reply_count"] == 1
    assert history["messages"][1]["reply_users"] == ["U0KAIZEN"]

    replies = await client.conversations_replies(channel="C0GENERAL", ts=parent_ts)
    assert [m["text"] for m in replies["messages"]] == ["parent", "child"]
    assert replies["messages"][1]["parent_user_id"] == "U0KAIZEN"

    window = await client.conversations_history(channel="C0GENERAL", oldest=parent_ts)
    assert [m["text"] for m in window["messages"]] == ["later"]

    stored = emu.workspace.find_message("C0GENERAL", parent_ts)
    assert stored is not None and stored.unfurl_links is False and stored.unfurl_media is False
    assert [m.text for m in emu.workspace.messages_in("C0GENERAL", thread_ts=parent_ts)] == [
        "parent",
        "child",
    ]
    assert float(later["ts"]) > float(reply["ts"]) > float(parent_ts)
    assert await error_of(client.conversations_replies(channel="C0GENERAL", ts="1.000001")) == (
        "thread_not_found"
    )


async def test_ts_is_strictly_increasing(emu: SlackEmulator, client: AsyncWebClient) -> None:
    stamps = [(await client.chat_postMessage(channel="C0OPS", text=str(i)))["ts"] for i in range(5)]
    assert all(len(ts.split(".")[1]) == 6 for ts in stamps)
    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 5


async def test_post_to_user_id_opens_the_im(emu: SlackEmulator, client: AsyncWebClient) -> None:
    posted = await client.chat_postMessage(channel="U0CAROL", text="psst")
    im = emu.workspace.im_with("U0CAROL")
    assert im is not None and posted["channel"] == im.id
    opened = await client.conversations_open(users="U0CAROL")
    assert opened["channel"]["id"] == im.id
    assert await error_of(client.chat_postMessage(channel="C0NOPE", text="x")) == (
        "channel_not_found"
    )


async def test_update_and_delete(emu: SlackEmulator, client: AsyncWebClient) -> None:
    ts = (await client.chat_postMessage(channel="C0OPS", text="v1", blocks=[SECTION]))["ts"]
    updated = await client.chat_update(channel="C0OPS", ts=ts, text="v2")
    assert updated["text"] == "v2" and updated["message"]["blocks"] == [SECTION]
    message = emu.workspace.find_message("C0OPS", ts)
    assert message is not None and message.edited and message.text == "v2"

    seeded = emu.workspace.messages_in("C0OPS")[0]
    assert seeded.user == "U0BOB"
    assert await error_of(client.chat_update(channel="C0OPS", ts=seeded.ts, text="x")) == (
        "cant_update_message"
    )
    assert await error_of(client.chat_delete(channel="C0OPS", ts=seeded.ts)) == (
        "cant_delete_message"
    )
    assert await error_of(client.chat_update(channel="C0OPS", ts="1.000001", text="x")) == (
        "message_not_found"
    )

    deleted = await client.chat_delete(channel="C0OPS", ts=ts)
    assert deleted["ts"] == ts
    assert emu.workspace.find_message("C0OPS", ts) is None
    assert await error_of(client.chat_delete(channel="C0OPS", ts=ts)) == "message_not_found"


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing:UserWarning")
async def test_message_limits(client: AsyncWebClient) -> None:
    assert await error_of(client.chat_postMessage(channel="C0OPS", text="x" * 40_001)) == (
        "msg_too_long"
    )
    assert await error_of(client.chat_postMessage(channel="C0OPS", text="")) == "no_text"
    too_many = [SECTION] * 51
    assert await error_of(client.chat_postMessage(channel="C0OPS", text="x", blocks=too_many)) == (
        "invalid_blocks"
    )
    long_section = {"type": "section", "text": {"type": "mrkdwn", "text": "y" * 3001}}
    error = await slack_error(
        client.chat_postMessage(channel="C0OPS", text="x", blocks=[long_section])
    )
    assert error.response["error"] == "invalid_blocks"
    assert "json-pointer:/blocks/0/text/text" in error.response["response_metadata"]["messages"][0]
    ok = await client.chat_postMessage(channel="C0OPS", text="x" * 40_000, blocks=[SECTION] * 50)
    assert ok["ok"]


async def test_ephemeral_and_permalink(emu: SlackEmulator, client: AsyncWebClient) -> None:
    response = await client.chat_postEphemeral(channel="C0GENERAL", user="U0BOB", text="only you")
    message = emu.workspace.find_message("C0GENERAL", response["message_ts"])
    assert message is not None and message.is_ephemeral and message.ephemeral_user == "U0BOB"
    history = await client.conversations_history(channel="C0GENERAL")
    assert "only you" not in [m["text"] for m in history["messages"]]
    assert await error_of(
        client.chat_postEphemeral(channel="C0GENERAL", user="U0NOBODY", text="x")
    ) == ("user_not_found")

    ts = (await client.chat_postMessage(channel="C0GENERAL", text="link me"))["ts"]
    link = await client.chat_getPermalink(channel="C0GENERAL", message_ts=ts)
    assert link["permalink"].endswith(f"/archives/C0GENERAL/p{ts.replace('.', '')}")


# ---------------------------------------------------------------- channels


async def test_archive_and_unarchive(emu: SlackEmulator, client: AsyncWebClient) -> None:
    assert (await client.conversations_archive(channel="C0OLDLAUNCH"))["ok"]
    assert emu.workspace.channels["C0OLDLAUNCH"].is_archived
    assert await error_of(client.conversations_archive(channel="C0OLDLAUNCH")) == "already_archived"
    assert await error_of(client.chat_postMessage(channel="C0OLDLAUNCH", text="x")) == "is_archived"
    assert await error_of(client.conversations_archive(channel="C0GENERAL")) == (
        "cant_archive_general"
    )
    assert (await client.conversations_unarchive(channel="C0OLDLAUNCH"))["ok"]
    assert await error_of(client.conversations_unarchive(channel="C0OLDLAUNCH")) == "not_archived"
    assert await error_of(client.conversations_archive(channel="C0MISSING")) == "channel_not_found"


async def test_rename_topic_purpose(emu: SlackEmulator, client: AsyncWebClient) -> None:
    renamed = await client.conversations_rename(channel="C0RANDOM", name="water-cooler")
    assert renamed["channel"]["name"] == "water-cooler"
    assert emu.workspace.channel_by_name("water-cooler") is emu.workspace.channels["C0RANDOM"]
    assert (
        await error_of(client.conversations_rename(channel="C0RANDOM", name="ops")) == "name_taken"
    )
    assert await error_of(client.conversations_rename(channel="C0RANDOM", name="Has Space")) == (
        "invalid_name_specials"
    )

    await client.conversations_setTopic(channel="C0OPS", topic="Deploy freeze")
    await client.conversations_setPurpose(channel="C0OPS", purpose="Operations")
    info = await client.conversations_info(channel="C0OPS")
    assert info["channel"]["topic"]["value"] == "Deploy freeze"
    assert info["channel"]["purpose"]["value"] == "Operations"
    assert await error_of(client.conversations_setTopic(channel="C0OPS", topic="t" * 251)) == (
        "too_long"
    )


async def test_create_channel(emu: SlackEmulator, client: AsyncWebClient) -> None:
    created = await client.conversations_create(name="launch-2026", is_private=True)
    channel = created["channel"]
    assert channel["name"] == "launch-2026" and channel["is_private"] is True
    assert emu.workspace.channels[channel["id"]].members == {"U0KAIZEN"}
    assert await error_of(client.conversations_create(name="launch-2026")) == "name_taken"
    for bad in ("UPPER", "with space", "semi;colon"):
        assert await error_of(client.conversations_create(name=bad)) == "invalid_name_specials"
    assert await error_of(client.conversations_create(name="x" * 81)) == "invalid_name_maxlength"


async def test_invite_and_kick(emu: SlackEmulator, client: AsyncWebClient) -> None:
    channel_id = (await client.conversations_create(name="war-room"))["channel"]["id"]
    await client.conversations_invite(channel=channel_id, users=["U0BOB", "U0CAROL"])
    members = await client.conversations_members(channel=channel_id)
    assert set(members["members"]) == {"U0KAIZEN", "U0BOB", "U0CAROL"}
    error = await slack_error(client.conversations_invite(channel=channel_id, users="U0BOB"))
    assert error.response["error"] == "already_in_channel"
    assert await error_of(client.conversations_invite(channel=channel_id, users="U0GHOST")) == (
        "user_not_found"
    )

    await client.conversations_kick(channel=channel_id, user="U0BOB")
    assert "U0BOB" not in emu.workspace.channels[channel_id].members
    assert await error_of(client.conversations_kick(channel=channel_id, user="U0BOB")) == (
        "not_in_channel"
    )
    assert await error_of(client.conversations_kick(channel="C0GENERAL", user="U0BOB")) == (
        "cant_kick_from_general"
    )


async def test_conversations_list_pagination(emu: SlackEmulator, client: AsyncWebClient) -> None:
    emu.workspace.add_channel("secret", {"U0ALICE"}, is_private=True)
    emu.workspace.add_channel("bot-private", {"U0KAIZEN"}, is_private=True)
    await client.conversations_archive(channel="C0OLDLAUNCH")

    names: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = await client.conversations_list(limit=2, cursor=cursor)
        names += [c["name"] for c in page["channels"]]
        pages += 1
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert pages == 2
    assert sorted(names) == ["general", "old-launch", "ops", "random"]

    active = await client.conversations_list(
        exclude_archived=True, types="public_channel,private_channel"
    )
    assert sorted(c["name"] for c in active["channels"]) == [
        "bot-private",
        "general",
        "ops",
        "random",
    ]
    assert await error_of(client.conversations_list(cursor="bm9wZQ==")) == "invalid_cursor"


# ----------------------------------------------------------- pins/reactions


async def test_pins_and_reactions(emu: SlackEmulator, client: AsyncWebClient) -> None:
    ts = (await client.chat_postMessage(channel="C0OPS", text="pin me"))["ts"]
    await client.pins_add(channel="C0OPS", timestamp=ts)
    assert await error_of(client.pins_add(channel="C0OPS", timestamp=ts)) == "already_pinned"
    pinned = await client.pins_list(channel="C0OPS")
    assert [item["message"]["ts"] for item in pinned["items"]] == [ts]
    await client.pins_remove(channel="C0OPS", timestamp=ts)
    assert await error_of(client.pins_remove(channel="C0OPS", timestamp=ts)) == "not_pinned"
    assert await error_of(client.pins_add(channel="C0OPS", timestamp="1.000001")) == (
        "message_not_found"
    )

    await client.reactions_add(channel="C0OPS", timestamp=ts, name="thumbsup")
    assert await error_of(client.reactions_add(channel="C0OPS", timestamp=ts, name="thumbsup")) == (
        "already_reacted"
    )
    emu.workspace.add_reaction("C0OPS", ts, "thumbsup", "U0ALICE")
    got = await client.reactions_get(channel="C0OPS", timestamp=ts)
    assert got["message"]["reactions"] == [
        {"name": "thumbsup", "users": ["U0ALICE", "U0KAIZEN"], "count": 2}
    ]
    assert await error_of(client.reactions_remove(channel="C0OPS", timestamp=ts, name="eyes")) == (
        "no_reaction"
    )
    await client.reactions_remove(channel="C0OPS", timestamp=ts, name="thumbsup")
    message = emu.workspace.find_message("C0OPS", ts)
    assert message is not None and message.reactions == {"thumbsup": {"U0ALICE"}}


# ------------------------------------------------------------ users / views


async def test_users_info_and_list(client: AsyncWebClient) -> None:
    info = await client.users_info(user="U0ALICE")
    user = info["user"]
    assert user["tz"] == "Europe/Berlin" and user["tz_offset"] == 3600
    assert user["is_admin"] is True and user["is_bot"] is False
    assert user["profile"]["display_name"] == "alice"
    assert user["profile"]["real_name"] == "Alice Archer"
    bot = (await client.users_info(user="U0KAIZEN"))["user"]
    assert bot["is_bot"] is True and bot["profile"]["bot_id"] == "B0KAIZEN"
    assert await error_of(client.users_info(user="U0NOBODY")) == "user_not_found"

    first = await client.users_list(limit=2)
    second = await client.users_list(limit=2, cursor=first["response_metadata"]["next_cursor"])
    ids = [u["id"] for u in first["members"] + second["members"]]
    assert sorted(ids) == ["U0ALICE", "U0BOB", "U0CAROL", "U0KAIZEN"]


async def test_views_publish_and_modals(emu: SlackEmulator, client: AsyncWebClient) -> None:
    home = {"type": "home", "blocks": [SECTION]}
    published = await client.views_publish(user_id="U0BOB", view=home)
    assert emu.workspace.home_views["U0BOB"]["blocks"] == [SECTION]
    again = await client.views_publish(user_id="U0BOB", view=home)
    assert again["view"]["id"] == published["view"]["id"]
    assert await error_of(client.views_publish(user_id="U0BOB", view=home, hash="stale")) == (
        "hash_conflict"
    )

    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Improve"}, "blocks": []}
    trigger = emu.new_trigger_id("U0BOB")
    opened = await client.views_open(trigger_id=trigger, view=modal)
    assert opened["view"]["id"].startswith("V")
    assert await error_of(client.views_open(trigger_id=trigger, view=modal)) == (
        "exchanged_trigger_id"
    )
    modal["title"] = {"type": "plain_text", "text": "Thanks"}
    updated = await client.views_update(view_id=opened["view"]["id"], view=modal)
    assert updated["view"]["title"]["text"] == "Thanks"


# ------------------------------------------------------------------- files


async def test_files_upload_v2(emu: SlackEmulator, client: AsyncWebClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    response = await client.files_upload_v2(
        channel="C0OPS", content=png, filename="stats.png", title="Stats", initial_comment="chart"
    )
    file_id = response["file"]["id"]
    assert emu.workspace.files[file_id].content == png
    assert response["file"]["title"] == "Stats"
    assert [
        c.method for c in emu.calls if c.method.startswith("files") or c.method == "upload"
    ] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    shared = emu.workspace.messages_in("C0OPS")[-1]
    assert shared.text == "chart" and shared.files[0]["id"] == file_id
    assert shared.files[0]["name"] == "stats.png"


# --------------------------------------------------------------- streaming


async def test_streaming(emu: SlackEmulator, client: AsyncWebClient) -> None:
    parent_ts = emu.workspace.post_message("C0GENERAL", "question?", user="U0ALICE").ts
    started = await client.chat_startStream(
        channel="C0GENERAL",
        thread_ts=parent_ts,
        recipient_team_id="T0SANDBOX",
        recipient_user_id="U0ALICE",
        markdown_text="Hel",
    )
    ts = started["ts"]
    message = emu.workspace.find_message("C0GENERAL", ts)
    assert message is not None and message.streaming and message.thread_ts == parent_ts
    await client.chat_appendStream(channel="C0GENERAL", ts=ts, markdown_text="lo")
    await client.chat_appendStream(
        channel="C0GENERAL", ts=ts, chunks=[{"type": "markdown_text", "text": " world"}]
    )
    stopped = await client.chat_stopStream(channel="C0GENERAL", ts=ts, blocks=[SECTION])
    assert stopped["message"]["text"] == "Hello world"
    assert message.text == "Hello world" and not message.streaming and message.blocks == [SECTION]
    assert await error_of(
        client.chat_appendStream(channel="C0GENERAL", ts=ts, markdown_text="!")
    ) == ("message_not_in_streaming_state")
    assert await error_of(client.chat_startStream(channel="C0GENERAL", thread_ts=parent_ts)) == (
        "invalid_arguments"
    )


async def test_expired_stream_falls_back_to_update(
    emu: SlackEmulator, client: AsyncWebClient
) -> None:
    im = emu.workspace.open_im("U0BOB")
    parent_ts = emu.workspace.post_message(im.id, "hi", user="U0BOB").ts
    ts = (await client.chat_startStream(channel=im.id, thread_ts=parent_ts))["ts"]
    emu.expire_stream(im.id, ts)
    assert await error_of(client.chat_appendStream(channel=im.id, ts=ts, markdown_text="x")) == (
        "message_not_in_streaming_state"
    )
    await client.chat_update(channel=im.id, ts=ts, text="final answer")
    message = emu.workspace.find_message(im.id, ts)
    assert message is not None and message.text == "final answer"


async def test_chat_stream_helper(emu: SlackEmulator, client: AsyncWebClient) -> None:
    """slack_sdk's AsyncChatStream (Bolt's say_stream) works end to end."""
    parent_ts = emu.workspace.post_message("C0OPS", "status?", user="U0BOB").ts
    streamer = await client.chat_stream(
        channel="C0OPS",
        thread_ts=parent_ts,
        recipient_team_id="T0SANDBOX",
        recipient_user_id="U0BOB",
        buffer_size=5,
    )
    await streamer.append(markdown_text="All systems ")
    await streamer.append(markdown_text="nominal")
    await streamer.stop()
    assert streamer.ts is not None
    message = emu.workspace.find_message("C0OPS", streamer.ts)
    assert message is not None and message.text == "All systems nominal" and not message.streaming


# --------------------------------------------------------------- assistant


async def test_assistant_threads(emu: SlackEmulator, client: AsyncWebClient) -> None:
    im = emu.workspace.open_im("U0ALICE")
    thread_ts = emu.workspace.post_message(im.id, "help", user="U0ALICE").ts
    await client.assistant_threads_setStatus(
        channel_id=im.id, thread_ts=thread_ts, status="is thinking...", loading_messages=["Hmm"]
    )
    prompts = [{"title": "Stats", "message": "/stats"}]
    await client.assistant_threads_setSuggestedPrompts(
        channel_id=im.id, thread_ts=thread_ts, prompts=prompts, title="Try"
    )
    await client.assistant_threads_setTitle(channel_id=im.id, thread_ts=thread_ts, title="Help")
    thread = emu.workspace.assistant_threads[(im.id, thread_ts)]
    assert thread.status == "is thinking..." and thread.loading_messages == ["Hmm"]
    assert thread.suggested_prompts == prompts and thread.prompts_title == "Try"
    assert thread.title == "Help"
    await client.assistant_threads_setStatus(channel_id=im.id, thread_ts=thread_ts, status="")
    assert thread.status == ""


# ------------------------------------------------------------ test controls


async def test_fail_next_ratelimited(emu: SlackEmulator, client: AsyncWebClient) -> None:
    emu.fail_next("chat.postMessage", retry_after=7)
    error = await slack_error(client.chat_postMessage(channel="C0OPS", text="x"))
    assert error.response.status_code == 429
    assert error.response.headers["Retry-After"] == "7"
    assert error.response["error"] == "ratelimited"
    assert (await client.chat_postMessage(channel="C0OPS", text="x"))["ok"]

    emu.fail_next("conversations.info")
    error = await slack_error(client.conversations_info(channel="C0OPS"))
    assert error.response.status_code == 429 and error.response.headers["Retry-After"] == "1"

    emu.fail_next("auth.test", "internal_error", status=500, times=2)
    for _ in range(2):
        error = await slack_error(client.auth_test())
        assert error.response.status_code == 500
    emu.fail_next("auth.test", "account_inactive")
    error = await slack_error(client.auth_test())
    assert error.response.status_code == 200 and error.response["error"] == "account_inactive"
    assert (await client.auth_test())["ok"]
    assert len(emu.calls_to("auth.test")) == 4
    assert emu.calls_to("chat.postMessage")[0].response == {"ok": False, "error": "ratelimited"}


async def test_response_url(emu: SlackEmulator) -> None:
    url = emu.new_response_url(channel_id="C0GENERAL", user_id="U0BOB")
    async with aiohttp.ClientSession() as http:

        async def post(body: dict[str, Any]) -> aiohttp.ClientResponse:
            async with http.post(url, json=body) as response:
                await response.read()
                return response

        assert (await post({"text": "working on it"})).status == 200
        ephemeral = emu.workspace.messages_in("C0GENERAL")[-1]
        assert ephemeral.is_ephemeral and ephemeral.ephemeral_user == "U0BOB"
        assert ephemeral.text == "working on it"

        assert (await post({"text": "done", "replace_original": True})).status == 200
        assert ephemeral.ts == emu.workspace.messages_in("C0GENERAL")[-1].ts
        replaced = emu.workspace.find_message("C0GENERAL", ephemeral.ts)
        assert replaced is not None and replaced.text == "done"

        assert (await post({"text": "for all", "response_type": "in_channel"})).status == 200
        public = emu.workspace.messages_in("C0GENERAL")[-1]
        assert public.text == "for all" and not public.is_ephemeral and public.user == "U0KAIZEN"

        assert (await post({"delete_original": True})).status == 200
        assert emu.workspace.find_message("C0GENERAL", ephemeral.ts) is None
        assert (await post({"text": "fifth"})).status == 200
        used = await post({"text": "sixth"})
        assert used.status == 404
    assert emu.calls_to("response_url")[-1].response == {"ok": False, "error": "used_url"}


async def test_response_url_bound_to_a_message(emu: SlackEmulator, client: AsyncWebClient) -> None:
    ts = (await client.chat_postMessage(channel="C0OPS", text="Confirm?", blocks=[SECTION]))["ts"]
    url = emu.new_response_url(channel_id="C0OPS", user_id="U0ALICE", message_ts=ts)
    body = {"replace_original": True, "text": "Confirmed"}
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as response:
        assert response.status == 200
    message = emu.workspace.find_message("C0OPS", ts)
    assert message is not None and message.text == "Confirmed" and message.blocks is None


async def test_subscribe_receives_changes(emu: SlackEmulator, client: AsyncWebClient) -> None:
    queue = emu.subscribe()
    ts = (await client.chat_postMessage(channel="C0RANDOM", text="news"))["ts"]
    change = await asyncio.wait_for(queue.get(), timeout=2)
    assert change.kind == "message_posted" and change.channel == "C0RANDOM"
    assert change.message is not None and change.message.text == "news" and change.message.ts == ts

    await client.chat_update(channel="C0RANDOM", ts=ts, text="old news")
    await client.conversations_archive(channel="C0OLDLAUNCH")
    updated = await asyncio.wait_for(queue.get(), timeout=2)
    archived = await asyncio.wait_for(queue.get(), timeout=2)
    assert updated.kind == "message_updated" and updated.message is not None
    assert updated.message.text == "old news"
    assert archived.kind == "channel_changed" and archived.data["change"] == "archived"


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_oauth_v2_access(emu: SlackEmulator) -> None:
    emu.register_oauth_app("123.456", "s3cret")
    code = emu.issue_oauth_code("T0OTHER", "Other Co", user_id="U0INSTALL")
    anonymous = AsyncWebClient(base_url=emu.api_url, retry_handlers=[])
    response = await anonymous.oauth_v2_access(
        client_id="123.456", client_secret="s3cret", code=code
    )
    assert response["access_token"].startswith("xoxb-")
    assert response["token_type"] == "bot"
    assert response["team"] == {"id": "T0OTHER", "name": "Other Co"}
    assert response["authed_user"]["id"] == "U0INSTALL"
    assert response["enterprise"] is None and response["is_enterprise_install"] is False
    assert response["bot_user_id"] and response["app_id"] and response["scope"]

    installed = AsyncWebClient(token=response["access_token"], base_url=emu.api_url)
    assert (await installed.auth_test())["team_id"] == "T0OTHER"

    reused = anonymous.oauth_v2_access(client_id="123.456", client_secret="s3cret", code=code)
    assert await error_of(reused) == "invalid_code"
    wrong = anonymous.oauth_v2_access(
        client_id="123.456", client_secret="nope", code=emu.issue_oauth_code()
    )
    assert await error_of(wrong) == "bad_client_secret"


async def test_add_token(emu: SlackEmulator) -> None:
    emu.add_token("xoxb-team-two", team_id="T0TWO", user_id="U0KAIZEN", bot_id="B0KAIZEN")
    other = AsyncWebClient(token="xoxb-team-two", base_url=emu.api_url)
    assert (await other.auth_test())["team_id"] == "T0TWO"


async def test_private_channels_and_join(emu: SlackEmulator, client: AsyncWebClient) -> None:
    secret = emu.workspace.add_channel("secret", {"U0ALICE"}, is_private=True)
    assert await error_of(client.conversations_info(channel=secret.id)) == "channel_not_found"
    assert await error_of(client.chat_postMessage(channel=secret.id, text="x")) == (
        "channel_not_found"
    )
    lobby = emu.workspace.add_channel("lobby", {"U0ALICE"})
    assert await error_of(client.chat_postMessage(channel=lobby.id, text="x")) == "not_in_channel"
    joined = await client.conversations_join(channel=lobby.id)
    assert joined["channel"]["is_member"] is True
    again = await client.conversations_join(channel=lobby.id)
    assert again["warning"] == "already_in_channel"
    assert (await client.chat_postMessage(channel="#lobby", text="hello"))["channel"] == lobby.id


async def test_update_can_remove_blocks(emu: SlackEmulator, client: AsyncWebClient) -> None:
    ts = (await client.chat_postMessage(channel="C0OPS", text="x", blocks=[SECTION]))["ts"]
    await client.chat_update(channel="C0OPS", ts=ts, text="plain", blocks=[])
    message = emu.workspace.find_message("C0OPS", ts)
    assert message is not None and message.blocks is None and message.text == "plain"


async def test_malformed_json_body(emu: SlackEmulator) -> None:
    headers = {"Authorization": f"Bearer {emu.bot_token}", "Content-Type": "application/json"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emu.api_url}chat.postMessage", data=b"{nope", headers=headers) as response,
    ):
        body = await response.json()
    assert body == {"ok": False, "error": "invalid_json"}
