"""The Slack Web API methods the sandbox implements, by method name.

Each family of methods (``chat``, ``streaming``, ``files``, ``assistant``,
``conversations``, ``channel_changes``, ``memberships``, ``pins``,
``reactions``, ``users``, ``views``, ``auth``) lists its own handlers;
``WebApi`` gathers them into one table. ``oauth.v2.access`` and
``apps.connections.open`` are answered by the server itself, since they take
no ordinary token.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.sandbox.emulator.api_request import Handler, MethodFamily
from bot.sandbox.emulator.assistant import AssistantMethods
from bot.sandbox.emulator.auth import AuthMethods
from bot.sandbox.emulator.channel_changes import ChannelChangeMethods
from bot.sandbox.emulator.chat import ChatMethods
from bot.sandbox.emulator.conversations import ConversationMethods
from bot.sandbox.emulator.files import FileMethods
from bot.sandbox.emulator.lookups import Lookups
from bot.sandbox.emulator.memberships import MembershipMethods
from bot.sandbox.emulator.pins import PinMethods
from bot.sandbox.emulator.reactions import ReactionMethods
from bot.sandbox.emulator.streaming import StreamMethods
from bot.sandbox.emulator.users import UserMethods
from bot.sandbox.emulator.views import ViewMethods
from bot.sandbox.workspace.store import Workspace


class WebApi:
    """Handlers for the Web API methods, keyed by method name in ``handlers``."""

    def __init__(self, workspace: Workspace, *, public_url: Callable[[], str]) -> None:
        lookups = Lookups(workspace)
        self.views = ViewMethods(lookups)
        families: tuple[MethodFamily, ...] = (
            AuthMethods(workspace),
            ChatMethods(lookups),
            StreamMethods(lookups),
            ConversationMethods(lookups),
            ChannelChangeMethods(lookups),
            MembershipMethods(lookups),
            PinMethods(lookups),
            ReactionMethods(lookups),
            UserMethods(lookups),
            self.views,
            FileMethods(lookups, public_url=public_url),
            AssistantMethods(lookups),
        )
        self.handlers: dict[str, Handler] = {}
        for family in families:
            self.handlers.update(family.handlers())

    def new_trigger_id(self, user_id: str | None = None) -> str:
        """A trigger id for views.open / views.push (see ``ViewMethods.new_trigger_id``)."""
        return self.views.new_trigger_id(user_id)
