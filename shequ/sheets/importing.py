"""The import engine (R-PPL-4): rows are cleaned and validated in Python, then written batch by
batch through the database's own bulk path (COPY on PostgreSQL, executemany on SQLite), one
transaction per batch that also records the job's progress and the batch's rejected rows.

A batch is all or nothing: a killed import leaves whole batches behind, and running it again
converges on the same end state, because rows are matched to persons by the blind index of
their ID number (an upsert): a row already imported and unchanged is counted, not written."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import IMPORT_SHEET, VIEW_SENSITIVE_TAGS
from shequ.core import crypto, pii
from shequ.core.context import acting_as
from shequ.core.models import AuditAction, audit_record
from shequ.core.pinyin import name_pinyin
from shequ.core.scope import ancestor_paths, path_in_scope
from shequ.demo.bulk import BulkWriter
from shequ.people.choices import PersonStatus, Relation, ResidenceKind
from shequ.people.models import Household, HouseholdMember, Person, PersonTag, Residence, TagType
from shequ.territory.models import Node

from . import cleaning
from .addresses import AddressIndex, Flat
from .choices import JobStatus, SheetKind
from .columns import COLUMNS, missing_required, recognise
from .models import ImportJob, ImportRowError
from .reading import Table, open_table

log = logging.getLogger(__name__)

PERSON_COLUMNS = (
    "id", "created_at", "updated_at", "name", "name_pinyin", "name_initials", "sex",
    "birth_date", "ethnicity", "political_status", "id_number_enc", "id_number_bidx",
    "id_number_masked", "phone_enc", "phone_bidx", "phone_masked", "registered_address_enc",
    "registered_address_masked", "node_id", "residence_kind", "status", "died_on",
)  # fmt: skip
RESIDENCE_COLUMNS = (
    "id", "created_at", "updated_at", "person_id", "node_id", "kind", "started_on", "ended_on",
    "end_reason", "landlord_id", "landlord_name", "employer", "permit_number",
    "permit_expires_on",
)  # fmt: skip
HOUSEHOLD_COLUMNS = ("id", "created_at", "updated_at", "node_id", "number", "dissolved_on")
MEMBER_COLUMNS = ("id", "household_id", "person_id", "relation", "started_on", "ended_on")
TAG_COLUMNS = ("id", "person_id", "tag_id", "valid_from", "valid_to", "note")

Progress = Callable[[ImportJob], None]
# Sheets of other apps' records (cases_kind.py): kind → a class taking the Importer, whose
# instance is called with each batch of rows and the counts to add to.
KIND_HANDLERS: dict[str, Callable] = {}


def batch_size() -> int:
    return getattr(settings, "SHEQU_IMPORT_BATCH", 2000)


# --------------------------------------------------------------------------- rows


@dataclass
class Row:
    """One data row of the sheet: its number, raw values by field, and what is wrong."""

    number: int
    raw: dict[str, object]
    errors: list[str] = field(default_factory=list)
    clean: dict[str, object] = field(default_factory=dict)
    flat: Flat | None = None

    def fault(self, key: str, message: str, headings: dict[str, str]) -> None:
        column = headings.get(key) or (COLUMNS[key].header if key in COLUMNS else "")
        if column:
            message = _("%(column)s: %(message)s") % {"column": column, "message": message}
        self.errors.append(message)


def _messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


class Importer:
    """Runs one import job over a table."""

    def __init__(self, job: ImportJob, table: Table, *, progress: Progress | None = None):
        self.job = job
        self.table = table
        self.progress = progress
        self.area = job.area
        self.user = job.owner
        self.today = timezone.localdate()
        self.mapping = {int(col): key for col, key in job.mapping.items() if key}
        self.headings = {key: table.headers[col] for col, key in self.mapping.items()}
        self.addresses = AddressIndex.load(self.area)
        self.writer = BulkWriter()
        self.seen: dict[str, int] = {}  # blind index → first row number carrying it
        tags = TagType.objects.filter(is_active=True)
        self.may_see_sensitive = self.user is None or self.user.has_perm(VIEW_SENSITIVE_TAGS)
        self.tags: dict[str, TagType] = {}
        for tag in tags:
            for word in (tag.name, tag.name_en, tag.code):
                if word:
                    self.tags[word.strip().lower()] = tag
        # households named by number or by head within this run: key → household id
        self.households: dict[tuple, int] = {}
        self.kind_rows = None  # the handler of a registered kind (KIND_HANDLERS), when used

    # ----------------------------------------------------------------- driving

    def run(self) -> ImportJob:
        job = self.job
        start_after = job.last_row
        if start_after:
            self._remember_committed_rows(start_after)
        pending: list[Row] = []
        size = batch_size()
        for number, values in self.table.rows(start_after=start_after):
            pending.append(Row(number, {key: values[col] for col, key in self.mapping.items()}))
            if len(pending) >= size:
                self._batch(pending)
                pending = []
        if pending:
            self._batch(pending)
        return job

    def _remember_committed_rows(self, last_row: int) -> None:
        """After a crash, rows up to ``last_row`` are in the database; re-learn their ID numbers
        so a duplicate further down the file is still reported as one."""
        id_col = next((c for c, k in self.mapping.items() if k == "id_number"), None)
        if id_col is None:
            return
        for number, values in self.table.rows():
            if number > last_row:
                break
            try:
                info = pii.validate_id_number(cleaning.text(values[id_col]))
            except ValidationError:
                continue
            self.seen.setdefault(crypto.blind_index(info.number), number)

    def _batch(self, rows: list[Row]) -> None:
        handler = {
            SheetKind.RESIDENTS: self._residents_batch,
            SheetKind.HOUSEHOLDS: self._households_batch,
            SheetKind.BUILDINGS: self._buildings_batch,
        }.get(self.job.kind)
        if handler is None:
            if self.kind_rows is None:
                self.kind_rows = KIND_HANDLERS[self.job.kind](self)
            handler = self.kind_rows
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # One import writes the registry at a time: the upsert's read-then-write is
                # then safe against a second import of the same people (READ COMMITTED).
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x5348_4551])
            handler(rows, counts)
            rejected = [r for r in rows if r.errors]
            ImportRowError.objects.bulk_create(
                [
                    ImportRowError(job=self.job, row_number=r.number, messages=r.errors)
                    for r in rejected
                ]
            )
            job = self.job
            job.rows_done += len(rows)
            job.last_row = rows[-1].number
            job.created_count += counts["created"]
            job.updated_count += counts["updated"]
            job.unchanged_count += counts["unchanged"]
            job.rejected_count += len(rejected)
            job.heartbeat_at = timezone.now()
            job.save(
                update_fields=[
                    "rows_done", "last_row", "created_count", "updated_count",
                    "unchanged_count", "rejected_count", "heartbeat_at", "updated_at",
                ]
            )  # fmt: skip
        if self.progress:
            self.progress(self.job)

    # ----------------------------------------------------------------- cleaning

    def _clean_common(self, row: Row) -> None:
        raw, clean, h = row.raw, row.clean, self.headings
        for key, fn in (
            ("birth_date", cleaning.date),
            ("started_on", cleaning.date),
            ("phone", cleaning.phone),
            ("sex", cleaning.sex),
            ("relation", cleaning.relation),
            ("political_status", cleaning.political_status),
            ("residence_kind", cleaning.residence_kind),
        ):
            if key not in raw:
                continue
            try:
                clean[key] = fn(raw[key])
            except cleaning.CleanError as exc:
                row.fault(key, str(exc), h)
        for key in (
            "name", "ethnicity", "registered_address", "household_number", "head_name",
            "employer", "landlord_name", "current_address",
        ):  # fmt: skip
            if key in raw:
                clean[key] = cleaning.text(raw[key])

    def _clean_id(self, row: Row) -> None:
        value = cleaning.text(row.raw.get("id_number"))
        if not value:
            row.fault("id_number", _("Enter the ID number."), self.headings)
            return
        try:
            info = pii.validate_id_number(value)
        except ValidationError as exc:
            for message in _messages(exc):
                row.fault("id_number", message, self.headings)
            return
        row.clean["id"] = info
        bidx = crypto.blind_index(info.number)
        row.clean["bidx"] = bidx
        first = self.seen.setdefault(bidx, row.number)
        if first != row.number:
            row.fault(
                "id_number",
                _("The same ID number as row %(row)s.") % {"row": first},
                self.headings,
            )

    def _clean_person(self, row: Row) -> None:
        self._clean_common(row)
        clean = row.clean
        if not clean.get("name"):
            row.fault("name", _("Enter the person's name."), self.headings)
        self._clean_id(row)
        info = clean.get("id")
        if info is not None:
            if clean.get("sex") and clean["sex"] != info.sex:
                row.fault("sex", _("The sex does not match the ID number."), self.headings)
            if clean.get("birth_date") and clean["birth_date"] != info.birth_date:
                row.fault(
                    "birth_date",
                    _("The birth date does not match the ID number."),
                    self.headings,
                )
        phone = clean.get("phone")
        if phone:
            # +86 and an 11-digit mobile: the national form is the digits (no parse needed)
            mobile = phone.startswith("+861") and len(phone) == 14
            clean["phone_national"] = phone[3:] if mobile else pii.national_phone(phone)
        tag_ids = []
        for word in cleaning.tag_names(row.raw.get("tags")):
            tag = self.tags.get(word.lower())
            if tag is None:
                row.fault("tags", _("Unknown person category: %(name)s") % {"name": word}, {})
            elif tag.is_sensitive and not self.may_see_sensitive:
                row.fault(
                    "tags",
                    _("You may not record the category %(name)s.") % {"name": word},
                    {},
                )
            else:
                tag_ids.append(tag.id)
        clean["tag_ids"] = sorted(set(tag_ids))
        if clean.get("relation") and not (clean.get("household_number") or clean.get("head_name")):
            row.fault("relation", _("Give the household number or the head's name."), self.headings)
        self._find_flat(row)

    def _find_flat(self, row: Row) -> None:
        flat, why = self.addresses.find(row.raw, row.clean.get("current_address", ""))
        if flat is None and self.job.create_flats and not row.errors:
            try:
                flat = self.addresses.create(row.raw, actor=self.user)
            except ValidationError as exc:
                why = " ".join(_messages(exc))
        if flat is None:
            row.fault("flat", why, self.headings)
        row.flat = flat

    # ----------------------------------------------------------------- residents

    def _residents_batch(self, rows: list[Row], counts: dict) -> None:
        for row in rows:
            self._clean_person(row)
        valid = [r for r in rows if not r.errors]
        existing = _registered(valid)
        for row in valid:
            found = existing.get(row.clean["bidx"])
            if found is not None and not found["node__path"].startswith(self.area.path):
                row.fault(
                    "id_number",
                    _(
                        "Registered outside the area of this import; the community where the "
                        "person lives must move him out first."
                    ),
                    self.headings,
                )
            elif found is not None and found["status"] == PersonStatus.DECEASED:
                # a sheet cannot bring the dead back
                row.fault("name", _("This person is recorded as deceased."), self.headings)
            row.clean["existing"] = found
        self._check_households(rows)
        valid = [r for r in rows if not r.errors]
        new = [r for r in valid if r.clean["existing"] is None]
        old = [r for r in valid if r.clean["existing"] is not None]
        self._insert_persons(new)
        counts["created"] += len(new)
        for row in old:
            if self._update_person(row):
                counts["updated"] += 1
                row.clean["changed"] = True
        self._apply_households(valid)
        self._apply_tags(valid)
        for row in old:
            if not row.clean.get("changed") and not row.clean.get("linked"):
                counts["unchanged"] += 1
            elif not row.clean.get("changed"):
                counts["updated"] += 1

    def _insert_persons(self, rows: list[Row]) -> None:
        if not rows:
            return
        stamp = self.writer.timestamp(timezone.now())
        person_ids = _allocate_ids(Person, len(rows))
        residence_ids = _allocate_ids(Residence, len(rows))
        persons, residences = [], []
        for row, pid, rid in zip(rows, person_ids, residence_ids, strict=True):
            c, info = row.clean, row.clean["id"]
            pinyin, initials = name_pinyin(c["name"])
            phone = c.get("phone") or ""
            address = c.get("registered_address") or ""
            kind = c.get("residence_kind") or ResidenceKind.REGISTERED
            persons.append(
                (
                    pid, stamp, stamp, c["name"], pinyin, initials, info.sex,
                    info.birth_date.isoformat(), c.get("ethnicity", ""),
                    c.get("political_status", ""), crypto.encrypt(info.number), c["bidx"],
                    pii.mask_id_number(info.number), crypto.encrypt(phone),
                    crypto.blind_index(phone), pii.mask_phone(c["phone_national"]) if phone else "",
                    crypto.encrypt(address), pii.mask_text(address) if address else "",
                    row.flat.id, kind, PersonStatus.RESIDENT, None,
                )
            )  # fmt: skip
            started = c.get("started_on") or self.today
            residences.append(
                (
                    rid, stamp, stamp, pid, row.flat.id, kind, started.isoformat(), None, "",
                    None, c.get("landlord_name", ""), c.get("employer", ""), "", None,
                )
            )  # fmt: skip
            c["person_id"] = pid
        self.writer.write("people.person", PERSON_COLUMNS, persons)
        self.writer.write("people.residence", RESIDENCE_COLUMNS, residences)
        first, last = rows[0].number, rows[-1].number
        audit_record(
            AuditAction.CREATE,
            actor=self.user,
            node_path=self.area.path,
            object_repr=_("Import %(file)s, rows %(first)s–%(last)s")
            % {"file": self.job.filename, "first": first, "last": last},
            row_count=len(rows),
            changes={"import_job": self.job.pk, "person_ids": person_ids},
        )

    def _update_person(self, row: Row) -> bool:
        """Update an existing person from a row; True when anything changed (audited)."""
        from shequ.people import services as people

        c, found = row.clean, row.clean["existing"]
        row.clean["person_id"] = found["id"]
        # A blank cell says nothing: it never erases what the registry knows.
        fields: dict[str, object] = {}
        if c.get("name") and c["name"] != found["name"]:
            fields["name"] = c["name"]
        for key in ("ethnicity", "political_status"):
            if c.get(key) and c[key] != found[key]:
                fields[key] = c[key]
        if c.get("phone") and crypto.blind_index(c["phone"]) != found["phone_bidx"]:
            fields["phone"] = c["phone"]
        if c.get("registered_address") and c["registered_address"] != crypto.decrypt(
            found["registered_address_enc"]
        ):
            fields["registered_address"] = c["registered_address"]
        kind = c.get("residence_kind") or found["residence_kind"]
        moved = (
            row.flat.id != found["node_id"]
            or kind != found["residence_kind"]
            or found["status"] != PersonStatus.RESIDENT
        )
        if not fields and not moved:
            return False
        person = Person.objects.get(pk=found["id"])
        if fields:
            people.person_update(person=person, **fields)
        if moved:
            person.refresh_from_db()
            people.person_move_in(
                person=person,
                node=Node.objects.get(pk=row.flat.id),
                kind=kind,
                on=c.get("started_on") or self.today,
                employer=c.get("employer", ""),
                landlord_name=c.get("landlord_name", ""),
            )
        return True

    # ----------------------------------------------------------------- households

    def _household_key(self, row: Row) -> tuple | None:
        c = row.clean
        number, head = c.get("household_number"), c.get("head_name")
        if not (number or head or c.get("relation")):
            return None
        if not head and c.get("relation") == Relation.HEAD:
            head = c.get("name") or (c.get("existing") or {}).get("name")
        if number:
            return ("number", row.flat.id, number)
        return ("head", row.flat.id, head)

    def _check_households(self, rows: list[Row]) -> None:
        """Reject rows that would give a household two heads (in the file or with the head the
        household already has), before anything of the batch is written."""
        heads: dict[tuple, int] = {}
        self._load_households(
            key for row in rows if not row.errors and (key := self._household_key(row))
        )
        claims: list[tuple[Row, int]] = []
        for row in rows:
            if row.errors or row.clean.get("relation") != Relation.HEAD:
                continue
            key = self._household_key(row)
            if key is None:
                continue
            if key in heads:
                row.fault(
                    "relation",
                    _("The household already has a head (row %(row)s).") % {"row": heads[key]},
                    self.headings,
                )
                continue
            heads[key] = row.number
            if self.households.get(key) is not None:
                claims.append((row, self.households[key]))
        current_heads = dict(
            HouseholdMember.objects.filter(
                household_id__in={hid for _row, hid in claims},
                relation=Relation.HEAD,
                ended_on__isnull=True,
            ).values_list("household_id", "person_id")
        )
        for row, household_id in claims:
            existing = row.clean.get("existing")
            head = current_heads.get(household_id)
            if head is not None and head != (existing["id"] if existing else None):
                row.fault("relation", _("This household already has a head."), self.headings)

    def _existing_household(self, key: tuple) -> int | None:
        if key not in self.households:
            self._load_households([key])
        return self.households[key]

    def _load_households(self, keys: Iterable[tuple]) -> None:
        """Find the households of many keys in two queries; a key without one maps to None
        until this run creates it."""
        keys = [k for k in dict.fromkeys(keys) if k not in self.households]
        if not keys:
            return
        open_households = Household.objects.filter(dissolved_on__isnull=True)
        found: dict[tuple, int] = {}
        by_number = [k for k in keys if k[0] == "number"]
        if by_number:
            for hid, node_id, number in open_households.filter(
                node_id__in={k[1] for k in by_number}, number__in={k[2] for k in by_number}
            ).values_list("id", "node_id", "number"):
                found.setdefault(("number", node_id, number), hid)
        by_head = [k for k in keys if k[0] == "head"]
        if by_head:
            for hid, node_id, name in (
                HouseholdMember.objects.filter(
                    relation=Relation.HEAD,
                    ended_on__isnull=True,
                    household__dissolved_on__isnull=True,
                    household__node_id__in={k[1] for k in by_head},
                    person__name__in={k[2] for k in by_head},
                )
                .order_by("household_id")
                .values_list("household_id", "household__node_id", "person__name")
            ):
                found.setdefault(("head", node_id, name), hid)
        for key in keys:
            self.households[key] = found.get(key)

    def _apply_households(self, rows: list[Row]) -> None:
        wanted: list[tuple[Row, tuple]] = []
        for row in rows:
            if row.errors:
                continue
            key = self._household_key(row)
            if key is not None:
                wanted.append((row, key))
        if not wanted:
            return
        self._load_households(key for _row, key in wanted)
        stamp = self.writer.timestamp(timezone.now())
        missing = []
        for _row, key in wanted:
            if self._existing_household(key) is None and key not in missing:
                missing.append(key)
        if missing:
            ids = _allocate_ids(Household, len(missing))
            self.writer.write(
                "people.household",
                HOUSEHOLD_COLUMNS,
                [
                    (hid, stamp, stamp, key[1], key[2] if key[0] == "number" else "", None)
                    for hid, key in zip(ids, missing, strict=True)
                ],
            )
            self.households.update(zip(missing, ids, strict=True))
        current = {
            m["person_id"]: m
            for m in HouseholdMember.objects.filter(
                person_id__in=[r.clean["person_id"] for r, _k in wanted], ended_on__isnull=True
            ).values("id", "person_id", "household_id", "relation")
        }
        ended, inserts = [], []
        for row, key in wanted:
            household_id = self.households[key]
            relation = row.clean.get("relation") or Relation.OTHER
            now = current.get(row.clean["person_id"])
            if now and now["household_id"] == household_id and now["relation"] == relation:
                continue
            if now:
                ended.append(now["id"])
            inserts.append((household_id, row.clean["person_id"], relation))
            if row.clean.get("existing") is not None:
                row.clean["linked"] = True
        if ended:
            for membership in HouseholdMember.objects.filter(pk__in=ended):
                membership.ended_on = self.today
                membership.save(update_fields=["ended_on"])  # audited, one per changed row
        if inserts:
            ids = _allocate_ids(HouseholdMember, len(inserts))
            self.writer.write(
                "people.householdmember",
                MEMBER_COLUMNS,
                [
                    (mid, hid, pid, rel, self.today.isoformat(), None)
                    for mid, (hid, pid, rel) in zip(ids, inserts, strict=True)
                ],
            )

    # ----------------------------------------------------------------- tags

    def _apply_tags(self, rows: list[Row]) -> None:
        wanted = [
            (r.clean["person_id"], t) for r in rows if not r.errors for t in r.clean["tag_ids"]
        ]
        if not wanted:
            return
        have = set(
            PersonTag.objects.filter(
                person_id__in={p for p, _t in wanted}, valid_to__isnull=True
            ).values_list("person_id", "tag_id")
        )
        add = [pair for pair in dict.fromkeys(wanted) if pair not in have]
        if not add:
            return
        ids = _allocate_ids(PersonTag, len(add))
        today = self.today.isoformat()
        self.writer.write(
            "people.persontag",
            TAG_COLUMNS,
            [(tid, pid, tag, today, None, "") for tid, (pid, tag) in zip(ids, add, strict=True)],
        )
        by_person = {r.clean["person_id"]: r for r in rows if not r.errors}
        for pid, _tag in add:
            row = by_person[pid]
            if row.clean.get("existing") is not None:
                row.clean["linked"] = True

    # ----------------------------------------------------------------- other kinds

    def _households_batch(self, rows: list[Row], counts: dict) -> None:
        """Households sheet: re-link registered persons into households by ID number."""
        for row in rows:
            self._clean_common(row)
            self._clean_id(row)
            if not row.clean.get("relation"):
                row.fault("relation", _("Choose the relation to the head."), self.headings)
            self._find_flat(row)
        valid = [r for r in rows if not r.errors]
        found = _registered(valid)
        for row in valid:
            person = found.get(row.clean["bidx"])
            if person is None or not person["node__path"].startswith(self.area.path):
                row.fault(
                    "id_number",
                    _("No resident with this ID number in the area: import the residents first."),
                    self.headings,
                )
                continue
            row.clean["existing"] = person
            row.clean["person_id"] = person["id"]
        self._check_households(rows)
        valid = [r for r in rows if not r.errors]
        self._apply_households(valid)
        for row in valid:
            counts["updated" if row.clean.get("linked") else "unchanged"] += 1

    def _buildings_batch(self, rows: list[Row], counts: dict) -> None:
        """Buildings sheet: every row names a flat; missing ones are created."""
        for row in rows:
            flat, why = self.addresses.find(row.raw)
            if flat is not None:
                counts["unchanged"] += 1
                continue
            if not self.addresses.given_words(row.raw).get("flat"):
                row.fault("flat", why, self.headings)
                continue
            try:
                self.addresses.create(row.raw, actor=self.user)
            except ValidationError as exc:
                for message in _messages(exc):
                    row.fault("flat", message, self.headings)
                continue
            counts["created"] += 1


def _registered(rows: list[Row]) -> dict[str, dict]:
    """The persons already registered under the rows' ID numbers, by blind index: one query."""
    return {
        p["id_number_bidx"]: p
        for p in Person.objects.filter(
            id_number_bidx__in=[r.clean["bidx"] for r in rows]
        ).values(
            "id", "id_number_bidx", "name", "ethnicity", "political_status", "phone_bidx",
            "registered_address_enc", "node_id", "node__path", "residence_kind", "status",
        )
    }  # fmt: skip


def _allocate_ids(model, n: int) -> list[int]:
    """Primary keys for rows written by the bulk path. PostgreSQL hands them out from the
    table's own sequence (safe beside concurrent writers); SQLite holds the write lock for the
    whole transaction, so the next ids after MAX(id) are ours."""
    if n == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + n))


# --------------------------------------------------------------------------- entry points


def job_for_table(
    *,
    table: Table,
    kind: str,
    area,
    user=None,
    filename: str,
    create_flats: bool = False,
    mapping: dict[int, str] | None = None,
    status: str = JobStatus.RUNNING,
) -> ImportJob:
    if mapping is None:
        mapping = recognise(table.headers, kind, saved_headings(area, kind))
    return ImportJob.objects.create(
        kind=kind,
        status=status,
        owner=user,
        area=area,
        filename=filename,
        file_format=table.file_format,
        encoding=table.encoding,
        create_flats=create_flats,
        header_row=table.header_rows[-1] if table.header_rows else 0,
        headers=list(table.headers),
        mapping={str(col): key for col, key in mapping.items()},
        total_rows=table.total,
    )


def saved_headings(area, kind: str) -> dict[str, str]:
    from .models import HeaderAlias

    return dict(
        HeaderAlias.objects.filter(node__path__in=ancestor_paths(area.path), kind=kind)
        .order_by("node__depth")
        .values_list("header", "field")
    )


def check_mapping(mapping: dict[int, str], kind: str) -> None:
    fields = [key for key in mapping.values() if key]
    twice = sorted({key for key in fields if fields.count(key) > 1})
    errors = []
    if twice:
        errors.append(
            _("Each field may come from one column only: %(fields)s.")
            % {"fields": "、".join(str(COLUMNS[k].label) for k in twice)}
        )
    missing = missing_required(mapping, kind)
    if missing:
        errors.append(
            _("Map a column to each required field: %(fields)s.")
            % {"fields": "、".join(str(COLUMNS[k].label) for k in missing)}
        )
    if errors:
        raise ValidationError({"mapping": errors})


def execute(job: ImportJob, table: Table, *, progress: Progress | None = None) -> ImportJob:
    """Run a job to its end (or from where a crashed run stopped); the job records the outcome."""
    job.status = JobStatus.RUNNING
    job.started_at = job.started_at or timezone.now()
    job.heartbeat_at = timezone.now()
    job.failure = ""
    job.save(update_fields=["status", "started_at", "heartbeat_at", "failure", "updated_at"])
    try:
        # audit rows written by the ORM on the way (updated persons) name the job's owner
        with acting_as(job.owner, username=job.owner.get_username() if job.owner else ""):
            Importer(job, table, progress=progress).run()
    except Exception as exc:
        log.exception("import %s failed", job.pk)
        job.refresh_from_db()
        job.status = JobStatus.FAILED
        job.failure = str(exc)[:2000]
        job.save(update_fields=["status", "failure", "updated_at"])
        raise
    job.refresh_from_db()
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "updated_at"])
    if job.created_count > 10_000:
        BulkWriter().finish(["people.person", "people.residence", "people.householdmember"])
    audit_record(
        AuditAction.UPDATE if job.kind != SheetKind.BUILDINGS else AuditAction.CREATE,
        obj=job,
        actor=job.owner,
        node_path=job.area.path,
        row_count=job.rows_done,
        changes={
            "kind": job.kind,
            "created": job.created_count,
            "updated": job.updated_count,
            "unchanged": job.unchanged_count,
            "rejected": job.rejected_count,
        },
    )
    return job


def import_table(
    table: Table,
    *,
    filename: str,
    kind: str,
    area,
    user=None,
    create_flats: bool = False,
    mapping: dict[int, str] | None = None,
    progress: Progress | None = None,
) -> ImportJob:
    """Import a sheet already read, synchronously: check the right and the mapping, run."""
    if user is not None and not path_in_scope(user, IMPORT_SHEET, area.path):
        raise PermissionDenied(_("You may not import into this area."))
    if mapping is None:
        mapping = recognise(table.headers, kind, saved_headings(area, kind))
    check_mapping(mapping, kind)
    job = job_for_table(
        table=table,
        kind=kind,
        area=area,
        user=user,
        filename=filename,
        create_flats=create_flats,
        mapping=mapping,
    )
    return execute(job, table, progress=progress)


def import_file(path: Path | str, *, kind: str, area, **options) -> ImportJob:
    """Import a file synchronously (the bench, tests): read it, then ``import_table``."""
    path = Path(path)
    table = open_table(path, filename=path.name, kind=kind, saved=saved_headings(area, kind))
    return import_table(table, filename=path.name, kind=kind, area=area, **options)


def import_job_run(job_id: int) -> None:
    """The background task: run a queued job from its sealed upload (at-least-once: a job
    already finished is left alone; a job that crashed continues after its last batch)."""
    job = ImportJob.objects.select_related("area", "owner").get(pk=job_id)
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return
    data = crypto.open_sealed(Path(settings.SHEQU_SPOOL_DIR) / job.spool_name)
    table = open_table(
        data, filename=job.filename, kind=job.kind, saved=saved_headings(job.area, job.kind)
    )
    try:
        execute(job, table)
    except Exception:  # recorded on the job; the worker goes on with the next task
        return
