"""Reading an uploaded table: CSV or XLSX, told apart by its bytes, never by its name. No program rule.

- **XLSX**: a zip holding `[Content_Types].xml` and a workbook (`xl/workbook.xml`); read with openpyxl,
  first sheet (the active one), formulas as their values.
- **CSV**: any other file that is text. The encoding is found, not asked: UTF-8 (with or without a BOM),
  else Windows-1252 (what Excel in Spanish saves on Windows), else Latin-1. The delimiter is the one
  of `,` `;` or a tab that appears most in the header row.
- Anything else (a PDF, a photo, an old .xls, an .ods) is refused with a Spanish message.

The header is row 1; rows keep the number a person sees in the spreadsheet (blank rows are counted and
skipped), so an error can name "fila 7". Cell values become text: Excel's numbers lose no digits
(`403691.0` reads `403691`), and empty cells read "".
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003) and other old Office files
DELIMITERS = (",", ";", "\t")
# An XLSX is compressed XML: more than this many times the upload limit once unpacked is refused.
XLSX_MAX_EXPANSION = 30
# Control characters never found in a text table (tab, line feed and carriage return are allowed).
CONTROL = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r"}


@dataclass
class Table:
    """The rows of an uploaded file: a tablib Dataset with lower-case headers, and each row's number."""

    dataset: tablib.Dataset
    row_numbers: list[int] = field(default_factory=list)  # file row of dataset row i (header = 1)
    kind: str = "csv"  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""

    def __len__(self) -> int:
        return len(self.dataset)

    def file_row(self, index: int) -> int:
        """The row a person counts in the file, for django-import-export's row number (1 = first data row)."""
        return self.row_numbers[index - 1]


def file_error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_size(size: int, *, max_bytes: int) -> None:
    """Refuse a file over the limit before reading it."""
    if size > max_bytes:
        raise file_error(
            _("El archivo pesa %(size)s MB; el máximo es %(max)s MB. Divídalo en partes y súbalas una por una.")
            % {"size": f"{size / 1024 / 1024:.1f}", "max": f"{max_bytes / 1024 / 1024:g}"},
            "too_large",
        )


def read_table(data: bytes, *, max_bytes: int, required: tuple[str, ...] = ()) -> Table:
    """Read the bytes of an uploaded file into a Table.

    Raises ValidationError (Spanish, code says which) for a file too large, empty, of another kind,
    without data rows, or without the `required` columns.
    """
    check_size(len(data), max_bytes=max_bytes)
    if not data.strip():
        raise file_error(_("El archivo está vacío."), "empty")
    if zipfile.is_zipfile(io.BytesIO(data)):
        table = read_xlsx(data, max_bytes=max_bytes)
    elif data.startswith(OLE2_MAGIC):
        raise file_error(
            _("Los archivos .xls de Excel 97-2003 no se aceptan: guárdelo como .xlsx o como CSV."), "old_excel"
        )
    else:
        table = read_csv(data)
    if not table.dataset.headers or not any(table.dataset.headers):
        raise file_error(_("La primera fila debe tener los nombres de las columnas."), "no_header")
    named = [name for name in table.dataset.headers if name]
    repeated = sorted({name for name in named if named.count(name) > 1})
    if repeated:
        raise file_error(
            _("La columna %(columns)s aparece más de una vez en la primera fila.") % {"columns": ", ".join(repeated)},
            "repeated_columns",
        )
    missing = [name for name in required if name not in table.dataset.headers]
    if missing:
        raise file_error(
            _("Faltan las columnas %(columns)s. La primera fila debe tener los nombres de las columnas.")
            % {"columns": ", ".join(missing)},
            "missing_columns",
        )
    if not len(table):
        raise file_error(_("El archivo no tiene filas con datos debajo de los nombres de las columnas."), "no_rows")
    return table


# --- CSV --------------------------------------------------------------------------------
def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in; a file that is not text is refused."""
    if b"\x00" in data:
        raise not_a_table()
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    if any(char in CONTROL for char in text[:65536]):
        raise not_a_table()
    return text, "utf-8" if encoding == "utf-8-sig" else encoding


def not_a_table() -> ValidationError:
    return file_error(_("El archivo no es una hoja de cálculo: suba un archivo CSV o XLSX (Excel)."), "not_a_table")


def sniff_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = sniff_delimiter(first)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        # csv.Error: a field over csv's limit (128 KB), a NUL; its own message is English and technical.
        raise file_error(
            _("No se pudo leer el archivo CSV: revise que las comillas estén cerradas y que ninguna celda sea enorme."),
            "bad_csv",
        ) from error
    return build_table(enumerate(records, start=1), kind="csv", encoding=encoding, delimiter=delimiter)


# --- XLSX -------------------------------------------------------------------------------
def read_xlsx(data: bytes, *, max_bytes: int) -> Table:
    from openpyxl import load_workbook  # only XLSX uploads pay for importing it

    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    if not all(part in names for part in XLSX_PARTS):
        raise file_error(
            _("El archivo comprimido no es un libro de Excel (.xlsx): suba un archivo CSV o XLSX."), "not_xlsx"
        )
    if sum(info.file_size for info in archive.infolist()) > max_bytes * XLSX_MAX_EXPANSION:
        raise file_error(_("El libro de Excel es demasiado grande una vez abierto: divídalo en partes."), "too_large")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = [(number, [cell_text(v) for v in values]) for number, values in enumerate(book.active.values, 1)]
        book.close()
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise file_error(_("No se pudo abrir el libro de Excel: el archivo está dañado."), "bad_xlsx") from error
    return build_table(rows, kind="xlsx")


def cell_text(value) -> str:
    """A cell as the text a person sees: integers without `.0`, dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- Both -------------------------------------------------------------------------------
def header_name(value: str) -> str:
    return value.replace("\ufeff", "").strip().strip('"').strip().lower()


def build_table(numbered_rows, *, kind: str, encoding: str = "", delimiter: str = "") -> Table:
    """The first non-blank row is the header; blank rows after it are skipped but keep their numbers."""
    headers, width, rows, numbers = None, 0, [], []
    for number, values in numbered_rows:
        values = [str(v).strip() for v in values]
        if not any(values):
            continue
        if headers is None:
            headers = [header_name(v) for v in values]
            width = len(headers)
            continue
        rows.append(tuple((values + [""] * width)[:width]))  # short rows padded, extra cells dropped
        numbers.append(number)
    dataset = tablib.Dataset(*rows, headers=headers or [])
    return Table(dataset=dataset, row_numbers=numbers, kind=kind, encoding=encoding, delimiter=delimiter)
