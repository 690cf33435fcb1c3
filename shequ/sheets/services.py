"""Writes of spreadsheet import: upload, column mapping, start, resume, error report (R-PPL-4)."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import IMPORT_SHEET, UNMASK_PERSON
from shequ.core import crypto, pii
from shequ.core.models import AuditAction, audit_record
from shequ.core.scope import path_in_scope

from . import cleaning
from .choices import FileFormat, JobStatus, SheetKind
from .columns import COLUMNS, IMPORT_FIELDS, normalise_header, recognise
from .importing import check_mapping, job_for_table, saved_headings
from .models import HeaderAlias, ImportJob
from .reading import SheetError, Table, open_table
from .selectors import AREA_KINDS

ERROR_COLUMN = "错误说明"
# A job whose worker has shown no sign of life for this long is taken for dead (kill -9,
# a restarted machine): the page offers to resume it.
STALLED_AFTER_SECONDS = 120


def spool_dir() -> Path:
    path = Path(settings.SHEQU_SPOOL_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check_area(user, area) -> None:
    if area.kind not in AREA_KINDS:
        raise ValidationError(
            {"area": _("Import into a community, a subdistrict or the district.")}
        )
    if not path_in_scope(user, IMPORT_SHEET, area.path):
        raise PermissionDenied(_("You may not import into this area."))


def _table(job: ImportJob) -> Table:
    data = crypto.open_sealed(spool_dir() / job.spool_name)
    # the same saved headings as at upload, so the header row is found the same way
    return open_table(
        data, filename=job.filename, kind=job.kind, saved=saved_headings(job.area, job.kind)
    )


def import_job_create(
    *, user, area, kind: str, filename: str, data: bytes, create_flats: bool = False
) -> ImportJob:
    """Take an uploaded sheet: check it can be read, seal it, and wait for the user to confirm
    the column mapping (pre-filled from the headings recognised)."""
    if kind not in SheetKind.values:
        raise ValidationError({"kind": _("Choose what the sheet holds.")})
    _check_area(user, area)
    if len(data) > settings.SHEQU_UPLOAD_MAX_MB * 1024 * 1024:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": settings.SHEQU_UPLOAD_MAX_MB}}
        )
    saved = saved_headings(area, kind)
    try:
        table = open_table(data, filename=filename, kind=kind, saved=saved)
    except SheetError as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    name = f"{uuid.uuid4().hex}.sealed"
    crypto.seal_file(spool_dir() / name, data)
    job = job_for_table(
        table=table,
        kind=kind,
        area=area,
        user=user,
        filename=Path(filename).name[:255],
        create_flats=create_flats,
        mapping=recognise(table.headers, kind, saved),
        status=JobStatus.MAPPING,
    )
    job.spool_name = name
    job.save(update_fields=["spool_name"])
    return job


def import_mapping_choices(kind: str) -> list[tuple[str, str]]:
    return [("", _("Ignore this column"))] + [
        (key, str(COLUMNS[key].label)) for key in IMPORT_FIELDS[kind]
    ]


def _mask(key: str, value) -> str:
    text = cleaning.text(value)
    if not text:
        return ""
    if key == "id_number":
        try:
            return pii.mask_id_number(pii.validate_id_number(text).number)
        except ValidationError:
            return "*" * min(len(text), 18)
    if key == "phone":
        try:
            return pii.mask_e164(pii.normalize_phone(text))
        except ValidationError:
            return "*" * min(len(text), 11)
    if key in ("registered_address", "current_address"):
        return pii.mask_text(text)
    if key in COLUMNS:
        return text
    return pii.redact(text)  # a column nobody mapped yet may hold anything


def import_job_preview(*, job: ImportJob, user, rows: int = 5) -> list[list[str]]:
    """The first rows of the sheet as the mapping page shows them: personal fields masked."""
    _check_area(user, job.area)
    table = _table(job)
    out = []
    for _number, values in table.rows():
        out.append(
            [_mask(job.mapping.get(str(col), ""), value) for col, value in enumerate(values)]
        )
        if len(out) >= rows:
            break
    return out


@transaction.atomic
def import_job_start(*, job: ImportJob, user, mapping: dict[int, str]) -> ImportJob:
    """Confirm the column mapping, remember the headings the user mapped by hand, queue."""
    from .tasks import import_run

    job = ImportJob.objects.select_for_update().select_related("area").get(pk=job.pk)
    _check_area(user, job.area)
    if job.status != JobStatus.MAPPING:
        raise ValidationError({"mapping": _("This import has already been started.")})
    allowed = set(IMPORT_FIELDS[job.kind])
    mapping = {int(col): key for col, key in mapping.items() if int(col) < len(job.headers)}
    for key in mapping.values():
        if key and key not in allowed:
            raise ValidationError({"mapping": _("Unknown field: %(key)s") % {"key": key}})
    check_mapping(mapping, job.kind)
    builtin = recognise(job.headers, job.kind, {})
    for col, key in mapping.items():
        if key != builtin.get(col, ""):
            heading = normalise_header(job.headers[col])
            if heading:
                HeaderAlias.objects.update_or_create(
                    node=job.area, kind=job.kind, header=heading, defaults={"field": key}
                )
    job.mapping = {str(col): key for col, key in mapping.items()}
    job.status = JobStatus.QUEUED
    job.save(update_fields=["mapping", "status", "updated_at"])
    transaction.on_commit(lambda: import_run.enqueue(job.pk))
    return job


def import_job_is_stalled(job: ImportJob) -> bool:
    if job.status != JobStatus.RUNNING or job.heartbeat_at is None:
        return False
    return (timezone.now() - job.heartbeat_at).total_seconds() > STALLED_AFTER_SECONDS


@transaction.atomic
def import_job_resume(*, job: ImportJob, user) -> ImportJob:
    """Queue a failed or stalled job again; it continues after its last committed batch."""
    from .tasks import import_run

    job = ImportJob.objects.select_for_update().select_related("area").get(pk=job.pk)
    _check_area(user, job.area)
    if not (job.status == JobStatus.FAILED or import_job_is_stalled(job)):
        raise ValidationError({"status": _("Only a failed or stalled import can be resumed.")})
    job.status = JobStatus.QUEUED
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "heartbeat_at", "updated_at"])
    transaction.on_commit(lambda: import_run.enqueue(job.pk))
    return job


def import_error_report(*, job: ImportJob, user) -> tuple[str, str, bytes]:
    """The rejected rows as the file had them, with a last column saying what is wrong, in the
    file's own format (CSV in its encoding; xlsx for xlsx and xls). It holds the rows in clear,
    so only a user who may import and unmask in the area gets it, and the download is logged."""
    _check_area(user, job.area)
    if not path_in_scope(user, UNMASK_PERSON, job.area.path):
        raise PermissionDenied(_("The error report holds personal data you may not see."))
    filename, content_type, content, count = error_report(job, _table(job))
    audit_record(
        AuditAction.EXPORT,
        obj=job,
        actor=user,
        node_path=job.area.path,
        row_count=count,
        object_repr=filename,
        reason=_("Error report of an import"),
    )
    return filename, content_type, content


def error_report(job: ImportJob, table: Table) -> tuple[str, str, bytes, int]:
    """(file name, content type, content, rows) of the rejected rows of ``job`` in ``table``."""
    messages = dict(job.row_errors.values_list("row_number", "messages"))
    header = [*table.headers, ERROR_COLUMN]
    rows = [
        [*values, "；".join(messages[number])]
        for number, values in table.rows()
        if number in messages
    ]
    stem = Path(job.filename).stem
    if job.file_format == FileFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        # the file's own encoding; plain UTF-8 gets a BOM so that Excel opens it as UTF-8
        encoding = "gb18030" if job.encoding == "gb18030" else "utf-8-sig"
        content = buffer.getvalue().encode(encoding)
        filename, content_type = f"{stem}-错误报告.csv", "text/csv"
    else:
        content = _xlsx(header, rows)
        filename = f"{stem}-错误报告.xlsx"
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return filename, content_type, content, len(rows)


def _xlsx(header: list, rows: list[list]) -> bytes:
    import datetime as dt

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, header, bold)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, dates)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            elif value not in (None, ""):
                sheet.write_string(r, c, str(value))
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
