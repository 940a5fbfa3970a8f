"""What console mode (`kaizen chat`) prints for the person at the terminal."""

from __future__ import annotations

HELP = """Type a message to talk to Kaizen in your DM. Console commands:
  /improve, /undo, /prefs, /stats …   Kaizen's slash commands (try `/undo help`)
  /in #channel                        talk in a channel (your messages @mention Kaizen)
  /dm                                 back to your DM with Kaizen
  /as <name>                          act as another member (alice, bob, carol)
  /press <n>                          press button n of the messages shown
  /home                               open Kaizen's Home tab
  /quit                               leave"""

NONE_GIVEN = "(none given)"
BACK_IN_DM = "Back in your DM with Kaizen."
NO_BUTTON_YET = "There is no button to press yet."

#: Who a line of output comes from, as the console labels it.
KAIZEN = "kaizen"
KAIZEN_TO_YOU_ONLY = "kaizen (only visible to you)"
EDITED = " (edited)"
HOME_TAB = "Home tab"
PRESS_HINT = "   (type /press <n>)"


def welcome(user_name: str, team_name: str) -> str:
    return (
        f"Kaizen console — you are {user_name} in the sandbox workspace "
        f"'{team_name}'. /help lists commands, /quit leaves."
    )


def unknown_command(word: str) -> str:
    return f"Unknown console command {word}.\n{HELP}"


def no_such_channel(asked: str, channels: str) -> str:
    return f"No channel {asked} here. Channels: {channels}"


def now_in_channel(name: str) -> str:
    return f"Now in #{name}: your messages there @mention Kaizen."


def no_such_member(asked: str, members: str) -> str:
    return f"No member {asked}. Members: {members}"


def now_acting_as(name: str) -> str:
    return f"You are now {name}."


def press_by_number(count: int) -> str:
    return f"Press a button by its number: 1 to {count}."


def bot_answered_http(status: int, body: str | None = None) -> str:
    """The bot refused a request; ``body`` is the start of what it said, when shown."""
    if body is None:
        return f"(the bot answered HTTP {status})"
    return f"(the bot answered HTTP {status}: {body})"


def assistant_status(status: str) -> str:
    return f"  · Kaizen {status}"


def image(alt_text: str) -> str:
    return f"[image: {alt_text}]"
