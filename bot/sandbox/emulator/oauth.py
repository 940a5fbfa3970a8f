"""OAuth v2 for the sandbox: install codes a test issues, and oauth.v2.access that trades them."""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from dataclasses import dataclass
from typing import Any

from bot.sandbox.emulator.tokens import Tokens
from bot.sandbox.workspace.api_records import ApiError

OAUTH_CODE_LIFETIME = 10 * 60.0
DEFAULT_OAUTH_SCOPE = "app_mentions:read,channels:history,chat:write,commands,im:history"


@dataclass
class OAuthGrant:
    """A code issued by ``issue_code``, exchangeable once."""

    team_id: str
    team_name: str
    user_id: str
    bot_user_id: str
    bot_id: str
    scope: str
    redirect_uri: str | None
    created: float
    used: bool = False


class OAuthServer:
    """App credentials, issued codes, and the bot tokens the exchange hands out."""

    def __init__(self, tokens: Tokens, *, app_id: str) -> None:
        self._tokens = tokens
        self._app_id = app_id
        self._apps: dict[str, str] = {}
        self._grants: dict[str, OAuthGrant] = {}

    def register_app(self, client_id: str, client_secret: str) -> None:
        """Accept these app credentials in oauth.v2.access."""
        self._apps[client_id] = client_secret

    def issue_code(
        self,
        *,
        team_id: str,
        team_name: str,
        user_id: str,
        scope: str,
        redirect_uri: str | None,
        bot_user_id: str,
        bot_id: str,
    ) -> str:
        """A code, as Slack sends to the redirect URL after an install (valid 10 min, once)."""
        code = f"{secrets.randbelow(10**12)}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
        self._grants[code] = OAuthGrant(
            team_id=team_id,
            team_name=team_name,
            user_id=user_id,
            bot_user_id=bot_user_id,
            bot_id=bot_id,
            scope=scope,
            redirect_uri=redirect_uri,
            created=time.monotonic(),
        )
        return code

    def access(self, params: dict[str, Any], authorization: str) -> dict[str, Any]:
        """The body of ``oauth.v2.access``: a new bot token for a valid, unused code."""
        client_id, client_secret = _basic_credentials(authorization) or (
            str(params.get("client_id") or ""),
            str(params.get("client_secret") or ""),
        )
        if client_id not in self._apps:
            raise ApiError("invalid_client_id")
        if self._apps[client_id] != client_secret:
            raise ApiError("bad_client_secret")
        grant = self._grants.get(str(params.get("code") or ""))
        if grant is None or grant.used or time.monotonic() - grant.created > OAUTH_CODE_LIFETIME:
            raise ApiError("invalid_code")
        if grant.redirect_uri is not None and params.get("redirect_uri") != grant.redirect_uri:
            raise ApiError("bad_redirect_uri")
        grant.used = True
        token = new_bot_token()
        self._tokens.add(
            token,
            team_id=grant.team_id,
            team_name=grant.team_name,
            user_id=grant.bot_user_id,
            bot_id=grant.bot_id,
        )
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": grant.scope,
            "bot_user_id": grant.bot_user_id,
            "app_id": self._app_id,
            "team": {"id": grant.team_id, "name": grant.team_name},
            "enterprise": None,
            "authed_user": {"id": grant.user_id},
            "is_enterprise_install": False,
        }


def new_bot_token() -> str:
    """A bot token shaped like the sandbox's own: ``xoxb-sandbox-<hex>``."""
    return f"xoxb-sandbox-{secrets.token_hex(12)}"


def _basic_credentials(authorization: str) -> tuple[str, str] | None:
    """(client_id, client_secret) from an HTTP Basic header, as slack_sdk sends them."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, client_secret = base64.b64decode(encoded.strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return client_id, client_secret
