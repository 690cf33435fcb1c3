"""API keys of Open311 clients: issued once in clear, kept only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from ..models import ApiClient

PREFIX_LENGTH = 8


def key_digest(key: str) -> str:
    # A plain SHA-256 is enough: keys are 256 random bits, not passwords to be guessed.
    return hashlib.sha256(key.encode()).hexdigest()


def api_client_issue(*, name: str, node) -> tuple[ApiClient, str]:
    """Register a client allowed to post requests for places inside ``node``; return it with
    its key in clear, which is shown this once and never stored."""
    plain = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name.strip(), node=node, key_digest=key_digest(plain), key_prefix=plain[:PREFIX_LENGTH]
    )
    return client, plain


def api_client_verify(*, key: str) -> ApiClient | None:
    """The active client holding ``key`` (its use stamped), or None for a wrong or
    withdrawn key."""
    if not key:
        return None
    client = (
        ApiClient.objects.select_related("node")
        .filter(key_digest=key_digest(key), is_active=True)
        .first()
    )
    if client is not None:
        now = timezone.now()
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
