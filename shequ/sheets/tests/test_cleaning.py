"""Cleaning of spreadsheet cells: text, dates, phones, sex, relations, statuses, places."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from shequ.core import pii
from shequ.sheets import cleaning
from shequ.sheets.cleaning import CleanError
from shequ.sheets.tests.sheetfiles import sample_person

DATE_UNREADABLE = "The date is not a date we can read (e.g. 1985-03-02 or 1985年3月2日)."
DATE_IMPOSSIBLE = "The date does not exist or lies outside the years 1900 to 2099."
PHONE_INVALID = "Enter a valid mobile or landline number."
RELATION_UNKNOWN = (
    "The relation to the head of household is not one we know "
    "(e.g. 户主, 配偶, 子, 女, 父亲, 母亲, 孙子, 其他)."
)
POLITICAL_UNKNOWN = (
    "The political status is not one we know "
    "(e.g. 群众, 中共党员, 中共预备党员, 共青团员, 民主党派)."
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fails(function, value) -> str:
    with pytest.raises(CleanError) as caught:
        function(value)
    return caught.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  张三  ", "张三"),
        ("张\u3000 三\n丰", "张 三 丰"),  # ideographic space, newline inside the cell
        ("１１０１０１１９８５０３０２１２３ｘ", "11010119850302123x"),  # full-width
        ("ＡＢＣ－１２３", "ABC-123"),
        ("502.0", "502"),
        ("-3.00", "-3"),
        ("1.50", "1.50"),
        (502.0, "502"),
        (13812345678.0, "13812345678"),
        (1.5, "1.5"),
        (42, "42"),
        (True, "TRUE"),
        (dt.date(1985, 3, 2), "1985-03-02"),
        (dt.datetime(1985, 3, 2), "1985-03-02"),
        (dt.datetime(1985, 3, 2, 8, 30), "1985-03-02 08:30:00"),
        ("张\u200b三\ufeff", "张三"),  # zero-width characters pasted from the web
        ("'110101198503020016", "110101198503020016"),  # Excel's text prefix
        ('="110101198503020016"', "110101198503020016"),  # a CSV formula keeping the digits
        ("\t110101198503020016", "110101198503020016"),
    ],
)
def test_text_normalises_cells(value, expected):
    assert cleaning.text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (31048, dt.date(1985, 1, 1)),
        (31048.0, dt.date(1985, 1, 1)),
        (31048.75, dt.date(1985, 1, 1)),  # a date-time serial: the day counts
        ("31048", dt.date(1985, 1, 1)),
        ("31048.0", dt.date(1985, 1, 1)),
        (61, dt.date(1900, 3, 1)),
        (73050, dt.date(2099, 12, 31)),
        ("1985-03-02", dt.date(1985, 3, 2)),
        ("1985-3-2", dt.date(1985, 3, 2)),
        ("1985/3/2", dt.date(1985, 3, 2)),
        ("1985/03/02 0:00", dt.date(1985, 3, 2)),  # how Excel writes a date cell to CSV
        ("1985-03-02 00:00:00", dt.date(1985, 3, 2)),
        ("1985.3.2", dt.date(1985, 3, 2)),
        ("19850302", dt.date(1985, 3, 2)),
        (19850302, dt.date(1985, 3, 2)),
        ("1985年3月2日", dt.date(1985, 3, 2)),
        ("1985年03月02日", dt.date(1985, 3, 2)),
        ("１９８５年３月２日", dt.date(1985, 3, 2)),
        ("１９８５－０３－０２", dt.date(1985, 3, 2)),
        (" 1985 年 3 月 2 日 ", dt.date(1985, 3, 2)),
        (dt.date(1985, 3, 2), dt.date(1985, 3, 2)),
        (dt.datetime(1985, 3, 2, 14, 0), dt.date(1985, 3, 2)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_date_reads_serials_and_text_forms(value, expected):
    assert cleaning.date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", DATE_UNREADABLE),
        ("3/2/1985", DATE_UNREADABLE),  # day and month order unknowable
        ("1985-03", DATE_UNREADABLE),
        (1985, DATE_UNREADABLE),  # a bare year, not 1905-06-07
        ("1985", DATE_UNREADABLE),
        (True, DATE_UNREADABLE),
        ("1985-02-30", DATE_IMPOSSIBLE),
        ("1985年13月1日", DATE_IMPOSSIBLE),
        ("20250230", DATE_IMPOSSIBLE),
        ("1850-01-01", DATE_IMPOSSIBLE),
        (60, DATE_IMPOSSIBLE),  # 1900-02-29, Excel's phantom day
        (73051, DATE_IMPOSSIBLE),
        (-5, DATE_IMPOSSIBLE),
    ],
)
def test_date_rejects_unreadable_and_impossible_dates(value, message):
    assert fails(cleaning.date, value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        (13812345678.0, "+8613812345678"),
        (13812345678, "+8613812345678"),
        ("１３８１２３４５６７８", "+8613812345678"),
        ("13812345678 ", "+8613812345678"),
        ("010-12345678", "+861012345678"),
        ("13812345678/13987654321", "+8613812345678"),  # the first of several
        ("13812345678、13987654321", "+8613812345678"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_normalises_to_e164(value, expected):
    assert cleaning.phone(value) == expected


@pytest.mark.parametrize("value", ["98765", "abc", "1399876543", "23899998888"])
def test_phone_rejects_non_numbers_without_echoing_them(value):
    message = fails(cleaning.phone, value)
    assert message == PHONE_INVALID
    assert value not in message


def test_phone_fast_path_agrees_with_the_full_check():
    numbers = [
        f"{prefix}{digit}{tail}"
        for prefix in range(130, 200)
        for digit in range(10)
        for tail in ("0123456", "9876543")
    ]
    numbers += [
        f"{prefix}{digit}{tail}"
        for prefix in ("1740", "1610", "1349")
        for digit in range(10)
        for tail in ("123456", "987654")
    ]
    for number in numbers:
        try:
            expected = pii.normalize_phone(number)
        except ValidationError:
            expected = None
        for cell in (number, "+86 " + number):
            try:
                found = cleaning.phone(cell)
            except CleanError:
                found = None
            assert found == expected, cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("男", "M"),
        ("女", "F"),
        ("男性", "M"),
        (" 女 ", "F"),
        ("M", "M"),
        ("f", "F"),
        (1, "M"),
        (2.0, "F"),
        ("", ""),
        (None, ""),
        ("未知", ""),
    ],
)
def test_sex(value, expected):
    assert cleaning.sex(value) == expected


def test_sex_rejects_other_words():
    assert fails(cleaning.sex, "男女") == "The sex must be 男 or 女."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("户主", "head"),
        ("本人", "head"),
        ("配偶", "spouse"),
        ("妻", "spouse"),
        ("妻子", "spouse"),
        ("夫", "spouse"),
        ("丈夫", "spouse"),
        ("子", "child"),
        ("女", "child"),
        ("儿子", "child"),
        ("女儿", "child"),
        ("长子", "child"),
        ("次女", "child"),
        ("独生子", "child"),
        ("子女", "child"),
        ("父亲", "parent"),
        ("母亲", "parent"),
        ("父", "parent"),
        ("母", "parent"),
        ("孙子", "grandchild"),
        ("孙女", "grandchild"),
        ("外孙", "grandchild"),
        ("外孙女", "grandchild"),
        ("（外）孙子女", "grandchild"),  # the export's own wording
        ("祖父", "grandparent"),
        ("祖母", "grandparent"),
        ("外祖父", "grandparent"),
        ("（外）祖父母", "grandparent"),
        ("兄", "sibling"),
        ("弟", "sibling"),
        ("姐", "sibling"),
        ("妹", "sibling"),
        ("兄弟", "sibling"),
        ("姐妹", "sibling"),
        ("兄弟姐妹", "sibling"),
        ("儿媳", "child_in_law"),
        ("女婿", "child_in_law"),
        ("儿媳/女婿", "child_in_law"),
        ("其他", "other"),
        ("head", "head"),
        (" 户主 ", "head"),
        ("", ""),
    ],
)
def test_relation(value, expected):
    assert cleaning.relation(value) == expected


@pytest.mark.parametrize("value", ["朋友", "户主配偶子", "x"])
def test_relation_rejects_unknown_words(value):
    assert fails(cleaning.relation, value) == RELATION_UNKNOWN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("群众", "masses"),
        ("中共党员", "party_member"),
        ("党员", "party_member"),
        ("中共预备党员", "probationary"),
        ("预备党员", "probationary"),
        ("共青团员", "league_member"),
        ("团员", "league_member"),
        ("民主党派", "other_party"),
        ("民盟盟员", "other_party"),
        ("九三学社社员", "other_party"),
        ("", ""),
    ],
)
def test_political_status(value, expected):
    assert cleaning.political_status(value) == expected


def test_political_status_rejects_unknown_words():
    assert fails(cleaning.political_status, "好人") == POLITICAL_UNKNOWN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("户籍", "registered"),
        ("户籍人口", "registered"),
        ("常住", "registered"),
        ("本地", "registered"),
        ("流动", "floating"),
        ("流动人口", "floating"),
        ("外来", "floating"),
        ("暂住", "floating"),
        ("", ""),
        (None, ""),
    ],
)
def test_residence_kind(value, expected):
    assert cleaning.residence_kind(value) == expected


def test_residence_kind_rejects_unknown_words():
    message = fails(cleaning.residence_kind, "游客")
    assert message == "The residence kind is not one we know (户籍 or 流动)."


def test_tag_names_split_on_every_separator_and_keep_order():
    value = "低保户、残疾人，党员;空巢老人；退役军人/独居老人 失独家庭、低保户"
    assert cleaning.tag_names(value) == [
        "低保户",
        "残疾人",
        "党员",
        "空巢老人",
        "退役军人",
        "独居老人",
        "失独家庭",
    ]
    assert cleaning.tag_names("") == []
    assert cleaning.tag_names(None) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3号楼", "3"),
        ("3栋", "3"),
        ("3幢", "3"),
        ("3号", "3"),
        ("3", "3"),
        (3.0, "3"),
        ("03", "3"),
        ("３号楼", "3"),
        ("三号楼", "3"),
        ("十二号楼", "12"),
        ("二十三栋", "23"),
        ("A座", "A"),
        ("东楼", "东楼"),
        ("", ""),
    ],
)
def test_building_key(value, expected):
    assert cleaning.building_key(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1单元", "1"), ("1", "1"), (1.0, "1"), ("一单元", "1"), ("十单元", "10"), ("东单元", "东")],
)
def test_entrance_key(value, expected):
    assert cleaning.entrance_key(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("502室", "502"),
        ("502号", "502"),
        ("502", "502"),
        (502.0, "502"),
        ("０５０２", "502"),
        ("502 室", "502"),
        ("商铺A", "商铺A"),
    ],
)
def test_flat_key(value, expected):
    assert cleaning.flat_key(value) == expected


def test_clean_error_messages_never_hold_the_value():
    for function, value in [
        (cleaning.date, "1985-02-30"),
        (cleaning.phone, "987654"),
        (cleaning.relation, "邻居张三"),
        (cleaning.political_status, "张三"),
        (cleaning.sex, "张三"),
        (cleaning.residence_kind, "张三"),
    ]:
        message = fails(function, value)
        assert value not in message, function.__name__


def test_sample_persons_are_valid_and_distinct():
    persons = [sample_person(i) for i in (0, 1, 2, 17999, 18000, 18001, 8_999_999)]
    assert len({p["id_number"] for p in persons}) == len(persons)
    for person in persons:
        info = pii.validate_id_number(person["id_number"])
        assert info.birth_date == person["birth_date"]
        assert cleaning.sex(person["sex"]) == info.sex
        assert cleaning.phone(person["phone"]) == "+86" + person["phone"]
    assert sample_person(5) == sample_person(5)


def test_messages_read_in_chinese():
    with translation.override("zh-hans"):
        if gettext(DATE_UNREADABLE) == DATE_UNREADABLE:
            pytest.skip("the zh_Hans catalogue is not compiled with the sheet messages yet")
        assert (
            fails(cleaning.date, "abc") == "日期无法识别（应为 1985-03-02 或 1985年3月2日 等格式）"
        )
        assert fails(cleaning.date, "1985-02-30") == "日期不存在或不在 1900 至 2099 年之间"
        assert fails(cleaning.phone, "123") == "请输入有效的手机号或固定电话"
        assert fails(cleaning.relation, "朋友") == (
            "与户主关系无法识别（应如 户主、配偶、子、女、父亲、母亲、孙子、其他）"
        )
        assert fails(cleaning.sex, "x") == "性别应为“男”或“女”"
