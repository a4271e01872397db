"""Encryption at rest for sensitive personal data (ID and phone numbers, addresses, offences and
sentences, check-in coordinates, uploads).

AES-256-GCM with a random 96-bit nonce per value; the key is derived from `SIFA_DATA_KEY`
(32 bytes, base64). Exact search uses a keyed hash (HMAC-SHA256, "blind index") under a key
derived from the same secret, so the database never holds a plaintext or an unkeyed hash
that could be reversed by trying every ID number.

Every value carries the id of the key that sealed it: ``v2:<key id>:<base64 nonce+ciphertext>``.
The key id is a keyed hash of the secret (8 hex digits), so it names a key without revealing it.
During a key rotation (`manage.py rotate_data_key`) `SIFA_DATA_KEY` is the new key and
`SIFA_DATA_KEY_PREVIOUS` the old one: new values are sealed with the new key, values of either
key are read, and blind-index lookups try the hashes of both keys (`blind_indexes`). Values
written before key ids existed (``v1:``) are read with whichever configured key opens them.
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured

from config.sifa_settings import sifa_setting

_LEGACY_PREFIX = "v1:"  # no key id (before key rotation existed)
_PREFIX = "v2:"


class KeyUnavailable(ValueError):
    """A value sealed with a key that is neither `SIFA_DATA_KEY` nor `SIFA_DATA_KEY_PREVIOUS`."""


@dataclass(frozen=True)
class DataKey:
    key_id: str
    aead: AESGCM
    index_key: bytes


@lru_cache(maxsize=8)
def _data_key(secret: str, setting: str = "SIFA_DATA_KEY") -> DataKey:
    try:
        master = base64.b64decode(secret, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{setting} must be base64.") from exc
    if len(master) != 32:
        raise ImproperlyConfigured(f"{setting} must decode to 32 bytes.")
    encryption_key = hmac.new(master, b"sifa/aes-gcm/v1", hashlib.sha256).digest()
    index_key = hmac.new(master, b"sifa/blind-index/v1", hashlib.sha256).digest()
    key_id = hmac.new(master, b"sifa/key-id/v1", hashlib.sha256).hexdigest()[:8]
    return DataKey(key_id=key_id, aead=AESGCM(encryption_key), index_key=index_key)


def current_key() -> DataKey:
    """The key new values are sealed with (`SIFA_DATA_KEY`)."""
    return _data_key(sifa_setting("SIFA_DATA_KEY"))


def readable_keys() -> list[DataKey]:
    """The keys values may be sealed with: the current one first, then the previous one."""
    keys = [current_key()]
    previous = sifa_setting("SIFA_DATA_KEY_PREVIOUS")
    if previous:
        old = _data_key(previous, "SIFA_DATA_KEY_PREVIOUS")
        if old.key_id != keys[0].key_id:
            keys.append(old)
    return keys


def encrypt(plaintext: str) -> str:
    key = current_key()
    nonce = os.urandom(12)
    sealed = key.aead.encrypt(nonce, plaintext.encode(), None)
    return f"{_PREFIX}{key.key_id}:" + base64.b64encode(nonce + sealed).decode()


def seal_bytes(data: bytes) -> bytes:
    """A file (an import upload, a job's result) sealed for storage: key id, nonce, ciphertext."""
    key = current_key()
    nonce = os.urandom(12)
    return key.key_id.encode() + b":" + nonce + key.aead.encrypt(nonce, data, None)


def open_bytes(sealed: bytes) -> bytes:
    """The file `seal_bytes` sealed, with whichever configured key sealed it."""
    key_id, _, body = bytes(sealed).partition(b":")
    for key in readable_keys():
        if key.key_id.encode() == key_id:
            return key.aead.decrypt(body[:12], body[12:], None)
    raise KeyUnavailable(f"file sealed with key {key_id.decode()}")


def is_encrypted(value: str) -> bool:
    return value.startswith((_PREFIX, _LEGACY_PREFIX))


def key_id_of(token: str) -> str | None:
    """The id of the key that sealed `token` (None for a value without one, ``v1:``)."""
    if token.startswith(_PREFIX):
        return token[len(_PREFIX) :].partition(":")[0]
    return None


def sealed_with_current_key(token: str) -> bool:
    return key_id_of(token) == current_key().key_id


def decrypt(token: str) -> str:
    if token.startswith(_PREFIX):
        key_id, _, body = token[len(_PREFIX) :].partition(":")
        for key in readable_keys():
            if key.key_id == key_id:
                raw = base64.b64decode(body)
                return key.aead.decrypt(raw[:12], raw[12:], None).decode()
        raise KeyUnavailable(
            f"value sealed with key {key_id}, which is neither SIFA_DATA_KEY nor "
            "SIFA_DATA_KEY_PREVIOUS"
        )
    if token.startswith(_LEGACY_PREFIX):
        raw = base64.b64decode(token[len(_LEGACY_PREFIX) :])
        for key in readable_keys():
            try:
                return key.aead.decrypt(raw[:12], raw[12:], None).decode()
            except InvalidTag:
                continue
        raise KeyUnavailable("legacy value that no configured key opens")
    raise ValueError("not an encrypted value")


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash of a normalised value for exact lookup; `purpose` separates the fields.
    Computed with the current key: what is stored."""
    return _hash(current_key(), value, purpose)


def blind_indexes(value: str, *, purpose: str) -> list[str]:
    """The hashes `value` may be stored under while a key rotation is under way (current key
    first): what a lookup searches for (`hash__in=`)."""
    return [_hash(key, value, purpose) for key in readable_keys()]


def _hash(key: DataKey, value: str, purpose: str) -> str:
    return hmac.new(key.index_key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
