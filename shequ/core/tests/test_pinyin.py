"""Names to pinyin: the per-character fast path reads every name as pypinyin does in full."""

from pypinyin import Style, lazy_pinyin

from shequ.core.pinyin import SURNAME_READINGS, name_pinyin


def full_pinyin(name: str) -> tuple[str, str]:
    head = next(
        (s for s in sorted(SURNAME_READINGS, key=len, reverse=True) if name.startswith(s)), ""
    )
    syllables = [SURNAME_READINGS[head]] if head else []
    syllables += lazy_pinyin(name[len(head) :], style=Style.NORMAL, errors="default")
    syllables = [s.lower() for s in syllables if s.strip()]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


NAMES = [
    "张三", "王建国", "李长江", "曾长生", "单乐", "欧阳娜", "诸葛亮", "覃行", "重庆", "朝阳",
    "张朝阳", "解放", "查理", "区小东", "吕绿", "Anna李", "王 五", "李银行", "乐乐", "长乐",
]  # fmt: skip


def test_fast_path_matches_pypinyin_for_every_name():
    assert [name_pinyin(n) for n in NAMES] == [full_pinyin(n) for n in NAMES]


def test_surname_readings_and_phrases():
    assert name_pinyin("曾长生") == ("zengchangsheng", "zcs")
    assert name_pinyin("单乐")[0] == "shanle"
    assert name_pinyin("吕绿") == ("lvlv", "ll")
