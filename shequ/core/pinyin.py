"""Names to pinyin and initials for search (张三 → zhangsan, zs), with surname readings."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# pypinyin has no surname mode: first characters with a surname reading of their own.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "仇": "qiu",
    "解": "xie",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "尉": "yu",
    "员": "yun",
    "繁": "po",
    "覃": "qin",
    "万俟": "moqi",
    "尉迟": "yuchi",
    "長": "zhang",
    "长": "chang",
    "翟": "zhai",
    "秘": "bi",
    "种": "chong",
    "缪": "miao",
    "召": "shao",
    "纪": "ji",
    "牟": "mou",
    "洗": "xian",
}


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """Return (full pinyin without tones or spaces, initials), both lowercase. Cached: names
    repeat across a district, and imports ask for hundreds of thousands of them."""
    name = (name or "").strip()
    if not name:
        return "", ""
    head = ""
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname):
            head = surname
            break
    syllables = [SURNAME_READINGS[head]] if head else []
    syllables += lazy_pinyin(name[len(head) :], style=Style.NORMAL, errors="default")
    syllables = [s.lower() for s in syllables if s.strip()]
    return "".join(syllables), "".join(s[0] for s in syllables if s)
