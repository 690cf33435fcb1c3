"""The import and export pages: who may open them, the upload → mapping → progress flow, the
masked preview, the downloads, and the pinned query count of the jobs page (R-PPL-3/4)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from shequ.accounts.roles import Role
from shequ.conftest import make_user
from shequ.core.testing import make_id_number, make_mobile
from shequ.people.models import Person
from shequ.sheets import exporting, services
from shequ.sheets.choices import JobStatus, SheetKind
from shequ.sheets.columns import COLUMNS, KIND_FIELDS
from shequ.sheets.models import ExportJob, HeaderAlias, ImportJob

GRID = "东一社区第1网格"
GOOD_1 = make_id_number(dt.date(1975, 2, 3), 901)
GOOD_2 = make_id_number(dt.date(1990, 11, 30), 902, sex="F")
# the right 17 digits with the wrong check character
BAD_CHECK = make_id_number(dt.date(1988, 6, 1), 903)[:17] + (
    "0" if make_id_number(dt.date(1988, 6, 1), 903)[17] != "0" else "1"
)
HEADINGS = ["姓名", "身份证号", "本人手机", "所属网格", "楼栋", "单元", "房号"]


def _csv(rows, headings=HEADINGS, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _sheet() -> bytes:
    """Two good rows and one whose ID number has a wrong check digit; the phone column has a
    heading no catalogue knows."""
    return _csv(
        [
            ["赵一", GOOD_1, make_mobile(901), GRID, "1号楼", "1单元", "101室"],
            ["钱二", GOOD_2, make_mobile(902), GRID, "1号楼", "1单元", "201室"],
            ["孙三", BAD_CHECK, make_mobile(903), GRID, "1号楼", "1单元", "101室"],
        ]
    )


def _upload(client, territory, data=None, *, name="台账.csv", kind=SheetKind.RESIDENTS):
    upload = io.BytesIO(data if data is not None else _sheet())
    upload.name = name
    return client.post(
        reverse("sheets:import_new"),
        {"kind": kind, "area": territory.c1.pk, "file": upload},
    )


def _mapping_post(job, **overrides) -> dict:
    data = {f"col_{col}": field for col, field in job.mapping.items()}
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def spool(settings, tmp_path):
    settings.SHEQU_SPOOL_DIR = tmp_path / "spool"


@pytest.fixture
def worker(client, cast):
    client.force_login(cast.community_worker)
    return client


@pytest.fixture
def import_job(cast, territory):
    return services.import_job_create(
        user=cast.community_worker,
        area=territory.c1,
        kind=SheetKind.RESIDENTS,
        filename="台账.csv",
        data=_sheet(),
    )


@pytest.fixture
def export_job(cast, territory):
    return exporting.export_job_create(
        user=cast.community_worker, kind=SheetKind.RESIDENTS, scope=territory.c1, file_format="csv"
    )


def _finished_import(client, territory, capture):
    """Upload, map the unknown column to the phone, start: the task runs at once."""
    assert _upload(client, territory).status_code == 302
    job = ImportJob.objects.get()
    with capture(execute=True):
        response = client.post(
            reverse("sheets:import_map", args=[job.pk]), _mapping_post(job, col_2="phone")
        )
    assert response.status_code == 302
    job.refresh_from_db()
    return job


# --- permissions --------------------------------------------------------------------------


def _job_urls(import_job, export_job) -> list[str]:
    return [
        reverse("sheets:import_detail", args=[import_job.pk]),
        reverse("sheets:import_map", args=[import_job.pk]),
        reverse("sheets:import_progress", args=[import_job.pk]),
        reverse("sheets:import_errors", args=[import_job.pk]),
        reverse("sheets:export_detail", args=[export_job.pk]),
        reverse("sheets:export_progress", args=[export_job.pk]),
        reverse("sheets:export_download", args=[export_job.pk]),
    ]


def test_roles_without_sheet_rights_get_403_on_every_page(client, cast, import_job, export_job):
    pages = [
        reverse("sheets:index"),
        reverse("sheets:import_new"),
        reverse("sheets:export_new"),
        reverse("sheets:template", args=["residents"]),
        *_job_urls(import_job, export_job),
    ]
    for user in (cast.resident, cast.party_member, cast.unit_contact):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403, (user, url)
        resume = reverse("sheets:import_resume", args=[import_job.pk])
        assert client.post(resume).status_code == 403


def test_pages_need_a_login(client, import_job):
    response = client.get(reverse("sheets:import_detail", args=[import_job.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_worker_of_another_community_cannot_see_the_jobs(client, territory, import_job, export_job):
    client.force_login(make_user("worker_c2", Role.COMMUNITY_WORKER, territory.c2))
    for url in _job_urls(import_job, export_job):
        assert client.get(url).status_code == 404, url
    resume = reverse("sheets:import_resume", args=[import_job.pk])
    assert client.post(resume).status_code == 404
    page = client.get(reverse("sheets:index")).context
    assert list(page["imports"]) == [] and list(page["exports"]) == []


def test_grid_worker_exports_but_does_not_import(client, cast, territory):
    client.force_login(cast.grid_worker)
    assert client.get(reverse("sheets:import_new")).status_code == 403
    response = client.get(reverse("sheets:index"))
    assert response.status_code == 200
    assert response.context["imports"] is None
    assert reverse("sheets:import_new") not in response.content.decode()
    form = client.get(reverse("sheets:export_new")).context["form"]
    assert [node.code for node in form.fields["area"].queryset] == ["C1G1"]


def test_nav_shows_import_and_export_only_to_those_who_may(client, cast):
    link = f'href="{reverse("sheets:index")}"'
    for user, shown in (
        (cast.community_worker, True),
        (cast.grid_worker, True),
        (cast.auditor, True),
        (cast.resident, False),
        (cast.party_member, False),
    ):
        client.force_login(user)
        assert (link in client.get(reverse("home")).content.decode()) is shown, user


# --- import -------------------------------------------------------------------------------


def test_upload_form_preselects_the_only_area(worker, territory):
    body = worker.get(reverse("sheets:import_new")).content.decode()
    options = re.findall(r"<option value=\"(\d*)\"( selected)?>", body.split('name="area"')[1])
    assert options == [(str(territory.c1.pk), " selected")]
    assert 'accept=".xlsx,.xls,.csv"' in body


def test_upload_rejects_a_file_that_is_not_a_sheet(worker, territory):
    response = _upload(worker, territory, b"%PDF-1.4 not a sheet", name="scan.pdf")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_upload_map_start_and_the_finished_job(
    worker, territory, django_capture_on_commit_callbacks
):
    response = _upload(worker, territory)
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("sheets:import_map", args=[job.pk])
    assert job.status == JobStatus.MAPPING
    assert "2" not in job.mapping  # 本人手机 is nobody's heading yet

    page = worker.get(response["Location"]).content.decode()
    assert page.count('data-role="unrecognised"') == 1
    assert "本人手机" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = worker.post(
            reverse("sheets:import_map", args=[job.pk]), _mapping_post(job, col_2="phone")
        )
    assert response["Location"] == reverse("sheets:import_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.total_rows, job.rows_done) == (3, 3)
    assert (job.created_count, job.updated_count, job.rejected_count) == (2, 0, 1)
    assert set(Person.objects.values_list("name", flat=True)) == {"赵一", "钱二"}
    # the worker's choice is remembered for the community's next sheets
    alias = HeaderAlias.objects.get(header="本人手机")
    assert (alias.node, alias.kind, alias.field) == (territory.c1, SheetKind.RESIDENTS, "phone")

    response = worker.get(response["Location"])
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' not in body  # finished: no more polling
    errors = response.context["row_errors"]
    assert [e.row_number for e in errors] == [job.row_errors.get().row_number]
    assert "孙三" not in body and BAD_CHECK not in body
    assert errors[0].messages[0] in body.replace("&#x27;", "'")
    assert reverse("sheets:import_errors", args=[job.pk]) in body


def test_a_saved_heading_is_recognised_next_time(
    worker, territory, django_capture_on_commit_callbacks
):
    _finished_import(worker, territory, django_capture_on_commit_callbacks)
    _upload(worker, territory, name="第二次.csv")
    job = ImportJob.objects.get(filename="第二次.csv")
    assert job.mapping["2"] == "phone"
    page = worker.get(reverse("sheets:import_map", args=[job.pk])).content.decode()
    assert 'data-role="unrecognised"' not in page


def test_mapping_page_shows_the_preview_masked(worker, territory, import_job):
    response = worker.get(reverse("sheets:import_map", args=[import_job.pk]))
    body = response.content.decode()
    assert "赵一" in body or "赵*" in body
    for value in (GOOD_1, GOOD_2, BAD_CHECK, make_mobile(901), make_mobile(902)):
        assert value not in body
    assert len(response.context["preview"]) == 3
    # every preview value shown is the service's masked one
    assert GOOD_1[:3] in body and GOOD_1[-4:] in body


def test_mapping_errors_are_shown_above_and_the_job_waits(worker, territory, import_job):
    data = _mapping_post(import_job, col_1="", col_2="name")  # no ID number, name twice
    response = worker.post(reverse("sheets:import_map", args=[import_job.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 2
    body = response.content.decode()
    assert all(str(e) in body.replace("&#x27;", "'") for e in errors)
    import_job.refresh_from_db()
    assert import_job.status == JobStatus.MAPPING


def test_a_started_job_is_no_longer_mapped(worker, territory, django_capture_on_commit_callbacks):
    job = _finished_import(worker, territory, django_capture_on_commit_callbacks)
    response = worker.get(reverse("sheets:import_map", args=[job.pk]))
    assert response["Location"] == reverse("sheets:import_detail", args=[job.pk])


def test_queued_job_polls_its_progress_fragment(worker, import_job):
    services.import_job_start(
        job=import_job, user=import_job.owner, mapping=_mapping_ints(import_job, phone=2)
    )
    # no on_commit run: the job waits in the queue
    detail = worker.get(reverse("sheets:import_detail", args=[import_job.pk])).content.decode()
    fragment_url = reverse("sheets:import_progress", args=[import_job.pk])
    assert f'hx-get="{fragment_url}"' in detail
    assert 'hx-trigger="every 1s"' in detail and 'hx-swap="outerHTML"' in detail
    fragment = worker.get(fragment_url)
    body = fragment.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="job-progress"')
    assert "0 / 3 " in body


def _mapping_ints(job, **fields) -> dict[int, str]:
    mapping = {int(col): field for col, field in job.mapping.items()}
    for field, col in fields.items():
        mapping[col] = field
    return mapping


def test_failed_or_stalled_job_offers_resume(worker, import_job):
    services.import_job_start(
        job=import_job, user=import_job.owner, mapping=_mapping_ints(import_job, phone=2)
    )
    url = reverse("sheets:import_detail", args=[import_job.pk])
    resume = reverse("sheets:import_resume", args=[import_job.pk])
    assert resume not in worker.get(url).content.decode()  # queued: nothing to resume

    # a worker took the job and died: no sign of life for three minutes
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)
    ImportJob.objects.filter(pk=import_job.pk).update(
        status=JobStatus.RUNNING, started_at=stale, heartbeat_at=stale
    )
    response = worker.get(url)
    assert response.context["stalled"] is True
    assert resume in response.content.decode()

    ImportJob.objects.filter(pk=import_job.pk).update(status=JobStatus.FAILED, failure="boom")
    assert resume in worker.get(url).content.decode()
    response = worker.post(resume)
    assert response["Location"] == url
    import_job.refresh_from_db()
    assert import_job.status == JobStatus.QUEUED


def test_error_report_is_an_attachment_with_the_error_column(
    worker, territory, django_capture_on_commit_callbacks
):
    job = _finished_import(worker, territory, django_capture_on_commit_callbacks)
    response = worker.get(reverse("sheets:import_errors", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [*HEADINGS, "错误说明"]
    assert len(rows) == 2
    assert rows[1][:2] == ["孙三", BAD_CHECK]
    assert rows[1][-1]


def test_template_opens_with_calamine_and_has_the_headings(worker):
    for kind in SheetKind.values:
        response = worker.get(reverse("sheets:template", args=[kind]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        rows = workbook.get_sheet_by_index(0).to_python()
        assert rows[0] == [COLUMNS[field].header for field in KIND_FIELDS[kind]]
    response = worker.get(reverse("sheets:template", args=["residents"]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert {"姓名", "身份证号", "房号"} <= set(rows.to_python()[0])
    assert worker.get("/sheets/template/people.xlsx").status_code == 404


# --- the jobs page ------------------------------------------------------------------------


def test_index_lists_jobs_newest_first_in_pages_of_20_with_pinned_queries(
    worker, cast, territory, django_assert_max_num_queries
):
    for n in range(23):
        services.import_job_create(
            user=cast.community_worker,
            area=territory.c1,
            kind=SheetKind.RESIDENTS,
            filename=f"台账{n:02d}.csv",
            data=_sheet(),
        )
        exporting.export_job_create(
            user=cast.community_worker, kind="buildings", scope=territory.c1, file_format="xlsx"
        )
    url = reverse("sheets:index")
    with django_assert_max_num_queries(13):
        response = worker.get(url)
    imports, exports = response.context["imports"], response.context["exports"]
    assert [j.filename for j in imports][:2] == ["台账22.csv", "台账21.csv"]
    assert len(imports) == 20 and len(exports) == 20
    assert imports.has_next and exports.has_next

    with django_assert_max_num_queries(13):
        response = worker.get(url + imports.next_url)
    assert [j.filename for j in response.context["imports"]] == [
        "台账02.csv",
        "台账01.csv",
        "台账00.csv",
    ]
    assert len(response.context["exports"]) == 20  # the other list keeps its place

    response = worker.get(url, {"q": "台账1"})
    assert sorted(j.filename for j in response.context["imports"]) == [
        f"台账{n}.csv" for n in range(10, 20)
    ]


# --- export -------------------------------------------------------------------------------


def test_export_flow_and_one_download(
    worker, cast, territory, residents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = worker.post(
            reverse("sheets:export_new"),
            {
                "kind": "residents",
                "area": territory.c1.pk,
                "file_format": "csv",
                "encoding": "gb18030",
            },
        )
    job = ExportJob.objects.get()
    url = reverse("sheets:export_detail", args=[job.pk])
    assert response["Location"] == url
    job.refresh_from_db()
    assert (job.status, job.rows_done) == (JobStatus.DONE, 4)

    body = worker.get(url).content.decode()
    download = reverse("sheets:export_download", args=[job.pk])
    assert download in body and "hx-trigger" not in body
    response = worker.get(download)
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("gb18030"))))
    assert rows[0][:3] == ["姓名", "性别", "身份证号"]
    assert len(rows) == 5
    assert all("*" in row[2] for row in rows[1:])  # masked by default

    again = worker.get(download, follow=True)
    assert again.redirect_chain == [(url, 302)]
    assert "export again" in again.content.decode() or "重新导出" in again.content.decode()


def test_queued_export_polls_its_progress_fragment(worker, export_job):
    url = reverse("sheets:export_progress", args=[export_job.pk])
    detail = worker.get(reverse("sheets:export_detail", args=[export_job.pk])).content.decode()
    assert f'hx-get="{url}"' in detail and 'hx-trigger="every 1s"' in detail
    body = worker.get(url).content.decode()
    assert body.lstrip().startswith('<div id="job-progress"')
    assert reverse("sheets:export_download", args=[export_job.pk]) not in body


def test_full_data_export_needs_a_reason_and_the_right_to_unmask(worker, cast, territory):
    response = worker.post(
        reverse("sheets:export_new"),
        {
            "kind": "residents",
            "area": territory.c1.pk,
            "file_format": "xlsx",
            "encoding": "utf-8-sig",
            "unmasked": "on",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not ExportJob.objects.exists()

    worker.force_login(cast.auditor)
    form = worker.get(reverse("sheets:export_new")).context["form"]
    assert "unmasked" not in form.fields and "reason" not in form.fields


def test_an_export_is_its_owners_alone(
    client, cast, territory, residents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = exporting.export_job_create(
            user=cast.community_worker, kind="residents", scope=territory.c1, file_format="csv"
        )
    # the secretary of the same community: the file holds what the worker was allowed to see
    client.force_login(cast.community_secretary)
    for name in ("sheets:export_detail", "sheets:export_progress", "sheets:export_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert list(client.get(reverse("sheets:index")).context["exports"]) == []
