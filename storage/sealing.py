"""Encryption at rest for the few secrets the database must hold (OAuth tokens)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


class SealError(Exception):
    """A sealed value could not be opened (wrong key or damaged data)."""


class Sealer:
    """Seals text with a key derived from a secret the operator already keeps."""

    def __init__(self, secret: str) -> None:
        digest = hashlib.sha256(b"kaizen-seal-v1:" + secret.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise SealError("sealed value cannot be opened with this key") from None
