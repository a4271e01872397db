"""Encryption at rest for sensitive personal data (ID and phone numbers).

AES-256-GCM with a random 96-bit nonce per value; the key is `settings.SIFA_DATA_KEY`
(32 bytes, base64). Exact search uses a keyed hash (HMAC-SHA256, "blind index") under a key
derived from the same secret, so the database never holds a plaintext or an unkeyed hash
that could be reversed by trying every ID number.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured

from config.sifa_settings import sifa_setting

_PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[bytes, bytes]:
    try:
        master = base64.b64decode(secret, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured("SIFA_DATA_KEY must be base64.") from exc
    if len(master) != 32:
        raise ImproperlyConfigured("SIFA_DATA_KEY must decode to 32 bytes.")
    encryption_key = hmac.new(master, b"sifa/aes-gcm/v1", hashlib.sha256).digest()
    index_key = hmac.new(master, b"sifa/blind-index/v1", hashlib.sha256).digest()
    return encryption_key, index_key


def encrypt(plaintext: str) -> str:
    key, _ = _keys(sifa_setting("SIFA_DATA_KEY"))
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), None)
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("not an encrypted value")
    key, _ = _keys(sifa_setting("SIFA_DATA_KEY"))
    raw = base64.b64decode(token[len(_PREFIX) :])
    return AESGCM(key).decrypt(raw[:12], raw[12:], None).decode()


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash of a normalised value for exact lookup; `purpose` separates the fields."""
    _, key = _keys(sifa_setting("SIFA_DATA_KEY"))
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
