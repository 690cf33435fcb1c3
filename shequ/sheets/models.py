"""Import and export jobs of residents', households' and buildings' sheets (R-PPL-4).

An uploaded sheet holds ID numbers in clear: it is kept sealed (encrypted with the data
key) in the spool directory, and the error report is rebuilt from it on demand, so no
plaintext personal data rests on disk or in these tables (R-PPL-3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.models import TimeStampedModel
from shequ.core.scope import ScopedQuerySet

from .choices import CsvEncoding, FileFormat, JobStatus, SheetKind


class Job(TimeStampedModel):
    """What import and export jobs share: who, where, status and progress."""

    kind = models.CharField(_("sheet"), max_length=12, choices=SheetKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    file_format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    encoding = models.CharField(_("encoding"), max_length=12, blank=True)
    total_rows = models.PositiveIntegerField(_("rows in all"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # the sealed file in SHEQU_SPOOL_DIR (an upload, or an export waiting for download)
    spool_name = models.CharField(max_length=64, blank=True, editable=False)
    failure = models.TextField(_("failure"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.rows_done / self.total_rows) if self.total_rows else 0

    @property
    def rows_per_second(self) -> float:
        if not self.started_at or not self.rows_done:
            return 0.0
        end = self.finished_at or timezone.now()
        seconds = max((end - self.started_at).total_seconds(), 0.001)
        return self.rows_done / seconds

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class ImportJob(Job):
    """One spreadsheet going into the registry of an area (台账导入): a community, or a
    subdistrict or district when the sheet names each row's community."""

    area = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("area"),
    )
    filename = models.CharField(_("file"), max_length=255)
    create_flats = models.BooleanField(_("create missing flats"), default=False)
    header_row = models.PositiveIntegerField(_("header row"), default=0)
    headers = models.JSONField(_("headers"), default=list, blank=True)
    # column index (as text) → field key of shequ.sheets.columns; "" = ignore the column
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # the last row of the sheet whose batch is committed: a re-run after a crash starts after it
    last_row = models.PositiveIntegerField(_("last committed row"), default=0)
    created_count = models.PositiveIntegerField(_("rows created"), default=0)
    updated_count = models.PositiveIntegerField(_("rows updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("rows unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rows rejected"), default=0)

    scope_path = "area__path"

    class Meta(Job.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename


class ImportRowError(models.Model):
    """What is wrong with one rejected row, in words for the person who sent the sheet. The
    messages never repeat the row's values (they may be personal data)."""

    job = models.ForeignKey(
        ImportJob, on_delete=models.CASCADE, related_name="row_errors", verbose_name=_("import")
    )
    row_number = models.PositiveIntegerField(_("row"))
    messages = models.JSONField(_("errors"), default=list)

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["job", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "row_number"], name="one_error_per_row"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row_number}"


class HeaderAlias(TimeStampedModel):
    """A column heading a community's sheets use, mapped once by a worker and recognised
    from then on."""

    node = models.ForeignKey(
        "territory.Node", on_delete=models.CASCADE, related_name="+", verbose_name=_("community")
    )
    kind = models.CharField(_("sheet"), max_length=12, choices=SheetKind.choices)
    header = models.CharField(_("heading"), max_length=100)
    field = models.CharField(_("field"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("saved column heading")
        verbose_name_plural = _("saved column headings")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "kind", "header"], name="one_alias_per_heading"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.field or '-'}"


class ExportJob(Job):
    """One sheet of residents, households or buildings for a subtree (台账导出)."""

    scope = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    unmasked = models.BooleanField(_("full personal data"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)

    scope_path = "scope__path"

    class Meta(Job.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.scope}"

    @property
    def filename(self) -> str:
        stamp = timezone.localtime(self.created_at).strftime("%Y%m%d-%H%M")
        return f"{self.scope.name}-{self.get_kind_display()}-{stamp}.{self.file_format}"


class ImportedNumber(models.Model):
    """A record brought in from another system under its number there (外部编号), and what it
    became here: a second import of the same number finds it instead of making another."""

    kind = models.CharField(_("sheet"), max_length=12, choices=SheetKind.choices)
    number = models.CharField(_("number in the other system"), max_length=60)
    object_id = models.BigIntegerField(_("record"))
    job = models.ForeignKey(
        ImportJob,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("import"),
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported number")
        verbose_name_plural = _("imported numbers")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="one_record_per_number"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.number} → {self.object_id}"


__all__ = [
    "CsvEncoding", "ExportJob", "HeaderAlias", "ImportJob", "ImportRowError", "ImportedNumber",
]  # fmt: skip
