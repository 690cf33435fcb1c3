"""The column catalogue of residents', households' and buildings' sheets: one shape for import
and export (R-PPL-4)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import SheetKind


@dataclass(frozen=True)
class Column:
    key: str  # field key, e.g. "id_number"
    header: str  # canonical Chinese heading written on export, e.g. "身份证号"
    synonyms: tuple[str, ...]  # other headings recognised on import
    label: Promise  # English label for the mapping page ("ID number")


def _columns(*columns: Column) -> dict[str, Column]:
    return {column.key: column for column in columns}


COLUMNS: dict[str, Column] = _columns(
    Column("name", "姓名", (), _("Name")),
    Column("sex", "性别", (), _("Sex")),
    Column(
        "id_number",
        "身份证号",
        ("公民身份号码", "身份证号码", "证件号码", "身份证"),
        _("ID number"),
    ),
    Column("birth_date", "出生日期", ("出生年月日", "生日"), _("Birth date")),
    Column("ethnicity", "民族", (), _("Ethnicity")),
    Column("phone", "联系电话", ("手机号", "手机号码", "电话", "联系方式", "手机"), _("Phone")),
    Column("political_status", "政治面貌", (), _("Political status")),
    Column("residence_kind", "人口类型", ("居住类型", "户籍类型", "人员属性"), _("Residence kind")),
    Column(
        "registered_address",
        "户籍地址",
        ("户籍所在地", "户口所在地", "户籍地"),
        _("Registered address"),
    ),
    Column(
        "current_address",
        "现住址",
        ("现居住地址", "居住地址", "现居住地"),
        _("Current address"),
    ),
    Column("subdistrict", "所属街道", ("街道",), _("Subdistrict")),
    Column("community", "所属社区", ("社区", "社区名称"), _("Community")),
    Column("grid", "所属网格", ("网格", "网格名称"), _("Grid")),
    Column("compound", "小区", ("小区名称", "院落"), _("Compound")),
    Column("building", "楼栋", ("楼号", "楼栋号", "栋号", "幢"), _("Building")),
    Column("entrance", "单元", ("单元号",), _("Entrance")),
    Column("flat", "房号", ("门牌号", "房间号", "室号"), _("Flat number")),
    Column("household_number", "户号", ("户编号",), _("Household number")),
    Column("head_name", "户主姓名", (), _("Head of household")),
    Column("relation", "与户主关系", ("与户主的关系", "家庭关系"), _("Relation to head")),
    Column("tags", "人员类别", ("人员标签", "标签", "特殊人群"), _("Person categories")),
    Column("started_on", "居住起始日期", ("入住日期", "登记日期"), _("Living here since")),
    Column("employer", "工作单位", ("服务处所",), _("Employer")),
    Column("landlord_name", "房东姓名", (), _("Landlord's name")),
    # Export only: whether the person still lives here. An import ignores it.
    Column("status", "居住状态", (), _("Residence status")),
)

# The address columns, from the top of the territory tree down (each names a node kind).
ADDRESS_FIELDS = ("subdistrict", "community", "grid", "compound", "building", "entrance", "flat")

KIND_FIELDS: dict[str, tuple[str, ...]] = {
    SheetKind.RESIDENTS: (
        "name",
        "sex",
        "id_number",
        "birth_date",
        "ethnicity",
        "phone",
        "political_status",
        "residence_kind",
        "registered_address",
        *ADDRESS_FIELDS,
        "household_number",
        "head_name",
        "relation",
        "tags",
        "started_on",
        "employer",
        "landlord_name",
    ),
    SheetKind.HOUSEHOLDS: (
        "household_number",
        *ADDRESS_FIELDS,
        "head_name",
        "name",
        "id_number",
        "relation",
    ),
    SheetKind.BUILDINGS: ADDRESS_FIELDS,
}

IMPORT_FIELDS: dict[str, tuple[str, ...]] = {
    **KIND_FIELDS,
    # The current address stands in for the place columns when a sheet has no flat column.
    SheetKind.RESIDENTS: (*KIND_FIELDS[SheetKind.RESIDENTS], "current_address"),
}

# Per kind, groups of fields an import needs: one field of every group must be mapped.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    SheetKind.RESIDENTS: (("name",), ("id_number",), ("flat", "current_address")),
    SheetKind.HOUSEHOLDS: (("id_number",), ("relation",), ("household_number", "head_name")),
    SheetKind.BUILDINGS: (("building",), ("flat",)),
}

# "(必填)", "【选填】", "[可选]": marks that a column must or may be filled in.
_MARKS = re.compile(r"[(\[【〔](?:必填|选填|可选|必须|非必填|可不填|必录|选录)?[)\]】〕]|[*★※]")
_TRAILING = re.compile(r"[:：]+$")
_PARENTHESES = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")


def normalise_header(text) -> str:
    """The comparable form of a heading: NFKC, no whitespace (also not inside the cell), no
    required/optional marks, no trailing colon, latin letters in lower case."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(text.split())
    text = _MARKS.sub("", text)
    return _TRAILING.sub("", text).lower()


_BUILT_IN: dict[str, str] = {}
for _column in COLUMNS.values():
    for _heading in (_column.header, *_column.synonyms):
        _BUILT_IN.setdefault(normalise_header(_heading), _column.key)
_IMPORTABLE = {kind: frozenset(fields) for kind, fields in IMPORT_FIELDS.items()}


def field_for_header(text, kind: str, saved: Mapping[str, str] | None = None) -> str | None:
    """The field a column heading stands for in a sheet of ``kind``, or None. ``saved`` maps
    normalised headings to field keys as a community's workers chose them (HeaderAlias); it
    wins over the built-in headings, and "" there means "ignore this column"."""
    heading = normalise_header(text)
    if not heading:
        return None
    importable = _IMPORTABLE[kind]
    if saved and heading in saved:
        field = saved[heading]
        if not field:
            return None
        if field in importable:
            return field
    field = _BUILT_IN.get(heading)
    if field is None and _PARENTHESES.search(heading):
        # a hint in parentheses, as in "出生日期(格式:1985-03-02)"
        field = _BUILT_IN.get(_PARENTHESES.sub("", heading))
    return field if field in importable else None


def recognise(
    headers: list[str], kind: str, saved: Mapping[str, str] | None = None
) -> dict[int, str]:
    """Column index → field key for the headings recognised. When two columns claim the same
    field the first wins and the later one stays unmapped."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, text in enumerate(headers):
        field = field_for_header(text, kind, saved)
        if field is not None and field not in taken:
            mapping[index] = field
            taken.add(field)
    return mapping


def kind_register(
    kind: str,
    columns: tuple[Column, ...],
    *,
    fields: tuple[str, ...],
    template: tuple[str, ...],
    required: tuple[tuple[str, ...], ...],
    headings: Mapping[str, str] | None = None,
) -> None:
    """Add the sheet of another app's records (shequ/sheets/cases_kind.py): its own columns,
    the fields it imports (``template``: those of the empty template), the groups it needs,
    and more ``headings`` of columns already known. A heading known before keeps its field."""
    for column in columns:
        COLUMNS.setdefault(column.key, column)
        for heading in (column.header, *column.synonyms):
            _BUILT_IN.setdefault(normalise_header(heading), column.key)
    for heading, key in (headings or {}).items():
        _BUILT_IN.setdefault(normalise_header(heading), key)
    KIND_FIELDS[kind] = template
    IMPORT_FIELDS[kind] = fields
    REQUIRED[kind] = required
    _IMPORTABLE[kind] = frozenset(fields)


def missing_required(mapping: Mapping[int, str], kind: str) -> list[str]:
    """The required fields no column is mapped to; of a group of alternatives (a flat or a
    current address) the first stands for the group, see REQUIRED."""
    mapped = set(mapping.values())
    return [group[0] for group in REQUIRED[kind] if mapped.isdisjoint(group)]
