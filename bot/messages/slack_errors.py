"""What Slack's errors mean for the member, and how the Slack client says its own failures."""

from __future__ import annotations

#: What each Slack error means for the member. `{channel}`, `{user}`, `{name}`
#: and `{emoji}` are filled from the `Subject` of the call.
ERROR_SENTENCES: dict[str, str] = {
    "channel_not_found": "I can't find {channel}, or I'm not allowed to see it.",
    "not_in_channel": "I'm not a member of {channel}: invite me with /invite first.",
    "is_archived": "{channel} is archived: unarchive it first.",
    "already_archived": "{channel} is already archived.",
    "not_archived": "{channel} is not archived.",
    "cant_archive_general": "{channel} is the workspace's general channel: Slack won't archive it.",
    "cant_unarchive_general": "{channel} is the workspace's general channel.",
    "restricted_action": "The workspace's settings don't let me do that in {channel}.",
    "method_not_supported_for_channel_type": "Slack doesn't allow that in {channel}.",
    "name_taken": "There is already a channel called #{name}.",
    "invalid_name": "“{name}” is not a valid name.",
    "invalid_name_required": "A channel needs a name.",
    "invalid_name_maxlength": "“{name}” is too long for a channel name (80 characters at most).",
    "invalid_name_specials": (
        "“{name}” is not a valid channel name: use lowercase letters, digits, - and _."
    ),
    "invalid_name_punctuation": "“{name}” is not a valid channel name: it needs a letter or digit.",
    "too_long": "That is too long for a channel topic or purpose (250 characters at most).",
    "msg_too_long": "That message is too long for Slack (40,000 characters at most).",
    "no_text": "There is no text to post.",
    "message_not_found": "I can't find that message in {channel}.",
    "thread_not_found": "I can't find that thread in {channel}.",
    "invalid_thread_ts": "That is not a valid thread timestamp.",
    "cant_update_message": "I can only edit messages I posted myself.",
    "edit_window_closed": "That message is too old to edit.",
    "cant_delete_message": "I can only delete messages I posted myself.",
    "compliance_exports_prevent_deletion": "This workspace's compliance settings prevent deletion.",
    "user_not_found": "I can't find {user}.",
    "user_is_restricted": "{user} is a guest and can't be added to {channel}.",
    "already_in_channel": "{user} is already in {channel}.",
    "cant_invite_self": "I can't invite myself to {channel}.",
    "cant_invite": "I can't invite {user} to {channel}.",
    "cant_kick_self": "I can't remove myself from {channel}.",
    "cant_kick_from_general": "Slack doesn't let anyone be removed from {channel}.",
    "already_pinned": "That message is already pinned in {channel}.",
    "not_pinned": "That message is not pinned in {channel}.",
    "too_many_pins": "{channel} has too many pinned items already.",
    "already_reacted": "I already reacted with :{emoji}: to that message.",
    "no_reaction": "I have no :{emoji}: reaction on that message.",
    "invalid_emoji": ":{emoji}: is not an emoji I know.",
    "too_many_reactions": "That message has too many reactions already.",
    "no_item_specified": "I need a message to act on.",
    "missing_scope": "The Slack app is missing a permission for that ({needed}).",
    "not_authed": "My Slack token is missing: ask an operator to check SLACK_BOT_TOKEN.",
    "invalid_auth": "Slack rejected my token: ask an operator to check SLACK_BOT_TOKEN.",
    "account_inactive": "My Slack token is no longer active: ask an operator to reinstall me.",
    "token_revoked": "My Slack token was revoked: ask an operator to reinstall me.",
    "not_allowed_token_type": "Slack won't let a bot token do that.",
    "ekm_access_denied": "The workspace's encryption settings block that.",
    "team_access_not_granted": "I don't have access to that workspace.",
    "invalid_arguments": "Slack didn't accept the arguments of that request.",
}


#: Sentences that replace those above when joining a channel fails.
JOIN_ERROR_SENTENCES: dict[str, str] = {
    "method_not_supported_for_channel_type": (
        "I'm not a member of {channel} and it is private: invite me with /invite first."
    ),
    "channel_not_found": (
        "I'm not a member of {channel} and can't see it: invite me with /invite first."
    ),
}

SLACK_TIMED_OUT = "Slack did not answer in time."


def slack_unreachable(error: str) -> str:
    return f"I couldn't reach Slack ({error})."


def slack_rate_limited(retry_after: float | None) -> str:
    wait = f" for {retry_after:g} s" if retry_after is not None else ""
    return f"Slack is rate-limiting me{wait}; I'll try again."


def slack_failed(status: int) -> str:
    return f"Slack had a problem (HTTP {status}); I'll try again."


def slack_refused(error: str) -> str:
    return f"Slack refused that: {error}."
