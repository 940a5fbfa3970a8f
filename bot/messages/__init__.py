"""Every sentence a person reads in Slack or the terminal, in one place."""

from __future__ import annotations

BOT_NAME = "Kaizen"

CAPABILITIES = (
    "• *Chat with me* in a DM, by @mentioning me in a channel, or in the assistant panel.\n"
    "• *Work in Slack for you*: post, archive, rename, set topics, invite, pin — "
    "risky steps wait for your confirmation, and what I do can be undone.\n"
    "• *Work in GitHub, Jira and Notion* when the workspace has connected them.\n"
    "• `/undo` reverses my last action, `/improve` tells me how to do better, "
    "`/prefs` shows what I have learned about you, `/stats` shows admins how I am doing."
)


def offline_help(question: str | None = None) -> str:
    """The answer when no language model is configured or reachable."""
    opener = f"Hi! I'm {BOT_NAME}, an assistant that gets better every day."
    note = (
        "No language model is connected right now, so I can only answer with this overview. "
        "An admin can connect one by setting `OPENAI_API_KEY` (and `OPENAI_BASE_URL` for a "
        "self-hosted server)."
    )
    return f"{opener}\n\n*What I can do*\n{CAPABILITIES}\n\n_{note}_"


def model_unavailable_help() -> str:
    return (
        "I couldn't reach the language model just now, so here is what I can do while it is "
        f"away:\n\n{CAPABILITIES}\n\n_Try again in a minute; if it keeps failing, tell an admin._"
    )


def empty_message_reply() -> str:
    return "I got an empty message. Tell me what you need, for example: _what can you do?_"


def message_too_long(limit: int) -> str:
    return (
        f"That message is longer than I can take ({limit:,} characters at most). "
        "Could you shorten it or split it into parts?"
    )


def something_went_wrong() -> str:
    return (
        "Sorry — something went wrong on my side while handling that. It has been recorded; "
        "please try again."
    )


def assistant_greeting() -> str:
    return f"Hi, I'm {BOT_NAME}. What can I take off your plate today?"


def messages_tab_greeting() -> str:
    return (
        f"Hi, I'm {BOT_NAME} :wave: Tell me what you need here, @mention me in a channel, "
        "or ask me _what can you do?_"
    )


ASSISTANT_SUGGESTED_PROMPTS: list[dict[str, str]] = [
    {"title": "What can you do?", "message": "What can you do?"},
    {"title": "Tidy a channel", "message": "Archive #old-launch and tell #general"},
    {"title": "Set a topic", "message": "Set the topic of #random to weekly sync"},
]

WORKING_STATUS = "is thinking…"

# --- slash commands -----------------------------------------------------------

COMMAND_HELP: dict[str, str] = {
    "/improve": (
        "*`/improve [text]`* — tell me how to do better on my latest answer in this channel or "
        "thread. With no text, a form opens. Your feedback is stored with that answer and "
        "considered in the next learning cycle."
    ),
    "/undo": (
        "*`/undo [list | <id>]`* — undo my latest action for you, list what can be undone, "
        "or undo one by its id."
    ),
    "/prefs": (
        "*`/prefs [show | set <key> <value> | forget <pattern> | reset]`* — what I have learned "
        "about how you like to work (when to ask before acting, your preferred specialists, "
        "your style), and your overrides."
    ),
    "/stats": (
        "*`/stats [agents | errors | learning | prompts | costs] [--days N]`* — for admins: "
        "how I am doing — runs, success rate, latency, errors, costs and what I have learned."
    ),
}

NOT_YET_AVAILABLE: dict[str, str] = {
    "/improve": (
        "I can't record feedback yet — that arrives with the learning loop. "
        "Until then, tell an admin what I should do better."
    ),
    "/prefs": (
        "I haven't learned any preferences yet — preference learning isn't switched on "
        "in this version."
    ),
    "/stats": (
        "Statistics aren't collected yet in this version. What exists today: `GET /metrics` "
        "(Prometheus) on the server."
    ),
}


def command_help(command: str) -> str:
    return COMMAND_HELP[command]


def command_not_available(command: str) -> str:
    return f"{NOT_YET_AVAILABLE[command]}\n\n{COMMAND_HELP[command]}"


def unknown_subcommand(command: str, word: str) -> str:
    return f"I don't know `{command} {word}`.\n\n{COMMAND_HELP[command]}"


def admins_only(command: str) -> str:
    return (
        f"`{command}` is for admins. Ask an admin to add your Slack user ID to "
        "`KAIZEN_ADMIN_USERS` if you need it."
    )


# --- preferences ------------------------------------------------------------------


def done_without_asking(reason: str) -> str:
    """Why an action ran without a confirmation: "…: you confirmed this 6 of 6 times"."""
    return f"done without asking: {reason} — `/prefs` to change"


# --- App Home -------------------------------------------------------------------

HOME_TITLE = f"Welcome to {BOT_NAME}"
HOME_INTRO = (
    "I'm an operations assistant that acts for you in Slack and your tools, asks before "
    "anything risky, lets you undo what I did, and learns from your feedback."
)
HOME_HOW_TO = (
    "*How to start*: send me a DM, @mention me in a channel, or open me in the assistant panel."
)

# --- configuration and terminal ----------------------------------------------------


def config_error(reason: str) -> str:
    return f"kaizen: configuration error: {reason}"
