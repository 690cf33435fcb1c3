"""Cases brought in from another system as a sheet (R-CASE-1): a GBK CSV as a hotline's
export has it and an xlsx with real date cells go through the registers' import machinery;
counts, the wording of each fault, idempotence by the other system's number, a later export
taking a case further, and the rollup equal to a recount."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from io import StringIO

import pytest
import xlsxwriter
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from shequ.accounts.roles import Role
from shequ.cases import figures
from shequ.cases.choices import CaseStatus, Channel, DueState, Rating, RatingSource
from shequ.cases.imports import CONTACT, PastStep, case_import, statuses_between
from shequ.cases.models import Case, CaseEvent, CaseFigure, RoutingRule
from shequ.conftest import make_user
from shequ.core import crypto
from shequ.sheets.columns import recognise
from shequ.sheets.importing import import_file
from shequ.sheets.models import ImportedNumber
from shequ.sheets.services import error_report

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
HEADER = [
    "工单编号", "来电时间", "来电人", "联系电话", "诉求来源", "问题分类", "标题", "诉求内容",
    "所属社区", "所属网格", "事发地址", "工单状态", "承办单位", "答复内容", "答复时间",
    "满意度", "办结时间", "是否需要回复",
]  # fmt: skip
GRID1 = "东一社区第1网格"
GOOD = [
    ["GD2026001", "2026-09-01 09:12", "王先生", "13800138001", "12345热线", "道路设施/路灯",
     "路灯不亮", "小区东门路灯不亮，晚上很黑。", "东一社区", GRID1, "1号楼东侧", "已办结",
     "东一社区居委会", "已联系供电所更换灯泡。", "2026-09-02 15:00", "满意",
     "2026-09-03 10:00", "是"],
    ["GD2026002", "2026/9/5 14:30", "李女士", "139 0013 8002", "微信", "噪声扰民", "",
     "楼下商铺晚上音响太吵。", "东一社区", GRID1, "", "办理中", "第1网格网格员", "", "", "",
     "", "是"],
    ["GD2026003", "2026年9月8日 8时05分", "", "", "网站", "", "", "建议增设健身器材。",
     "东二社区", "", "", "待受理", "", "", "", "", "", "否"],
    ["GD2026004", "2026-09-09 10:00", "赵先生", "13800138004", "来电", "道路设施", "",
     "外区的道路问题。", "东一社区", "", "", "不予受理", "", "属于西城区，已告知来电人。", "",
     "", "2026-09-09 11:00", "是"],
    ["GD2026005", "2026-09-10 10:00", "钱女士", "13800138005", "热线", "不存在的类别", "",
     "反映一件事。", "东一社区", GRID1, "", "已受理", "", "", "", "", "", "是"],
    ["GD2026006", "昨天下午", "孙先生", "13800138006", "热线", "噪声扰民", "",
     "夜间施工。", "东一社区", GRID1, "", "已受理", "", "", "", "", "", "是"],
    ["GD2026007", "2026-09-11 10:00", "周女士", "13800138007", "热线", "噪声扰民", "",
     "广场舞音响。", "东一社区", "第9网格", "", "已受理", "", "", "", "", "", "是"],
    ["GD2026001", "2026-09-12 10:00", "吴先生", "13800138008", "热线", "噪声扰民", "",
     "同一个编号又来了。", "东一社区", GRID1, "", "待受理", "", "", "", "", "", "是"],
    ["GD2026009", "2026-09-13 10:00", "郑女士", "13800138009", "热线", "噪声扰民", "",
     "办结了却没有答复。", "东一社区", GRID1, "", "已办结", "东一社区居委会", "", "", "",
     "2026-09-14 10:00", "是"],
    ["GD2026010", "2026-09-14 09:00", "冯先生", "13800138010", "热线", "路灯", "",
     "楼道灯坏了。", "东一社区", GRID1, "", "已评价", "东一社区居委会", "已维修。",
     "2026-09-16 09:00", "不满意", "", "是"],
]  # fmt: skip
CREATED = ("GD2026001", "GD2026002", "GD2026003", "GD2026004", "GD2026010")


def write_csv(path, rows, *, encoding="gbk", title=True):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if title:  # exports of hotline systems open with a title line
        writer.writerow(["东街道12345工单明细（导出）"])
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def rollup():
    return sorted(
        CaseFigure.objects.exclude(received=0).values_list(
            "day", "area", "category", "channel", "handler", *figures.METRICS
        )
    )


def imported(number: str) -> Case:
    pk = ImportedNumber.objects.get(kind="cases", number=number).object_id
    return Case.objects.get(pk=pk)


@pytest.fixture
def sheet(tmp_path):
    return write_csv(tmp_path / "工单.csv", GOOD)


def run(path, area, user, **kw):
    with translation.override("en"):
        return import_file(path, kind="cases", area=area, user=user, **kw)


def test_the_headings_of_a_hotline_export_are_recognised():
    mapping = recognise(HEADER, "cases")
    assert [mapping.get(i) for i in range(len(HEADER))] == [
        "external_number", "received_at", "requester_name", "phone", "channel", "category",
        "title", "description", "community", "grid", "place", "case_status", "handler",
        "reply", "replied_at", "rating", "closed_at", "wants_reply",
    ]  # fmt: skip
    # a residents' sheet does not take these columns
    assert "external_number" not in recognise(HEADER, "residents").values()


def test_a_gbk_csv_creates_the_good_rows_and_names_row_and_column_of_each_fault(
    sheet, territory, cast, desk
):
    job = run(sheet, territory.sub1, cast.subdistrict_admin)
    assert job.encoding == "gb18030" and job.header_row == 2
    assert (job.created_count, job.rejected_count, job.unchanged_count) == (5, 5, 0)
    errors = {e.row_number: " ".join(e.messages) for e in job.row_errors.all()}
    assert sorted(errors) == [7, 8, 9, 10, 11]
    assert errors[7].startswith("问题分类: No category has this name")
    assert errors[8].startswith("来电时间: The date is not a date we can read")
    assert errors[9].startswith("所属网格: No place of this name")
    assert errors[10] == "工单编号: The same number as row 3."
    assert errors[11] == "答复内容: Give the reply: the case has been answered."

    closed = imported("GD2026001")
    assert closed.status == CaseStatus.CLOSED and closed.channel == Channel.HOTLINE
    assert closed.category == desk.lamps and closed.node == territory.grids["C1G1"]
    assert closed.handler == desk.community and closed.place == "1号楼东侧"
    assert closed.received_at == dt.datetime(2026, 9, 1, 9, 12, tzinfo=SHANGHAI)
    assert closed.replied_at == dt.datetime(2026, 9, 2, 15, tzinfo=SHANGHAI)
    assert closed.closed_at == dt.datetime(2026, 9, 3, 10, tzinfo=SHANGHAI)
    assert closed.rating == Rating.SATISFIED and closed.rating_resolved is True
    assert closed.rating_source == RatingSource.FOLLOW_UP
    assert crypto.decrypt(closed.requester_phone_enc) == "+8613800138001"
    assert crypto.decrypt(closed.requester_name_enc) == "王先生"
    steps = list(closed.events.values_list("verb", "at"))
    assert [v for v, _at in steps] == [
        "submit", "accept", "assign", "start", "reply", "rate", "close"
    ]  # fmt: skip
    # taking it in at the time it came, answering at the reply's time, no time going back
    assert steps[1][1] == closed.received_at and steps[4][1] == closed.replied_at
    assert [at for _v, at in steps] == sorted(at for _v, at in steps)
    assert closed.events.filter(data__imported=True).count() == 7
    assert closed.events.get(verb="submit").data["external_number"] == "GD2026001"

    working = imported("GD2026002")
    assert working.status == CaseStatus.IN_PROGRESS and working.channel == Channel.SOCIAL
    assert working.handler == desk.grid_worker and working.title == "楼下商铺晚上音响太吵。"
    assert working.due_state == DueState.OVERDUE  # two months without an answer
    received = imported("GD2026003")
    assert received.status == CaseStatus.RECEIVED and received.category is None
    assert received.node == territory.c2 and received.wants_reply is False
    rejected = imported("GD2026004")
    assert rejected.status == CaseStatus.REJECTED
    assert rejected.events.get(verb="reject").note == "属于西城区，已告知来电人。"
    rated = imported("GD2026010")
    assert rated.status == CaseStatus.RATED and rated.rating == Rating.UNSATISFIED
    assert rated.rating_resolved is False


def test_nobody_is_told_of_an_imported_case(sheet, territory, cast, desk, mailoutbox):
    from shequ.core.models import Notification

    before = Notification.objects.count()
    run(sheet, territory.sub1, cast.subdistrict_admin)
    assert Notification.objects.count() == before


def test_importing_the_same_file_again_changes_nothing(sheet, territory, cast, desk):
    run(sheet, territory.sub1, cast.subdistrict_admin)
    cases = list(Case.objects.order_by("pk").values())
    events = CaseEvent.objects.count()
    figures_before = rollup()
    job = run(sheet, territory.sub1, cast.subdistrict_admin)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 5)
    assert job.rejected_count == 5
    assert list(Case.objects.order_by("pk").values()) == cases
    assert CaseEvent.objects.count() == events and rollup() == figures_before
    assert ImportedNumber.objects.filter(kind="cases").count() == 5


def test_a_later_export_takes_a_case_further_and_never_back(sheet, tmp_path, territory, cast,
                                                            desk):  # fmt: skip
    run(sheet, territory.sub1, cast.subdistrict_admin)
    later = [list(r) for r in GOOD[:4]]
    later[1][11:17] = ["已办结", "第1网格网格员", "已协调商铺调小音量。", "2026-10-08 10:00",
                       "基本满意", "2026-10-09 10:00"]  # fmt: skip
    later[2][5], later[2][11] = "道路设施", "已受理"
    later[3][11] = "待受理"  # behind what it is here: left as it is
    job = run(write_csv(tmp_path / "later.csv", later), territory.sub1, cast.subdistrict_admin)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 2, 2)
    assert job.rejected_count == 0
    done = imported("GD2026002")
    assert done.status == CaseStatus.CLOSED and done.rating == Rating.BASICALLY
    assert done.replied_at == dt.datetime(2026, 10, 8, 10, tzinfo=SHANGHAI)
    assert list(done.events.values_list("verb", flat=True)) == [
        "submit", "accept", "assign", "start", "reply", "rate", "close"
    ]  # fmt: skip
    assert done.due_state == DueState.OVERDUE  # answered a month late: so it stays
    assert imported("GD2026003").status == CaseStatus.ACCEPTED
    assert imported("GD2026004").status == CaseStatus.REJECTED
    kept = rollup()
    assert figures.figures_rebuild() == 5
    assert rollup() == kept


def test_the_rollup_kept_by_the_import_equals_a_recount(sheet, territory, cast, desk):
    run(sheet, territory.sub1, cast.subdistrict_admin)
    kept = rollup()
    assert kept and figures.figures_rebuild() == 5
    assert rollup() == kept
    totals = figures.figures_for(
        figures.Filters(node=territory.district, start=dt.date(2026, 9, 1),
                        end=dt.date(2026, 9, 30))
    )  # fmt: skip
    assert (totals["received"], totals["resolved"], totals["rated"]) == (5, 2, 2)
    assert (totals["rejected"], totals["unsatisfied"]) == (1, 1)
    # overdue: 001 and 010 first heard of when answered, a day after the limit to contact;
    # 002 and 003 still open two months on; not 004, rejected within the hour
    overdue = figures.cases_behind(
        figures.Filters(node=territory.district, start=dt.date(2026, 9, 1),
                        end=dt.date(2026, 9, 30)),
        "overdue",
    )  # fmt: skip
    assert totals["overdue"] == overdue.count() == 4
    assert imported("GD2026004").due_state == DueState.ON_TIME


def test_an_xlsx_with_date_cells_and_area_codes_goes_into_a_community(tmp_path, territory,
                                                                      cast, desk):  # fmt: skip
    path = tmp_path / "cases.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("诉求")
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    header = ["编号", "登记时间", "渠道", "分类", "内容", "区域编码", "状态", "答复", "评价",
              "是否解决", "办结时间"]  # fmt: skip
    sheet.write_row(0, 0, header)
    rows = [
        ["X-1", dt.datetime(2026, 10, 12, 9, 30), "窗口", "roads", "井盖松动。", "C1G2",
         "已办结", "已修复。", "满意", "否", dt.datetime(2026, 10, 13, 16, 0)],
        ["X-2", dt.datetime(2026, 10, 12, 10, 0), "信箱", "噪声扰民", "装修太吵。", "", "", "",
         "", "", None],
        ["X-3", dt.datetime(2026, 10, 12, 11, 0), "热线", "噪声扰民", "另一个社区的事。",
         "C3G1", "", "", "", "", None],
        ["X-4", dt.datetime(2026, 10, 12, 11, 0), "鸽子", "噪声扰民", "渠道写错了。", "", "",
         "", "", "", None],
    ]  # fmt: skip
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, when)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    RoutingRule.objects.create(area=territory.c1, handler=desk.community)
    job = run(path, territory.c1, cast.community_worker)
    assert (job.created_count, job.rejected_count) == (2, 2)
    errors = {e.row_number: " ".join(e.messages) for e in job.row_errors.all()}
    assert errors[4].startswith("区域编码: No place with this code in the area")
    assert errors[5].startswith("渠道: The channel is not one we know")
    fixed = imported("X-1")
    assert fixed.node == territory.grids["C1G2"] and fixed.channel == Channel.WALK_IN
    assert fixed.category == desk.roads and fixed.handler == desk.community  # by the rule
    assert fixed.rating_resolved is False and fixed.status == CaseStatus.CLOSED
    assert fixed.received_at == dt.datetime(2026, 10, 12, 9, 30, tzinfo=SHANGHAI)
    waiting = imported("X-2")
    # no place given: the community imported into; no status and no answer: received
    assert waiting.node == territory.c1 and waiting.status == CaseStatus.RECEIVED
    assert waiting.channel == Channel.MAILBOX
    name, _type, content, count = error_report(job, _table(path))
    assert count == 2 and name.endswith(".xlsx")


def _table(path):
    from shequ.sheets.reading import open_table

    return open_table(path, filename=path.name, kind="cases")


def test_a_user_without_the_right_to_record_cases_there_has_every_row_rejected(
    sheet, territory, cast, desk
):
    # a secretary of C1 may import into C1 but the rows of C2 are outside his area
    job = run(sheet, territory.c1, cast.community_secretary)
    errors = {e.row_number: " ".join(e.messages) for e in job.row_errors.all()}
    assert errors[5].startswith("所属社区: No place of this name")
    outsider = make_user("outsider", Role.COMMUNITY_WORKER, territory.c3)
    with pytest.raises(Exception, match="import into this area"):
        run(sheet, territory.sub1, outsider)
    assert not Case.objects.filter(created_by=outsider).exists()


def test_the_command_imports_cases_and_prints_the_faults(sheet, territory, desk):
    out = StringIO()
    with translation.override("en"):
        call_command("import", "cases", str(sheet), "--area", "S1", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "5 created" in text and "5 rejected" in text
    assert "row 10: 工单编号: The same number as row 3." in text
    assert Case.objects.count() == 5


def test_the_upload_page_maps_a_cases_sheet(client, sheet, territory, cast, desk):
    client.force_login(cast.community_secretary)
    with translation.override("en"):
        response = client.post(
            reverse("sheets:import_new"),
            {"kind": "cases", "area": territory.c1.pk, "file": sheet.open("rb")},
        )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'value="external_number" selected' in page.content.decode()
    template = client.get(reverse("sheets:template", args=["cases"]))
    assert template.status_code == 200 and template.content.startswith(b"PK")


# ----------------------------------------------------------------------------- the service


def test_the_usual_way_between_two_statuses():
    S = CaseStatus
    assert statuses_between(S.RECEIVED, S.CLOSED) == [
        S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.REPLIED, S.RATED, S.CLOSED
    ]  # fmt: skip
    assert statuses_between(S.RECEIVED, S.CLOSED, rated=False)[-2:] == [S.REPLIED, S.CLOSED]
    assert statuses_between(S.ACCEPTED, S.REJECTED) == [S.REJECTED]
    assert statuses_between(S.ASSIGNED, S.POSTPONED) == [S.IN_PROGRESS, S.POSTPONED]
    assert statuses_between(S.POSTPONED, S.REPLIED) == [S.IN_PROGRESS, S.REPLIED]
    assert statuses_between(S.IN_PROGRESS, S.ACCEPTED) is None
    assert statuses_between(S.ASSIGNED, S.REJECTED) is None
    assert statuses_between(S.CLOSED, S.CLOSED) == []


def test_a_past_case_stamps_its_steps_and_keeps_the_sweeps_due_state(territory, cast, desk):
    monday = dt.datetime(2026, 11, 2, 9, 30, tzinfo=SHANGHAI)
    worker, secretary = cast.community_worker, cast.community_secretary

    def at(days, hours=0):
        return monday + dt.timedelta(days=days, hours=hours)

    case = case_import(
        actor=worker, channel=Channel.HOTLINE, title="", description="路灯不亮。",
        node=territory.grids["C1G1"], category=desk.lamps, received_at=monday,
        requester_phone="13800138000",
        steps=[
            PastStep(CaseStatus.ACCEPTED, at(0, 1), actor=worker),
            PastStep(CaseStatus.ASSIGNED, at(0, 2), actor=worker, handler=desk.grid_worker),
            PastStep(CaseStatus.IN_PROGRESS, at(0, 3), actor=cast.grid_worker),
            PastStep(CONTACT, at(0, 4), actor=cast.grid_worker),
            PastStep(CaseStatus.POSTPONED, at(1), actor=cast.grid_worker, note="等配件",
                     approver=secretary, extension_days=2),
            PastStep(CaseStatus.IN_PROGRESS, at(3), actor=cast.grid_worker),
            PastStep(CaseStatus.REPLIED, at(3, 2), actor=cast.grid_worker, reply="已修好。"),
            PastStep(CaseStatus.RATED, at(4), actor=worker, rating=Rating.UNSATISFIED,
                     solved=False),
            PastStep(CaseStatus.IN_PROGRESS, at(4, 1), actor=secretary, note="仍不亮"),
        ],
        now=at(9),
    )  # fmt: skip
    assert case.status == CaseStatus.IN_PROGRESS and case.reopen_count == 1
    assert case.first_contact_at == at(0, 4) and case.replied_at is None
    events = list(case.events.values_list("verb", "approver"))
    assert events[5] == ("postpone", secretary.pk)
    # reopened Friday 6 Nov, two working days later it is overdue at ``now`` (11 Nov)
    assert case.due_state == DueState.OVERDUE
    kept = rollup()
    figures.figures_rebuild()
    assert rollup() == kept


def test_a_past_step_out_of_the_table_or_out_of_order_is_refused(territory, cast, desk):
    from django.core.exceptions import ValidationError

    monday = dt.datetime(2026, 11, 2, 9, 30, tzinfo=SHANGHAI)
    base = dict(
        actor=cast.community_worker, channel=Channel.HOTLINE, title="", description="x",
        node=territory.c1, category=desk.lamps, received_at=monday,
    )  # fmt: skip
    with translation.override("en"), pytest.raises(ValidationError) as skipped:
        case_import(**base, steps=[PastStep(CaseStatus.REPLIED, monday, reply="y")])
    assert "cannot become" in str(skipped.value)
    with translation.override("en"), pytest.raises(ValidationError) as back:
        case_import(**base, steps=[PastStep(CaseStatus.ACCEPTED, monday - dt.timedelta(1))])
    assert "back in time" in str(back.value)
    with pytest.raises(ValidationError):
        case_import(**(base | {"received_at": timezone.now() + dt.timedelta(days=1)}))
    assert not Case.objects.exists()
