"""Spreadsheet downloads (CSV and XLSX) that a spreadsheet cannot run as formulas.

Text that people typed ends up in exports: a sign-in attempt, a networker's name, a service's
name. A spreadsheet opening a CSV runs any cell that starts with ``=``, ``+``, ``-`` or ``@`` (and
some treat a leading tab or carriage return the same way) as a formula, which can fetch web
addresses or, in old versions, run commands ("CSV injection").

- In CSV, a *text* value starting with one of those characters is written with a ``'`` in front,
  which spreadsheets show as text. Numbers (``int``, ``float``, ``Decimal``) are written as they
  are: ``-3`` is a number, not a formula.
- In XLSX, every text value is written as a text cell (never a formula) with Excel's "quote
  prefix" style, so it stays text even when someone edits the cell; the value itself is
  unchanged.

Every download goes through ``table_response`` (or ``csv_text`` for files inside an archive).
``neutralise_undo`` reverses ``neutralise`` for an importer reading back a file Bridges wrote.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def neutralise(value):
    """A text value that starts like a formula, with a ``'`` in front; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_undo(value):
    """The value ``neutralise`` was given (for reading back a file Bridges wrote)."""
    if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_write(stream, *, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write a header and rows as CSV to a text stream (an HttpResponse is one)."""
    writer = csv.writer(stream)
    writer.writerow(header)
    writer.writerows([neutralise("" if value is None else value) for value in row] for row in rows)


def csv_text(*, header: Sequence[str], rows: Iterable[Sequence]) -> str:
    text = io.StringIO()
    csv_write(text, header=header, rows=rows)
    return text.getvalue()


def _xlsx_cell(sheet, value):
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters XLSX cannot hold
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, even if it starts with "="
    cell.quotePrefix = True
    return cell


def xlsx_bytes(*, header: Sequence[str], rows: Iterable[Sequence], title: str = "Export") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([_xlsx_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    *, format: str, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """A download of a table: XLSX if format is "xlsx", otherwise CSV. `filename` has no
    extension."""
    if format == "xlsx":
        response = HttpResponse(
            xlsx_bytes(header=header, rows=rows, title=filename), content_type=XLSX_TYPE
        )
    else:
        format = "csv"
        response = HttpResponse(content_type=CSV_TYPE)
        csv_write(response, header=header, rows=rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{format}"'
    return response
