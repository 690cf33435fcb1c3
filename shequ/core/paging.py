"""Keyset pagination for list pages: no COUNT, no OFFSET, stable under inserts.

A page fetches ``size + 1`` rows ordered by the sort keys (the last one unique, usually
``id``); the extra row only says whether a next page exists. The "next" link carries the
last shown row's key values in an opaque cursor; "previous" is the browser's history.
Null values sort last in both directions, so nullable keys (a birth date) page correctly.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q, QuerySet

DEFAULT_PAGE_SIZE = 50


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str = ""
    size: int = DEFAULT_PAGE_SIZE
    first: bool = True
    keys: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def encode_cursor(values: list) -> str:
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _key_field(qs: QuerySet, key: str):
    name = key.lstrip("-")
    try:
        return qs.model._meta.get_field("id" if name == "pk" else name)
    except FieldDoesNotExist:
        raise ValueError(f"keyset key {name!r} must be a plain field of the model") from None


def decode_cursor(cursor: str, qs: QuerySet, keys: tuple[str, ...]) -> list | None:
    """The key values of a cursor, converted to Python; None when absent or tampered with."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    out = []
    for key, value in zip(keys, values, strict=True):
        if value is not None and not isinstance(value, (str, int, float)):
            return None
        try:
            out.append(None if value is None else _key_field(qs, key).to_python(value))
        except ValidationError:
            return None
    return out


def _after(qs: QuerySet, keys: tuple[str, ...], values: list) -> Q:
    """Rows strictly after ``values`` in the order of ``keys`` (nulls last)."""
    condition = Q(pk__in=[])
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        name = key.lstrip("-")
        nullable = _key_field(qs, key).null
        if value is not None:
            lookup = "lt" if key.startswith("-") else "gt"
            step = Q(**{f"{name}__{lookup}": value})
            if nullable:
                step |= Q(**{f"{name}__isnull": True})
            condition |= equal & step
            equal &= Q(**{name: value})
        else:
            # Nothing sorts after a null in this column: only ties on it continue.
            equal &= Q(**{f"{name}__isnull": True})
    # The same set, led by a plain range on the first key so that the database walks the
    # index from the cursor instead of filtering the disjunction row by row.
    first, value = keys[0], values[0]
    if value is not None:
        name = first.lstrip("-")
        bound = Q(**{f"{name}__{'lte' if first.startswith('-') else 'gte'}": value})
        if _key_field(qs, first).null:
            bound |= Q(**{f"{name}__isnull": True})
        condition = bound & condition
    return condition


def _order(key: str):
    if key.startswith("-"):
        return F(key[1:]).desc(nulls_last=True)
    return F(key).asc(nulls_last=True)


def keyset_page(
    qs: QuerySet, *, keys: tuple[str, ...], cursor: str = "", size: int = DEFAULT_PAGE_SIZE
) -> KeysetPage:
    """One page of ``qs`` ordered by ``keys`` (plain field names, ``-`` for descending; the
    last key must be unique), starting after ``cursor``."""
    if not keys or keys[-1].lstrip("-") not in ("id", "pk"):
        raise ValueError("the last keyset key must be the primary key")
    values = decode_cursor(cursor, qs, keys)
    if values is not None:
        qs = qs.filter(_after(qs, keys, values))
    rows = list(qs.order_by(*[_order(k) for k in keys])[: size + 1])
    next_cursor = ""
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, k.lstrip("-")) for k in keys])
    return KeysetPage(
        rows=rows, next_cursor=next_cursor, size=size, first=values is None, keys=keys
    )
