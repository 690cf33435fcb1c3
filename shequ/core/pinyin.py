"""Names to pinyin and initials for search (张三 → zhangsan, zs), with surname readings."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

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


_SURNAMES_LONGEST_FIRST = sorted(SURNAME_READINGS, key=len, reverse=True)


@lru_cache(maxsize=8192)
def _char_pinyin(char: str) -> list[str]:
    return lazy_pinyin(char, style=Style.NORMAL, errors="default")


def _syllables(text: str) -> list[str]:
    """lazy_pinyin(text) — from a per-character cache when every character is a Chinese one
    pypinyin knows and no two or more of them form a phrase of its dictionary (then pypinyin
    itself reads each character alone, with its first reading, so the result is the same);
    otherwise pypinyin in full."""
    n = len(text)
    if not all(ord(char) in PINYIN_DICT for char in text) or any(
        text[i:j] in PHRASES_DICT for i in range(n) for j in range(i + 2, n + 1)
    ):
        return lazy_pinyin(text, style=Style.NORMAL, errors="default")
    out: list[str] = []
    for char in text:
        out += _char_pinyin(char)
    return out


def surname_head(name: str) -> str:
    """The part of a name read as its surname: the longest listed surname it begins with,
    else its first character when that is a Chinese one (read alone, never as part of a
    phrase with the given name), else nothing."""
    for surname in _SURNAMES_LONGEST_FIRST:
        if name.startswith(surname):
            return surname
    return name[:1] if name and ord(name[0]) in PINYIN_DICT else ""


def _head_reading(head: str) -> str:
    if head in SURNAME_READINGS:
        return SURNAME_READINGS[head]
    return "".join(s.lower() for s in _syllables(head) if s.strip())


def surname_readings(prefix: str) -> set[str] | None:
    """Every way ``name_pinyin`` can begin for a name that begins with ``prefix``, or None
    when ``prefix`` does not begin with a Chinese character. Searches use it to walk the
    pinyin index (the list order) from the right place: since the surname is read on its
    own, a name's pinyin always begins with its surname's reading."""
    prefix = prefix.strip()
    if not prefix or ord(prefix[0]) not in PINYIN_DICT:
        return None
    longer = {
        reading
        for surname, reading in SURNAME_READINGS.items()
        if len(surname) > len(prefix) and surname.startswith(prefix)
    }
    return longer | {_head_reading(surname_head(prefix))}


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """Return (full pinyin without tones or spaces, initials), both lowercase: the surname
    (``surname_head``) read on its own, then the given name as pypinyin reads it. Cached,
    and read character by character where pypinyin would do the same: imports ask for
    hundreds of thousands of names."""
    name = (name or "").strip()
    if not name:
        return "", ""
    head = surname_head(name)
    syllables = [_head_reading(head)] if head else []
    syllables += [s.lower() for s in _syllables(name[len(head) :]) if s.strip()]
    return "".join(syllables), "".join(s[0] for s in syllables if s)
