"""Exports of residents, households and buildings in the shape of the import (R-PPL-4).

Personal fields are masked unless the user may unmask and gives a reason (R-PPL-3); every
export is audit-logged with its row count. Rows stream from one query per sheet (plus one for
the tree above the rows and one for tags): no ORM instances and no query per row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    FilteredRelation,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import (
    EXPORT_SHEET,
    UNMASK_PERSON,
    VIEW_HOUSEHOLD,
    VIEW_NODE,
    VIEW_PERSON,
    VIEW_SENSITIVE_TAGS,
)
from shequ.core import crypto, pii
from shequ.core.models import AuditAction, audit_record
from shequ.core.scope import ancestor_paths, in_scope, scope_paths, scope_q, subtree_q
from shequ.people.choices import PersonStatus, PoliticalStatus, Relation, ResidenceKind, Sex
from shequ.people.models import HouseholdMember, Person, PersonTag
from shequ.people.selectors import tag_in_force_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .choices import CsvEncoding, FileFormat, JobStatus, SheetKind
from .columns import ADDRESS_FIELDS, COLUMNS, KIND_FIELDS
from .models import ExportJob

logger = logging.getLogger(__name__)

# The address columns are the names of the flat's ancestors of these kinds (the field keys of
# the column catalogue are the node kinds' values).
_ADDRESS_INDEX = {kind: i for i, kind in enumerate(ADDRESS_FIELDS)}

# Coded values written as the Chinese words cleaning.py reads back to the same code, so an
# unmasked export imports again unchanged (tested value by value in test_export.py).
SEX_TEXT = {Sex.MALE: "男", Sex.FEMALE: "女"}
RESIDENCE_KIND_TEXT = {ResidenceKind.REGISTERED: "户籍", ResidenceKind.FLOATING: "流动"}
POLITICAL_STATUS_TEXT = {
    PoliticalStatus.MASSES: "群众",
    PoliticalStatus.PARTY_MEMBER: "中共党员",
    PoliticalStatus.PROBATIONARY: "中共预备党员",
    PoliticalStatus.LEAGUE_MEMBER: "共青团员",
    PoliticalStatus.OTHER_PARTY: "民主党派",
}
RELATION_TEXT = {
    Relation.HEAD: "户主",
    Relation.SPOUSE: "配偶",
    Relation.CHILD: "子女",
    Relation.PARENT: "父母",
    Relation.GRANDCHILD: "孙子女",
    Relation.GRANDPARENT: "祖父母",
    Relation.SIBLING: "兄弟姐妹",
    Relation.CHILD_IN_LAW: "儿媳/女婿",
    Relation.OTHER: "其他",
}

CONTENT_TYPES = {
    FileFormat.CSV: "text/csv",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORT_FORMATS = (FileFormat.CSV, FileFormat.XLSX)

# Excel's limit of rows per worksheet, the header row included.
XLSX_MAX_ROWS = 1_048_576
_MOBILE_E164 = re.compile(r"\+861[3-9]\d{9}")
_CHUNK = 2_000  # rows per write to the stream and per progress report
_FETCH = 5_000  # rows per database round trip


# — rows —


class _Addresses:
    """Names of a node's ancestors by kind, from the nodes above the rows loaded once
    ({path: (kind, name)}), derived by path prefixes (steplen 4): no query per row."""

    def __init__(self, scope: Node):
        above = ancestor_paths(scope.path)[:-1]
        rows = (
            Node.objects.filter(subtree_q("path", scope.path) | Q(path__in=above))
            .exclude(kind=NodeKind.FLAT)
            .values_list("path", "kind", "name")
        )
        self.nodes = {path: (kind, name) for path, kind, name in rows.iterator(chunk_size=_FETCH)}
        self.step = Node.steplen
        self._parents: dict[str, tuple[str, ...]] = {}

    def _above(self, parent: str) -> tuple[str, ...]:
        names = self._parents.get(parent)
        if names is None:
            found = [""] * len(ADDRESS_FIELDS)
            for ancestor in ancestor_paths(parent):
                kind, name = self.nodes.get(ancestor, ("", ""))
                if kind in _ADDRESS_INDEX:
                    found[_ADDRESS_INDEX[kind]] = name
            names = self._parents[parent] = tuple(found)
        return names

    def of(self, path: str, kind: str, name: str) -> tuple[str, ...]:
        """The address columns of the node ``path`` (of ``kind``, called ``name``)."""
        names = self._above(path[: -self.step])
        if kind in _ADDRESS_INDEX:
            found = list(names)
            found[_ADDRESS_INDEX[kind]] = name
            return tuple(found)
        return names


def _tags_by_person(*, scope: Node, user) -> dict[int, str]:
    """Tags in force today of the residents of the subtree, "、"-joined per person."""
    qs = PersonTag.objects.filter(
        tag_in_force_q(),
        subtree_q("person__node__path", scope.path),
        person__status=PersonStatus.RESIDENT,
        tag__is_active=True,
    )
    if user is not None:
        qs = qs.filter(scope_q(user, VIEW_PERSON, "person__node__path"))
        if not scope_paths(user, VIEW_SENSITIVE_TAGS):
            qs = qs.filter(tag__is_sensitive=False)
    rows = qs.order_by("person_id", "tag__order", "tag__code").values_list("person_id", "tag__name")
    tags: dict[int, str] = {}
    for person_id, name in rows.iterator(chunk_size=_FETCH):
        tags[person_id] = f"{tags[person_id]}、{name}" if person_id in tags else name
    return tags


def _date(value) -> str:
    return value.isoformat() if value else ""


class _Personal:
    """ID number, phone and registered address: masked copies, or decrypted in full."""

    def __init__(self, unmasked: bool, prefix: str = ""):
        self.unmasked = unmasked
        self.ring = crypto.keyring() if unmasked else None
        if unmasked:
            self.columns = [
                f"{prefix}{c}_enc" for c in ("id_number", "phone", "registered_address")
            ]
        else:
            self.columns = [
                f"{prefix}{c}_masked" for c in ("id_number", "phone", "registered_address")
            ]

    def id_number(self, value: str) -> str:
        return self.ring.decrypt(value) if self.unmasked and value else value

    def phone(self, value: str) -> str:
        if self.unmasked and value:
            e164 = self.ring.decrypt(value)
            # a mobile is its 11 digits; parsing it with phonenumbers would halve the export rate
            if _MOBILE_E164.fullmatch(e164):
                return e164[3:]
            return pii.national_phone(e164)
        return value

    address = id_number


def _resident_rows(*, scope: Node, user, unmasked: bool) -> tuple[int, Iterator[tuple]]:
    qs = Person.objects.filter(subtree_q("node__path", scope.path), status=PersonStatus.RESIDENT)
    if user is not None:
        qs = qs.filter(scope_q(user, VIEW_PERSON, "node__path"))
    total = qs.count()
    personal = _Personal(unmasked)
    rows = (
        qs.annotate(
            residence=FilteredRelation(
                "residences", condition=Q(residences__ended_on__isnull=True)
            ),
            membership=FilteredRelation(
                "memberships", condition=Q(memberships__ended_on__isnull=True)
            ),
            # a join, not a subquery per row; one open head per household (a constraint)
            head_membership=FilteredRelation(
                "membership__household__members",
                condition=Q(
                    membership__household__members__relation=Relation.HEAD,
                    membership__household__members__ended_on__isnull=True,
                ),
            ),
        )
        .order_by("node__path", "id")
        .values_list(
            "id",
            "name",
            "sex",
            personal.columns[0],
            "birth_date",
            "ethnicity",
            personal.columns[1],
            "political_status",
            "residence_kind",
            personal.columns[2],
            "node__path",
            "node__kind",
            "node__name",
            "membership__household__number",
            "membership__household__dissolved_on",
            "membership__relation",
            "head_membership__person__name",
            "residence__started_on",
            "residence__employer",
            "residence__landlord_name",
        )
    )

    def generate() -> Iterator[tuple]:
        addresses = _Addresses(scope)
        tags = _tags_by_person(scope=scope, user=user)
        for (
            pk,
            name,
            sex,
            id_number,
            birth_date,
            ethnicity,
            phone,
            political_status,
            residence_kind,
            address,
            path,
            kind,
            node_name,
            household_number,
            dissolved_on,
            relation,
            head,
            started_on,
            employer,
            landlord_name,
        ) in rows.iterator(chunk_size=_FETCH):
            if dissolved_on is not None:
                household_number = relation = head = None
            yield (
                (
                    name,
                    SEX_TEXT.get(sex, ""),
                    personal.id_number(id_number),
                    _date(birth_date),
                    ethnicity,
                    personal.phone(phone),
                    POLITICAL_STATUS_TEXT.get(political_status, ""),
                    RESIDENCE_KIND_TEXT.get(residence_kind, ""),
                    personal.address(address),
                )
                + addresses.of(path, kind, node_name)
                + (
                    household_number or "",
                    head or "",
                    RELATION_TEXT.get(relation, ""),
                    tags.get(pk, ""),
                    _date(started_on),
                    employer or "",
                    landlord_name or "",
                )
            )

    return total, generate()


def _household_rows(*, scope: Node, user, unmasked: bool) -> tuple[int, Iterator[tuple]]:
    qs = HouseholdMember.objects.filter(
        subtree_q("household__node__path", scope.path),
        ended_on__isnull=True,
        household__dissolved_on__isnull=True,
    )
    if user is not None:
        # the household's flat in the user's scope, and the member a person he may see
        qs = qs.filter(scope_q(user, VIEW_HOUSEHOLD, "household__node__path")).filter(
            scope_q(user, VIEW_PERSON, "person__node__path")
        )
    total = qs.count()
    personal = _Personal(unmasked, prefix="person__")
    head_first = Case(
        When(relation=Relation.HEAD, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    rows = qs.order_by("household__node__path", "household_id", head_first, "id").values_list(
        "household_id",
        "household__number",
        "household__node__path",
        "household__node__kind",
        "household__node__name",
        "person__name",
        personal.columns[0],
        "relation",
    )

    def generate() -> Iterator[tuple]:
        addresses = _Addresses(scope)
        current, head = None, ""
        for household_id, number, path, kind, node_name, name, id_number, relation in rows.iterator(
            chunk_size=_FETCH
        ):
            if household_id != current:
                # ordered head first: the household's first row is its head, if it has one
                current, head = household_id, name if relation == Relation.HEAD else ""
            yield (
                (number,)
                + addresses.of(path, kind, node_name)
                + (head, name, personal.id_number(id_number), RELATION_TEXT.get(relation, ""))
            )

    return total, generate()


def _building_rows(*, scope: Node, user, unmasked: bool) -> tuple[int, Iterator[tuple]]:
    qs = Node.objects.filter(subtree_q("path", scope.path), kind=NodeKind.FLAT, is_active=True)
    if user is not None:
        qs = qs.filter(scope_q(user, VIEW_NODE, "path"))
    total = qs.count()
    rows = qs.order_by("path").values_list("path", "kind", "name")

    def generate() -> Iterator[tuple]:
        addresses = _Addresses(scope)
        for path, kind, name in rows.iterator(chunk_size=_FETCH):
            yield addresses.of(path, kind, name)

    return total, generate()


# Each kind's row builder yields tuples of text in the order of KIND_FIELDS[kind].
_ROWS = {
    SheetKind.RESIDENTS: _resident_rows,
    SheetKind.HOUSEHOLDS: _household_rows,
    SheetKind.BUILDINGS: _building_rows,
}


def export_rows(
    *, kind: str, scope: Node, user=None, unmasked: bool = False
) -> tuple[list[str], int, Iterator[tuple[str, ...]]]:
    """The headings, the number of rows and the rows (tuples of text, in the order of the
    headings) of a sheet of ``kind`` for the subtree of ``scope``. ``user`` None is the
    server operator: every row of the subtree; otherwise the rows the user may see there.
    The rows are read lazily, from one streamed query."""
    if kind not in _ROWS:
        raise ValidationError({"kind": _("Choose residents, households or buildings.")})
    fields = KIND_FIELDS[kind]
    headings = [COLUMNS[key].header for key in fields]
    total, rows = _ROWS[kind](scope=scope, user=user, unmasked=unmasked)
    return headings, total, rows


# — files —


class _Sink:
    """A write-only stream for zipfile (xlsxwriter) over any object with ``write``; it also
    hides the target's ``close`` so the caller keeps ownership of it."""

    def __init__(self, out):
        self.out = out

    def write(self, data) -> int:
        self.out.write(data)
        return len(data)

    def flush(self) -> None:
        flush = getattr(self.out, "flush", None)
        if flush is not None:
            flush()


def _chunks(rows: Iterable[list[str]], size: int) -> Iterator[list[list[str]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _write_csv(out, headings, rows, *, total, encoding, progress) -> int:
    if encoding == CsvEncoding.UTF8:
        out.write(codecs.BOM_UTF8)  # once: Excel needs it to read UTF-8
        codec = "utf-8"
    else:
        codec = encoding
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    done = 0
    for chunk in _chunks(rows, _CHUNK):
        writer.writerows(chunk)
        out.write(buffer.getvalue().encode(codec))
        buffer.seek(0)
        buffer.truncate()
        done += len(chunk)
        if progress:
            progress(done, total)
    if buffer.tell():
        out.write(buffer.getvalue().encode(codec))
    return done


def _write_xlsx(out, headings, rows, *, total, sheet_name, progress) -> int:
    """Every cell is written as text (an ID number must never become a number). A sheet
    holds at most XLSX_MAX_ROWS rows with its header; beyond that the rows continue on
    another sheet named "<sheet>(2)", "<sheet>(3)" … with the same header."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        _Sink(out),
        {
            "constant_memory": True,
            "in_memory": False,
            # xlsxwriter spools rows to temporary files while it builds the workbook: keep
            # them in memory-backed storage, so unmasked rows never rest on disk (R-PPL-3)
            "tmpdir": settings.SHEQU_EXPORT_TMPDIR,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    per_sheet = XLSX_MAX_ROWS - 1
    widths = [max(8, min(40, 2 * len(h) + 2)) for h in headings]
    sheet, row_in_sheet, sheets, done = None, per_sheet, 0, 0
    for chunk in _chunks(rows, _CHUNK):
        for values in chunk:
            if row_in_sheet == per_sheet:
                sheets += 1
                name = sheet_name if sheets == 1 else f"{sheet_name}({sheets})"
                sheet = workbook.add_worksheet(name[:31])
                for col, width in enumerate(widths):
                    sheet.set_column(col, col, width)
                for col, heading in enumerate(headings):
                    sheet.write_string(0, col, heading, bold)
                sheet.freeze_panes(1, 0)
                row_in_sheet = 0
            row_in_sheet += 1
            write = sheet.write_string
            for col, value in enumerate(values):
                if value:
                    write(row_in_sheet, col, value)
        done += len(chunk)
        if progress:
            progress(done, total)
    if sheet is None:  # no rows: the header alone
        sheet = workbook.add_worksheet(sheet_name[:31])
        for col, heading in enumerate(headings):
            sheet.write_string(0, col, heading, bold)
        sheet.freeze_panes(1, 0)
    workbook.close()
    return done


def export_to_stream(
    out: BinaryIO,
    *,
    kind: str,
    scope: Node,
    user=None,
    file_format: str = FileFormat.CSV,
    encoding: str = CsvEncoding.UTF8,
    unmasked: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the sheet to ``out`` (any object with ``write(bytes)``) as CSV in ``encoding`` or
    as xlsx; call ``progress(rows done, rows in all)`` every few thousand rows. Returns the
    number of rows written (the header not counted). No permission check: callers check."""
    if file_format not in EXPORT_FORMATS:
        raise ValidationError({"file_format": _("Exports are written as CSV or .xlsx.")})
    if file_format == FileFormat.CSV and encoding not in CsvEncoding.values:
        raise ValidationError({"encoding": _("Choose UTF-8 or GB18030.")})
    headings, total, rows = export_rows(kind=kind, scope=scope, user=user, unmasked=unmasked)
    if progress:
        progress(0, total)
    if file_format == FileFormat.CSV:
        done = _write_csv(out, headings, rows, total=total, encoding=encoding, progress=progress)
    else:
        name = str(SheetKind(kind).label)
        done = _write_xlsx(out, headings, rows, total=total, sheet_name=name, progress=progress)
    if progress and done != total:
        progress(done, done)
    return done


def export_to_path(path, **options) -> int:
    """``export_to_stream`` into a plain file at ``path`` (the CLI, the bench). One read
    transaction: on PostgreSQL the rows then stream from a plain server-side cursor instead
    of one declared WITH HOLD, which autocommit would make the server materialise first."""
    with open(path, "wb") as out, transaction.atomic():
        return export_to_stream(out, **options)


# — permission, audit —


def export_check(*, user, scope: Node, unmasked: bool = False, reason: str = "") -> str:
    """May ``user`` export the subtree of ``scope`` (in full when ``unmasked``)? Raises
    PermissionDenied or ValidationError({"reason"}); returns the stripped reason. ``user``
    None is the server operator, who may do everything but still gives a reason to unmask."""
    reason = (reason or "").strip()
    if user is not None and not in_scope(user, EXPORT_SHEET, scope):
        raise PermissionDenied(_("You may not export sheets of this area."))
    if unmasked:
        if user is not None and not in_scope(user, UNMASK_PERSON, scope):
            raise PermissionDenied(_("You may not export full personal data of this area."))
        if not reason:
            raise ValidationError({"reason": _("State why you need the full personal data.")})
        if len(reason) > ExportJob._meta.get_field("reason").max_length:
            raise ValidationError({"reason": _("Keep the reason under 200 characters.")})
    return reason


def export_audit(
    *,
    kind: str,
    scope: Node,
    file_format: str,
    unmasked: bool,
    reason: str,
    rows: int,
    actor=None,
    filename: str = "",
) -> None:
    """The one audit record of an export: who, which area, how many rows, masked or not."""
    audit_record(
        AuditAction.EXPORT,
        node_path=scope.path,
        row_count=rows,
        reason=reason,
        changes={"kind": kind, "format": file_format, "unmasked": bool(unmasked)},
        actor=actor,
        object_repr=filename,
    )


# — background jobs —


def _spool_dir() -> Path:
    path = Path(settings.SHEQU_SPOOL_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_job_create(
    *,
    user,
    kind: str,
    scope: Node,
    file_format: str,
    encoding: str = CsvEncoding.UTF8,
    unmasked: bool = False,
    reason: str = "",
) -> ExportJob:
    """Queue an export of the subtree of ``scope``; the file is written in the background."""
    if kind not in SheetKind.values:
        raise ValidationError({"kind": _("Choose residents, households or buildings.")})
    if file_format not in EXPORT_FORMATS:
        raise ValidationError({"file_format": _("Exports are written as CSV or .xlsx.")})
    if file_format == FileFormat.CSV and encoding not in CsvEncoding.values:
        raise ValidationError({"encoding": _("Choose UTF-8 or GB18030.")})
    reason = export_check(user=user, scope=scope, unmasked=unmasked, reason=reason)
    export_spool_sweep()
    job = ExportJob.objects.create(
        kind=kind,
        status=JobStatus.QUEUED,
        owner=user,
        scope=scope,
        file_format=file_format,
        encoding=encoding if file_format == FileFormat.CSV else "",
        unmasked=unmasked,
        reason=reason if unmasked else "",
    )

    def enqueue() -> None:
        from . import tasks

        tasks.export_run.enqueue(job.pk)

    transaction.on_commit(enqueue)
    return job


def export_job_run(job_id: int) -> None:
    """Write the export of a queued job sealed into the spool directory, reporting progress
    in short transactions of its own; DONE with one audit record, or FAILED with a message."""
    job = ExportJob.objects.select_related("scope", "owner").get(pk=job_id)
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, rows_done=0, failure=""
    )
    name = uuid.uuid4().hex
    path = _spool_dir() / name

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(
            rows_done=done, total_rows=total, heartbeat_at=timezone.now()
        )

    try:
        owner = job.owner
        if owner is not None:
            # the rights may have gone between the request and the run
            export_check(user=owner, scope=job.scope, unmasked=job.unmasked, reason=job.reason)
        with crypto.SealedWriter(path) as sealed:
            rows = export_to_stream(
                sealed,
                kind=job.kind,
                scope=job.scope,
                user=owner,
                file_format=job.file_format,
                encoding=job.encoding or CsvEncoding.UTF8,
                unmasked=job.unmasked,
                progress=progress,
            )
        with transaction.atomic():
            finished = timezone.now()
            ExportJob.objects.filter(pk=job.pk).update(
                status=JobStatus.DONE,
                rows_done=rows,
                total_rows=rows,
                spool_name=name,
                finished_at=finished,
                heartbeat_at=finished,
            )
            export_audit(
                kind=job.kind,
                scope=job.scope,
                file_format=job.file_format,
                unmasked=job.unmasked,
                reason=job.reason,
                rows=rows,
                actor=owner,
                filename=job.filename,
            )
    except Exception as exc:
        logger.exception("export %s failed", job.pk)
        if path.exists():
            path.unlink()
        if isinstance(exc, PermissionDenied | ValidationError):
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            message = _("The export failed: %(error)s") % {
                "error": pii.redact(f"{type(exc).__name__}: {exc}")[:500]
            }
        ExportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, failure=message, finished_at=timezone.now()
        )


def export_job_open(*, job: ExportJob, user) -> tuple[str, str, bytes]:
    """The finished file of ``job`` for its owner: (file name, content type, bytes). The
    sealed spool file is deleted once it has been handed out: one download per export."""
    if user is None or job.owner_id is None or job.owner_id != user.pk:
        raise PermissionDenied(_("Only the person who made an export may download it."))
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("scope").get(pk=job.pk)
        if job.status != JobStatus.DONE:
            raise ValidationError(_("The export is not finished yet."))
        path = _spool_dir() / job.spool_name if job.spool_name else None
        if path is None or not path.exists():
            raise ValidationError(_("The file is no longer kept; export again."))
        data = crypto.open_sealed(path)
        ExportJob.objects.filter(pk=job.pk).update(downloaded_at=timezone.now(), spool_name="")
    path.unlink(missing_ok=True)
    content_type = CONTENT_TYPES[job.file_format]
    if job.file_format == FileFormat.CSV:
        charset = "utf-8" if job.encoding == CsvEncoding.UTF8 else job.encoding
        content_type = f"{content_type}; charset={charset}"
    return job.filename, content_type, data


def export_spool_sweep() -> int:
    """Delete the files of exports finished more than SHEQU_EXPORT_KEEP_HOURS (default 24)
    ago and not downloaded; returns how many were deleted."""
    hours = getattr(settings, "SHEQU_EXPORT_KEEP_HOURS", 24)
    cutoff = timezone.now() - dt.timedelta(hours=hours)
    stale = ExportJob.objects.filter(finished_at__lt=cutoff).exclude(spool_name="")
    deleted = 0
    for pk, spool_name in stale.values_list("pk", "spool_name"):
        (Path(settings.SHEQU_SPOOL_DIR) / spool_name).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=pk).update(spool_name="")
        deleted += 1
    return deleted
