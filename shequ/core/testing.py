"""Helpers for tests and the demo generator: checksum-valid ID numbers, phones, a small tree."""

from __future__ import annotations

import datetime as dt

from .pii import id_check_char


def make_id_number(birth: dt.date, seq: int, *, sex: str = "M", region: str = "110101") -> str:
    """An 18-character ID number with a valid check digit. ``seq`` picks the order code."""
    order = (seq % 500) * 2 + (1 if sex == "M" else 0)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)


def make_mobile(seq: int) -> str:
    return f"139{seq % 100_000_000:08d}"
