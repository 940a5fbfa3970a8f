"""The offline planner (SPEC §5.6): plain commands → Plan, never a guess."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.planning.offline import MAX_INPUT_CHARS, plan_offline
from bot.planning.plans import Pattern, Plan

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


# ------------------------------------------------------------------ GitHub, Jira, Notion

ISSUE_URL = "https://github.com/acme/api/issues/12"
PULL_URL = "https://github.com/acme/api/pull/12"
PAGE = "https://www.notion.so/acme/Launch-plan-0123456789abcdef0123456789abcdef"
DB = (
    "https://www.notion.so/acme/0123456789abcdef0123456789abcdef?v=fedcba9876543210fedcba9876543210"
)
PAGE_ID = "0123456789abcdef0123456789abcdef"
ISSUE_12 = {"repo": "acme/api", "number": 12}

GITHUB_COMMANDS: list[tuple[str, str, dict[str, Any]]] = [
    # close and reopen
    ("close acme/api#12", "github.close_issue", ISSUE_12),
    ("close issue acme/api#12", "github.close_issue", ISSUE_12),
    ("Close the issue acme/api#12.", "github.close_issue", ISSUE_12),
    ("close PR acme/api#12", "github.close_pull_request", ISSUE_12),
    ("close pull request acme/api#12", "github.close_pull_request", ISSUE_12),
    ("close the pull request acme/api#12", "github.close_pull_request", ISSUE_12),
    (f"close {ISSUE_URL}", "github.close_issue", ISSUE_12),
    (f"close <{ISSUE_URL}>", "github.close_issue", ISSUE_12),
    (f"close <{PULL_URL}|acme/api#12>", "github.close_pull_request", ISSUE_12),
    (f"close <{PULL_URL}/files>", "github.close_pull_request", ISSUE_12),
    (f"close the PR <{PULL_URL}>", "github.close_pull_request", ISSUE_12),
    (
        "close acme/api#12 with comment: fixed in v2",
        "github.close_issue",
        {**ISSUE_12, "comment": "fixed in v2"},
    ),
    (
        "close acme/api#12 saying Duplicate of #3",
        "github.close_issue",
        {**ISSUE_12, "comment": "Duplicate of #3"},
    ),
    ("reopen acme/api#12", "github.reopen_issue", ISSUE_12),
    ("re-open acme/api#12", "github.reopen_issue", ISSUE_12),
    ("reopen PR acme/api#3", "github.reopen_pull_request", {"repo": "acme/api", "number": 3}),
    (f"reopen <{PULL_URL}>", "github.reopen_pull_request", ISSUE_12),
    ("close my-org/my.repo_2#7", "github.close_issue", {"repo": "my-org/my.repo_2", "number": 7}),
    # comments
    ("comment on acme/api#12: shipped", "github.comment_issue", {**ISSUE_12, "body": "shipped"}),
    (
        "comment on acme/api#12: Shipped in v2, see PROJ-7!",
        "github.comment_issue",
        {**ISSUE_12, "body": "Shipped in v2, see PROJ-7!"},
    ),
    (
        "comment on the PR acme/api#12 saying LGTM :tada:",
        "github.comment_issue",
        {**ISSUE_12, "body": "LGTM :tada:"},
    ),
    (f"comment on <{PULL_URL}>: nice", "github.comment_issue", {**ISSUE_12, "body": "nice"}),
    (
        "add a comment to acme/api#12: on it",
        "github.comment_issue",
        {**ISSUE_12, "body": "on it"},
    ),
    ('comment "LGTM" on acme/api#12', "github.comment_issue", {**ISSUE_12, "body": "LGTM"}),
    # labels
    ("label acme/api#12 as bug", "github.add_label", {**ISSUE_12, "label": "bug"}),
    ("label acme/api#12 with bug", "github.add_label", {**ISSUE_12, "label": "bug"}),
    ("tag acme/api#12 as type:bug", "github.add_label", {**ISSUE_12, "label": "type:bug"}),
    ("add label bug to acme/api#12", "github.add_label", {**ISSUE_12, "label": "bug"}),
    ("add the bug label to acme/api#12", "github.add_label", {**ISSUE_12, "label": "bug"}),
    (
        'add label "good first issue" to acme/api#12',
        "github.add_label",
        {**ISSUE_12, "label": "good first issue"},
    ),
    ("remove label bug from acme/api#12", "github.remove_label", {**ISSUE_12, "label": "bug"}),
    ("remove the bug label from acme/api#12", "github.remove_label", {**ISSUE_12, "label": "bug"}),
    (
        f"remove label wontfix from <{PULL_URL}>",
        "github.remove_label",
        {**ISSUE_12, "label": "wontfix"},
    ),
    # create
    (
        "open an issue in acme/api: Login fails",
        "github.create_issue",
        {"repo": "acme/api", "title": "Login fails"},
    ),
    (
        "create issue in acme/api titled Login fails",
        "github.create_issue",
        {"repo": "acme/api", "title": "Login fails"},
    ),
    (
        "create a new GitHub issue in the acme/api repo: Login fails on Safari, sometimes",
        "github.create_issue",
        {"repo": "acme/api", "title": "Login fails on Safari, sometimes"},
    ),
    (
        "file an issue in acme/api: Login fails. Users see a 500.",
        "github.create_issue",
        {"repo": "acme/api", "title": "Login fails. Users see a 500."},
    ),
    # list
    ("list issues in acme/api", "github.list_issues", {"repo": "acme/api", "kind": "issue"}),
    (
        "list open PRs in acme/api",
        "github.list_issues",
        {"repo": "acme/api", "kind": "pull", "state": "open"},
    ),
    (
        "list pull requests in acme/api labelled wontfix",
        "github.list_issues",
        {"repo": "acme/api", "kind": "pull", "labels": "wontfix"},
    ),
    (
        "show me the closed issues in acme/api labeled bug and urgent",
        "github.list_issues",
        {"repo": "acme/api", "kind": "issue", "state": "closed", "labels": "bug,urgent"},
    ),
    (
        "list the last 5 issues and PRs in acme/api",
        "github.list_issues",
        {"repo": "acme/api", "kind": "all", "limit": 5},
    ),
    (
        "list issues in https://github.com/acme/api",
        "github.list_issues",
        {"repo": "acme/api", "kind": "issue"},
    ),
    # search
    ("search github for login bug", "github.search_issues", {"query": "login bug"}),
    ("search GitHub issues for login bug", "github.search_issues", {"query": "is:issue login bug"}),
    ("search acme/api for login bug", "github.search_issues", {"query": "repo:acme/api login bug"}),
    # branches
    (
        "delete branch feature-x in acme/api",
        "github.delete_branch",
        {"repo": "acme/api", "branch": "feature-x"},
    ),
    (
        "delete the branch feature-x of acme/api",
        "github.delete_branch",
        {"repo": "acme/api", "branch": "feature-x"},
    ),
    (
        "delete the feature/login-v2 branch from acme/api",
        "github.delete_branch",
        {"repo": "acme/api", "branch": "feature/login-v2"},
    ),
    (
        "restore branch feature-x in acme/api at 1a2b3c4",
        "github.restore_branch",
        {"repo": "acme/api", "branch": "feature-x", "sha": "1a2b3c4"},
    ),
    (
        "restore the branch release-1.2 of acme/api from commit 1a2b3c4d5e6f",
        "github.restore_branch",
        {"repo": "acme/api", "branch": "release-1.2", "sha": "1a2b3c4d5e6f"},
    ),
]

JIRA_COMMANDS: list[tuple[str, str, dict[str, Any]]] = [
    ("comment on PROJ-7: shipped", "jira.comment", {"key": "PROJ-7", "body": "shipped"}),
    (
        "comment on the Jira issue PROJ-7 saying Fixed: see acme/api#12",
        "jira.comment",
        {"key": "PROJ-7", "body": "Fixed: see acme/api#12"},
    ),
    (
        "reply to <https://acme.atlassian.net/browse/PROJ-7|PROJ-7>: on it",
        "jira.comment",
        {"key": "PROJ-7", "body": "on it"},
    ),
    ("move PROJ-7 to Done", "jira.transition", {"key": "PROJ-7", "to": "Done"}),
    ("transition PROJ-7 to In Progress", "jira.transition", {"key": "PROJ-7", "to": "In Progress"}),
    ("mark PROJ-7 as Won't Do", "jira.transition", {"key": "PROJ-7", "to": "Won't Do"}),
    ("move PROJ-7 to To Do", "jira.transition", {"key": "PROJ-7", "to": "To Do"}),
    (
        'move PROJ-7 to "Ready & Waiting"',
        "jira.transition",
        {"key": "PROJ-7", "to": "Ready & Waiting"},
    ),
    ("assign PROJ-7 to me", "jira.assign", {"key": "PROJ-7", "assignee": "me"}),
    ("assign PROJ-7 to myself", "jira.assign", {"key": "PROJ-7", "assignee": "me"}),
    ("assign PROJ-7 to @bob", "jira.assign", {"key": "PROJ-7", "assignee": "@bob"}),
    ("assign PROJ-7 to <@U0BOB>", "jira.assign", {"key": "PROJ-7", "assignee": "<@U0BOB>"}),
    ("assign PROJ-7 to Ann Lee", "jira.assign", {"key": "PROJ-7", "assignee": "Ann Lee"}),
    (
        "assign PROJ-7 to ann.lee@example.com",
        "jira.assign",
        {"key": "PROJ-7", "assignee": "ann.lee@example.com"},
    ),
    ("unassign PROJ-7", "jira.assign", {"key": "PROJ-7", "assignee": "unassigned"}),
    ("assign PROJ-7 to nobody", "jira.assign", {"key": "PROJ-7", "assignee": "unassigned"}),
    ("delete PROJ-7", "jira.delete_issue", {"key": "PROJ-7"}),
    ("delete the Jira issue PROJ-7", "jira.delete_issue", {"key": "PROJ-7"}),
    (
        "create a bug in PROJ: Login fails",
        "jira.create_issue",
        {"project": "PROJ", "summary": "Login fails", "issue_type": "Bug"},
    ),
    (
        "create a task in PROJ titled Rotate the keys",
        "jira.create_issue",
        {"project": "PROJ", "summary": "Rotate the keys", "issue_type": "Task"},
    ),
    (
        "create a story in the PROJ project: As a member, I can log in",
        "jira.create_issue",
        {"project": "PROJ", "summary": "As a member, I can log in", "issue_type": "Story"},
    ),
    (
        "create a Jira issue in PROJ: Login fails",
        "jira.create_issue",
        {"project": "PROJ", "summary": "Login fails"},
    ),
    (
        "open a ticket in OPS: Printer on fire",
        "jira.create_issue",
        {"project": "OPS", "summary": "Printer on fire"},
    ),
    (
        "search jira for project = PROJ AND status = Done",
        "jira.search",
        {"jql": "project = PROJ AND status = Done"},
    ),
    (
        'search jira for status = "In Progress" ORDER BY created',
        "jira.search",
        {"jql": 'status = "In Progress" ORDER BY created'},
    ),
    ("search jira for login bug", "jira.search", {"jql": 'text ~ "login bug"'}),
    ("find issues in PROJ", "jira.search", {"jql": "project = PROJ ORDER BY updated DESC"}),
    (
        "list open issues in PROJ",
        "jira.search",
        {"jql": "project = PROJ AND statusCategory != Done ORDER BY updated DESC"},
    ),
    (
        "show me the last 10 jira tickets in PROJ",
        "jira.search",
        {"jql": "project = PROJ ORDER BY updated DESC", "limit": 10},
    ),
]

NOTION_COMMANDS: list[tuple[str, str, dict[str, Any]]] = [
    (f"archive the Notion page <{PAGE}>", "notion.archive_page", {"page": PAGE}),
    (f"archive the Notion page <{PAGE}|Launch plan>", "notion.archive_page", {"page": PAGE}),
    (f"trash the notion page <{PAGE}>", "notion.archive_page", {"page": PAGE}),
    (f"archive {PAGE}", "notion.archive_page", {"page": PAGE}),
    (f"archive page {PAGE_ID}", "notion.archive_page", {"page": PAGE_ID}),
    (f"move <{PAGE}> to the trash", "notion.archive_page", {"page": PAGE}),
    (f"restore the Notion page <{PAGE}>", "notion.restore_page", {"page": PAGE}),
    (f"restore <{PAGE}> from the trash", "notion.restore_page", {"page": PAGE}),
    (
        f"set Status to Done on <{PAGE}>",
        "notion.update_page",
        {"page": PAGE, "properties": {"Status": "Done"}},
    ),
    (
        f"set Status to Done and Points to 3 on <{PAGE}>",
        "notion.update_page",
        {"page": PAGE, "properties": {"Status": "Done", "Points": 3}},
    ),
    (
        f'set Estimate to 2.5, Notes to "salt and pepper" and Code to "42" on <{PAGE}>',
        "notion.update_page",
        {"page": PAGE, "properties": {"Estimate": 2.5, "Notes": "salt and pepper", "Code": "42"}},
    ),
    (
        f"update Due date to 2025-01-31 on the notion page <{PAGE}>",
        "notion.update_page",
        {"page": PAGE, "properties": {"Due date": "2025-01-31"}},
    ),
    (
        f"set Status to Ready to ship on page {PAGE_ID}",
        "notion.update_page",
        {"page": PAGE_ID, "properties": {"Status": "Ready to ship"}},
    ),
    (f"query the notion database <{DB}>", "notion.query_database", {"database": DB}),
    (f"show the notion database <{DB}>", "notion.query_database", {"database": DB}),
    (f"query <{DB}>", "notion.query_database", {"database": DB}),
    (
        f"show the first 10 rows of the notion database <{DB}>",
        "notion.query_database",
        {"database": DB, "limit": 10},
    ),
    (
        f"create a notion page in <{PAGE}> titled Launch plan",
        "notion.create_page",
        {"parent": PAGE, "title": "Launch plan"},
    ),
    (
        f"create a page in <{DB}>: Q3 review, draft",
        "notion.create_page",
        {"parent": DB, "title": "Q3 review, draft"},
    ),
    (
        f"create a notion page called Launch plan in <{PAGE}>",
        "notion.create_page",
        {"parent": PAGE, "title": "Launch plan"},
    ),
]

TOOL_COMMANDS = GITHUB_COMMANDS + JIRA_COMMANDS + NOTION_COMMANDS
ALL_OTHER_TOOLS = frozenset(
    {
        "github.list_issues",
        "github.search_issues",
        "github.create_issue",
        "github.comment_issue",
        "github.add_label",
        "github.remove_label",
        "github.close_issue",
        "github.reopen_issue",
        "github.close_pull_request",
        "github.reopen_pull_request",
        "github.delete_branch",
        "github.restore_branch",
        "jira.search",
        "jira.create_issue",
        "jira.comment",
        "jira.assign",
        "jira.transition",
        "jira.delete_issue",
        "notion.query_database",
        "notion.create_page",
        "notion.update_page",
        "notion.archive_page",
        "notion.restore_page",
    }
)


@pytest.mark.parametrize(("text", "tool", "arguments"), TOOL_COMMANDS)
def test_github_jira_and_notion_commands(text: str, tool: str, arguments: dict[str, Any]) -> None:
    assert single(text) == (tool, arguments)


def test_every_other_tool_is_reachable() -> None:
    assert {tool for _, tool, _ in TOOL_COMMANDS} == ALL_OTHER_TOOLS


@pytest.mark.parametrize(("text", "tool", "arguments"), TOOL_COMMANDS)
def test_other_tools_need_their_tool(text: str, tool: str, arguments: dict[str, Any]) -> None:
    assert plan(text, available_tools=frozenset({tool})) is not None
    assert plan(text, available_tools=ALL_SLACK_TOOLS | (ALL_OTHER_TOOLS - {tool})) is None


@pytest.mark.parametrize(
    "text",
    [
        "close the thing",
        "close it",
        "close acme/api",
        "close acme/api#0",
        "close #12",
        "close issue 12",
        f"close the issue <{PULL_URL}>",  # the words and the link disagree
        f"close PR <{ISSUE_URL}>",
        "close PR acme/api#12 saying done",  # closing a pull request takes no comment
        "reopen PROJ-7",
        "close PROJ-7",
        "comment on acme/api#12",
        "comment on acme/api#12: it",
        "comment on the issue: shipped",
        "label acme/api#12",
        "label acme/api#12 as good first issue",  # several words need quotes
        "add label bug",
        "remove label bug from #ops",
        "open an issue in acme/api",
        "open an issue: Login fails",
        "create a bug in acme/api: Login fails",  # bug/task/story are Jira's
        "create a github issue in PROJ: Login fails",
        "create a jira issue in acme/api: Login fails",
        "list issues",
        "list issues in general",
        "list tickets in acme/api",
        "list PRs in PROJ",
        "list 0 issues in acme/api",
        "search github",
        "search github for",
        "delete branch feature-x",
        "delete branch feature-x in acme",
        "restore branch feature-x in acme/api",
        "restore branch feature-x in acme/api at main",
        "delete everything in jira",
        "delete proj-7",  # keys are upper case
        "delete the issue",
        "move PROJ-7",
        "move PROJ-7 to",
        "move PROJ-7 to the done column and then some more words",
        "assign PROJ-7",
        "assign PROJ-7 to the team",
        "assign PROJ-7 to @here",
        "create a bug in proj: Login fails",
        "search jira for",
        "find issues",
        "archive the notion page",
        "archive the notion page https://example.com/page",
        f"archive {PAGE_ID}",  # a bare id needs the word "page"
        f"archive the notion database <{DB}>",
        "search jira for status = Done and tell",
        "search github for then",
        "restore the notion page",
        f"set Status on <{PAGE}>",
        f"set Status to Done on <{PAGE}> and Status to Open",
        f"set Status to Done and Status to Open on <{PAGE}>",
        f"set Notes to salt and pepper on <{PAGE}>",  # "pepper" is no property: quote it
        f"set Status to Done on {PAGE_ID}",
        "set Status to Done",
        f"show <{DB}>",  # a bare link may be a page: say "database" or "query"
        f"query the notion page <{PAGE}>",
        "create a notion page titled Launch plan",
        f"create a notion page in <{PAGE}>",
        f"create a notion page in <{PAGE}> titled it",
        # half a request is never acted on
        "close acme/api#12 and make me a sandwich",
        "delete PROJ-7 and everything else",
        # free text may or may not end before "and": ambiguous unless quoted
        "comment on acme/api#12: shipped and tell #general",
        "open an issue in acme/api: Login fails and close acme/api#3",
    ],
)
def test_other_tools_not_understood(text: str) -> None:
    assert plan(text) is None


CLOSE = "github.close_issue"

TOOL_MULTI_PART: list[
    tuple[str, Pattern, list[tuple[str, dict[str, Any], tuple[str, ...], bool]]]
] = [
    (
        "close acme/api#12 and tell #general",
        Pattern.GRAPH,
        [(CLOSE, ISSUE_12, (), False), (POST, {"channel": "#general"}, ("s1",), True)],
    ),
    (
        "close acme/api#12, acme/api#13 and let #dev know",
        Pattern.GRAPH,
        [
            (CLOSE, ISSUE_12, (), False),
            (CLOSE, {"repo": "acme/api", "number": 13}, (), False),
            (POST, {"channel": "#dev"}, ("s1", "s2"), True),
        ],
    ),
    (
        "close PR acme/api#12 then delete branch feature-x in acme/api",
        Pattern.GRAPH,
        [
            ("github.close_pull_request", ISSUE_12, (), False),
            ("github.delete_branch", {"repo": "acme/api", "branch": "feature-x"}, ("s1",), False),
        ],
    ),
    (
        "move PROJ-7 to Done and tell #general",
        Pattern.GRAPH,
        [
            ("jira.transition", {"key": "PROJ-7", "to": "Done"}, (), False),
            (POST, {"channel": "#general"}, ("s1",), True),
        ],
    ),
    (
        "move PROJ-7 and PROJ-8 to In Progress, assign PROJ-7 to @bob",
        Pattern.PARALLEL,
        [
            ("jira.transition", {"key": "PROJ-7", "to": "In Progress"}, (), False),
            ("jira.transition", {"key": "PROJ-8", "to": "In Progress"}, (), False),
            ("jira.assign", {"key": "PROJ-7", "assignee": "@bob"}, (), False),
        ],
    ),
    (
        'comment on acme/api#12: "shipped" and close acme/api#12',
        Pattern.PARALLEL,
        [
            ("github.comment_issue", {**ISSUE_12, "body": "shipped"}, (), False),
            (CLOSE, ISSUE_12, (), False),
        ],
    ),
    (
        "search jira for project = PROJ AND status = Done then post it in #ops",
        Pattern.GRAPH,
        [
            ("jira.search", {"jql": "project = PROJ AND status = Done"}, (), False),
            (POST, {"channel": "#ops"}, ("s1",), True),
        ],
    ),
    (
        "search jira for project = PROJ AND status = Done and tell #general",
        Pattern.GRAPH,
        [
            ("jira.search", {"jql": "project = PROJ AND status = Done"}, (), False),
            (POST, {"channel": "#general"}, ("s1",), True),
        ],
    ),
    (
        'search github for "login then crash" then tell #dev',
        Pattern.GRAPH,
        [
            ("github.search_issues", {"query": "login then crash"}, (), False),
            (POST, {"channel": "#dev"}, ("s1",), True),
        ],
    ),
    (
        f"set Status to Done on <{PAGE}> and archive #launch",
        Pattern.PARALLEL,
        [
            ("notion.update_page", {"page": PAGE, "properties": {"Status": "Done"}}, (), False),
            (ARCHIVE, {"channel": "#launch"}, (), False),
        ],
    ),
    (
        f"label acme/api#12 as bug and urgent, then trash the notion page <{PAGE}>",
        Pattern.GRAPH,
        [
            ("github.add_label", {**ISSUE_12, "label": "bug"}, (), False),
            ("github.add_label", {**ISSUE_12, "label": "urgent"}, (), False),
            ("notion.archive_page", {"page": PAGE}, ("s1", "s2"), False),
        ],
    ),
]


@pytest.mark.parametrize(("text", "pattern", "steps"), TOOL_MULTI_PART)
def test_other_tools_in_several_parts(
    text: str,
    pattern: Pattern,
    steps: list[tuple[str, dict[str, Any], tuple[str, ...], bool]],
) -> None:
    result = plan(text)
    assert shape(result) == steps
    assert result is not None
    assert result.pattern is pattern


def test_reasoning_names_other_tools() -> None:
    result = plan("close acme/api#12 and tell #general")
    assert result is not None
    assert result.reasoning == "Understood 2 commands: close issue, post."


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
    "close " + "acme/api#1, " * 160,
    "close " + "acme/api#1 " * 160,
    "comment on acme/api#12" + ": x" * 600,
    "comment " + "x on " * 390 + "acme/api#12",
    "label acme/api#12 as " + "bug and " * 230,
    "add " + "label " * 330 + "to acme/api#12",
    "remove " + "the bug label from " * 100 + "acme/api#12",
    "move PROJ-7 " + "to Done " * 240,
    "assign " + "PROJ-7 to " * 195,
    "set " + "Status to Done and " * 100 + f"on <{PAGE}>",
    "set " + "a to b on " * 190 + f"<{PAGE}>",
    "set " + " " * 1_900 + f"x to y on <{PAGE}>",
    "list issues in " + "acme/api labelled " * 110,
    "open an issue in " + "acme/api: " * 195,
    "create a notion page called " + "x in " * 380 + f"<{PAGE}>",
    "restore branch " + "x in acme/api at " * 110 + "1a2b3c4",
    "delete the " + "branch x of " * 160 + "acme/api",
    "search jira for " + "a = b AND " * 195,
    "https://github.com/" + "a/" * 985,
    "archive " + f"<{PAGE}>, " * 25,
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
