"""The slash commands' shared words: help lines, refusals, unknown sub-commands."""

from __future__ import annotations

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


def unknown_command(command: str) -> str:
    return f"I don't know the command `{command}`."


def admins_only(command: str) -> str:
    return (
        f"`{command}` is for admins. Ask an admin to add your Slack user ID to "
        "`KAIZEN_ADMIN_USERS` if you need it."
    )
