"""Re-encrypt personal data under the primary data key and recompute the blind indexes."""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from shequ.core import crypto
from shequ.core.models import AuditAction, audit_record

# Every encrypted column, with the blind index computed from its plaintext (None: no index).
# The stored plaintext is already normalised (18-character ID number, E.164 phone), so the
# index is the HMAC of the decrypted value itself. A new encrypted column belongs here.
ENCRYPTED_COLUMNS: dict[str, dict[str, str | None]] = {
    "people.Person": {
        "id_number_enc": "id_number_bidx",
        "phone_enc": "phone_bidx",
        "registered_address_enc": None,
    },
}


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column with SHEQU_DATA_KEY and recompute the blind "
        "indexes. Old keys must be listed in SHEQU_DATA_KEYS_OLD while this runs "
        "(docs/operations.md). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="rows per transaction (default 2000)"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="change nothing; fail if any value is still under another key",
        )

    def handle(self, *args, batch_size: int, check: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        # Settings may have changed since the keyring was first built (tests, a long shell).
        crypto.keyring.cache_clear()
        ring = crypto.keyring()
        self.stdout.write(f"Primary data key id: {ring.primary_id}")
        if check:
            self._check(ring)
            return
        for label, columns in ENCRYPTED_COLUMNS.items():
            self._rotate(apps.get_model(label), label, columns, ring, batch_size)

    def _check(self, ring: crypto.Keyring) -> None:
        stale_total = 0
        for label, columns in ENCRYPTED_COLUMNS.items():
            model = apps.get_model(label)
            stale = Q()
            for column in columns:
                stale |= Q(**{f"{column}__gt": ""}) & ~Q(
                    **{f"{column}__startswith": f"{ring.primary_id}$"}
                )
            count = model._base_manager.filter(stale).count()
            stale_total += count
            self.stdout.write(f"{label}: {count} rows under another key")
        if stale_total:
            raise CommandError(
                f"{stale_total} rows are not under the primary key: run rotate_data_key "
                "before removing the old key"
            )
        self.stdout.write(self.style.SUCCESS("Every value is under the primary key."))

    def _rotate(self, model, label, columns, ring: crypto.Keyring, batch_size: int) -> None:
        manager = model._base_manager
        fields = [name for column, index in columns.items() for name in (column, index) if name]
        total = manager.count()
        done = written = reencrypted = 0
        last_pk = None
        while True:
            # One transaction per batch: a failure loses at most one batch of work, and a
            # rerun picks everything up again (rows already under the primary key keep their
            # ciphertext but still get their index recomputed).
            with transaction.atomic():
                qs = manager.select_for_update().order_by("pk").only("pk", *fields)
                if last_pk is not None:
                    qs = qs.filter(pk__gt=last_pk)
                rows = list(qs[:batch_size])
                if not rows:
                    break
                changed_rows, changed_fields = [], set()
                for row in rows:
                    changed = self._rotate_row(row, label, columns, ring)
                    if changed:
                        changed_rows.append(row)
                        changed_fields |= changed
                        reencrypted += len(changed & set(columns))
                if changed_rows:  # a rerun over finished rows writes nothing
                    manager.bulk_update(changed_rows, sorted(changed_fields))
                    written += len(changed_rows)
            last_pk = rows[-1].pk
            done += len(rows)
            self.stdout.write(f"{label}: {done}/{total} rows")
        audit_record(
            AuditAction.UPDATE,
            object_repr=f"data key rotation: {label}",
            changes={
                "primary_key_id": ring.primary_id,
                "rows_rewritten": written,
                "values_reencrypted": reencrypted,
            },
            row_count=done,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{label}: {done} rows checked, rows rewritten: {written}, "
                f"values re-encrypted: {reencrypted}."
            )
        )

    def _rotate_row(self, row, label, columns, ring: crypto.Keyring) -> set[str]:
        """Re-encrypt and re-index one row in memory; return the names of the changed fields."""
        changed: set[str] = set()
        for column, index in columns.items():
            token = getattr(row, column)
            if not token:
                continue
            try:
                plaintext = ring.decrypt(token)
            except crypto.DataKeyError as exc:
                raise CommandError(f"{label} #{row.pk} {column}: {exc}") from None
            except (InvalidTag, ValueError):  # a bad tag or malformed base64
                raise CommandError(
                    f"{label} #{row.pk} {column}: the value does not decrypt with the key "
                    "its id names"
                ) from None
            if not token.startswith(f"{ring.primary_id}$"):
                setattr(row, column, ring.encrypt(plaintext))
                changed.add(column)
            if index:
                # The index key is derived from the primary key: it changes with it.
                value = ring.blind_index(plaintext)
                if getattr(row, index) != value:
                    setattr(row, index, value)
                    changed.add(index)
        return changed
