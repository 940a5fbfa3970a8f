"""The JSON schemas of the Slack tools' common arguments (their descriptions are for the model)."""

from __future__ import annotations

__all__ = ["CHANNEL", "CHANNEL_NAME", "CHANNEL_TEXT", "MESSAGE", "USER"]


CHANNEL = {
    "type": "string",
    "minLength": 1,
    "description": "The channel: <#C…|name>, #name, name, or an id (C…, G…, D…).",
}
MESSAGE = {
    "type": "string",
    "minLength": 1,
    "description": "The message: its ts (1732262400.000100), its permalink, or 'latest'.",
}
USER = {
    "type": "string",
    "minLength": 1,
    "description": "The person: <@U…>, @handle, handle, real name, or a user id.",
}
# A topic or purpose; empty clears it (minLength 0: an empty text is not a missing one).
CHANNEL_TEXT = {"type": "string", "minLength": 0, "maxLength": 250}
CHANNEL_NAME = {
    "type": "string",
    "minLength": 1,
    "maxLength": 80,
    "description": "A channel name: lowercase letters, digits, - and _.",
}
