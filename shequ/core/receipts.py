"""Voting receipts and the fingerprint of a set of ballots (R-DLB-4 secret ballots, R-PB-1
ballots): the voter keeps a random token; the ballot keeps only its digest; the published
tally carries a hash over the sorted ballots that a recount reproduces.

    token, digest = receipt_new()        # token shown once to the voter, digest stored
    receipt_digest(token) == digest      # the voter finds his ballot in the published list
    ballot_set_hash(lines)               # lines: one canonical text per ballot, any order
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

TOKEN_BYTES = 12  # 96 bits: unguessable, short enough to copy from a phone


def receipt_new() -> tuple[str, str]:
    token = secrets.token_hex(TOKEN_BYTES)
    return token, receipt_digest(token)


def receipt_digest(token: str) -> str:
    return hashlib.sha256(f"receipt:{token.strip().lower()}".encode()).hexdigest()


def ballot_set_hash(lines: Iterable[str]) -> str:
    """SHA-256 over the ballots' canonical lines sorted, one per line: independent of the
    order the ballots were stored or read in."""
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()
