"""The offline planner (SPEC §5.6): plain commands → Plan, never a guess."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.orchestrator.offline import MAX_INPUT_CHARS, plan_offline
from bot.orchestrator.plans import Pattern, Plan

LINK = "https://x.slack.com/archives/C0OPS/p1732262400000100"
THREAD_LINK = f"{LINK}?thread_ts=1732262400.000050&cid=C0OPS"
LINK_CHANNEL = "<#C0OPS>"
ALL_SLACK_TOOLS = frozenset(
    {
        "slack.post_message",
        "slack.update_message",
        "slack.delete_message",
        "slack.read_channel",
        "slack.list_channels",
        "slack.archive_channel",
        "slack.unarchive_channel",
        "slack.rename_channel",
        "slack.set_topic",
        "slack.set_purpose",
        "slack.create_channel",
        "slack.invite_member",
        "slack.remove_member",
        "slack.pin_message",
        "slack.unpin_message",
        "slack.add_reaction",
    }
)


def plan(text: str, **kwargs: Any) -> Plan | None:
    """plan_offline, and every plan it produces must be valid."""
    result = plan_offline(text, **kwargs)
    if result is not None:
        result.validate()
        assert result.reasoning
        if result.intent is None:
            assert result.steps
            assert [step.key for step in result.steps] == [
                f"s{number}" for number in range(1, len(result.steps) + 1)
            ]
    return result


def single(text: str) -> tuple[str, dict[str, Any]]:
    result = plan(text)
    assert result is not None, text
    assert result.intent is None
    assert len(result.steps) == 1, result.steps
    assert result.pattern is Pattern.DIRECT
    (step,) = result.steps
    assert step.depends_on == ()
    assert not step.aggregate
    return step.tool, step.arguments


SINGLE_COMMANDS: list[tuple[str, str, dict[str, Any]]] = [
    # archive / unarchive
    ("archive #old-launch", "slack.archive_channel", {"channel": "#old-launch"}),
    ("Archive #Old-Launch", "slack.archive_channel", {"channel": "#Old-Launch"}),
    ("archive the #old channel", "slack.archive_channel", {"channel": "#old"}),
    ("archive channel old-launch", "slack.archive_channel", {"channel": "old-launch"}),
    (
        "archive <#C0ABC123|launch-2024>",
        "slack.archive_channel",
        {"channel": "<#C0ABC123|launch-2024>"},
    ),
    ("archive <#C0ABC123>", "slack.archive_channel", {"channel": "<#C0ABC123>"}),
    ("archive <#C0ABC123|>", "slack.archive_channel", {"channel": "<#C0ABC123|>"}),
    ("unarchive #x", "slack.unarchive_channel", {"channel": "#x"}),
    ("un-archive #x", "slack.unarchive_channel", {"channel": "#x"}),
    # rename
    ("rename #a to b", "slack.rename_channel", {"channel": "#a", "name": "b"}),
    ("rename #a as b", "slack.rename_channel", {"channel": "#a", "name": "b"}),
    ("rename #a to #b-2", "slack.rename_channel", {"channel": "#a", "name": "b-2"}),
    ("rename channel to-do to done", "slack.rename_channel", {"channel": "to-do", "name": "done"}),
    (
        "change the name of <#C0ABC123|launch> to launch-2025",
        "slack.rename_channel",
        {"channel": "<#C0ABC123|launch>", "name": "launch-2025"},
    ),
    # topic and purpose
    (
        "set the topic of #random to weekly sync",
        "slack.set_topic",
        {"channel": "#random", "topic": "weekly sync"},
    ),
    (
        "set topic of #random to weekly sync",
        "slack.set_topic",
        {"channel": "#random", "topic": "weekly sync"},
    ),
    (
        "set #random topic to Weekly Sync!",
        "slack.set_topic",
        {"channel": "#random", "topic": "Weekly Sync!"},
    ),
    (
        "set #random's topic to standup at 10",
        "slack.set_topic",
        {"channel": "#random", "topic": "standup at 10"},
    ),
    (
        "change the topic of <#C0ABC123|launch-2024> to “Launch: T-3 days”",
        "slack.set_topic",
        {"channel": "<#C0ABC123|launch-2024>", "topic": "Launch: T-3 days"},
    ),
    (
        "update the topic of #ops: on call is <@U0BOB>",
        "slack.set_topic",
        {"channel": "#ops", "topic": "on call is <@U0BOB>"},
    ),
    (
        "set the topic of #a to go to prod tomorrow",
        "slack.set_topic",
        {"channel": "#a", "topic": "go to prod tomorrow"},
    ),
    (
        "set the purpose of #random to chat about anything",
        "slack.set_purpose",
        {"channel": "#random", "purpose": "chat about anything"},
    ),
    (
        "set #random purpose to 'Water-cooler talk.'",
        "slack.set_purpose",
        {"channel": "#random", "purpose": "Water-cooler talk."},
    ),
    (
        "change the purpose of #random to x",
        "slack.set_purpose",
        {"channel": "#random", "purpose": "x"},
    ),
    (
        "set the description of #x to hello",
        "slack.set_purpose",
        {"channel": "#x", "purpose": "hello"},
    ),
    # post
    ("post in #general: hello", "slack.post_message", {"channel": "#general", "text": "hello"}),
    ("post hello in #general", "slack.post_message", {"channel": "#general", "text": "hello"}),
    ("say hello in #general", "slack.post_message", {"channel": "#general", "text": "hello"}),
    (
        "say hello in #general please",
        "slack.post_message",
        {"channel": "#general", "text": "hello"},
    ),
    (
        "post to #general: Deploy at 5pm!",
        "slack.post_message",
        {"channel": "#general", "text": "Deploy at 5pm!"},
    ),
    (
        "send a message to #general saying hi all",
        "slack.post_message",
        {"channel": "#general", "text": "hi all"},
    ),
    (
        "say meet in room 5 in #general",
        "slack.post_message",
        {"channel": "#general", "text": "meet in room 5"},
    ),
    (
        "post in #general: hello, world and more",
        "slack.post_message",
        {"channel": "#general", "text": "hello, world and more"},
    ),
    (
        "post in #general: first we test, then we ship.",
        "slack.post_message",
        {"channel": "#general", "text": "first we test, then we ship."},
    ),
    (
        "post in #general :tada: shipped",
        "slack.post_message",
        {"channel": "#general", "text": ":tada: shipped"},
    ),
    (
        "post in #general: see <https://example.com|the notes> & <!here>",
        "slack.post_message",
        {"channel": "#general", "text": "see <https://example.com|the notes> & <!here>"},
    ),
    (
        'post in #general: "Hello, World!"',
        "slack.post_message",
        {"channel": "#general", "text": "Hello, World!"},
    ),
    (
        "post in #general:\nline one\nline two",
        "slack.post_message",
        {"channel": "#general", "text": "line one\nline two"},
    ),
    (
        "tell #general that we ship today",
        "slack.post_message",
        {"channel": "#general", "text": "we ship today"},
    ),
    (
        "tell #general: We ship TODAY!",
        "slack.post_message",
        {"channel": "#general", "text": "We ship TODAY!"},
    ),
    (
        "tell #general we ship today",
        "slack.post_message",
        {"channel": "#general", "text": "we ship today"},
    ),
    (
        "tell <#C0ABC123|launch-2024> that we launch",
        "slack.post_message",
        {"channel": "<#C0ABC123|launch-2024>", "text": "we launch"},
    ),
    (
        "let #general know that the build is green",
        "slack.post_message",
        {"channel": "#general", "text": "the build is green"},
    ),
    (
        "announce in #general: v2 is out",
        "slack.post_message",
        {"channel": "#general", "text": "v2 is out"},
    ),
    # create
    ("create a channel called launch", "slack.create_channel", {"name": "launch"}),
    (
        "create a private channel called #x",
        "slack.create_channel",
        {"name": "x", "is_private": True},
    ),
    (
        "create a new public channel named launch-2025",
        "slack.create_channel",
        {"name": "launch-2025", "is_private": False},
    ),
    ("create channel #x", "slack.create_channel", {"name": "x"}),
    ("create private channel x", "slack.create_channel", {"name": "x", "is_private": True}),
    ("create #x", "slack.create_channel", {"name": "x"}),
    # members
    ("invite @bob to #ops", "slack.invite_member", {"channel": "#ops", "user": "@bob"}),
    ("add @bob to #ops", "slack.invite_member", {"channel": "#ops", "user": "@bob"}),
    ("add <@U0BOB> to #ops", "slack.invite_member", {"channel": "#ops", "user": "<@U0BOB>"}),
    (
        "invite <@U0BOB|bob> to <#C0ABC123>",
        "slack.invite_member",
        {"channel": "<#C0ABC123>", "user": "<@U0BOB|bob>"},
    ),
    (
        "invite @bob.smith to #ops.",
        "slack.invite_member",
        {"channel": "#ops", "user": "@bob.smith"},
    ),
    ("remove @bob from #ops", "slack.remove_member", {"channel": "#ops", "user": "@bob"}),
    ("kick @bob from #ops", "slack.remove_member", {"channel": "#ops", "user": "@bob"}),
    ("kick @bob out of #ops", "slack.remove_member", {"channel": "#ops", "user": "@bob"}),
    # pins
    (f"pin <{LINK}|link>", "slack.pin_message", {"channel": LINK_CHANNEL, "ts": LINK}),
    (f"pin <{LINK}>", "slack.pin_message", {"channel": LINK_CHANNEL, "ts": LINK}),
    (f"pin {LINK}", "slack.pin_message", {"channel": LINK_CHANNEL, "ts": LINK}),
    (f"pin <{THREAD_LINK}>", "slack.pin_message", {"channel": LINK_CHANNEL, "ts": THREAD_LINK}),
    ("pin the last message in #ops", "slack.pin_message", {"channel": "#ops", "ts": "latest"}),
    ("pin the latest message in #ops", "slack.pin_message", {"channel": "#ops", "ts": "latest"}),
    (
        "pin 1732262400.000100 in #ops",
        "slack.pin_message",
        {"channel": "#ops", "ts": "1732262400.000100"},
    ),
    (f"unpin <{LINK}>", "slack.unpin_message", {"channel": LINK_CHANNEL, "ts": LINK}),
    (
        "unpin the last message in #ops",
        "slack.unpin_message",
        {"channel": "#ops", "ts": "latest"},
    ),
    # reactions
    (
        "react with :tada: to the last message in #x",
        "slack.add_reaction",
        {"channel": "#x", "ts": "latest", "name": "tada"},
    ),
    (
        "react to the last message in #x with :tada:",
        "slack.add_reaction",
        {"channel": "#x", "ts": "latest", "name": "tada"},
    ),
    (
        f"add :tada: to <{LINK}>",
        "slack.add_reaction",
        {"channel": LINK_CHANNEL, "ts": LINK, "name": "tada"},
    ),
    (
        f"add a :+1: reaction to <{LINK}|this>",
        "slack.add_reaction",
        {"channel": LINK_CHANNEL, "ts": LINK, "name": "+1"},
    ),
    (
        "react with :thumbsup::skin-tone-2: to the last message in #x",
        "slack.add_reaction",
        {"channel": "#x", "ts": "latest", "name": "thumbsup::skin-tone-2"},
    ),
    # delete and edit
    (f"delete <{LINK}>", "slack.delete_message", {"channel": LINK_CHANNEL, "ts": LINK}),
    (
        "delete the last message in #x",
        "slack.delete_message",
        {"channel": "#x", "ts": "latest"},
    ),
    (f"remove <{LINK}|that>", "slack.delete_message", {"channel": LINK_CHANNEL, "ts": LINK}),
    (
        f"edit <{LINK}> to say Hi there!",
        "slack.update_message",
        {"channel": LINK_CHANNEL, "ts": LINK, "text": "Hi there!"},
    ),
    (
        f"update <{LINK}>: Fixed typo.",
        "slack.update_message",
        {"channel": LINK_CHANNEL, "ts": LINK, "text": "Fixed typo."},
    ),
    (
        "edit the last message in #ops to say see you at 10",
        "slack.update_message",
        {"channel": "#ops", "ts": "latest", "text": "see you at 10"},
    ),
    # read
    ("read #ops", "slack.read_channel", {"channel": "#ops"}),
    ("what's new in #ops", "slack.read_channel", {"channel": "#ops"}),
    ("What’s new in #ops?", "slack.read_channel", {"channel": "#ops"}),
    ("summarize #ops", "slack.read_channel", {"channel": "#ops"}),
    ("summarise #ops", "slack.read_channel", {"channel": "#ops"}),
    ("show me #ops", "slack.read_channel", {"channel": "#ops"}),
    ("catch me up on #ops", "slack.read_channel", {"channel": "#ops"}),
    (
        "read the last 20 messages in #ops",
        "slack.read_channel",
        {"channel": "#ops", "limit": 20},
    ),
    ("show me 5 messages from #ops", "slack.read_channel", {"channel": "#ops", "limit": 5}),
    ("read the last message in #ops", "slack.read_channel", {"channel": "#ops", "limit": 1}),
    # list
    ("list channels", "slack.list_channels", {}),
    ("list all channels", "slack.list_channels", {}),
    ("which channels are there", "slack.list_channels", {}),
    ("which channels are there?", "slack.list_channels", {}),
    ("what channels do we have", "slack.list_channels", {}),
    ("show me the channels", "slack.list_channels", {}),
]


@pytest.mark.parametrize(("text", "tool", "arguments"), SINGLE_COMMANDS)
def test_single_commands(text: str, tool: str, arguments: dict[str, Any]) -> None:
    assert single(text) == (tool, arguments)


@pytest.mark.parametrize(
    "text",
    [
        "please archive #old-launch",
        "Please archive #old-launch.",
        "can you archive #old-launch?",
        "could you please archive #old-launch for me",
        "Could you archive #old-launch for me, please?!",
        "hey kaizen, archive #old-launch",
        "would you kindly archive #old-launch thanks",
        "ARCHIVE #old-launch!!!",
        "  archive   #old-launch  ",
        "go ahead and archive #old-launch now",
    ],
)
def test_polite_filler_and_punctuation_are_ignored(text: str) -> None:
    assert single(text) == ("slack.archive_channel", {"channel": "#old-launch"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Could you please say "Hello, World!" in #general for me?', "Hello, World!"),
        ("post in #general: Hello, World!", "Hello, World!"),
        ("post in #general: ‘Quoted’", "Quoted"),
        ("post in #general: 'Quoted'.", "Quoted"),
        ("post in #general: It's FINE; really.", "It's FINE; really."),
        ("post in #general: 🎉 shipped! مرحبا", "🎉 shipped! مرحبا"),
    ],
)
def test_text_keeps_casing_and_punctuation(text: str, expected: str) -> None:
    assert single(text)[1]["text"] == expected


# ------------------------------------------------------------------ several parts


def shape(result: Plan | None) -> list[tuple[str, dict[str, Any], tuple[str, ...], bool]]:
    assert result is not None
    return [(s.tool, s.arguments, s.depends_on, s.aggregate) for s in result.steps]


ARCHIVE = "slack.archive_channel"
POST = "slack.post_message"

MULTI_PART: list[tuple[str, Pattern, list[tuple[str, dict[str, Any], tuple[str, ...], bool]]]] = [
    (
        "archive #a and #b",
        Pattern.PARALLEL,
        [(ARCHIVE, {"channel": "#a"}, (), False), (ARCHIVE, {"channel": "#b"}, (), False)],
    ),
    (
        "archive #a, #b and #c",
        Pattern.PARALLEL,
        [
            (ARCHIVE, {"channel": "#a"}, (), False),
            (ARCHIVE, {"channel": "#b"}, (), False),
            (ARCHIVE, {"channel": "#c"}, (), False),
        ],
    ),
    (
        "archive #a and archive #b",
        Pattern.PARALLEL,
        [(ARCHIVE, {"channel": "#a"}, (), False), (ARCHIVE, {"channel": "#b"}, (), False)],
    ),
    (
        "archive #a; unarchive #b",
        Pattern.PARALLEL,
        [
            (ARCHIVE, {"channel": "#a"}, (), False),
            ("slack.unarchive_channel", {"channel": "#b"}, (), False),
        ],
    ),
    (
        "archive #a &amp; #b",
        Pattern.PARALLEL,
        [(ARCHIVE, {"channel": "#a"}, (), False), (ARCHIVE, {"channel": "#b"}, (), False)],
    ),
    (
        "archive #a and tell #general",
        Pattern.GRAPH,
        [(ARCHIVE, {"channel": "#a"}, (), False), (POST, {"channel": "#general"}, ("s1",), True)],
    ),
    (
        "archive #a, #b and let #general know",
        Pattern.GRAPH,
        [
            (ARCHIVE, {"channel": "#a"}, (), False),
            (ARCHIVE, {"channel": "#b"}, (), False),
            (POST, {"channel": "#general"}, ("s1", "s2"), True),
        ],
    ),
    (
        "archive #a and announce it in #general",
        Pattern.GRAPH,
        [(ARCHIVE, {"channel": "#a"}, (), False), (POST, {"channel": "#general"}, ("s1",), True)],
    ),
    (
        "summarize #ops and post it in #general",
        Pattern.GRAPH,
        [
            ("slack.read_channel", {"channel": "#ops"}, (), False),
            (POST, {"channel": "#general"}, ("s1",), True),
        ],
    ),
    (
        "archive #a then archive #b",
        Pattern.GRAPH,
        [(ARCHIVE, {"channel": "#a"}, (), False), (ARCHIVE, {"channel": "#b"}, ("s1",), False)],
    ),
    (
        "archive #a, then archive #b and archive #c",
        Pattern.GRAPH,
        [
            (ARCHIVE, {"channel": "#a"}, (), False),
            (ARCHIVE, {"channel": "#b"}, ("s1",), False),
            (ARCHIVE, {"channel": "#c"}, ("s1",), False),
        ],
    ),
    (
        "archive #a and #b then tell #general",
        Pattern.GRAPH,
        [
            (ARCHIVE, {"channel": "#a"}, (), False),
            (ARCHIVE, {"channel": "#b"}, (), False),
            (POST, {"channel": "#general"}, ("s1", "s2"), True),
        ],
    ),
    (
        "Archive #a. Then tell #general what happened.",
        Pattern.GRAPH,
        [(ARCHIVE, {"channel": "#a"}, (), False), (POST, {"channel": "#general"}, ("s1",), True)],
    ),
    (
        "archive #a and tell #general and #random",
        Pattern.GRAPH,
        [
            (ARCHIVE, {"channel": "#a"}, (), False),
            (POST, {"channel": "#general"}, ("s1",), True),
            (POST, {"channel": "#random"}, ("s1",), True),
        ],
    ),
    (
        "archive #a and tell #general that it is done",
        Pattern.PARALLEL,
        [
            (ARCHIVE, {"channel": "#a"}, (), False),
            (POST, {"channel": "#general", "text": "it is done"}, (), False),
        ],
    ),
    (
        'set the topic of #a to "sync" and archive #b',
        Pattern.PARALLEL,
        [
            ("slack.set_topic", {"channel": "#a", "topic": "sync"}, (), False),
            (ARCHIVE, {"channel": "#b"}, (), False),
        ],
    ),
    (
        "set the topic of #a and #b to x",
        Pattern.PARALLEL,
        [
            ("slack.set_topic", {"channel": "#a", "topic": "x"}, (), False),
            ("slack.set_topic", {"channel": "#b", "topic": "x"}, (), False),
        ],
    ),
    (
        "post hello in #general and #random",
        Pattern.PARALLEL,
        [
            (POST, {"channel": "#general", "text": "hello"}, (), False),
            (POST, {"channel": "#random", "text": "hello"}, (), False),
        ],
    ),
    (
        "invite @a and @b to #ops",
        Pattern.PARALLEL,
        [
            ("slack.invite_member", {"channel": "#ops", "user": "@a"}, (), False),
            ("slack.invite_member", {"channel": "#ops", "user": "@b"}, (), False),
        ],
    ),
    (
        "react to the last message in #x with :tada: and :rocket:",
        Pattern.PARALLEL,
        [
            ("slack.add_reaction", {"channel": "#x", "ts": "latest", "name": "tada"}, (), False),
            ("slack.add_reaction", {"channel": "#x", "ts": "latest", "name": "rocket"}, (), False),
        ],
    ),
    (
        # a step on a channel created earlier waits for it, even after "and"
        "create a channel called launch and invite @bob to #launch",
        Pattern.GRAPH,
        [
            ("slack.create_channel", {"name": "launch"}, (), False),
            ("slack.invite_member", {"channel": "#launch", "user": "@bob"}, ("s1",), False),
        ],
    ),
    (
        "please read #ops and could you list channels",
        Pattern.PARALLEL,
        [
            ("slack.read_channel", {"channel": "#ops"}, (), False),
            ("slack.list_channels", {}, (), False),
        ],
    ),
]


@pytest.mark.parametrize(("text", "pattern", "steps"), MULTI_PART)
def test_several_parts(
    text: str,
    pattern: Pattern,
    steps: list[tuple[str, dict[str, Any], tuple[str, ...], bool]],
) -> None:
    result = plan(text)
    assert shape(result) == steps
    assert result is not None
    assert result.pattern is pattern


def test_reasoning_names_the_commands() -> None:
    result = plan("archive #old and tell #general")
    assert result is not None
    assert result.reasoning == "Understood 2 commands: archive, post."
    one = plan("archive #old")
    assert one is not None
    assert one.reasoning == "Understood 1 command: archive."


def test_aggregate_step_has_no_text() -> None:
    result = plan("archive #a and tell #general")
    assert result is not None
    last = result.steps[-1]
    assert last.aggregate
    assert "text" not in last.arguments


# ------------------------------------------------------------------ intents


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("undo", "undo"),
        ("Undo!", "undo"),
        ("undo that", "undo"),
        ("please undo that", "undo"),
        ("undo the last action", "undo"),
        ("can you undo it?", "undo"),
        ("revert that", "undo"),
        ("help", "help"),
        ("Help!", "help"),
        ("what can you do", "help"),
        ("What can you do?", "help"),
        ("can you help me?", "help"),
    ],
)
def test_intents(text: str, intent: str) -> None:
    result = plan(text)
    assert result is not None
    assert result.intent == intent
    assert result.steps == ()


def test_intents_ignore_available_tools() -> None:
    result = plan("undo", available_tools=frozenset())
    assert result is not None
    assert result.intent == "undo"


# ------------------------------------------------------------------ not understood


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "archive",
        "archive it",
        "archive everything",
        "archive all channels",
        "archive old-launch",  # a bare word is only a channel after the word "channel"
        "delete everything",
        "delete #ops",
        "delete the last message",
        "rename #a",
        "rename #a to b c",
        "set the topic of #random",
        "post in #general",
        "post in #general:",
        "post it in #general",
        "post hello",
        "post in general: hi",
        "tell #general",  # nothing to aggregate
        "tell #general about it",
        "tell #general and archive #a",  # an aggregate post comes last
        "tell #general what's up",
        "invite bob to #ops",
        "invite @bob",
        "kick @here from #ops",
        "pin it",
        "pin <https://example.com/page>",
        "react with :tada:",
        "react with 🎉 to the last message in #x",
        "edit the last message in #ops",
        "read 0 messages in #ops",
        "create a channel",
        "create a channel called launch plans",
        "close acme/api#12",
        "hello",
        "hi there!",
        "how are you?",
        "thanks!",
        "what's the weather like?",
        "tell me a joke",
        "good morning team",
        # one part understood, one not: never act on half a request
        "archive #a and make me a sandwich",
        "archive #a and undo",
        "undo archive #a",
        "help me archive #a",
        # the text may or may not end before "and": ambiguous unless quoted
        "tell #general we will archive #old and unarchive #new",
        "post in #general: deploying now, then archive #old",
        'post in #general: "hi" and bye',
    ],
)
def test_not_understood(text: str) -> None:
    assert plan(text) is None


@pytest.mark.parametrize(
    ("text", "tools", "understood"),
    [
        ("archive #a", ALL_SLACK_TOOLS, True),
        ("archive #a", frozenset({"slack.archive_channel"}), True),
        ("archive #a", frozenset({"slack.post_message"}), False),
        ("archive #a", frozenset(), False),
        ("archive #a and tell #general", frozenset({"slack.archive_channel"}), False),
        (
            "archive #a and tell #general",
            frozenset({"slack.archive_channel", "slack.post_message"}),
            True,
        ),
        ("list channels", frozenset({"github.list_issues"}), False),
    ],
)
def test_available_tools(text: str, tools: frozenset[str], understood: bool) -> None:
    assert (plan(text, available_tools=tools) is not None) is understood


def test_every_tool_is_reachable() -> None:
    tools = {single(text)[0] for text, _, _ in SINGLE_COMMANDS}
    assert tools == ALL_SLACK_TOOLS


# ------------------------------------------------------------------ robustness

ODD_INPUTS = [
    "x" * 40_000,
    "archive #a and " * 2_700,
    "a" * (MAX_INPUT_CHARS + 1),
    "\u202earchive #a\u202c",
    "arch\u200bive #a\u200b",
    "\ufeffarchive #a",
    "archive #a \ud800",
    "\udfff\ud800" * 500,
    "post in #general: hi \ud83d",
    "🎉" * 1_000,
    "👩\u200d💻 " * 300,
    "\x00\x01\x02 archive #a \x7f",
    "post " + " " * 1_990 + "x",
    "post hello" + " " * 1_980 + "in #x",
    "post " + "in " * 660 + "#x",
    "rename " + "#a to " * 330,
    "archive " + "#a, " * 495,
    "archive #a" + " and #a" * 280,
    "and " * 499,
    "then " * 399,
    "," * 2_000,
    ", and then" * 199,
    "tell #general " + "that " * 395,
    "<" * 2_000,
    ">" * 2_000,
    '"' * 2_000,
    "“" * 2_000,
    "post in #general" + ": " * 990,
    "set the topic of " + "#a: " * 490,
    "react to " + "to with " * 248,
    "say " + "hi in #a and " * 150,
    "let " + "#a know " * 249,
    "edit " + "the last message in #a to " * 75,
    "tell #a " + "x and tell #b " * 140,
    "pin " + f"<{LINK}|" * 30,
    "react with " + ":tada:" * 330,
    "archive #a" + " please" * 284,
    "please " * 285,
    "#" * 2_000,
    "@" * 2_000,
    "\n" * 2_000,
    "archive #a. " * 165,
    "post in #general: " + "x, " * 600,
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=lambda text: f"{len(text)}:{text[:12]!r}")
def test_odd_and_huge_inputs_finish_quickly_and_never_raise(text: str) -> None:
    started = time.perf_counter()
    result = plan(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"{elapsed:.3f}s"
    assert result is None or isinstance(result, Plan)


def test_input_longer_than_the_cap_is_not_understood() -> None:
    text = "post in #general: " + "x" * MAX_INPUT_CHARS
    assert plan(text) is None


def test_invisible_and_bidi_characters_are_dropped() -> None:
    assert single("\u202earchive\u202c #a\u200b") == ("slack.archive_channel", {"channel": "#a"})
    assert single("post in #general: hi \ud800there") == (
        "slack.post_message",
        {"channel": "#general", "text": "hi there"},
    )


def test_non_string_input_is_not_understood() -> None:
    assert plan_offline(None) is None  # type: ignore[arg-type]
    assert plan_offline(b"archive #a") is None  # type: ignore[arg-type]


def test_many_parts_plan_stays_valid() -> None:
    text = ", ".join(f"archive #c{number}" for number in range(20))
    result = plan(text)
    assert result is not None
    assert len(result.steps) == 20
    assert result.pattern is Pattern.PARALLEL
