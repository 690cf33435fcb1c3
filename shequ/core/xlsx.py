"""Small xlsx workbooks of the list pages' exports (the registers' own import/export engine is
sheets/exporting.py): a bold frozen heading row with column widths, typed cells, and the
download response."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_book(title: str, columns: list[tuple[str, int]]):
    """A workbook with one sheet named ``title`` and its heading row written:
    ``(buffer, book, sheet, formats)``, formats ``day``, ``moment``, ``hours`` and ``money``.
    Close the book, then read the buffer."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(str(title)[:31])
    bold = book.add_format({"bold": True})
    for col, (heading, width) in enumerate(columns):
        sheet.write_string(0, col, str(heading), bold)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    formats = {
        "day": book.add_format({"num_format": "yyyy-mm-dd"}),
        "moment": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "hours": book.add_format({"num_format": "0.0"}),
        "money": book.add_format({"num_format": "#,##0.00"}),
    }
    return out, book, sheet, formats


def xlsx_table(sheet_name: str, columns: list[tuple[str, int]], rows) -> bytes:
    """A one-sheet workbook of ``rows`` (lists of str, int, Decimal, date or datetime values;
    Decimals as money, datetimes in local time, None left empty)."""
    out, book, sheet, fmt = xlsx_book(sheet_name, columns)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, Decimal):
                sheet.write_number(r, c, float(value), fmt["money"])
            elif isinstance(value, bool):
                sheet.write_string(r, c, str(_("Yes") if value else _("No")))
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif isinstance(value, dt.datetime):
                local = timezone.localtime(value).replace(tzinfo=None)
                sheet.write_datetime(r, c, local, fmt["moment"])
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt["day"])
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return out.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """The workbook as a download named ``filename`` (UTF-8, so Chinese names survive)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
