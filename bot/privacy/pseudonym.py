"""Pseudonymous conversation ids.

Rasa never sees a channel's user id (a Telegram chat id, a browser session
id). It sees HMAC-SHA256(key, channel + ":" + user id), so what sits in the
tracker store cannot be read back to a person without the key.

The key comes from MELDCODE_PSEUDONYM_KEY, or from `.secrets/pseudonym.key`,
which is generated (random, 32 bytes, mode 0600) on first start and never
committed. Rotating the key (delete the file or change the variable) starts
everyone on a fresh conversation.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from bot.config import SECRETS_DIR

KEY_ENV = "MELDCODE_PSEUDONYM_KEY"
KEY_FILE = SECRETS_DIR / "pseudonym.key"


def _load_or_create_key(path: Path = KEY_FILE) -> bytes:
    from_env = os.environ.get(KEY_ENV, "").strip()
    if from_env:
        return from_env.encode()
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_hex(32).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


@lru_cache(maxsize=1)
def _key() -> bytes:
    return _load_or_create_key()


def pseudonym(channel: str, user_id: str, key: bytes | None = None) -> str:
    """The conversation id Rasa sees for `user_id` on `channel`."""
    mac = hmac.new(key or _key(), f"{channel}:{user_id}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def relay_token(relay: str, key: bytes | None = None) -> str:
    """What a relay of this installation (the Telegram bot) sends in X-Meldcode-Relay.

    The relay forwards many chats from one address, so the web channel's
    per-address limit does not apply to it; its own per-chat limit does. Only
    a process with the same key can make the token.
    """
    return pseudonym("relay", relay, key)
