"""Reading an uploaded sheet (.xlsx, .xls or .csv) into a table of rows under a recognised
header row (R-PPL-4). The format is told by content, not by name; Excel goes through
python-calamine; CSV encodings and delimiters are detected. No database access."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import python_calamine
from django.utils.translation import gettext as _

from .cleaning import text as cell_text
from .columns import COLUMNS, REQUIRED, field_for_header, recognise

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
HEADER_SEARCH_ROWS = 20
_BLANK = ("", None)
# An encrypted .xlsx is an OLE file holding this stream instead of the zip package.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# In an encrypted .xls the BOF record of the workbook stream is followed by FILEPASS.
_FILEPASS = re.compile(rb"\x09\x08\x10\x00.{16}\x2f\x00", re.DOTALL)
# Line breaks str.splitlines() knows beyond \r and \n; the csv module does not break on them.
_OTHER_LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_MARKUP = re.compile(r"\s*<(?:!doctype|html|\?xml|table|head|body|meta)", re.IGNORECASE)
_DELIMITERS = (",", "\t", ";")


class SheetError(Exception):
    """A fault of the whole file; the message is translated and says what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The rows of one sheet under its header. Row numbers are those the user sees: the sheet
    row in Excel, the record number (from 1) in CSV."""

    file_format: str  # "csv" | "xlsx" | "xls"
    encoding: str  # CSV: "utf-8-sig" | "utf-8" | "gb18030" | "utf-16"; "" for Excel
    header_rows: tuple[int, ...]  # the 1-based row numbers forming the header (1 or 2 rows)
    headers: list[str]  # one cleaned heading per column, two-row headings combined
    total: int  # data rows: non-blank rows below the header
    sheet: str = ""  # the worksheet read ("" for CSV)
    other_sheets: tuple[str, ...] = ()  # other visible worksheets, not read
    _data: list[list] = field(default_factory=list, repr=False, compare=False)
    _first: int = field(default=0, repr=False, compare=False)  # index of the first data row
    _offset: int = field(default=0, repr=False, compare=False)  # row number of _data[0], - 1
    _blank: frozenset[int] = field(default=frozenset(), repr=False, compare=False)
    _raw_header: list[list] = field(default_factory=list, repr=False, compare=False)

    def rows(self, start_after: int = 0) -> Iterator[tuple[int, list]]:
        """(row number, values) of every non-blank row below the header whose number is
        greater than ``start_after``; values padded or cut to one per heading. CSV values are
        str; Excel values are as calamine gives them (str, float, int, bool, date, datetime,
        time, timedelta). The lists belong to the table: copy before changing them."""
        data, blank, width = self._data, self._blank, len(self.headers)
        offset = self._offset + 1
        for index in range(max(self._first, start_after - self._offset), len(data)):
            if blank and index in blank:
                continue
            row = data[index]
            if len(row) != width:
                row = row[:width] if len(row) > width else row + [""] * (width - len(row))
            yield index + offset, row

    def header_values(self) -> list[list]:
        """The header row(s) as they are in the file (merged cells not filled in), one value
        per heading: for an error report in the file's own shape."""
        width = len(self.headers)
        return [(row + [""] * width)[:width] for row in self._raw_header]


def open_table(
    source: Path | bytes, *, filename: str, kind: str, saved: Mapping[str, str] | None = None
) -> Table:
    """Read a sheet of ``kind`` from a path or bytes and find its header among the first 20
    rows, using ``saved`` headings (HeaderAlias) as well as the built-in ones. ``filename``
    is the name the user gave the file; the format is decided by content. Raises SheetError."""
    data = source if isinstance(source, bytes | bytearray) else Path(os.fspath(source)).read_bytes()
    if not data[:4096].strip(b" \t\r\n\x00") and not data[4096:].strip(b" \t\r\n\x00"):
        raise _empty()
    if data.startswith(ZIP_MAGIC):
        return _read_workbook(data, "xlsx", kind, saved)
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise _protected()
        return _read_workbook(data, "xls", kind, saved)
    return _read_csv(data, kind, saved)


def _empty() -> SheetError:
    return SheetError(_("The file is empty."))


def _protected() -> SheetError:
    return SheetError(
        _(
            "The workbook is protected by a password: remove the password in Excel, save it "
            "and upload it again."
        )
    )


def _not_a_sheet() -> SheetError:
    return SheetError(
        _(
            "This file is not a spreadsheet we can read: save it as .xlsx, .xls or .csv and "
            "upload it again."
        )
    )


def _no_header(kind: str) -> SheetError:
    examples = "、".join(COLUMNS[group[0]].header for group in REQUIRED[kind])
    return SheetError(
        _(
            "No row of the first 20 looks like a header: the header row names at least two "
            "columns we know, such as %(examples)s."
        )
        % {"examples": examples}
    )


# --- header ---------------------------------------------------------------------------------


def _extends(upper: list[str], lower: list[str], kind: str, saved, *, group: bool) -> bool:
    """Do the two rows form one header? No column may name two different fields (a row of
    "社区 | 东一社区 | 网格 | 第1网格" above the header is a note, not part of it). With
    ``group``, ``lower`` must carry a known heading under a blank or unknown (group) heading;
    without, any known heading in ``lower`` will do (header cells merged down two rows)."""
    extends = False
    for index, heading in enumerate(lower):
        below = field_for_header(heading, kind, saved) if heading else None
        if below is None:
            continue
        above_text = upper[index] if index < len(upper) else ""
        above = field_for_header(above_text, kind, saved) if above_text else None
        if above and below != above:
            return False
        if not above or not group:
            extends = True
    return extends


def _combine(upper: list[str], lower: list[str], kind: str, saved) -> list[str]:
    """One heading per column of a two-row header: a known lower heading wins; a blank lower
    cell takes the upper (a cell merged down, or a single-row column); an unknown lower
    heading is joined to its group heading ("身份证" over "号码" → "身份证 号码")."""
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    headers = []
    for above, below in zip(upper, lower, strict=True):
        if not below:
            headers.append(above)
        elif not above or above == below or field_for_header(below, kind, saved):
            headers.append(below)
        else:
            headers.append(f"{above} {below}")
    return headers


def _find_header(
    candidates: list[list], kind: str, saved
) -> tuple[tuple[int, ...], list[str]] | None:
    """(indexes of the header rows in ``candidates``, headings), or None. The header is the
    row of the first 20 where most columns are recognised (at least two); the row below
    joins it when it holds known headings too, the row above when it is a row of group
    headings over it (see _extends)."""
    texts = [[cell_text(value) for value in row] for row in candidates[: HEADER_SEARCH_ROWS + 1]]
    counts = [len(recognise(row, kind, saved)) for row in texts[:HEADER_SEARCH_ROWS]]
    if not counts or max(counts) < 2:
        return None
    best = counts.index(max(counts))
    if best + 1 < len(texts) and _extends(texts[best], texts[best + 1], kind, saved, group=False):
        upper = best
    elif (
        best > 0
        and counts[best - 1]
        and _extends(texts[best - 1], texts[best], kind, saved, group=True)
    ):
        upper = best - 1
    else:
        return (best,), texts[best]
    return (upper, upper + 1), _combine(texts[upper], texts[upper + 1], kind, saved)


def _table(
    data: list[list],
    *,
    kind: str,
    saved,
    file_format: str,
    encoding: str = "",
    offset: int = 0,
    raw: list[list] | None = None,
    sheet: str = "",
    other_sheets: tuple[str, ...] = (),
) -> Table:
    """Find the header of ``data`` (its merged cells filled in; ``raw``: its first rows as
    the file has them, if different) and count the data rows below it."""
    found = _find_header(data, kind, saved)
    if found is None:
        raise _no_header(kind)
    indexes, headers = found
    first = indexes[-1] + 1
    # any() is true for every row with a non-empty string or a non-zero number; only the few
    # rows it calls blank need the exact test (a 0 or False is a value).
    blank = frozenset()
    if sum(map(any, islice(data, first, None))) != len(data) - first:
        blank = frozenset(
            index
            for index in range(first, len(data))
            if not any(value not in _BLANK for value in data[index])
        )
    raw_rows = raw if raw is not None else data
    return Table(
        file_format=file_format,
        encoding=encoding,
        header_rows=tuple(index + offset + 1 for index in indexes),
        headers=headers,
        total=len(data) - first - len(blank),
        sheet=sheet,
        other_sheets=other_sheets,
        _data=data,
        _first=first,
        _offset=offset,
        _blank=blank,
        _raw_header=[list(raw_rows[index]) for index in indexes],
    )


# --- Excel ----------------------------------------------------------------------------------


def _read_workbook(data: bytes, file_format: str, kind: str, saved) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise _protected() from None
    except python_calamine.CalamineError:
        # calamine tries every format in turn and keeps only "cannot detect": look for the
        # encryption record ourselves.
        if file_format == "xls" and _FILEPASS.search(data):
            raise _protected() from None
        raise _not_a_sheet() from None
    visible = [
        sheet.name
        for sheet in workbook.sheets_metadata
        if sheet.visible == python_calamine.SheetVisibleEnum.Visible
        and sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    for name in visible:
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python()
        except python_calamine.CalamineError:
            raise _not_a_sheet() from None
        if rows:
            break
    else:
        raise SheetError(_("The workbook has no visible sheet with data."))
    # to_python() leaves out empty rows and columns before the first cell; merged ranges and
    # the row numbers the user sees count from A1.
    top, left = sheet.start or (0, 0)
    raw = [list(row) for row in rows[: HEADER_SEARCH_ROWS + 1]]
    _fill_merged(rows, sheet.merged_cell_ranges or (), top, left)
    return _table(
        rows,
        kind=kind,
        saved=saved,
        file_format=file_format,
        offset=top,
        raw=raw,
        sheet=name,
        other_sheets=tuple(other for other in visible if other != name),
    )


def _fill_merged(rows: list[list], ranges, top: int, left: int) -> None:
    """Give every cell of a merged range the value of its top-left cell, as the eye reads
    it: a heading merged over two rows or three columns, a household number merged over the
    rows of its members."""
    height = len(rows)
    width = len(rows[0]) if rows else 0
    for (row1, col1), (row2, col2) in ranges:
        row1, row2, col1, col2 = row1 - top, row2 - top, col1 - left, col2 - left
        if not (0 <= row1 < height and 0 <= col1 < width):
            continue
        value = rows[row1][col1]
        if value in _BLANK:
            continue
        for row in islice(rows, row1, min(row2, height - 1) + 1):
            for col in range(col1, min(col2, width - 1) + 1):
                if row[col] in _BLANK:
                    row[col] = value


# --- CSV ------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOM → UTF-8 (or UTF-16, Excel's "Unicode text"); else strict UTF-8;
    else GB18030, the superset of GBK and GB2312 that Excel on Chinese Windows writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif b"\x00" in data[:8192]:
        raise _not_a_sheet()
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _not_a_sheet()


def _records(text: str, delimiter: str) -> list[list[str]]:
    # The csv module wants newlines kept (quoted cells may hold them); splitlines() keeps
    # them and is several times faster than a StringIO, unless the text holds one of the
    # rarer line breaks that splitlines() would wrongly cut at.
    if _OTHER_LINE_BREAKS.search(text):
        lines = io.StringIO(text, newline="")
    else:
        lines = text.splitlines(keepends=True)
    try:
        return list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        raise _not_a_sheet() from None


def _read_csv(data: bytes, kind: str, saved) -> Table:
    text, encoding = _decode(data)
    if not text or text.isspace():
        raise _empty()
    if _MARKUP.match(text[:200]):
        raise SheetError(
            _(
                "This file is a web page or XML saved under a spreadsheet's name: open it in "
                "Excel and save it as .xlsx."
            )
        )
    # The delimiter under which the first rows show the best header: a comma, or a tab or
    # semicolon where the header line has those and no commas.
    sample = text[:65536].splitlines(keepends=True)[: HEADER_SEARCH_ROWS + 1]
    best, best_count = ",", 0
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(sample, delimiter=delimiter))
        except csv.Error:
            continue
        found = _find_header(rows, kind, saved)
        if found:
            count = len(recognise(found[1], kind, saved))
            if count > best_count:
                best, best_count = delimiter, count
    if not best_count:
        raise _no_header(kind)
    rows = _records(text, best)
    del text
    return _table(rows, kind=kind, saved=saved, file_format="csv", encoding=encoding)
