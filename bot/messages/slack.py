"""What the Slack tools tell members: results, confirmations, and references they can't follow.

Channel and user labels (``#ops``, ``@bob``) arrive already written; texts quoted
in a sentence arrive already clipped.
"""

from __future__ import annotations

from bot.messages.plural import plural

SOMEONE = "someone"  # an author or member whose id is unknown

# ------------------------------------------------------------------ references

NO_CHANNEL_GIVEN = "Which channel? I need a channel name."
NO_PERSON_GIVEN = "Who? I need a person's name."


def channel_id_not_found(channel_id: str) -> str:
    return f"I can't find the channel {channel_id}, or I'm not allowed to see it."


def channel_name_not_found(name: str) -> str:
    return f"I can't find a channel called #{name}."


def user_id_not_found(user_id: str) -> str:
    return f"I can't find the user {user_id}."


def several_people_match(name: str, labels: str) -> str:
    return f"Several people match “{name}”: {labels}. Which one?"


def person_not_found(name: str) -> str:
    return f"I can't find anyone called @{name}."


def not_a_message_reference(reference: str) -> str:
    return f"“{reference}” is not a message: give its timestamp, its link, or say “latest”."


def link_in_another_channel(channel_id: str, channel: str) -> str:
    return f"That link points to a message in <#{channel_id}>, not in {channel}."


def no_recent_message(channel: str) -> str:
    return f"I can't find a recent message in {channel}."


def message_not_found(channel: str) -> str:
    return f"I can't find that message in {channel}."


# How a confirmation names the message it acts on.


def the_latest_message(channel: str) -> str:
    return f"the latest message in {channel}"


def the_message_at(ts: str, channel: str) -> str:
    return f"the message {ts} in {channel}"


def the_message_by(author: str, channel: str, text: str) -> str:
    return f"the message by {author} in {channel}: “{text}”"


# ------------------------------------------------------------------ messages


def posted(channel: str) -> str:
    return f"Posted in {channel}."


def post_preview(channel: str, text: str, *, in_thread: bool) -> str:
    where = "Reply in a thread in" if in_thread else "Post in"
    return f"{where} {channel}: “{text}”"


def edited(channel: str) -> str:
    return f"Edited the message in {channel}."


def edit_preview(which: str, text: str) -> str:
    return f"Edit {which} — new text: “{text}”"


def deleted(channel: str) -> str:
    return f"Deleted the message in {channel}."


def delete_preview(which: str) -> str:
    return f"Delete {which}."


def messages_read(count: int, channel: str) -> str:
    if not count:
        return f"No messages in {channel}."
    return f"{plural(count, 'message')} from {channel}."


def read_preview(limit: int, channel: str) -> str:
    return f"Read the last {plural(limit, 'message')} of {channel}."


def pinned(channel: str, *, pinned: bool) -> str:
    return f"{'Pinned' if pinned else 'Unpinned'} the message in {channel}."


def pin_preview(which: str, *, pin: bool) -> str:
    return f"{'Pin' if pin else 'Unpin'} {which}."


def unknown_emoji(name: str) -> str:
    return f":{name}: is not an emoji I know."


def reacted(name: str, channel: str) -> str:
    return f"Reacted with :{name}: in {channel}."


def reaction_preview(name: str, which: str) -> str:
    return f"React with :{name}: to {which}."


# ------------------------------------------------------------------ channels

LIST_CHANNELS_PREVIEW = "List the channels of the workspace."


def channels_listed(labels: list[str]) -> str:
    if not labels:
        return "No channels."
    return f"{plural(len(labels), 'channel')}: {', '.join(labels)}."


def archived_label(label: str) -> str:
    return f"{label} (archived)"


def archived(channel: str, *, archived: bool) -> str:
    return f"{'Archived' if archived else 'Unarchived'} {channel}."


def archive_preview(channel: str, *, archive: bool) -> str:
    return f"{'Archive' if archive else 'Unarchive'} {channel}."


def renamed(channel: str, name: str) -> str:
    return f"Renamed {channel} to #{name}."


def rename_preview(channel: str, name: str) -> str:
    return f"Rename {channel} to #{name}."


def channel_text_set(attribute: str, channel: str, text: str) -> str:
    """``attribute`` is "topic" or "purpose"; an empty ``text`` means it was cleared."""
    if not text:
        return f"Cleared the {attribute} of {channel}."
    return f"Set the {attribute} of {channel} to “{text}”."


def channel_text_preview(attribute: str, channel: str, text: str) -> str:
    if not text:
        return f"Clear the {attribute} of {channel}."
    return f"Set the {attribute} of {channel} to “{text}”."


def channel_created(channel: str, *, private: bool) -> str:
    return f"Created the {'private' if private else 'public'} channel {channel}."


def create_preview(name: str, *, private: bool) -> str:
    return f"Create the {'private' if private else 'public'} channel #{name}."


# ------------------------------------------------------------------ members


def invited(user: str, channel: str) -> str:
    return f"Invited {user} to {channel}."


def removed(user: str, channel: str) -> str:
    return f"Removed {user} from {channel}."


def not_a_member(user: str, channel: str) -> str:
    return f"{user} is not in {channel}."


def invite_preview(user: str, channel: str) -> str:
    return f"Invite {user} to {channel}."


def remove_preview(user: str, channel: str) -> str:
    return f"Remove {user} from {channel}."
