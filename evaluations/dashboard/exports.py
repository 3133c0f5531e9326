"""A list written as CSV or XLSX, row by row: memory stays flat however many rows the list holds.

CSV is streamed as it is written (UTF-8 with a BOM, so Excel reads the accents). XLSX is written by
openpyxl's write-only mode, which keeps each row on disk as soon as it is appended, into a temporary
file that is then streamed and deleted. Dates are written as dates (dd/mm/yyyy), numbers as numbers.
The background exports (`evaluations.services.exports`) write the same bytes to a file in private storage.
"""

import csv
import datetime
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

BOM = "\ufeff"
CSV_FLUSH_ROWS = 500  # rows written before a piece of the file is sent
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
# A text that a spreadsheet would run as a formula (CSV injection) gets a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters XLSX (XML) cannot hold.
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")


def safe_text(text: str) -> str:
    text = _ILLEGAL_XML.sub("", text)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal | float):
        return str(value)
    return safe_text(str(value))


def csv_stream(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The CSV file in pieces of CSV_FLUSH_ROWS rows: the BOM and the Spanish headers first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(headers)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(value) for value in row])
        if count % CSV_FLUSH_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_csv(headers: list[str], rows: Iterable[list], out: BinaryIO) -> None:
    """The CSV file written to `out` (a binary file), piece by piece."""
    for piece in csv_stream(headers, rows):
        out.write(piece)


def _xlsx_value(sheet, value):
    if value is None:
        return None
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, bool | int | Decimal | float):
        return value
    return safe_text(str(value))


def write_xlsx(headers: list[str], rows: Iterable[list], *, title: str, out: BinaryIO | str) -> None:
    """The XLSX file written to `out` (a binary file or a path): one sheet, bold headers, the header row
    frozen. The rows wait on disk (openpyxl's write-only mode) until the workbook is zipped into `out`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_text(str(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    workbook.save(out)


def xlsx_file(headers: list[str], rows: Iterable[list], *, title: str):
    """The XLSX file in a temporary file (deleted when closed), rewound. The caller streams it and closes it."""
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 -- closed by the response that streams it
    try:
        write_xlsx(headers, rows, title=title, out=output)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Lista"
