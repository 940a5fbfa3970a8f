"""`manifest.yml` creates the app the code expects."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.app import BOT_SCOPES
from handlers.commands import COMMANDS

MANIFEST = yaml.safe_load((Path(__file__).resolve().parent.parent / "manifest.yml").read_text())


def test_the_manifest_declares_the_four_commands_with_our_request_url() -> None:
    commands = MANIFEST["features"]["slash_commands"]
    assert sorted(c["command"] for c in commands) == sorted(COMMANDS)
    assert {c["url"].rsplit("/", 2)[-2:] == ["slack", "events"] for c in commands} == {True}


def test_the_manifest_asks_for_the_scopes_the_oauth_flow_asks_for() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_the_manifest_subscribes_to_the_events_we_listen_to() -> None:
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert {
        "app_mention",
        "message.im",
        "app_home_opened",
        "reaction_added",
        "assistant_thread_started",
        "assistant_thread_context_changed",
    } <= events


def test_the_manifest_enables_interactivity_home_and_the_agent_view() -> None:
    features, settings = MANIFEST["features"], MANIFEST["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["agent_view"]["suggested_prompts"]
