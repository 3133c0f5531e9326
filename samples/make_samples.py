"""Write the Excel versions of the sample padrón from `padron_iiee_muestra.csv` (UTF-8, commas).

- `padron_iiee_muestra_excel.csv`: as Excel in Spanish saves it on Windows (Windows-1252, semicolons,
  CRLF, decimal commas), and with the leading zeros Excel drops (`403691`, UBIGEO `80105`).
- `padron_iiee_muestra.xlsx`: a workbook whose codes are numbers, as when the CSV is opened in Excel.

The three files hold the same schools: importing one after another changes nothing.
Run from the project folder: `.venv/bin/python samples/make_samples.py`.
"""

import csv
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
NUMERIC = {"cod_mod", "anexo", "codlocal", "codgeo", "talumno", "tdocente", "tseccion"}
DECIMAL = {"nlat_ie", "nlong_ie"}


def main() -> None:
    with (HERE / "padron_iiee_muestra.csv").open(encoding="utf-8", newline="") as source:
        header, *rows = list(csv.reader(source))
    excel_rows = []
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        cells["cod_mod"] = str(int(cells["cod_mod"]))
        cells["codgeo"] = str(int(cells["codgeo"]))
        for name in DECIMAL:
            cells[name] = cells[name].replace(".", ",")
        excel_rows.append([cells[name] for name in header])
    with (HERE / "padron_iiee_muestra_excel.csv").open("w", encoding="cp1252", newline="") as out:
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header, *excel_rows])

    book = Workbook()
    sheet = book.active
    sheet.title = "Padrón"
    sheet.append(header)
    for row in rows:
        sheet.append(
            [
                int(value) if name in NUMERIC else float(value) if name in DECIMAL else value
                for name, value in zip(header, row, strict=True)
            ]
        )
    book.save(HERE / "padron_iiee_muestra.xlsx")


if __name__ == "__main__":
    main()
