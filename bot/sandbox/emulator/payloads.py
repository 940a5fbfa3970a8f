"""JSON shapes of Slack objects: users, conversations, messages, files, permalinks.

The shapes follow the Web API reference (users.info, conversations.info,
conversations.history, files.completeUploadExternal ...), trimmed to the
fields a client can reasonably depend on.
"""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox.workspace.models import Channel, Message, UploadedFile, User
from bot.sandbox.workspace.store import Workspace


def user_payload(user: User, workspace: Workspace) -> dict[str, Any]:
    """A user object as users.info / users.list return it."""
    profile: dict[str, Any] = {
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.display_name,
        "display_name_normalized": user.display_name,
        "status_text": "",
        "status_emoji": "",
        "team": workspace.team_id,
        "image_48": f"https://avatars.invalid/{user.id}_48.png",
    }
    if user.email:
        profile["email"] = user.email
    if user.bot_id:
        profile["bot_id"] = user.bot_id
        profile["api_app_id"] = workspace.app_id
    return {
        "id": user.id,
        "team_id": workspace.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.real_name,
        "tz": user.tz,
        "tz_label": user.tz,
        "tz_offset": user.tz_offset,
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": int(time.time()),
    }


def channel_payload(channel: Channel, workspace: Workspace) -> dict[str, Any]:
    """A conversation object as conversations.info / list return it."""
    if channel.is_im:
        return {
            "id": channel.id,
            "created": channel.created,
            "is_im": True,
            "is_org_shared": False,
            "context_team_id": workspace.team_id,
            "user": channel.user,
            "is_user_deleted": False,
            "priority": 0,
            "is_open": True,
            "is_archived": False,
        }
    return {
        "id": channel.id,
        "name": channel.name,
        "name_normalized": channel.name,
        "is_channel": not channel.is_private,
        "is_group": False,
        "is_im": False,
        "is_mpim": False,
        "is_private": channel.is_private,
        "created": channel.created,
        "creator": channel.creator,
        "is_archived": channel.is_archived,
        "is_general": channel.is_general,
        "unlinked": 0,
        "is_shared": False,
        "is_org_shared": False,
        "is_ext_shared": False,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": workspace.team_id,
        "updated": int(time.time() * 1000),
        "is_member": workspace.bot_user_id in channel.members,
        "topic": {"value": channel.topic, "creator": "", "last_set": 0},
        "purpose": {"value": channel.purpose, "creator": "", "last_set": 0},
        "previous_names": list(channel.previous_names),
        "num_members": len(channel.members),
    }


def message_payload(
    message: Message,
    workspace: Workspace,
    *,
    include_metadata: bool = True,
) -> dict[str, Any]:
    """A message object as chat.postMessage / conversations.history return it."""
    data: dict[str, Any] = {"type": "message", "ts": message.ts, "text": message.text}
    if message.subtype:
        data["subtype"] = message.subtype
    if message.user:
        data["user"] = message.user
    if message.bot_id:
        data.update(_bot_fields(message.bot_id, workspace))
    data["team"] = workspace.team_id
    if message.blocks is not None:
        data["blocks"] = message.blocks
    if message.attachments:
        data["attachments"] = message.attachments
    if message.files:
        data["files"] = message.files
        data["upload"] = False
    data.update(_thread_fields(message, workspace))
    if message.edited:
        data["edited"] = {"user": message.user or "", "ts": message.edited_ts or message.ts}
    if message.reactions:
        data["reactions"] = [
            {"name": name, "users": sorted(users), "count": len(users)}
            for name, users in message.reactions.items()
            if users
        ]
    if message.pinned_by:
        data["pinned_to"] = [message.channel]
    if message.metadata is not None and include_metadata:
        data["metadata"] = message.metadata
    return data


def _bot_fields(bot_id: str, workspace: Workspace) -> dict[str, Any]:
    return {
        "bot_id": bot_id,
        "app_id": workspace.app_id,
        "bot_profile": {
            "id": bot_id,
            "app_id": workspace.app_id,
            "name": "Kaizen",
            "deleted": False,
            "team_id": workspace.team_id,
        },
    }


def _thread_fields(message: Message, workspace: Workspace) -> dict[str, Any]:
    """``thread_ts`` and ``parent_user_id`` on a reply; reply counts on a parent."""
    if message.is_reply:
        parent = workspace.find_message(message.channel, message.thread_ts or "")
        fields = {"thread_ts": message.thread_ts}
        return fields | ({"parent_user_id": parent.user} if parent and parent.user else {})
    replies = workspace.replies_to(message)
    if not replies:
        return {"thread_ts": message.thread_ts} if message.thread_ts else {}
    reply_users = sorted({r.user for r in replies if r.user})
    return {
        "thread_ts": message.ts,
        "reply_count": len(replies),
        "reply_users_count": len(reply_users),
        "latest_reply": replies[-1].ts,
        "reply_users": reply_users,
        "is_locked": False,
        "subscribed": False,
    }


def file_payload(file: UploadedFile, workspace: Workspace) -> dict[str, Any]:
    """A file object as files.completeUploadExternal returns it."""
    base = f"https://files.invalid/files-pri/{workspace.team_id}-{file.id}/{file.name}"
    return {
        "id": file.id,
        "created": file.created,
        "timestamp": file.created,
        "name": file.name,
        "title": file.title or file.name,
        "mimetype": file.mimetype,
        "filetype": file.name.rsplit(".", 1)[-1].lower() if "." in file.name else "binary",
        "pretty_type": file.mimetype,
        "user": file.user,
        "user_team": workspace.team_id,
        "editable": False,
        "size": len(file.content),
        "mode": "hosted",
        "is_external": False,
        "is_public": any(not _is_private(c, workspace) for c in file.channels),
        "url_private": base,
        "url_private_download": f"{base}?download=1",
        "permalink": f"https://{workspace.domain}.slack.com/files/{file.user}/{file.id}/{file.name}",
        "channels": [c for c in file.channels if not _is_private(c, workspace)],
        "groups": [c for c in file.channels if _is_private(c, workspace)],
        "alt_txt": file.alt_txt,
    }


def _is_private(channel_id: str, workspace: Workspace) -> bool:
    channel = workspace.channels.get(channel_id)
    return channel is not None and channel.is_private


def permalink(workspace: Workspace, message: Message) -> str:
    """The message's web link, the way chat.getPermalink builds it."""
    digits = message.ts.replace(".", "")
    link = f"https://{workspace.domain}.slack.com/archives/{message.channel}/p{digits}"
    if message.is_reply:
        link += f"?thread_ts={message.thread_ts}&cid={message.channel}"
    return link
