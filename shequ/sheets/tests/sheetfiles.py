"""Real-shaped spreadsheet files for tests: CSV in several encodings, .xlsx with title rows
and merged headers (xlsxwriter), .xls (xlwt), password-protected workbooks, and valid
sample persons."""

from __future__ import annotations

import csv
import datetime as dt
import re
import struct
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
import xlwt

from shequ.core.pii import id_check_char

_CELL = re.compile(r"([A-Z]+)(\d+)")


def _cell(ref: str) -> tuple[int, int]:
    """ "B3" → (row 2, column 1), zero-based."""
    match = _CELL.fullmatch(ref.upper())
    if not match:
        raise ValueError(ref)
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return int(match[2]) - 1, column - 1


def _range(ref: str) -> tuple[int, int, int, int]:
    """ "A2:C2" → (first row, first column, last row, last column), zero-based."""
    first, _sep, last = ref.partition(":")
    (row1, col1), (row2, col2) = _cell(first), _cell(last or first)
    return row1, col1, row2, col2


def _grid(header_rows, rows, title, preamble) -> tuple[list[list], int]:
    width = max((len(row) for row in [*header_rows, *rows]), default=1)
    grid: list[list] = []
    if title is not None:
        grid.append([title])
    grid.extend(list(row) for row in preamble)
    grid.extend(list(row) for row in header_rows)
    grid.extend(list(row) for row in rows)
    return grid, width


def write_csv(
    path: Path | str,
    header_rows: Sequence[Sequence],
    rows: Sequence[Sequence],
    encoding: str = "utf-8",
    *,
    delimiter: str = ",",
    preamble: Sequence[Sequence] = (),
) -> Path:
    """A CSV as Excel writes it (CRLF line ends); ``encoding`` "gbk" or "gb18030" for Excel
    on Chinese Windows, "utf-8-sig" for a BOM. Dates are written as ISO text."""
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in [*preamble, *header_rows, *rows]:
            writer.writerow(
                "" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row
            )
    return path


def write_xlsx(
    path: Path | str,
    header_rows: Sequence[Sequence],
    rows: Sequence[Sequence],
    *,
    title: str | None = None,
    merges: Sequence[str] = (),
    preamble: Sequence[Sequence] = (),
    hidden_sheet: Sequence[Sequence] | None = None,
) -> Path:
    """An .xlsx: ``title`` is a merged row above everything, then the ``preamble`` rows, the
    header rows and the data rows. ``merges`` are ranges in sheet coordinates ("A2:A3"); a
    merged range shows the value of its top-left cell. Dates become Excel date cells, numbers
    number cells, str text cells. ``hidden_sheet`` rows go to a hidden sheet placed first."""
    path = Path(path)
    grid, width = _grid(header_rows, rows, title, preamble)
    workbook = xlsxwriter.Workbook(str(path))
    formats = {
        dt.date: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        dt.datetime: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    if hidden_sheet is not None:
        hidden = workbook.add_worksheet("说明")
        for r, row in enumerate(hidden_sheet):
            for c, value in enumerate(row):
                _write_xlsx_cell(hidden, r, c, value, formats)
        hidden.hide()
    sheet = workbook.add_worksheet("Sheet1")
    sheet.activate()
    ranges = [_range(ref) for ref in merges]
    if title is not None:
        ranges.insert(0, (0, 0, 0, max(width - 1, 1)))
    covered = set()
    for row1, col1, row2, col2 in ranges:
        value = grid[row1][col1] if col1 < len(grid[row1]) else None
        sheet.merge_range(row1, col1, row2, col2, "")
        _write_xlsx_cell(sheet, row1, col1, value, formats)
        covered |= {(r, c) for r in range(row1, row2 + 1) for c in range(col1, col2 + 1)}
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if (r, c) not in covered:
                _write_xlsx_cell(sheet, r, c, value, formats)
    workbook.close()
    return path


def _write_xlsx_cell(sheet, row: int, col: int, value, formats) -> None:
    if value is None or value == "":
        return
    if isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, formats[dt.datetime])
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, formats[dt.date])
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))


def write_xls(
    path: Path | str,
    header_rows: Sequence[Sequence],
    rows: Sequence[Sequence],
    *,
    title: str | None = None,
    merges: Sequence[str] = (),
) -> Path:
    """An Excel 97-2003 .xls (xlwt), laid out as write_xlsx."""
    path = Path(path)
    grid, width = _grid(header_rows, rows, title, ())
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ranges = [_range(ref) for ref in merges]
    if title is not None:
        ranges.insert(0, (0, 0, 0, max(width - 1, 1)))
    covered = set()
    for row1, col1, row2, col2 in ranges:
        value = grid[row1][col1] if col1 < len(grid[row1]) else ""
        if isinstance(value, dt.date):
            sheet.write_merge(row1, row2, col1, col2, value, date_style)
        else:
            sheet.write_merge(row1, row2, col1, col2, "" if value is None else value)
        covered |= {(r, c) for r in range(row1, row2 + 1) for c in range(col1, col2 + 1)}
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if (r, c) in covered or value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_password_xls(path: Path | str) -> Path:
    """An .xls whose workbook stream starts with an RC4 FILEPASS record, as Excel writes a
    workbook saved with a password to open. (The cells are not really encrypted: a reader
    must refuse the file all the same.)"""
    path = write_xls(path, [["姓名", "身份证号"]], [["张三", "x"]])
    data = path.read_bytes()
    bof = data.index(b"\x09\x08\x10\x00")  # BOF of the workbook globals, 16 bytes of body
    start = bof + 20
    # replace the records after BOF up to the end of WRITEACCESS by FILEPASS + a filler
    end = data.index(b"\x5c\x00\x70\x00", start) + 4 + 0x70
    filepass = struct.pack("<HHHHH", 0x2F, 54, 1, 1, 1) + b"\x11" * 48
    filler = end - start - len(filepass) - 4
    patched = filepass + struct.pack("<HH", 0xE2, filler) + b"\x00" * filler
    path.write_bytes(data[:start] + patched + data[end:])
    return path


def write_password_xlsx(path: Path | str) -> Path:
    """An OLE compound file holding an "EncryptedPackage" stream: the shape of an .xlsx
    saved with a password to open."""
    path = write_xls(path, [["姓名", "身份证号"]], [["张三", "x"]])
    data = bytearray(path.read_bytes())
    at = data.index("Workbook".encode("utf-16-le") + b"\x00\x00")
    name = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
    data[at : at + 64] = name.ljust(64, b"\x00")
    data[at + 64 : at + 66] = struct.pack("<H", len(name))
    path.write_bytes(bytes(data))
    return path


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华"


def sample_person(i: int) -> dict:
    """A deterministic valid person for row ``i`` (0 ≤ i < 9,000,000), keyed by field keys
    with values as a register shows them: name, id_number (correct check digit, unique per
    i), sex "男"/"女" and birth_date (a date) agreeing with the ID number, phone
    "138xxxxxxxx"."""
    day, series = i % 18000, i // 18000
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=day)
    order = series * 2 + i % 2  # odd order code: male
    first17 = f"110101{birth:%Y%m%d}{order:03d}"
    name = (
        _SURNAMES[i % len(_SURNAMES)]
        + _GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)]
        + ("" if i % 3 else _GIVEN[(i // 7) % len(_GIVEN)])
    )
    return {
        "name": name,
        "id_number": first17 + id_check_char(first17),
        "sex": "男" if order % 2 else "女",
        "birth_date": birth,
        "phone": f"138{i % 100_000_000:08d}",
    }
