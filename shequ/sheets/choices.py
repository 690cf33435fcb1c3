"""Enumerations of spreadsheet import and export (台账导入导出)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SheetKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    HOUSEHOLDS = "households", _("Households")
    BUILDINGS = "buildings", _("Buildings and flats")
    CASES = "cases", _("Residents' requests")


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (.xlsx)"
    XLS = "xls", "Excel 97-2003 (.xls)"


class CsvEncoding(models.TextChoices):
    UTF8 = "utf-8-sig", _("UTF-8 (with BOM, opens in Excel)")
    GB18030 = "gb18030", _("GB18030 (Excel on Chinese Windows)")


class JobStatus(models.TextChoices):
    MAPPING = "mapping", _("Waiting for the column mapping")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
