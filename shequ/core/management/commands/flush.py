"""`flush` that respects the append-only audit trail.

Django's flush empties every table, the audit trail included, which its database triggers
refuse. Only where SHEQU_ALLOW_AUDIT_FLUSH is set (test settings: transactional tests reset
the database this way) are the triggers lifted for the flush and put back after it.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def audit_triggers_lifted(connection):
    """Lift the append-only triggers of the audit table for the block, then put them back."""
    table = "core_auditevent"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            triggers = []
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            for _name, sql in triggers:
                cursor.execute(sql)


class Command(DjangoFlush):
    help = DjangoFlush.help + " The audit trail is append-only: refused unless the settings allow."

    def handle(self, **options):
        if not getattr(settings, "SHEQU_ALLOW_AUDIT_FLUSH", False):
            raise CommandError("The audit trail is append-only: flush is refused.")
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with audit_triggers_lifted(connection):
            return super().handle(**options)
