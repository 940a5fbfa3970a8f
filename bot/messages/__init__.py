"""Every sentence a person reads in Slack or the terminal, one module per surface.

    about        who Kaizen is and what it can do
    chat         conversations: offline help, greetings, errors while answering
    commands     the slash commands' shared help lines and refusals
    prefs        `/prefs` and the preference parts of App Home
    home         the App Home tab
    stats        `/stats` and `kaizen stats`: the health formula, fields, what changed
    stats_views  the lines of the other `/stats` views
    stats_charts the charts' titles and axes
    digest       the daily digest
    undo         `/undo` and the Undo buttons
    blocks       Confirm / Cancel / Always, cut notes, stale or foreign buttons
    cli          the `kaizen` command line
    config       configuration refused at start
    metrics      the help line of each Prometheus metric
    plural       counting words right: "1 run", "2 runs", "once"

The names below are re-exported so `from bot import messages; messages.X` keeps
working; modules of this package import their siblings directly, never this one.
"""

from __future__ import annotations

from bot.messages.about import BOT_NAME, CAPABILITIES
from bot.messages.chat import (
    ASSISTANT_SUGGESTED_PROMPTS,
    WORKING_STATUS,
    assistant_greeting,
    empty_message_reply,
    message_too_long,
    messages_tab_greeting,
    model_unavailable_help,
    offline_help,
    something_went_wrong,
)
from bot.messages.cli import config_error
from bot.messages.commands import (
    COMMAND_HELP,
    NOT_YET_AVAILABLE,
    admins_only,
    command_help,
    command_not_available,
    unknown_subcommand,
)
from bot.messages.home import HOME_HOW_TO, HOME_INTRO, HOME_TITLE
from bot.messages.prefs import done_without_asking

__all__ = [
    "ASSISTANT_SUGGESTED_PROMPTS",
    "BOT_NAME",
    "CAPABILITIES",
    "COMMAND_HELP",
    "HOME_HOW_TO",
    "HOME_INTRO",
    "HOME_TITLE",
    "NOT_YET_AVAILABLE",
    "WORKING_STATUS",
    "admins_only",
    "assistant_greeting",
    "command_help",
    "command_not_available",
    "config_error",
    "done_without_asking",
    "empty_message_reply",
    "message_too_long",
    "messages_tab_greeting",
    "model_unavailable_help",
    "offline_help",
    "something_went_wrong",
    "unknown_subcommand",
]
