"""What the slash commands answer. Handlers parse and ack; the words come from here."""

from __future__ import annotations

from bot import messages

HELP_WORDS = {"help", "-h", "--help", "?"}
KNOWN_SUBCOMMANDS: dict[str, set[str]] = {
    "/improve": set(),  # free text: anything is feedback
    "/undo": {"list"},
    "/prefs": {"show", "set", "forget", "reset"},
    "/stats": {"agents", "errors", "learning", "prompts", "costs"},
}
ADMIN_ONLY = {"/stats"}


def answer_command(command: str, text: str, *, is_admin: bool) -> str:
    """The ephemeral answer to `command text` for this member."""
    if command not in KNOWN_SUBCOMMANDS:
        return f"I don't know the command `{command}`."
    if command in ADMIN_ONLY and not is_admin:
        return messages.admins_only(command)
    words = text.split()
    first = words[0].lower() if words else ""
    if first in HELP_WORDS:
        return messages.command_help(command)
    if _is_unknown_subcommand(command, first):
        return messages.unknown_subcommand(command, words[0][:40])
    return messages.command_not_available(command)


def _is_unknown_subcommand(command: str, first: str) -> bool:
    known = KNOWN_SUBCOMMANDS[command]
    if not first or not known:
        return False
    if command == "/undo" and first.isalnum():  # `/undo <id>`
        return False
    return first not in known and not first.startswith("--")
