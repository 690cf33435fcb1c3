"""Bulk writes of generated rows: ``executemany`` on SQLite, ``COPY … FROM STDIN`` on
PostgreSQL. No ORM row by row; the caller holds the transaction (one per batch)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connections


class BulkWriter:
    """Writes rows given by attribute name into a model's table. Columns the rows do not
    carry are filled with the model field's default (or NULL), once per table."""

    def __init__(self, using: str = "default"):
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        self._plans: dict[tuple[str, tuple[str, ...]], tuple[str, tuple]] = {}

    def timestamp(self, value: dt.datetime):
        """An aware datetime as this backend stores it (UTC)."""
        return self.connection.ops.adapt_datetimefield_value(value)

    def statement(self, label: str, attnames: Sequence[str]) -> tuple[str, tuple]:
        """The bulk statement (INSERT or COPY) for these columns, and the default values
        appended to every row for the columns the rows do not carry."""
        key = (label, tuple(attnames))
        if key in self._plans:
            return self._plans[key]
        model = apps.get_model(label)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(attnames) - set(fields)
        if unknown:
            raise ImproperlyConfigured(f"{label} has no column(s) {sorted(unknown)}")
        missing = [f for name, f in fields.items() if name not in attnames]
        extra = []
        for f in missing:
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            else:
                raise ImproperlyConfigured(
                    f"{label}.{f.attname} has no default: shequ/demo must fill it"
                )
            extra.append(f.get_db_prep_save(value, self.connection))
        qn = self.connection.ops.quote_name
        columns = ", ".join(
            qn(fields[a].column) for a in [*attnames, *(f.attname for f in missing)]
        )
        table = qn(model._meta.db_table)
        if self.vendor == "postgresql":
            sql = f"COPY {table} ({columns}) FROM STDIN"
        else:
            marks = ", ".join(["?"] * (len(attnames) + len(missing)))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        self._plans[key] = (sql, tuple(extra))
        return self._plans[key]

    def write(self, label: str, attnames: Sequence[str], rows: Iterable[tuple]) -> None:
        sql, extra = self.statement(label, attnames)
        if extra:
            rows = [row + extra for row in rows]
        self.connection.ensure_connection()
        raw = self.connection.connection
        if self.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            raw.executemany(sql, rows)

    def next_ids(self, labels: Iterable[str]) -> dict[str, int]:
        """The first free primary key of each table (1 on an empty database)."""
        result = {}
        with self.connection.cursor() as cursor:
            for label in labels:
                model = apps.get_model(label)
                qn = self.connection.ops.quote_name
                cursor.execute(
                    f"SELECT MAX({qn(model._meta.pk.column)}) FROM {qn(model._meta.db_table)}"
                )
                result[label] = (cursor.fetchone()[0] or 0) + 1
        return result

    def finish(self, labels: Iterable[str]) -> None:
        """Move the id sequences past the rows written with explicit ids; refresh the
        planner's statistics after a large load. On PostgreSQL, outside a transaction,
        VACUUM too: it sets the visibility map, so a count over a subtree is answered from
        the indexes alone (district scale: ~100 ms instead of ~350 ms, `python -m bench`)."""
        models = [apps.get_model(label) for label in labels]
        qn = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            if self.vendor == "postgresql":
                verb = "ANALYZE" if self.connection.in_atomic_block else "VACUUM (ANALYZE)"
                for model in models:
                    cursor.execute(f"{verb} {qn(model._meta.db_table)}")
            elif self.vendor == "sqlite":
                cursor.execute("PRAGMA optimize")
