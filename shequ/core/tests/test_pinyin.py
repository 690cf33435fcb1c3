"""Names to pinyin: the surname read alone, the given name as pypinyin reads it in full."""

import pytest
from pypinyin import Style, lazy_pinyin

from shequ.core.pinyin import SURNAME_READINGS, name_pinyin, surname_readings


def full_pinyin(name: str) -> tuple[str, str]:
    """The oracle: pypinyin over the given name in full, the surname by the table or alone."""
    head = next(
        (s for s in sorted(SURNAME_READINGS, key=len, reverse=True) if name.startswith(s)), ""
    )
    if head:
        syllables = [SURNAME_READINGS[head]]
    elif "\u4e00" <= name[:1] <= "\u9fff":
        head = name[0]
        syllables = lazy_pinyin(head, style=Style.NORMAL)
    else:
        syllables = []
    syllables += lazy_pinyin(name[len(head) :], style=Style.NORMAL, errors="default")
    syllables = [s.lower() for s in syllables if s.strip()]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


NAMES = [
    "张三", "王建国", "李长江", "曾长生", "单乐", "欧阳娜", "诸葛亮", "覃行", "重庆", "朝阳",
    "张朝阳", "解放", "查理", "区小东", "吕绿", "Anna李", "王 五", "李银行", "乐乐", "长乐",
    "万俟卨", "尉迟恭", "尉缭",
]  # fmt: skip


def test_fast_path_matches_pypinyin_for_every_name():
    assert [name_pinyin(n) for n in NAMES] == [full_pinyin(n) for n in NAMES]


def test_surname_readings_and_phrases():
    assert name_pinyin("曾长生") == ("zengchangsheng", "zcs")
    assert name_pinyin("单乐")[0] == "shanle"
    assert name_pinyin("吕绿") == ("lvlv", "ll")
    # the surname never joins the given name in a phrase: 重 is read alone, 庆 after it
    assert name_pinyin("重庆")[0] == "zhongqing"
    assert name_pinyin("李长江")[0] == "lichangjiang"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("王", {"wang"}),
        ("王建", {"wang"}),
        ("万", {"wan", "moqi"}),
        ("万俟", {"moqi"}),
        ("尉", {"yu", "yuchi"}),
        ("曾", {"zeng"}),
        ("wang", None),
        ("", None),
        ("1234", None),
    ],
)
def test_surname_readings_of_a_prefix(prefix, expected):
    assert surname_readings(prefix) == expected


def test_every_name_begins_with_a_reading_of_each_of_its_prefixes():
    for name in NAMES:
        for end in range(1, len(name) + 1):
            readings = surname_readings(name[:end])
            if readings is None:
                continue
            assert any(name_pinyin(name)[0].startswith(r) for r in readings), (name, end)
