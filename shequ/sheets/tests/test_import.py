"""Importing real-shaped sheets: counts of saved and rejected rows, the wording of each fault,
idempotence, and the error report (R-PPL-4)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import xlsxwriter
from django.utils import translation
from python_calamine import CalamineWorkbook

from shequ.core import crypto
from shequ.core.models import AuditEvent
from shequ.core.testing import make_id_number
from shequ.people.models import Household, HouseholdMember, Person, PersonTag
from shequ.sheets.importing import import_file
from shequ.sheets.services import error_report

pytestmark = pytest.mark.django_db

HEADER = [
    "姓名", "性别", "身份证号", "出生日期", "民族", "联系电话", "所属网格", "楼栋", "单元",
    "房号", "户主姓名", "与户主关系", "人员类别",
]  # fmt: skip
GRID1, GRID2 = "东一社区第1网格", "东一社区第2网格"


def idn(year: int, seq: int, sex: str = "M") -> str:
    return make_id_number(dt.date(year, 3, 4), seq, sex=sex)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def write_csv(path, rows, *, header=HEADER, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def snapshot(area_path: str = "") -> dict:
    """The registry as plain values (decrypted), keyed by ID number: what must be identical.
    Set-based (five queries), so it compares tens of thousands of people quickly."""
    members = {
        m["person_id"]: m
        for m in HouseholdMember.objects.filter(ended_on__isnull=True).values(
            "person_id", "household_id", "household__number", "relation"
        )
    }
    heads = {
        m["household_id"]: m["person__name"]
        for m in HouseholdMember.objects.filter(ended_on__isnull=True, relation="head").values(
            "household_id", "person__name"
        )
    }
    tags: dict[int, list[str]] = {}
    for person_id, code in PersonTag.objects.filter(valid_to__isnull=True).values_list(
        "person_id", "tag__code"
    ):
        tags.setdefault(person_id, []).append(code)
    out = {}
    persons = Person.objects.filter(node__path__startswith=area_path).values_list(
        "id", "id_number_enc", "name", "sex", "birth_date", "ethnicity", "political_status",
        "phone_enc", "registered_address_enc", "node__code", "residence_kind", "status",
    )  # fmt: skip
    for pid, id_enc, *plain in persons:
        m = members.get(pid)
        plain[5] = crypto.decrypt(plain[5])
        plain[6] = crypto.decrypt(plain[6])
        out[crypto.decrypt(id_enc)] = (
            *plain,
            m["household__number"] if m else None,
            m["relation"] if m else None,
            heads.get(m["household_id"]) if m else None,
            tuple(sorted(tags.get(pid, []))),
        )
    return out


@pytest.fixture
def gbk_sheet(tmp_path, territory, residents):
    outsider = residents["C3G1"].head  # registered in another subdistrict
    insider = residents["C1G1"].head  # already registered here: an unchanged upsert
    rows = [
        # 2: a household of three, head first; full-width digits in the ID number
        ["赵一", "男", fullwidth(idn(1950, 1)), "1950-03-04", "汉族", "13800000001", GRID1,
         "1号楼", "1单元", "201室", "赵一", "户主", "老年人、党员"],
        ["钱二", "女", idn(1952, 2, "F"), "1952/3/4", "汉族", "+86 138-0000-0002", GRID1,
         "1号楼", "1单元", "201", "赵一", "配偶", ""],
        ["赵三", "男", idn(1980, 3), "19800304", "汉族", "138 0000 0003", GRID1,
         "1", "1", "201", "赵一", "儿子", ""],
        # 5: bad check digit
        ["孙四", "男", idn(1990, 4)[:17] + "0" if idn(1990, 4)[17] != "0" else idn(1990, 4)[:17]
         + "1", "", "", "", GRID1, "1号楼", "1单元", "101室", "", "", ""],
        # 6: the same ID number as row 3
        ["钱二", "女", idn(1952, 2, "F"), "", "", "", GRID1, "1号楼", "1单元", "201室", "", "", ""],
        # 7: registered in another subdistrict
        [outsider.name, "男", crypto.decrypt(outsider.id_number_enc), "", "", "", GRID1,
         "1号楼", "1单元", "101室", "", "", ""],
        # 8: no such flat
        ["周五", "男", idn(1985, 5), "", "", "", GRID1, "9号楼", "1单元", "101室", "", "", ""],
        # 9: two flats match (no grid given, both grids have 1号楼 1单元 101室)
        ["吴六", "男", idn(1986, 6), "", "", "", "", "1号楼", "1单元", "101室", "", "", ""],
        # 10: sex contradicts the ID number, and a phone that is no phone
        ["郑七", "女", idn(1987, 7), "", "", "12345", GRID2, "1号楼", "1单元", "101室", "", "", ""],
        # 11: blank row in the middle (skipped, not counted)
        ["", "", "", "", "", "", "", "", "", "", "", "", ""],
        # 12: already registered here, same values: unchanged
        [insider.name, "男", crypto.decrypt(insider.id_number_enc), "", "", "", GRID1,
         "1号楼", "1单元", "101室", "", "", ""],
        # 13: lowercase x check character
        ["王八", "男", "", "", "", "", GRID2, "1号楼", "1单元", "201室", "", "", "志愿者"],
    ]  # fmt: skip
    # a valid ID number ending in X, written with a lowercase x
    seq = 8
    while not idn(1960, seq).endswith("X"):
        seq += 1
    rows[-1][2] = idn(1960, seq).lower()
    return write_csv(tmp_path / "东一社区台账.csv", rows, encoding="gbk"), rows


def test_gbk_csv_counts_and_the_wording_of_each_fault(gbk_sheet, territory):
    path, rows = gbk_sheet
    with translation.override("zh-hans"):
        job = import_file(path, kind="residents", area=territory.c1)
    assert (job.file_format, job.encoding) == ("csv", "gb18030")
    assert job.total_rows == 11  # 12 data lines, one blank
    assert (job.created_count, job.unchanged_count, job.updated_count) == (4, 1, 0)
    assert job.rejected_count == 6
    errors = dict(job.row_errors.values_list("row_number", "messages"))
    assert errors == {
        5: ["身份证号：身份证号校验位错误。"],
        6: ["身份证号：与第3行的身份证号重复。"],
        7: ["身份证号：该身份证号已在本次导入范围以外登记，需由其所在社区先办理迁出。"],
        8: [
            "房号：辖区内找不到与该地址对应的房屋，请核对楼栋、单元、房号，或勾选“自动创建缺少的房屋”。"
        ],
        9: ["房号：该地址对应多套房屋，请补充网格、小区或单元。"],
        10: ["联系电话：请输入有效的手机号或固定电话", "性别：性别与身份证号不符。"],
    }
    zhao = Person.objects.get(name="赵一")
    assert zhao.node == territory.flats["C1G1"][1]
    assert sorted(zhao.tags.values_list("tag__code", flat=True)) == ["elderly", "party_member"]
    household = Household.objects.get(members__person=zhao)
    assert sorted(household.members.values_list("person__name", "relation")) == [
        ("赵一", "head"),
        ("赵三", "child"),
        ("钱二", "spouse"),
    ]
    qian = Person.objects.get(name="钱二")
    assert crypto.decrypt(qian.phone_enc) == "+8613800000002"
    wang = Person.objects.get(name="王八")
    assert crypto.decrypt(wang.id_number_enc).endswith("X")


def test_error_report_is_the_rejected_rows_with_a_column_saying_what_is_wrong(gbk_sheet, territory):
    path, rows = gbk_sheet
    with translation.override("zh-hans"):
        job = import_file(path, kind="residents", area=territory.c1)
    from shequ.sheets.reading import open_table

    name, content_type, content, count = error_report(
        job, open_table(path, filename=path.name, kind="residents")
    )
    assert (name, content_type, count) == ("东一社区台账-错误报告.csv", "text/csv", 6)
    lines = list(csv.reader(io.StringIO(content.decode("gb18030"))))
    assert lines[0] == [*HEADER, "错误说明"]
    assert [line[0] for line in lines[1:]] == ["孙四", "钱二", rows[5][0], "周五", "吴六", "郑七"]
    assert lines[1][:13] == rows[3]  # the original row, untouched
    assert lines[6][13] == "联系电话：请输入有效的手机号或固定电话；性别：性别与身份证号不符。"


def test_the_same_file_twice_changes_nothing(gbk_sheet, territory):
    path, _rows = gbk_sheet
    first = import_file(path, kind="residents", area=territory.c1)
    before = snapshot()
    audit_rows = AuditEvent.objects.count()
    second = import_file(path, kind="residents", area=territory.c1)
    assert (second.created_count, second.updated_count) == (0, 0)
    assert second.unchanged_count == first.created_count + first.unchanged_count == 5
    assert second.rejected_count == first.rejected_count
    assert snapshot() == before
    # only the job's own summary is audited the second time: no person row was written
    assert AuditEvent.objects.count() == audit_rows + 1


def test_a_changed_row_updates_the_person_and_leaves_an_audit_record(tmp_path, territory):
    rows = [["赵一", "男", idn(1950, 1), "", "汉族", "13800000001", GRID1, "1号楼", "1单元",
             "201室", "", "", ""]]  # fmt: skip
    import_file(write_csv(tmp_path / "a.csv", rows), kind="residents", area=territory.c1)
    rows[0][5] = "13900000009"
    rows[0][9] = "101室"
    job = import_file(write_csv(tmp_path / "b.csv", rows), kind="residents", area=territory.c1)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 0)
    person = Person.objects.get(name="赵一")
    assert crypto.decrypt(person.phone_enc) == "+8613900000009"
    assert person.node == territory.flats["C1G1"][0]
    assert person.residences.count() == 2  # the move ended the old residence
    events = AuditEvent.objects.filter(object_type="people.person", object_id=str(person.pk))
    changes = [e.changes for e in events.filter(action="update")]
    assert any("phone_masked" in c for c in changes)
    assert any("node_id" in c for c in changes)
    assert "13900000009" not in str(changes)


def test_xlsx_with_title_row_merged_header_serial_dates_and_fullwidth(tmp_path, territory):
    path = tmp_path / "台账.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("居民")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range("A1:I1", "东一社区居民信息台账（2026年）")
    for col, title in enumerate(["姓名", "性别", "公民身份号码", "出生日期", "联系电话"]):
        sheet.merge_range(1, col, 2, col, title)  # vertically merged over the two header rows
    sheet.merge_range("F2:I2", "现住址")  # a group heading over four columns
    sheet.write_row("F3", ["所属网格", "楼栋", "单元", "房号"])
    ids = [idn(1970, 11), idn(1971, 12, "F"), idn(1972, 13)]
    data = [
        ["甲", "男", fullwidth(ids[0]), 25631, "13800000011", GRID1, "1号楼", "1单元", "201"],
        ["乙", "女", ids[1], dt.date(1971, 3, 4), fullwidth("13800000012"), GRID1, "1", "1",
         "201室"],
        ["丙", "男", ids[2], "1972年3月4日", "", GRID2, "1号楼", "1单元", "201室"],
        ["丁", "男", ids[2], "", "", GRID2, "1号楼", "1单元", "201室"],
    ]  # fmt: skip
    for r, row in enumerate(data, 3):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            else:
                sheet.write(r, c, value)
    sheet.write_row(len(data) + 3, 0, [""] * 9)  # a trailing blank row
    book.close()
    with translation.override("zh-hans"):
        job = import_file(path, kind="residents", area=territory.c1)
    assert (job.file_format, job.header_row, job.total_rows) == ("xlsx", 3, 4)
    assert (job.created_count, job.rejected_count) == (3, 1)
    assert dict(job.row_errors.values_list("row_number", "messages")) == {
        7: ["公民身份号码：与第6行的身份证号重复。"]
    }
    jia = Person.objects.get(name="甲")
    assert jia.birth_date == dt.date(1970, 3, 4)  # Excel serial 25631
    assert crypto.decrypt(Person.objects.get(name="乙").phone_enc) == "+8613800000012"
    assert Person.objects.get(name="丙").node == territory.flats["C1G2"][1]


def test_flats_are_created_only_when_the_user_allows_it(tmp_path, territory):
    rows = [["新一", "男", idn(1975, 21), "", "", "", GRID1, "2号楼", "3单元", "502", "", "", ""]]
    path = write_csv(tmp_path / "new.csv", rows)
    refused = import_file(path, kind="residents", area=territory.c1)
    assert (refused.created_count, refused.rejected_count) == (0, 1)
    allowed = import_file(path, kind="residents", area=territory.c1, create_flats=True)
    assert (allowed.created_count, allowed.rejected_count) == (1, 0)
    flat = Person.objects.get(name="新一").node
    assert [n.name for n in flat.ancestors_and_self()][-4:] == [GRID1, "2号楼", "3单元", "502室"]


def test_the_error_report_of_an_xlsx_is_an_xlsx(tmp_path, territory):
    path = tmp_path / "bad.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "身份证号", "所属网格", "楼栋", "单元", "房号"])
    sheet.write_row(1, 0, ["甲", "110101199001010000", GRID1, "1号楼", "1单元", "101室"])
    book.close()
    with translation.override("zh-hans"):
        job = import_file(path, kind="residents", area=territory.c1)
        from shequ.sheets.reading import open_table

        name, _type, content, count = error_report(
            job, open_table(path, filename=path.name, kind="residents")
        )
    assert (name, count) == ("bad-错误报告.xlsx", 1)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0][-1] == "错误说明" and rows[1][0] == "甲"
    assert rows[1][-1].startswith("身份证号：")


def test_the_command_prints_the_counts_and_writes_the_error_report(gbk_sheet, territory, tmp_path):
    from django.core.management import call_command

    path, _rows = gbk_sheet
    report = tmp_path / "errors.csv"
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command(
            "import", "residents", str(path), "--area", "C1", "--no-progress",
            "--errors", str(report), stdout=out,
        )  # fmt: skip
    text = out.getvalue()
    assert "东一社区台账.csv：共 11 行，新增 4，更新 0，未变 1，拒绝 6" in text
    assert "第5行：身份证号：身份证号校验位错误。" in text
    lines = list(csv.reader(io.StringIO(report.read_bytes().decode("gb18030"))))
    assert len(lines) == 7 and lines[0][-1] == "错误说明"
