"""What undoing a Slack action tells members: what changed since, and what was restored."""

from __future__ import annotations

THAT_CHANNEL = "That channel"  # a channel whose name is unknown, starting a sentence
MESSAGE_GONE = "That message no longer exists."
MESSAGE_EDITED = "That message was edited since."

# ------------------------------------------------------------------ what changed since


def channel_gone(channel: str) -> str:
    return f"{channel} no longer exists."


def channel_archived_since(channel: str, *, archived: bool = True) -> str:
    return f"{channel} was {'archived' if archived else 'unarchived'} since."


def channel_renamed_since(old_name: str, channel: str) -> str:
    return f"#{old_name} was renamed since to {channel}."


def people_posted_since(channel: str) -> str:
    return f"People have posted in {channel} since."


def message_pinned_since(*, pinned: bool) -> str:
    return "That message was pinned since." if pinned else "That message was unpinned since."


def reaction_removed_since(name: str) -> str:
    return f"My :{name}: reaction was removed since."


def channel_text_changed_since(attribute: str, channel: str, now: str) -> str:
    if not now:
        return f"The {attribute} of {channel} was cleared since."
    return f"The {attribute} of {channel} was changed since to “{now}”."


def member_left_since(user: str, channel: str) -> str:
    return f"{user} is no longer in {channel}."


def member_back_since(user: str, channel: str) -> str:
    return f"{user} is back in {channel} already."


def member_gone(user: str, channel: str) -> str:
    return f"{user} is not in {channel} any more."


# ------------------------------------------------------------------ what was restored


def posted_message_deleted(channel: str) -> str:
    return f"Deleted the message I posted in {channel}."


def message_text_restored(channel: str) -> str:
    return f"Restored the previous text of the message in {channel}."


def restored_by_note(author: str, date: str) -> str:
    """Appended to a re-posted message: who wrote it first, and when."""
    return f"Restored by Kaizen — originally posted by {author} at {date}"


def deleted_message_reposted(channel: str) -> str:
    return f"Re-posted the deleted message in {channel}."


def pin_restored(channel: str, *, pinned_after: bool) -> str:
    if pinned_after:
        return f"Unpinned the message in {channel}."
    return f"Pinned the message in {channel} again."


def reaction_removed(name: str, channel: str) -> str:
    return f"Removed my :{name}: reaction in {channel}."


def archive_restored(channel: str, *, archived_after: bool) -> str:
    if archived_after:
        return f"Unarchived {channel}."
    return f"Archived {channel} again."


def created_channel_archived(channel: str) -> str:
    return f"Archived {channel}."


def name_restored(channel: str, name: str) -> str:
    return f"Renamed {channel} back to #{name}."


def channel_text_restored(attribute: str, channel: str, previous: str) -> str:
    if not previous:
        return f"Cleared the {attribute} of {channel} again."
    return f"Restored the {attribute} of {channel} to “{previous}”."


def member_removed_again(user: str, channel: str) -> str:
    return f"Removed {user} from {channel}."


def member_invited_back(user: str, channel: str) -> str:
    return f"Invited {user} back to {channel}."
