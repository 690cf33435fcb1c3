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


# Files (uploaded sheets, exports waiting for download) are sealed in chunks, so a large
# sheet never sits in memory twice: magic, then per chunk a 4-byte length and the sealed
# chunk. Each chunk's associated data binds its position and whether it is the last, so
# chunks cannot be reordered, dropped or the file cut short unnoticed.
_MAGIC = b"SHEQU-SEALED-1\n"
_CHUNK = 1 << 20


class SealedWriter:
    """``with SealedWriter(path) as out: out.write(data)``: the file on disk is sealed."""

    def __init__(self, path):
        self.path = path
        self._fh = None
        self._buffer = bytearray()
        self._index = 0
        self._ring = keyring()

    def __enter__(self):
        self._fh = open(self.path, "wb")  # noqa: SIM115
        self._fh.write(_MAGIC + self._ring.primary_id.encode() + b"\n")
        return self

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > _CHUNK:
            self._seal(bytes(self._buffer[:_CHUNK]), last=False)
            del self._buffer[:_CHUNK]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = os.urandom(12)
        aad = self._index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")
        sealed = nonce + self._ring.keys[self._ring.primary_id].encrypt(nonce, chunk, aad)
        self._fh.write(len(sealed).to_bytes(4, "big") + sealed)
        self._index += 1

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self._seal(bytes(self._buffer), last=True)
        finally:
            self._fh.close()
        if exc_type is not None:
            os.unlink(self.path)
        return False


def seal_file(path, data: bytes) -> None:
    with SealedWriter(path) as out:
        out.write(data)


def open_sealed(path) -> bytes:
    """The plaintext of a sealed file; raises DataKeyError when it was tampered with."""
    from cryptography.exceptions import InvalidTag

    ring = keyring()
    with open(path, "rb") as fh:
        if fh.read(len(_MAGIC)) != _MAGIC:
            raise DataKeyError("not a sealed file")
        kid = fh.readline().strip().decode()
        aead = ring.keys.get(kid)
        if aead is None:
            raise DataKeyError(f"no key with id {kid}: add it to SHEQU_DATA_KEYS_OLD")
        parts, index = [], 0
        while True:
            head = fh.read(4)
            if len(head) < 4:
                raise DataKeyError("sealed file is cut short")
            sealed = fh.read(int.from_bytes(head, "big"))
            try:
                for last in (False, True):
                    aad = index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")
                    try:
                        parts.append(aead.decrypt(sealed[:12], sealed[12:], aad))
                        break
                    except InvalidTag:
                        if last:
                            raise
            except InvalidTag:
                raise DataKeyError("sealed file was altered") from None
            index += 1
            if last:
                if fh.read(1):
                    raise DataKeyError("sealed file has data after its end")
                return b"".join(parts)
