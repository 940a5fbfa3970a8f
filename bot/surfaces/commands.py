"""What the slash commands without a surface of their own answer, in the ack."""

from __future__ import annotations

from bot.messages import commands as words

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
        return words.unknown_command(command)
    if command in ADMIN_ONLY and not is_admin:
        return words.admins_only(command)
    parts = text.split()
    first = parts[0].lower() if parts else ""
    if first in HELP_WORDS:
        return words.command_help(command)
    if _is_unknown_subcommand(command, first):
        return words.unknown_subcommand(command, parts[0][:40])
    return words.command_not_available(command)


def _is_unknown_subcommand(command: str, first: str) -> bool:
    known = KNOWN_SUBCOMMANDS[command]
    if not first or not known:
        return False
    if command == "/undo" and first.isalnum():  # `/undo <id>`
        return False
    return first not in known and not first.startswith("--")
