"""Browser test (headless Chromium): a community worker uploads an xlsx with a column heading
nobody knows, maps it to the phone, starts the import, watches the page follow the job by
itself to the end, and downloads the error report (R-PPL-4)."""

import datetime as dt
import io

import pytest
import xlsxwriter
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from shequ.conftest import PASSWORD, needs_chromium
from shequ.core.testing import make_id_number, make_mobile
from shequ.people.models import Person
from shequ.sheets.choices import JobStatus
from shequ.sheets.models import ImportJob

pytestmark = needs_chromium

GRID = "东一社区第1网格"
HEADINGS = ["姓名", "身份证号", "本人手机", "所属网格", "楼栋", "单元", "房号"]


def _ids():
    good = [make_id_number(dt.date(1970 + n, 3, 4), 700 + n) for n in range(3)]
    wrong = make_id_number(dt.date(1985, 1, 2), 710)
    bad_check = wrong[:17] + ("1" if wrong[17] != "1" else "2")
    return good, bad_check, make_id_number(dt.date(1986, 1, 2), 711)


def _workbook() -> tuple[bytes, list[list[str]]]:
    """Three good rows and three bad: a wrong check digit, a missing name, a flat that does
    not exist (and the worker does not allow creating flats)."""
    good, bad_check, other = _ids()
    rows = [
        ["周一", good[0], make_mobile(701), GRID, "1号楼", "1单元", "101室"],
        ["吴二", bad_check, make_mobile(702), GRID, "1号楼", "1单元", "101室"],
        ["郑三", good[1], make_mobile(703), GRID, "1号楼", "1单元", "201室"],
        ["", other, make_mobile(704), GRID, "1号楼", "1单元", "201室"],
        ["王五", good[2], make_mobile(705), GRID, "1号楼", "1单元", "101室"],
        ["冯六", make_id_number(dt.date(1987, 1, 2), 712), make_mobile(706), GRID, "1号楼",
         "1单元", "909室"],
    ]  # fmt: skip
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("居民")
    sheet.write_row(0, 0, HEADINGS)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return out.getvalue(), rows


@pytest.mark.django_db(transaction=True)
def test_worker_uploads_maps_an_unknown_column_watches_progress_and_gets_the_error_report(
    live_server, cast, territory, browser_page, tmp_path, settings
):
    from playwright.sync_api import expect

    # The database queue, so that the job waits until this test runs the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SHEQU_SPOOL_DIR = tmp_path / "spool"
    page, external = browser_page
    data, rows = _workbook()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "community_worker")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.click(".navbar-toggler")  # a phone: the menu is folded
    # the folded menu opens and offers the link; the test follows its address (a click on
    # the sliding menu went nowhere now and then in the full suite, never alone)
    link = page.locator("#navbar-menu").get_by_role("link", name="导入导出")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == "/sheets/"
    page.goto(f"{live_server.url}{href}")
    page.wait_for_load_state("networkidle")
    page.click("text=导入表格")
    page.select_option("select[name=kind]", "residents")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "居民台账.xlsx", "buffer": data, "mimeType":
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}],
    )  # fmt: skip
    page.click("button[type=submit]:has-text('上传')")

    # the mapping page: one unrecognised column, the preview masked, fits a phone's width
    page.wait_for_url("**/map/")
    job = ImportJob.objects.get()
    assert page.locator("th .badge").all_inner_texts() == ["未识别"]
    assert page.locator("th:has(.badge)").inner_text().startswith("本人手机")
    html = page.content()
    assert not any(row[1] in html or row[2] in html for row in rows)
    page.screenshot(path=str(tmp_path / "mapping.png"), full_page=True)
    assert page.evaluate("document.body.scrollWidth <= window.innerWidth")
    page.select_option("select[name=col_2]", "phone")
    page.click("button:has-text('开始导入')")

    # queued: nothing done yet, and the block asks the server every second
    page.wait_for_url(f"**/sheets/import/{job.pk}/")
    progress = page.locator("#job-progress")
    expect(progress.locator("[data-role=rows]")).to_have_text("0 / 6 行")
    assert progress.get_attribute("hx-trigger") == "every 1s"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE

    # the page follows by itself, without a reload
    expect(progress.locator("[data-role=rows]")).to_have_text("6 / 6 行")
    expect(progress.locator("[data-role=created]")).to_have_text("3")
    expect(progress.locator("[data-role=rejected]")).to_have_text("3")
    expect(progress.locator("[data-role=updated]")).to_have_text("0")
    assert page.locator("#job-progress").get_attribute("hx-trigger") is None
    assert page.locator("#job-progress tbody tr").count() == 3
    assert Person.objects.count() == 3
    page.screenshot(path=str(tmp_path / "finished.png"), full_page=True)

    with page.expect_download() as info:
        page.click("button:has-text('下载错误报告')")
    download = info.value
    assert download.suggested_filename == "居民台账-错误报告.xlsx"
    report = CalamineWorkbook.from_path(download.path()).get_sheet_by_index(0).to_python()
    assert report[0] == [*HEADINGS, "错误说明"]
    assert [r[:2] for r in report[1:]] == [[rows[i][0], rows[i][1]] for i in (1, 3, 5)]
    assert all(r[-1] for r in report[1:])
    assert external == [], f"page loaded assets from outside: {external}"
