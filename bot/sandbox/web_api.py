"""The Slack Web API methods the sandbox implements, by method name.

The handlers live in method groups (``api_chat``, ``api_conversations``,
``api_views``); ``WebApi`` combines them and maps each Slack method name to
its handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.sandbox.api_base import ApiRequest
from bot.sandbox.api_chat import ChatMethods
from bot.sandbox.api_conversations import ConversationMethods
from bot.sandbox.api_views import ViewMethods
from bot.sandbox.workspace import Workspace

Handler = Callable[[ApiRequest], dict[str, Any]]


class WebApi(ChatMethods, ConversationMethods, ViewMethods):
    """Handlers for the Web API methods, keyed by method name in ``handlers``."""

    def __init__(self, workspace: Workspace, *, public_url: Callable[[], str]) -> None:
        super().__init__(workspace, public_url=public_url)
        self.handlers: dict[str, Handler] = {
            "api.test": self.api_test,
            "auth.test": self.auth_test,
            "team.info": self.team_info,
            "chat.postMessage": self.chat_post_message,
            "chat.postEphemeral": self.chat_post_ephemeral,
            "chat.update": self.chat_update,
            "chat.delete": self.chat_delete,
            "chat.getPermalink": self.chat_get_permalink,
            "chat.startStream": self.chat_start_stream,
            "chat.appendStream": self.chat_append_stream,
            "chat.stopStream": self.chat_stop_stream,
            "conversations.list": self.conversations_list,
            "users.conversations": self.users_conversations,
            "conversations.info": self.conversations_info,
            "conversations.history": self.conversations_history,
            "conversations.replies": self.conversations_replies,
            "conversations.archive": self.conversations_archive,
            "conversations.unarchive": self.conversations_unarchive,
            "conversations.rename": self.conversations_rename,
            "conversations.setTopic": self.conversations_set_topic,
            "conversations.setPurpose": self.conversations_set_purpose,
            "conversations.create": self.conversations_create,
            "conversations.invite": self.conversations_invite,
            "conversations.kick": self.conversations_kick,
            "conversations.join": self.conversations_join,
            "conversations.members": self.conversations_members,
            "conversations.open": self.conversations_open,
            "pins.add": self.pins_add,
            "pins.remove": self.pins_remove,
            "pins.list": self.pins_list,
            "reactions.add": self.reactions_add,
            "reactions.remove": self.reactions_remove,
            "reactions.get": self.reactions_get,
            "users.info": self.users_info,
            "users.list": self.users_list,
            "views.publish": self.views_publish,
            "views.open": self.views_open,
            "views.push": self.views_push,
            "views.update": self.views_update,
            "files.getUploadURLExternal": self.files_get_upload_url_external,
            "files.completeUploadExternal": self.files_complete_upload_external,
            "assistant.threads.setStatus": self.assistant_set_status,
            "assistant.threads.setSuggestedPrompts": self.assistant_set_suggested_prompts,
            "assistant.threads.setTitle": self.assistant_set_title,
        }

    # ======================================================= auth / team

    def api_test(self, request: ApiRequest) -> dict[str, Any]:
        return {"ok": True, "args": {k: v for k, v in request.params.items() if k != "token"}}

    def auth_test(self, request: ApiRequest) -> dict[str, Any]:
        caller = request.caller
        user = self.workspace.users.get(caller.user_id)
        body: dict[str, Any] = {
            "ok": True,
            "url": f"https://{self.workspace.domain}.slack.com/",
            "team": caller.team_name,
            "user": user.name if user else caller.user_id,
            "team_id": caller.team_id,
            "user_id": caller.user_id,
            "is_enterprise_install": False,
        }
        if caller.bot_id:
            body["bot_id"] = caller.bot_id
        return body

    def team_info(self, request: ApiRequest) -> dict[str, Any]:
        ws = self.workspace
        team = {
            "id": request.caller.team_id,
            "name": request.caller.team_name,
            "domain": ws.domain,
            "email_domain": "",
            "icon": {},
        }
        return {"ok": True, "team": team}
