from __future__ import annotations

import io

import openpyxl
import pytest

from reconcile.config import load_settings
from reconcile.errors import InputError
from reconcile.load import load
from reconcile.schema import RECORD_ID, raw
from tests.conftest import ANNEX_LIST, settings_text

PERSIAN_CSV = "No,Name,Place,Date\n1,محمدحسین رضایی,اوین,۱۳۶۷/۰۵/۱۰\n2,جعفر خرمشاهی,تهران,\n"
ARABIC_KEYBOARD_CSV = "No,Name,Place,Date\n1,محمدحسين رضايي,اوين,1367/05/10\n2,جعفر خرمشاهی,تهران,\n".replace(
    "ی", "ي"
)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("cp1256", b""),
    ],
)
def test_csv_encodings_are_detected(project, encoding, prefix):
    # Windows Persian (cp1256) has no Persian yeh: such files carry the Arabic letter instead.
    text = ARABIC_KEYBOARD_CSV if encoding == "cp1256" else PERSIAN_CSV
    folder = project(
        {"reconcile.toml": settings_text(ANNEX_LIST), "annex.csv": prefix + text.encode(encoding)}
    )
    records = load(load_settings(folder / "reconcile.toml")).records
    assert records[raw("name")].tolist() == [line.split(",")[1] for line in text.splitlines()[1:]]
    assert records[RECORD_ID].tolist() == ["1", "2"]


def test_utf16_without_bom_is_detected(project):
    folder = project(
        {"reconcile.toml": settings_text(ANNEX_LIST), "annex.csv": PERSIAN_CSV.encode("utf-16-le")}
    )
    assert load(load_settings(folder / "reconcile.toml")).records[raw("place")].tolist() == ["اوین", "تهران"]


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_semicolon_files_with_commas_inside_names_split_on_semicolons(project, line_end):
    # csv.Sniffer cannot decide on these lines with Windows line ends.
    lines = [
        "No;Name;Age;Place;Date;Remarks",
        "1;FARHADKHANI, Abu'l Fazl (son of Ebrahim);;Evin Prison, Tehran;August 1988;",
        '2;Muhammad Nasirpour (son of Ali);;;December 1988;"Tudeh Party sympathiser; arrested 1984"',
    ]
    folder = project(
        {"reconcile.toml": settings_text(ANNEX_LIST), "annex.csv": line_end.join(lines) + line_end}
    )
    records = load(load_settings(folder / "reconcile.toml")).records
    assert records[raw("name")].tolist() == [
        "FARHADKHANI, Abu'l Fazl (son of Ebrahim)",
        "Muhammad Nasirpour (son of Ali)",
    ]
    assert records[raw("place")].tolist() == ["Evin Prison, Tehran", ""]


def test_bytes_in_no_known_encoding_name_the_file(project):
    data = b"No,Name,Place,Date\n1,Ren\xe9 \x81\x8d\x8f\x90 M\xfcller,Paris,\n"
    folder = project({"reconcile.toml": settings_text(ANNEX_LIST), "annex.csv": data})
    with pytest.raises(InputError, match=r"annex\.csv.*cannot tell the encoding.*line 2"):
        load(load_settings(folder / "reconcile.toml"))


def test_a_declared_encoding_that_does_not_fit_is_an_error(project):
    text = settings_text(ANNEX_LIST.replace('path = "annex.csv"', 'path = "annex.csv"\nencoding = "utf-8"'))
    folder = project({"reconcile.toml": text, "annex.csv": ARABIC_KEYBOARD_CSV.encode("cp1256")})
    with pytest.raises(InputError, match="not valid utf-8"):
        load(load_settings(folder / "reconcile.toml"))


@pytest.mark.parametrize("declared", ["cp1256", "cp1252", "latin-1"])
def test_a_utf8_file_declared_as_a_single_byte_code_page_is_refused_with_what_to_declare(project, declared):
    """A single-byte code page decodes any bytes: the run would go on with every Persian name garbled."""
    text = settings_text(
        ANNEX_LIST.replace('path = "annex.csv"', f'path = "annex.csv"\nencoding = "{declared}"')
    )
    folder = project({"reconcile.toml": text, "annex.csv": PERSIAN_CSV.encode("utf-8")})
    with pytest.raises(
        InputError, match=rf'annex\.csv.*declared encoding = "{declared}" but the file is UTF-8.*"utf-8"'
    ):
        load(load_settings(folder / "reconcile.toml"))


def test_a_western_european_file_reads_when_its_encoding_is_declared(project):
    text = settings_text(ANNEX_LIST.replace('path = "annex.csv"', 'path = "annex.csv"\nencoding = "cp1252"'))
    csv_text = "No,Name,Place,Date\n1,Hossein Réza'i,Téhéran,août 1988\n"
    folder = project({"reconcile.toml": text, "annex.csv": csv_text.encode("cp1252")})
    records = load(load_settings(folder / "reconcile.toml")).records
    assert records[raw("place")].tolist() == ["Téhéran"]


def test_a_missing_mapped_column_names_the_column_and_the_columns_found(project):
    folder = project(
        {"reconcile.toml": settings_text(ANNEX_LIST), "annex.csv": "No,Full name,Place,Date\n1,A B,,\n"}
    )
    with pytest.raises(InputError) as raised:
        load(load_settings(folder / "reconcile.toml"))
    assert "column 'Name' (mapped to name)" in str(raised.value)
    assert "'Full name'" in str(raised.value)


def _xlsx(rows: list[list[object]], sheet: str = "Annex") -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_LIST = ANNEX_LIST.replace('path = "annex.csv"', 'path = "annex.xlsx"\nsheet = "Annex"')


def test_xlsx_cells_become_verbatim_text(project):
    import datetime as dt

    data = _xlsx(
        [
            ["No", "Name", "Place", "Date"],
            [1, "Mohammad Rezai", "Evin", dt.datetime(1988, 8, 4)],
            [2.0, "Ali", None, "Aug 1988"],
        ]
    )
    folder = project({"reconcile.toml": settings_text(XLSX_LIST), "annex.xlsx": data})
    records = load(load_settings(folder / "reconcile.toml")).records
    assert records[RECORD_ID].tolist() == ["1", "2"]
    assert records[raw("date")].tolist() == ["1988-08-04", "Aug 1988"]
    assert records[raw("place")].tolist() == ["Evin", ""]


def test_xlsx_sheet_not_found_lists_the_sheets(project):
    folder = project(
        {"reconcile.toml": settings_text(XLSX_LIST), "annex.xlsx": _xlsx([["No", "Name"]], sheet="Other")}
    )
    with pytest.raises(InputError, match="sheet 'Annex' not found; sheets are: Other"):
        load(load_settings(folder / "reconcile.toml"))


def test_a_file_that_is_not_a_workbook_is_refused(project):
    folder = project({"reconcile.toml": settings_text(XLSX_LIST), "annex.xlsx": b"not a zip"})
    with pytest.raises(InputError, match="not an .xlsx workbook"):
        load(load_settings(folder / "reconcile.toml"))


def test_bad_rows_are_set_aside_with_file_row_and_column_and_counts_add_up(project):
    csv_text = (
        "No,Name,Place,Date\n"
        "1,Ali Rezai,Evin,\n"
        ",Hassan Karimi,,\n"  # no id
        "1,Zahra Ahmadi,,\n"  # id used again
        "3,,Evin,\n"  # no name
        "4,۱۲۳۴,,\n"  # a number in the name column
        "1,Ali Rezai,Evin,\n"  # exact repeat of row 2
        ",,,\n"  # empty
        "5,Mehdi Kazemi,,\n"
    )
    folder = project({"reconcile.toml": settings_text(ANNEX_LIST), "annex.csv": csv_text})
    loaded = load(load_settings(folder / "reconcile.toml"))
    assert loaded.records[RECORD_ID].tolist() == ["1", "5"]
    problems = dict(zip(loaded.quarantine["row"], loaded.quarantine["problem"], strict=True))
    assert set(problems) == {3, 4, 5, 6, 7, 8}
    assert "no record id" in problems[3]
    assert "already used on row 2" in problems[4]
    assert "no name" in problems[5]
    assert "only digits" in problems[6]
    assert "repeats row 2" in problems[7]
    assert problems[8] == "empty row"
    assert set(loaded.quarantine["file"]) == {"annex.csv"}
    line = loaded.inputs.iloc[0]
    assert line["rows_read"] == line["records"] + line["quarantined"] == 8


def test_a_mapped_column_named_twice_in_the_header_is_refused_naming_both(project):
    """Reading the first of two 'Name' columns would drop the other without a word."""
    folder = project(
        {
            "reconcile.toml": settings_text(ANNEX_LIST),
            "annex.csv": "No,Name,Place,Date,Name\n1,Ali Rezaei,Evin,,Reza Karimi\n",
        }
    )
    with pytest.raises(InputError, match=r"names column 'Name' \(mapped to name\) 2 times \(columns 2, 5\)"):
        load(load_settings(folder / "reconcile.toml"))
