"""Field encryption (AES-256-GCM) and keyed blind indexes for personal data (R-PPL-3).

Ciphertext format (text column): ``<key id>$<base64(nonce || ciphertext || tag)>``.
The key id is the first 8 hex characters of SHA-256 of the key, so old keys listed in
SHEQU_DATA_KEYS_OLD still decrypt during a rotation. The blind index is HMAC-SHA256 with a
key derived (HKDF) from the primary data key, so lookups stay exact without plaintext.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class DataKeyError(RuntimeError):
    """The data key is missing or malformed."""


def _decode_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except ValueError as exc:
        raise DataKeyError("SHEQU_DATA_KEY must be base64 of 32 bytes") from exc
    if len(raw) != 32:
        raise DataKeyError("SHEQU_DATA_KEY must be base64 of 32 bytes")
    return raw


def generate_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _primary_key_text() -> str:
    if settings.SHEQU_DATA_KEY:
        return settings.SHEQU_DATA_KEY
    path = settings.SHEQU_DATA_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(generate_key())
    return path.read_text().strip()


def key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:8]


class Keyring:
    """The primary key (encrypts) and older keys (decrypt only)."""

    def __init__(self, primary: bytes, old: list[bytes]):
        self.primary = primary
        self.primary_id = key_id(primary)
        self.keys = {key_id(k): AESGCM(k) for k in [primary, *old]}
        self.index_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"shequ-blind-index"
        ).derive(primary)

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        sealed = self.keys[self.primary_id].encrypt(nonce, plaintext.encode(), None)
        return f"{self.primary_id}${base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str) -> str:
        kid, _, body = token.partition("$")
        aead = self.keys.get(kid)
        if aead is None:
            raise DataKeyError(f"no key with id {kid}: add it to SHEQU_DATA_KEYS_OLD")
        raw = base64.b64decode(body)
        return aead.decrypt(raw[:12], raw[12:], None).decode()

    def blind_index(self, normalized: str) -> str:
        return hmac.new(self.index_key, normalized.encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    primary = _decode_key(_primary_key_text())
    old = [_decode_key(k) for k in settings.SHEQU_DATA_KEYS_OLD if k]
    return Keyring(primary, old)


def encrypt(plaintext: str | None) -> str:
    return keyring().encrypt(plaintext) if plaintext else ""


def decrypt(token: str | None) -> str:
    return keyring().decrypt(token) if token else ""


def blind_index(normalized: str | None) -> str:
    return keyring().blind_index(normalized) if normalized else ""
