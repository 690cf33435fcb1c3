"""Pages of spreadsheet import and export (R-PPL-4): upload, column mapping, live progress,
error report; export with its download. Reads go through the scoped selectors, writes through
the services; a sheet's personal data is only ever shown masked (R-PPL-3)."""

from __future__ import annotations

import io

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import EXPORT_SHEET, IMPORT_SHEET, UNMASK_PERSON
from shequ.core.paging import keyset_page
from shequ.core.views import add_service_errors

from . import columns, exporting, selectors, services
from .choices import CsvEncoding, JobStatus, SheetKind
from .forms import ExportForm, ImportMappingForm, ImportUploadForm, JobSearchForm
from .models import ExportJob, ImportJob

PAGE_SIZE = 20
PREVIEW_ROWS = 5
ERROR_ROWS_SHOWN = 50


def _require(user, *perms: str) -> None:
    if not any(user.has_perm(perm) for perm in perms):
        raise PermissionDenied(_("You may not do this here."))


def _attachment(filename: str, content_type: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _import_job(user, pk) -> ImportJob:
    _require(user, IMPORT_SHEET)
    try:
        return selectors.import_job_get_for(user=user, pk=pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None


def _export_job(user, pk) -> ExportJob:
    _require(user, EXPORT_SHEET)
    try:
        return selectors.export_job_get_for(user=user, pk=pk)
    except ExportJob.DoesNotExist:
        raise Http404 from None


def _paged(request, jobs, param: str):
    """One page of jobs; its links keep the other list's place and the search."""
    page = keyset_page(
        jobs, keys=("-created_at", "-id"), cursor=request.GET.get(param, ""), size=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop(param, None)
    page.first_url = f"?{query.urlencode()}"
    query[param] = page.next_cursor
    page.next_url = f"?{query.urlencode()}"
    return page


# --- the jobs --------------------------------------------------------------------------------


@login_required
def index(request):
    """The user's import and export jobs, newest first, each list paged on its own."""
    user = request.user
    _require(user, IMPORT_SHEET, EXPORT_SHEET)
    form = JobSearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    imports = exports = None
    if user.has_perm(IMPORT_SHEET):
        jobs = selectors.import_job_list_for(user=user)
        if q:
            jobs = jobs.filter(filename__icontains=q)
        imports = _paged(request, jobs, "imports_after")
    if user.has_perm(EXPORT_SHEET):
        jobs = selectors.export_job_list_for(user=user)
        if q:
            # an export's file is named after its area
            jobs = jobs.filter(scope__name__icontains=q)
        exports = _paged(request, jobs, "exports_after")
    context = {"form": form, "imports": imports, "exports": exports}
    return render(request, "sheets/index.html", context)


# --- import ----------------------------------------------------------------------------------


@never_cache
@login_required
def template_download(request, kind):
    """An empty sheet with the headings the import recognises first."""
    _require(request.user, IMPORT_SHEET)
    if kind not in SheetKind.values:
        raise Http404
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(str(SheetKind(kind).label))
    bold = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@"})
    for col, field in enumerate(columns.KIND_FIELDS[kind]):
        heading = columns.COLUMNS[field].header
        sheet.write_string(0, col, heading, bold)
        # text columns, so that Excel keeps the 18 digits of an ID number
        sheet.set_column(col, col, max(10, 2 * len(heading) + 2), text)
    sheet.freeze_panes(1, 0)
    workbook.close()
    filename = _("%(kind)s template.xlsx") % {"kind": SheetKind(kind).label}
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _attachment(filename, content_type, out.getvalue())


@never_cache
@login_required
def import_new(request):
    user = request.user
    _require(user, IMPORT_SHEET)
    areas = selectors.import_areas_for(user=user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            job = services.import_job_create(
                user=user,
                area=data["area"],
                kind=data["kind"],
                filename=upload.name,
                data=b"".join(upload.chunks()),
                create_flats=data["create_flats"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sheets:import_map", pk=job.pk)
    context = {"form": form, "kinds": SheetKind.choices}
    return render(request, "sheets/import_new.html", context)


@never_cache
@login_required
def import_map(request, pk):
    """The file's columns beside the field each holds, and its first rows, masked."""
    user = request.user
    job = _import_job(user, pk)
    if job.status != JobStatus.MAPPING:
        return redirect("sheets:import_detail", pk=job.pk)
    form = ImportMappingForm(
        request.POST or None,
        headers=job.headers,
        mapping=job.mapping,
        choices=services.import_mapping_choices(job.kind),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.import_job_start(job=job, user=user, mapping=form.mapping())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sheets:import_detail", pk=job.pk)
    context = {
        "job": job,
        "form": form,
        "preview": services.import_job_preview(job=job, user=user, rows=PREVIEW_ROWS),
    }
    return render(request, "sheets/import_map.html", context)


def _import_context(user, job) -> dict:
    finished = not job.is_active
    stalled = services.import_job_is_stalled(job)
    row_errors = []
    if finished and job.rejected_count:
        row_errors = list(job.row_errors.all()[:ERROR_ROWS_SHOWN])
    return {
        "job": job,
        "stalled": stalled,
        "row_errors": row_errors,
        "may_resume": job.status == JobStatus.FAILED or stalled,
        # the report repeats the rows in full: importing there and unmasking both needed
        "may_download_errors": bool(job.rejected_count)
        and user.has_perm(IMPORT_SHEET, job.area)
        and user.has_perm(UNMASK_PERSON, job.area),
    }


@never_cache  # the state of a running job: never from a cache
@login_required
def import_detail(request, pk):
    user = request.user
    job = _import_job(user, pk)
    if job.status == JobStatus.MAPPING:
        return redirect("sheets:import_map", pk=job.pk)
    return render(request, "sheets/import_detail.html", _import_context(user, job))


@never_cache
@login_required
def import_progress(request, pk):
    """The progress block alone, polled by the detail page while the job runs."""
    user = request.user
    job = _import_job(user, pk)
    return render(request, "sheets/includes/import_progress.html", _import_context(user, job))


@login_required
@require_POST
def import_resume(request, pk):
    user = request.user
    job = _import_job(user, pk)
    try:
        services.import_job_resume(job=job, user=user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The import continues where it stopped."))
    return redirect("sheets:import_detail", pk=job.pk)


@never_cache
@login_required
def import_errors(request, pk):
    """The rejected rows as they were sent, with a last column saying what is wrong."""
    user = request.user
    job = _import_job(user, pk)
    filename, content_type, data = services.import_error_report(job=job, user=user)
    return _attachment(filename, content_type, data)


# --- export ----------------------------------------------------------------------------------


@never_cache
@login_required
def export_new(request):
    user = request.user
    _require(user, EXPORT_SHEET)
    form = ExportForm(
        request.POST or None,
        areas=selectors.export_areas_for(user=user),
        may_unmask=user.has_perm(UNMASK_PERSON),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = exporting.export_job_create(
                user=user,
                kind=data["kind"],
                scope=data["area"],
                file_format=data["file_format"],
                encoding=data["encoding"],
                unmasked=data.get("unmasked", False),
                reason=data.get("reason", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"scope": "area"})
        except PermissionDenied as exc:  # e.g. full data asked for where he may not unmask
            form.add_error(None, str(exc))
        else:
            return redirect("sheets:export_detail", pk=job.pk)
    return render(request, "sheets/export_new.html", {"form": form})


def _export_context(user, job) -> dict:
    encoding = job.encoding
    if encoding in CsvEncoding.values:
        encoding = CsvEncoding(encoding).label
    return {
        "job": job,
        # the same two minutes without a sign of life as an import's
        "stalled": services.import_job_is_stalled(job),
        "encoding": encoding,
        # the file is handed out once, to the person who asked for it
        "is_owner": job.owner_id == user.pk,
        "may_download": job.status == JobStatus.DONE
        and bool(job.spool_name)
        and job.owner_id == user.pk,
    }


@never_cache
@login_required
def export_detail(request, pk):
    job = _export_job(request.user, pk)
    return render(request, "sheets/export_detail.html", _export_context(request.user, job))


@never_cache
@login_required
def export_progress(request, pk):
    job = _export_job(request.user, pk)
    context = _export_context(request.user, job)
    return render(request, "sheets/includes/export_progress.html", context)


@never_cache
@login_required
def export_download(request, pk):
    user = request.user
    job = _export_job(user, pk)
    try:
        filename, content_type, data = exporting.export_job_open(job=job, user=user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("sheets:export_detail", pk=job.pk)
    return _attachment(filename, content_type, data)
