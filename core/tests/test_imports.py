"""Reading uploaded tables: CSV or XLSX told apart by the bytes, encodings and delimiters found, not asked."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from core.import_widgets import Choice, DecimalNumber, Digits, Integer, Text, plain
from core.imports import check_size, read_table

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
MB = 1024 * 1024


def read(data: bytes, **kwargs):
    return read_table(data, max_bytes=kwargs.pop("max_bytes", MB), **kwargs)


def refusal(data: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read(data, **kwargs)
    return caught.value


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_utf8_csv_with_commas_is_read_with_its_accents():
    table = read("cod_mod,cen_edu\n0218495,SEÑOR DE LOS MILAGROS\n".encode())

    assert (table.kind, table.encoding, table.delimiter) == ("csv", "utf-8", ",")
    assert table.dataset.dict == [{"cod_mod": "0218495", "cen_edu": "SEÑOR DE LOS MILAGROS"}]


def test_a_utf8_bom_does_not_become_part_of_the_first_column_name():
    table = read("\ufeffcod_mod;cen_edu\r\n0218495;Ñuñoa\r\n".encode())

    assert table.dataset.headers == ["cod_mod", "cen_edu"]
    assert table.dataset.dict[0]["cen_edu"] == "Ñuñoa"


def test_an_excel_in_spanish_csv_windows_1252_with_semicolons_keeps_its_accents():
    table = read("cod_mod;cen_edu;cen_pob\r\n218495;VIRGEN DE FÁTIMA;NARIHUALÁ – PEÑA\r\n".encode("cp1252"))

    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.dataset.dict[0] == {"cod_mod": "218495", "cen_edu": "VIRGEN DE FÁTIMA", "cen_pob": "NARIHUALÁ – PEÑA"}


def test_a_latin1_file_outside_windows_1252_is_read_as_latin1():
    # 0x81 is undefined in Windows-1252: the file can only be Latin-1.
    table = read(b"a;b\r\nCa\xf1ete;x\x81\r\n")

    assert table.encoding == "latin-1"
    assert table.dataset.dict[0]["a"] == "Cañete"


def test_tabs_are_found_as_the_delimiter():
    table = read(b"cod_mod\tanexo\n0218495\t1\n")

    assert table.delimiter == "\t"
    assert table.dataset.dict[0] == {"cod_mod": "0218495", "anexo": "1"}


def test_headers_are_lower_case_and_trimmed_and_quoted_values_keep_their_commas():
    table = read(b'COD_MOD , "Cen_Edu"\n0218495,"14031, ANEXO"\n')

    assert table.dataset.headers == ["cod_mod", "cen_edu"]
    assert table.dataset.dict[0]["cen_edu"] == "14031, ANEXO"


def test_rows_keep_the_number_a_person_sees_with_blank_rows_counted():
    table = read(b"a,b\n1,2\n\n,\n3,4\n")

    assert len(table) == 2
    assert table.row_numbers == [2, 5]
    assert table.file_row(2) == 5


def test_short_rows_are_padded_and_extra_cells_dropped():
    table = read(b"a,b,c\n1\n1,2,3,4\n")

    assert table.dataset.dict == [{"a": "1", "b": "", "c": ""}, {"a": "1", "b": "2", "c": "3"}]


def test_an_xlsx_workbook_is_read_with_numbers_as_text_without_decimals():
    table = read(
        xlsx([["cod_mod", "nlat_ie", "cen_edu"], [218495, -5.196412, "FÁTIMA"], [None, None, None], [1, 2.0, "X"]])
    )

    assert table.kind == "xlsx"
    assert table.dataset.dict[0] == {"cod_mod": "218495", "nlat_ie": "-5.196412", "cen_edu": "FÁTIMA"}
    assert table.dataset.dict[1]["nlat_ie"] == "2"
    assert table.row_numbers == [2, 4]


@pytest.mark.parametrize(
    "name", ["padron_iiee_muestra.csv", "padron_iiee_muestra_excel.csv", "padron_iiee_muestra.xlsx"]
)
def test_the_three_sample_padrones_read_the_same_names(name):
    table = read((SAMPLES / name).read_bytes())

    names = [row["cen_edu"] for row in table.dataset.dict]
    assert len(table) == 13
    assert "14031 SEÑOR DE LOS MILAGROS" in names
    assert "82019 SANTA ANA DE LA ENCAÑADA" in names


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_a_table"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x0c\x01", "not_a_table"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old_excel"),
        ("a,b\n1,2\n".encode("utf-16"), "not_a_table"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
    ],
    ids=["png", "pdf", "xls", "utf16", "empty", "blank"],
)
def test_a_file_that_is_not_a_table_is_refused_in_spanish(data, code):
    error = refusal(data)

    assert error.code == code
    assert any(word in error.messages[0] for word in ("CSV", "vacío", ".xls"))


def test_a_zip_that_is_not_a_workbook_is_refused():
    for parts in (["word/document.xml", "[Content_Types].xml"], ["mimetype", "content.xml"]):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for part in parts:
                archive.writestr(part, "<x/>")

        assert refusal(out.getvalue()).code == "not_xlsx"


def test_a_damaged_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "not xml")
        archive.writestr("xl/workbook.xml", "not xml either")

    error = refusal(out.getvalue())

    assert error.code == "bad_xlsx"
    assert "dañado" in error.messages[0]


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(ValidationError) as caught:
        check_size(11 * MB, max_bytes=10 * MB)

    assert caught.value.code == "too_large"
    assert caught.value.messages == [
        "El archivo pesa 11.0 MB; el máximo es 10 MB. Divídalo en partes y súbalas una por una."
    ]
    assert refusal(b"a\n" * 100, max_bytes=50).code == "too_large"


def test_missing_and_repeated_columns_and_a_file_without_rows_are_refused():
    assert refusal(b"cod_mod,anexo\n1,0\n", required=("cod_mod", "codgeo", "cen_edu")).messages == [
        "Faltan las columnas codgeo, cen_edu. La primera fila debe tener los nombres de las columnas."
    ]
    assert refusal(b"cod_mod,COD_MOD\n1,2\n").code == "repeated_columns"
    assert refusal(b"cod_mod,anexo\n\n\n").code == "no_rows"


def test_a_csv_with_an_open_quote_reads_without_a_server_error():
    table = read(b'a,b\n"1,2\n')

    assert len(table) == 1


def test_a_cell_of_a_megabyte_is_refused_in_spanish():
    error = refusal(b'cod_mod,cen_edu\n0218495,"' + b"x" * 1_000_000 + b'"\n', max_bytes=2 * MB)

    assert error.code == "bad_csv"
    assert "ninguna celda sea enorme" in error.messages[0]


# --- Widgets ---------------------------------------------------------------------------
def test_digits_pad_the_leading_zero_excel_dropped_and_refuse_anything_else():
    code = Digits(7, shortest=6, example="0403691")

    assert code.clean("403691") == "0403691"
    assert code.clean(" 0403691 ") == "0403691"
    for bad in ("40369", "04036911", "04O3691", "４０３６９１", "-403691", "4.03691"):
        with pytest.raises(ValueError, match="debe tener 7 dígitos"):
            code.clean(bad)
    with pytest.raises(ValueError, match="Falta el valor"):
        code.clean("")
    assert Digits(6, required=False).clean("") == ""


def test_integers_decimals_text_and_choices_answer_in_spanish():
    assert Integer(maximum=99, default=0).clean("") == 0
    assert Integer(minimum=1, maximum=6).clean("6") == 6
    for bad in ("7", "-1", "2.5", "dos", "1e3", "9" * 400):
        with pytest.raises(ValueError, match="número entero entre 1 y 6"):
            Integer(minimum=1, maximum=6).clean(bad)

    number = DecimalNumber(places=1, minimum=Decimal(0), maximum=Decimal(1000))
    assert number.clean("512,34") == Decimal("512.3")
    assert number.clean("512.35") == Decimal("512.4")
    assert number.clean("") is None
    for bad in ("NaN", "Infinity", "1e400", "1001", "quinientos"):
        with pytest.raises(ValueError, match="número entre 0 y 1000"):
            number.clean(bad)

    with pytest.raises(ValueError, match="el máximo es 5"):
        Text(max_length=5).clean("x" * 6)
    assert Text(max_length=20).clean("  I.E.   N.° 1 ") == "I.E. N.° 1"

    area = Choice({"Urbana": "urbana", "Rural": "rural"}, shown="Urbana, Rural")
    assert area.clean("URBANA") == "urbana"
    assert plain("Polidocente  MULTIGRADO ") == "polidocente multigrado"
    with pytest.raises(ValueError, match="«Periurbana» no es un valor aceptado"):
        area.clean("Periurbana")
