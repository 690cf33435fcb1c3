"""Cleaning of spreadsheet cells as real registers hold them: full-width characters, stray
spaces, Excel date serials, dates typed in several forms, phones with +86 and dashes, and the
words communities use for relations, political status and residence kinds (R-PPL-4).

Every function takes a cell as the reader gives it (str, int, float, bool, date, datetime or
None) and returns the clean value, or raises CleanError whose message names the fault, never
the value (a cell may hold personal data)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.core import pii
from shequ.people.choices import PoliticalStatus, Relation, ResidenceKind


class CleanError(ValueError):
    """A cell that cannot be cleaned; ``message`` is translated and holds no cell value."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Zero-width characters and the byte order mark, which NFKC keeps.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_INTEGRAL = re.compile(r"[+-]?\d+\.0+")


def text(value) -> str:
    """Cell → clean text: NFKC (full-width letters and digits → half-width), stripped, inner
    runs of whitespace → one space, no leading apostrophe or ="…" wrapper; an integral number
    → its digits ("502.0" → "502"); a date → ISO."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        if not value.isascii():
            value = unicodedata.normalize("NFKC", value).translate(_INVISIBLE)
        value = " ".join(value.split())
        if value[:1] in ("'", "="):
            # Ways to keep Excel from turning a long number into 1.10101E+17: a leading
            # apostrophe, or a formula ="110101198503020016" in a CSV.
            if value[0] == "'":
                value = value[1:].lstrip()
            elif value.startswith('="') and value.endswith('"') and len(value) > 2:
                value = value[2:-1].strip()
        if value.endswith("0") and _INTEGRAL.fullmatch(value):
            value = value.partition(".")[0]
        return value
    if kind is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is dt.datetime:
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if kind is dt.date or kind is dt.time:
        return value.isoformat()
    return text(str(value))


# --- dates ---------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # 1900 date system; serial 61 is 1900-03-01
_FIRST_SERIAL, _LAST_SERIAL = 61, 73050  # 1900-03-01 .. 2099-12-31
_FIRST_DATE, _LAST_DATE = dt.date(1900, 1, 1), dt.date(2099, 12, 31)
_SEPARATED = re.compile(
    r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _unreadable() -> CleanError:
    return CleanError(_("The date is not a date we can read (e.g. 1985-03-02 or 1985年3月2日)."))


def _impossible() -> CleanError:
    return CleanError(_("The date does not exist or lies outside the years 1900 to 2099."))


def _from_parts(year: str, month: str, day: str) -> dt.date:
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise _impossible() from None
    if not _FIRST_DATE <= value <= _LAST_DATE:
        raise _impossible()
    return value


def _from_serial(serial: float) -> dt.date:
    if not _FIRST_SERIAL <= serial < _LAST_SERIAL + 1:
        raise _impossible()
    # A bare year (1985) is far more likely in a register than a date in 1905.
    if 1900 <= serial <= 2099 and serial == int(serial):
        raise _unreadable()
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def date(value) -> dt.date | None:
    """Cell → date, or None when empty. Reads real date cells, Excel serial numbers (1900
    date system), and text as 1985-03-02, 1985/3/2, 1985.3.2, 19850302 or 1985年3月2日."""
    kind = type(value)
    if kind is dt.date:
        return value
    if kind is dt.datetime:
        return value.date()
    if kind is int or kind is float:
        if 19000101 <= value <= 20991231 and value == int(value):
            digits = str(int(value))  # 19850302 typed as a number
            return _from_parts(digits[:4], digits[4:6], digits[6:])
        return _from_serial(value)
    if kind is bool:
        raise _unreadable()
    cell = text(value)
    if not cell:
        return None
    if match := _SEPARATED.fullmatch(cell):
        return _from_parts(match[1], match[3], match[4])
    if match := _CHINESE_DATE.fullmatch(cell.replace(" ", "")):
        return _from_parts(*match.groups())
    if match := _COMPACT.fullmatch(cell):
        return _from_parts(*match.groups())
    if _NUMBER.fullmatch(cell):
        return _from_serial(float(cell))
    raise _unreadable()


# --- phones and sex ------------------------------------------------------------------------

_PHONE_LIST = re.compile(r"[/、,;|]")
_MOBILE = re.compile(r"(?:\+86)?(1[3-9]\d{9})")
# An 11-digit mobile is valid exactly when it matches the mobile pattern of phonenumbers' own
# metadata for China (no other number type starts with 1[3-9]): one regular expression
# instead of a full parse per row (25 µs → 1 µs, and imports clean a phone per row).
_CN_MOBILE = re.compile(
    phonenumbers.PhoneMetadata.metadata_for_region("CN").mobile.national_number_pattern
)


def phone(value) -> str:
    """Cell → E.164 phone ("+8613812345678"), or "" when empty. Of several numbers in one
    cell ("138…/139…") the first is kept: a person has one phone in the registry."""
    cell = text(value)
    if not cell:
        return ""
    number = next((part for part in _PHONE_LIST.split(cell) if part.strip()), "")
    if mobile := _MOBILE.fullmatch(number.replace(" ", "").replace("-", "")):
        digits = mobile[1]
        if _CN_MOBILE.fullmatch(digits):
            return "+86" + digits
    try:
        return pii.normalize_phone(number)
    except ValidationError:
        raise CleanError(_("Enter a valid mobile or landline number.")) from None


_SEX = {
    "男": "M",
    "男性": "M",
    "m": "M",
    "male": "M",
    "1": "M",
    "女": "F",
    "女性": "F",
    "f": "F",
    "female": "F",
    "2": "F",
    # GB/T 2261.1: 0 unknown, 9 not stated; the ID number tells the sex.
    "未知": "",
    "未说明": "",
    "0": "",
    "9": "",
}


def sex(value) -> str:
    """Cell → "M", "F" or "" (empty or unknown)."""
    cell = text(value).lower()
    if not cell:
        return ""
    try:
        return _SEX[cell]
    except KeyError:
        raise CleanError(_("The sex must be 男 or 女.")) from None


# --- words of the registers ----------------------------------------------------------------


def _words(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {word: value for value, words in table.items() for word in words}


_RELATIONS = _words(
    {
        Relation.HEAD: ("户主", "本人", "户主本人"),
        Relation.SPOUSE: ("配偶", "妻", "妻子", "夫", "丈夫", "爱人", "夫妻"),
        Relation.CHILD: ("子女", "儿", "儿女", "养子女", "继子女"),
        Relation.CHILD_IN_LAW: ("儿媳", "儿媳妇", "媳妇", "女婿", "儿媳/女婿", "子女配偶"),
        Relation.PARENT: (
            "父亲",
            "母亲",
            "父",
            "母",
            "父母",
            "爸爸",
            "妈妈",
            "继父",
            "继母",
            "养父",
            "养母",
            # GB/T 4761 counts parents-in-law among the parents
            "公公",
            "婆婆",
            "岳父",
            "岳母",
        ),
        Relation.GRANDPARENT: (
            "祖父",
            "祖母",
            "外祖父",
            "外祖母",
            "祖父母",
            "外祖父母",
            "爷爷",
            "奶奶",
            "外公",
            "外婆",
            "姥爷",
            "姥姥",
            "曾祖父",
            "曾祖母",
        ),
        Relation.SIBLING: (
            "兄",
            "弟",
            "姐",
            "妹",
            "兄弟",
            "姐妹",
            "兄弟姐妹",
            "哥哥",
            "弟弟",
            "姐姐",
            "妹妹",
            # GB/T 4761 counts the siblings' spouses among the siblings
            "嫂",
            "嫂子",
            "弟媳",
            "姐夫",
            "妹夫",
        ),
        Relation.OTHER: (
            "其他",
            "其它",
            "其他亲属",
            "亲属",
            "非亲属",
            "其他关系",
            "侄子",
            "侄女",
            "外甥",
            "外甥女",
            "伯父",
            "伯母",
            "叔父",
            "叔叔",
            "婶母",
            "舅父",
            "舅舅",
            "舅母",
            "姨父",
            "姨母",
            "姑父",
            "姑母",
            "堂兄弟",
            "堂姐妹",
            "表兄弟",
            "表姐妹",
            "保姆",
            "租客",
        ),
    }
)
_RELATIONS.update({value: value for value in Relation.values})
_RELATIONS["child-in-law"] = Relation.CHILD_IN_LAW
# 长子, 次女, 独生子, 养女, 二儿子 …; 孙子, 外孙女, 曾孙, 孙媳妇 …
_CHILD = re.compile(r"(?:之|长|次|幼|独生|养|继|[二三四五六七八九])?(?:子|女|儿子|女儿)")
_GRANDCHILD = re.compile(r"外?曾?孙.*")
_BRACKETS = str.maketrans("", "", "()（） ")


def relation(value) -> str:
    """Cell → Relation value ("head", "spouse", …), or "" when empty."""
    cell = text(value).translate(_BRACKETS).lower()
    if not cell:
        return ""
    found = _RELATIONS.get(cell)
    if found is not None:
        return str(found)
    if _CHILD.fullmatch(cell):
        return Relation.CHILD.value
    if _GRANDCHILD.fullmatch(cell):
        return Relation.GRANDCHILD.value
    raise CleanError(
        _(
            "The relation to the head of household is not one we know "
            "(e.g. 户主, 配偶, 子, 女, 父亲, 母亲, 孙子, 其他)."
        )
    )


_POLITICAL = _words(
    {
        PoliticalStatus.MASSES: (
            "群众",
            # not a party member: the registry has no finer category
            "无党派人士",
            "无党派民主人士",
            "无党派",
        ),
        PoliticalStatus.PARTY_MEMBER: (
            "中共党员",
            "党员",
            "共产党员",
            "中国共产党党员",
        ),
        PoliticalStatus.PROBATIONARY: ("中共预备党员", "预备党员", "中国共产党预备党员"),
        PoliticalStatus.LEAGUE_MEMBER: (
            "共青团员",
            "团员",
            "中国共产主义青年团团员",
        ),
        PoliticalStatus.OTHER_PARTY: ("民主党派", "民主党派成员", "民主党派人士"),
    }
)
_POLITICAL.update({value: value for value in PoliticalStatus.values})
# 民革会员, 民盟盟员, 民建会员, 民进会员, 农工党党员, 致公党党员, 九三学社社员, 台盟盟员
_OTHER_PARTY = re.compile(r".*(?:民革|民盟|民建|民进|农工|致公|九三|台盟|国民党革命委员会).*")


def political_status(value) -> str:
    """Cell → PoliticalStatus value, or "" when empty."""
    cell = text(value).translate(_BRACKETS).lower()
    if not cell:
        return ""
    found = _POLITICAL.get(cell)
    if found is not None:
        return str(found)
    if _OTHER_PARTY.fullmatch(cell):
        return PoliticalStatus.OTHER_PARTY.value
    raise CleanError(
        _(
            "The political status is not one we know "
            "(e.g. 群众, 中共党员, 中共预备党员, 共青团员, 民主党派)."
        )
    )


_RESIDENCE_KINDS = _words(
    {
        ResidenceKind.REGISTERED: (
            "户籍",
            "户籍人口",
            "户籍居民",
            "常住",
            "常住人口",
            "本地",
            "本地人口",
        ),
        ResidenceKind.FLOATING: (
            "流动",
            "流动人口",
            "外来",
            "外来人口",
            "暂住",
            "暂住人口",
            "寄住",
            "寄住人口",
        ),
    }
)
_RESIDENCE_KINDS.update({value: value for value in ResidenceKind.values})


def residence_kind(value) -> str:
    """Cell → ResidenceKind value ("registered" or "floating"), or "" when empty."""
    cell = text(value).replace(" ", "").lower()
    if not cell:
        return ""
    found = _RESIDENCE_KINDS.get(cell)
    if found is None:
        raise CleanError(_("The residence kind is not one we know (户籍 or 流动)."))
    return str(found)


_TAG_SEPARATORS = re.compile(r"[、,;/|\s]+")


def tag_names(value) -> list[str]:
    """Cell → the names of the person's categories, in order, each once."""
    names = _TAG_SEPARATORS.split(text(value))
    return list(dict.fromkeys(name for name in names if name))


# --- places --------------------------------------------------------------------------------

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_NUMBER = re.compile(
    r"[一二两三四五六七八九]?十?[一二三四五六七八九]?|[〇零一二两三四五六七八九]+"
)


def _chinese_number(word: str) -> str | None:
    """一 → "1", 十二 → "12", 二十三 → "23", 一〇一 → "101"; None if not a numeral."""
    if not word or not _CHINESE_NUMBER.fullmatch(word):
        return None
    if "十" in word:
        tens, _sep, units = word.partition("十")
        return str(_DIGITS.get(tens, 1) * 10 + _DIGITS.get(units, 0))
    return str(int("".join(str(_DIGITS[c]) for c in word)))


def _place_key(value, suffix: re.Pattern, *, numerals: bool) -> str:
    cell = text(value)
    if not cell:
        return ""
    compact = cell.replace(" ", "")
    match = suffix.fullmatch(compact)
    inner = match[1] if match else compact
    if inner.isdigit():
        return str(int(inner))
    if numerals and (number := _chinese_number(inner)) is not None:
        return number
    return inner if match else cell


_BUILDING = re.compile(r"第?(.+?)(?:号楼|号栋|号幢|栋楼|栋|幢|座|号|#楼|#)")
_ENTRANCE = re.compile(r"第?(.+?)(?:单元|号门|门)")
_FLAT = re.compile(r"(.+?)(?:号房|室|号|房|户)")


def building_key(value) -> str:
    """A building's comparable name: "3号楼", "3栋", "3幢", "3号", "三号楼" and "3" → "3"."""
    return _place_key(value, _BUILDING, numerals=True)


def entrance_key(value) -> str:
    """An entrance's comparable name: "1单元", "一单元" and "1" → "1"."""
    return _place_key(value, _ENTRANCE, numerals=True)


def flat_key(value) -> str:
    """A flat's comparable name: "502室", "502号" and "502" → "502"."""
    return _place_key(value, _FLAT, numerals=False)
