"""Hostile and broken input files: each gives a clear message or a row set aside, never a traceback.

Files are built here, in a temporary folder; nothing binary is committed. Encodings, a missing
column, a sheet not found and the basic set-aside rows are in test_load.py; this file adds the rest.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from reconcile.config import load_settings
from reconcile.errors import InputError
from reconcile.load import load
from reconcile.schema import RECORD_ID, raw
from tests.conftest import ANNEX_LIST, settings_text

XLSX_LIST = ANNEX_LIST.replace('path = "annex.csv"', 'path = "annex.xlsx"\nsheet = "Annex"')
HEADER = ["No", "Name", "Place", "Date"]


def _load(project, files: dict[str, str | bytes], lists: str = ANNEX_LIST, extra: str = ""):
    folder = project({"reconcile.toml": settings_text(lists, extra), **files})
    return load(load_settings(folder / "reconcile.toml"))


def _refused(project, files: dict[str, str | bytes], lists: str = ANNEX_LIST, extra: str = "") -> InputError:
    with pytest.raises(InputError) as raised:
        _load(project, files, lists, extra)
    return raised.value


def _workbook(rows: list[list[object]], sheet: str = "Annex", merge: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    if merge:
        worksheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, part: str, change) -> bytes:
    """The same workbook with one part's XML changed: how a crafted file is made."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, change(content) if name == part else content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
PLAIN = _workbook([HEADER, [1, "Ali Rezai", "Evin", ""]])


def _with_doctype(doctype: bytes, cell: bytes):
    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return b'<?xml version="1.0"?>' + doctype + body.replace(b"<t>Ali Rezai</t>", b"<t>" + cell + b"</t>")

    return change


# --- encodings --------------------------------------------------------------------------------------


def test_utf8_persian_with_one_windows_persian_line_is_refused_naming_the_line(project):
    data = "No,Name,Place,Date\n1,علی رضایی,اوین,\n".encode() + "2,حسن كريمي,اوين,\n".encode("cp1256")
    error = _refused(project, {"annex.csv": data})
    assert "annex.csv" in str(error)
    assert "line 3" in str(error)
    assert "save it as UTF-8" in str(error)


def test_a_utf16_file_cut_in_the_middle_of_a_character_is_refused(project):
    data = b"\xff\xfe" + "No,Name,Place,Date\n1,علی,,\n".encode("utf-16-le")[:-1]
    error = _refused(project, {"annex.csv": data})
    assert "annex.csv" in str(error) and "starts as utf-16 but byte" in str(error)


def test_binary_garbage_named_csv_is_a_clear_error(project):
    error = _refused(project, {"annex.csv": bytes(range(256)) * 40})
    assert str(error).startswith(str(project({}) / "annex.csv"))


# --- CSV structure ----------------------------------------------------------------------------------


def test_an_unclosed_quote_is_refused_instead_of_swallowing_the_rows_after_it(project):
    text = 'No,Name,Place,Date\n1,"Ali Rezai,Evin,\n2,Hassan Karimi,Evin,\n3,Zahra Ahmadi,Evin,\n'
    error = _refused(project, {"annex.csv": text})
    assert "quote opened on line 2 is not closed" in str(error)


def test_an_unclosed_quote_closed_rows_later_is_refused(project):
    text = 'No,Name,Place,Date\n1,"Ali Rezai,Evin,\n2,Hassan Karimi,Evin,1988\n3,"Zahra",Evin,\n'
    error = _refused(project, {"annex.csv": text})
    assert "quote opened on line 2 is not closed" in str(error)


def test_a_quoted_place_on_two_lines_with_a_comma_is_one_cell(project):
    """A properly quoted value may hold a line break followed by a comma: it is one cell."""
    text = 'No,Name,Place,Date\n1,Ali Rezai,"Evin prison\nsection 2, ward 3",1988\n2,Hassan Karimi,Evin,\n'
    loaded = _load(project, {"annex.csv": text})
    assert loaded.records[raw("place")].tolist() == ["Evin prison\nsection 2, ward 3", "Evin"]


def test_a_quoted_name_with_a_comma_is_one_cell(project):
    loaded = _load(project, {"annex.csv": 'No,Name,Place,Date\n1,"Rezai, Ali",Evin,\n'})
    assert loaded.records[raw("name")].tolist() == ["Rezai, Ali"]


def test_a_row_with_shifted_columns_is_set_aside(project):
    text = "No,Name,Place,Date\n1,Rezai, Ali,Evin,1988\n2,Hassan Karimi,Evin,\n"
    loaded = _load(project, {"annex.csv": text})
    assert loaded.records[RECORD_ID].tolist() == ["2"]
    line = loaded.quarantine.iloc[0]
    assert line["row"] == 2
    assert "5 cells but the header has 4" in line["problem"]
    assert line["value"] == "1988"


def test_columns_the_header_leaves_unnamed_at_its_end_are_read_as_unmapped_not_as_shifted_rows(project):
    text = "No,Name,Place,Date,,\n1,Ali Rezai,Evin,,a,\n2,Hassan Karimi,Evin,,,b\n3,Rezai, Ali,Evin,,,,x\n"
    loaded = _load(project, {"annex.csv": text})
    assert loaded.records[RECORD_ID].tolist() == ["1", "2"]
    assert loaded.quarantine["row"].tolist() == [4]  # beyond the header row's own cells: shifted


def test_a_cp1256_header_matches_settings_typed_on_a_persian_keyboard(project):
    # cp1256 holds only the Arabic yeh and kaf; the settings were typed with the Persian ones.
    header = "ردیف,نام,زندان,تاریخ,کد"
    lists = (
        '[[lists]]\nid = "memorial"\nrole = "corroborating"\npath = "memorial.csv"\nencoding = "cp1256"\n'
        '[lists.columns]\nrecord_id = "ردیف"\nname = "نام"\nprison = "زندان"\ndate = "تاریخ"\n'
    )
    saved = (header.replace("ی", "ي").replace("ک", "ك") + "\n1,علي رضايي,اوين,\n").encode("cp1256")
    loaded = _load(project, {"memorial.csv": saved}, lists)
    assert loaded.records[raw("name")].tolist() == ["علي رضايي"]
    arabic_settings = lists.replace("ی", "ي").replace("ک", "ك")  # typed as the file is: still read
    assert _load(project, {"memorial.csv": saved}, arabic_settings).records[raw("name")].tolist() == [
        "علي رضايي"
    ]


def test_a_record_id_of_invisible_characters_only_is_no_id(project):
    loaded = _load(project, {"annex.csv": "No,Name,Place,Date\n\u200b,Ali Rezai,Evin,\n2,Hassan Karimi,,\n"})
    assert loaded.records[RECORD_ID].tolist() == ["2"]
    assert loaded.quarantine.iloc[0]["problem"] == "no record id; give the row an id"


def test_title_rows_above_the_header_give_the_row_to_set(project):
    text = "Annex 3: names\nsource: report\nNo,Name,Place,Date\n1,Ali Rezai,Evin,\n"
    error = _refused(project, {"annex.csv": text})
    assert "set header_row = 3 for list 'annex'" in str(error)
    lists = ANNEX_LIST.replace('path = "annex.csv"', 'path = "annex.csv"\nheader_row = 3')
    loaded = _load(project, {"annex.csv": text}, lists)
    assert loaded.records[raw("name")].tolist() == ["Ali Rezai"]
    assert loaded.records["source_row"].tolist() == [4]


def test_a_header_repeated_inside_the_data_is_set_aside(project):
    text = "No,Name,Place,Date\n1,Ali Rezai,Evin,\nNo,Name,Place,Date\n2,Hassan Karimi,Evin,\n"
    loaded = _load(project, {"annex.csv": text})
    assert loaded.records[RECORD_ID].tolist() == ["1", "2"]
    assert loaded.quarantine["problem"].tolist() == ["repeats the header row (pages pasted together?)"]


def test_an_excel_error_value_in_the_name_is_set_aside(project):
    loaded = _load(project, {"annex.csv": "No,Name,Place,Date\n1,#REF!,Evin,\n2,Ali Rezai,,\n"})
    assert loaded.records[RECORD_ID].tolist() == ["2"]
    assert "Excel error" in loaded.quarantine.iloc[0]["problem"]


def test_an_empty_file_and_a_header_only_file(project):
    assert "is empty" in str(_refused(project, {"annex.csv": ""}))
    assert "no data rows" in str(_refused(project, {"annex.csv": "No,Name,Place,Date\n\n\n"}))


def test_a_list_whose_rows_are_all_set_aside_stops_the_run_saying_why(project):
    error = _refused(project, {"annex.csv": "No,Name,Place,Date\n1,,Evin,\n2,,Evin,\n3,42,,\n"})
    assert "all 3 rows were set aside (2 x no name" in str(error) and "1 x name is only digits" in str(error)


def test_a_field_larger_than_the_csv_limit_is_a_clear_error(project):
    error = _refused(project, {"annex.csv": "No,Name,Place,Date\n1," + "a" * 200_000 + ",,\n"})
    assert "not a readable CSV file" in str(error) and "row 2" in str(error)


def test_too_many_rows_and_columns_are_refused(project):
    limits = "[limits]\nmax_rows = 3\nmax_columns = 6"
    rows = "".join(f"{n},Name {n},,\n" for n in range(5))
    assert "max_rows = 3" in str(
        _refused(project, {"annex.csv": "No,Name,Place,Date\n" + rows}, extra=limits)
    )
    wide = "No,Name,Place,Date," + ",".join(f"c{n}" for n in range(10)) + "\n"
    assert "max_columns = 6" in str(_refused(project, {"annex.csv": wide}, extra=limits))


def test_names_in_persian_digits_and_mixed_digits_are_set_aside_but_digits_inside_names_are_kept(project):
    text = "No,Name,Place,Date\n1,۱۲۳,,\n2,١٢ 34,,\n3,Ali Rezai 2,,\n"
    loaded = _load(project, {"annex.csv": text})
    assert loaded.records[RECORD_ID].tolist() == ["3"]
    assert loaded.quarantine["row"].tolist() == [2, 3]


# --- XLSX structure ---------------------------------------------------------------------------------


def test_a_merged_name_cell_is_copied_to_every_row_it_covers(project):
    data = _workbook(
        [HEADER, [1, "Ali Rezai", "Evin", ""], [2, None, "Evin", ""], [3, "Hassan Karimi", None, ""]],
        merge="B2:B3",
    )
    loaded = _load(project, {"annex.xlsx": data}, XLSX_LIST)
    assert loaded.records[raw("name")].tolist() == ["Ali Rezai", "Ali Rezai", "Hassan Karimi"]


def test_a_merged_place_across_rows_and_a_merged_id_set_aside_as_repeats(project):
    data = _workbook([HEADER, [1, "Ali Rezai", "Evin", ""], [None, "Hassan Karimi", None, ""]], merge="A2:A3")
    loaded = _load(project, {"annex.xlsx": data}, XLSX_LIST)
    assert loaded.records[RECORD_ID].tolist() == ["1"]
    assert "already used on row 2" in loaded.quarantine.iloc[0]["problem"]


def test_an_empty_sheet_and_a_workbook_without_the_sheet(project):
    assert "is empty" in str(_refused(project, {"annex.xlsx": _workbook([])}, XLSX_LIST))
    error = _refused(project, {"annex.xlsx": _workbook([HEADER], sheet="Sheet1")}, XLSX_LIST)
    assert "sheet 'Annex' not found; sheets are: Sheet1" in str(error)


def test_without_a_sheet_named_the_first_visible_sheet_is_read(project):
    workbook = openpyxl.Workbook()
    lookup = workbook.active
    lookup.title, lookup.sheet_state = "Codes", "hidden"
    lookup.append(["code", "meaning"])
    workbook.create_sheet("Annex").append(HEADER)
    workbook["Annex"].append([1, "Ali Rezai", "Evin", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    lists = ANNEX_LIST.replace('path = "annex.csv"', 'path = "annex.xlsx"')
    assert _load(project, {"annex.xlsx": buffer.getvalue()}, lists).records[raw("name")].tolist() == [
        "Ali Rezai"
    ]


def test_xlsx_title_rows_give_the_header_row_to_set(project):
    data = _workbook([["Annex 3"], [], HEADER, [1, "Ali Rezai", "Evin", ""]])
    assert "set header_row = 3" in str(_refused(project, {"annex.xlsx": data}, XLSX_LIST))


def test_formatting_left_below_the_table_is_not_rows(project):
    # A crafted dimension and a far-away empty row: neither may become rows or exhaust memory.
    def far_row(xml: bytes) -> bytes:
        xml = xml.replace(b'<dimension ref="A1:D2"', b'<dimension ref="A1:XFD1048576"')
        return xml.replace(b"</sheetData>", b'<row r="900000"><c r="XFD900000" s="0"/></row></sheetData>')

    loaded = _load(project, {"annex.xlsx": _rewrite(PLAIN, SHEET, far_row)}, XLSX_LIST)
    assert loaded.inputs.iloc[0]["rows_read"] == 1


def test_a_formula_with_a_saved_value_reads_the_value(project):
    def formula(xml: bytes) -> bytes:
        return xml.replace(
            b'<c r="B2" t="inlineStr"><is><t>Ali Rezai</t></is></c>',
            b'<c r="B2" t="str"><f>"Ali "&amp;"Rezai"</f><v>Ali Rezai</v></c>',
        )

    loaded = _load(project, {"annex.xlsx": _rewrite(PLAIN, SHEET, formula)}, XLSX_LIST)
    assert loaded.records[raw("name")].tolist() == ["Ali Rezai"]


@pytest.mark.parametrize("saved", [b"", b"<v/>", b"<v></v>"])
def test_a_formula_without_a_saved_value_is_not_read_as_empty(project, saved):
    """Excel leaves no value, other programs an empty one: either way the result is unknown."""

    def formula(xml: bytes) -> bytes:
        return xml.replace(
            b'<c r="B2" t="inlineStr"><is><t>Ali Rezai</t></is></c>',
            b'<c r="B2"><f>CONCAT(E2,F2)</f>' + saved + b"</c>",
        )

    error = _refused(project, {"annex.xlsx": _rewrite(PLAIN, SHEET, formula)}, XLSX_LIST)
    assert (error.row, error.column, error.sheet) == (2, "Name", "Annex")
    assert "CONCAT(E2,F2)" in str(error) and "save it" in str(error)


def test_a_truncated_sheet_xml_is_a_clear_error(project):
    broken = _rewrite(PLAIN, SHEET, lambda xml: xml[: len(xml) // 2])
    error = _refused(project, {"annex.xlsx": broken}, XLSX_LIST)
    assert "cannot read as an Excel workbook" in str(error) and "annex.xlsx" in str(error)


# --- XLSX attacks -----------------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>"
)
EXTERNAL = b'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("part", "doctype", "cell"),
    [
        (SHEET, BILLION_LAUGHS, b"&lol9;"),
        (SHEET, EXTERNAL, b"&xxe;"),
        ("xl/workbook.xml", EXTERNAL, b""),
        ("[Content_Types].xml", BILLION_LAUGHS, b""),
    ],
)
def test_xml_entity_bombs_and_external_entities_are_refused(project, part, doctype, cell):
    data = _rewrite(PLAIN, part, _with_doctype(doctype, cell))
    error = _refused(project, {"annex.xlsx": data}, XLSX_LIST)
    assert "declares a DTD" in str(error) and part in str(error)


def test_a_dtd_after_a_long_prologue_is_still_found(project):
    padding = b"<!--" + b" " * 200_000 + b"-->"
    data = _rewrite(PLAIN, SHEET, _with_doctype(padding + EXTERNAL, b"&xxe;"))
    assert "declares a DTD" in str(_refused(project, {"annex.xlsx": data}, XLSX_LIST))


def test_defusedxml_refuses_entities_that_our_own_check_would_miss(project, monkeypatch):
    """Second line of defence: openpyxl parses with defusedxml, even lazily while rows are read."""
    import openpyxl.xml

    from reconcile import read_xlsx

    assert openpyxl.xml.DEFUSEDXML
    monkeypatch.setattr(read_xlsx, "_check_prologue", lambda *args: None)
    data = _rewrite(PLAIN, SHEET, _with_doctype(EXTERNAL, b"&xxe;"))
    error = _refused(project, {"annex.xlsx": data}, XLSX_LIST)
    assert "XML bomb or XXE" in str(error)
    assert "root:" not in str(error)


def test_openpyxl_without_defusedxml_is_refused(project, monkeypatch):
    import openpyxl.xml

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert "defusedxml" in str(_refused(project, {"annex.xlsx": PLAIN}, XLSX_LIST))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(project):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in zipfile.ZipFile(io.BytesIO(PLAIN)).namelist():
            archive.writestr(name, zipfile.ZipFile(io.BytesIO(PLAIN)).read(name))
        archive.writestr("xl/media/padding.xml", b"\0" * 3_000_000)  # 3 MB that packs to a few KB
    assert len(buffer.getvalue()) < 100_000
    error = _refused(
        project, {"annex.xlsx": buffer.getvalue()}, XLSX_LIST, "[limits]\nmax_xlsx_uncompressed_mb = 2"
    )
    assert "possible zip bomb" in str(error)


def test_a_zip_that_lies_about_its_sizes_cannot_unpack_more_than_it_declares(project):
    """zipfile stops at the declared size, so the declared total is a true bound; the lie is a damaged file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>" + b" " * 2_000_000)
    data = bytearray(buffer.getvalue())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # uncompressed size: "10 bytes"
    error = _refused(project, {"annex.xlsx": bytes(data)}, XLSX_LIST)
    assert "annex.xlsx" in str(error)


def test_an_oversized_file_is_refused_before_it_is_read(project):
    error = _refused(
        project, {"annex.xlsx": PLAIN + b"\0" * 300_000}, XLSX_LIST, "[limits]\nmax_file_mb = 0.1"
    )
    assert "limits.max_file_mb" in str(error)


def test_too_many_sheet_rows_are_refused_while_reading(project):
    data = _workbook([HEADER] + [[n, f"Name {n}", "", ""] for n in range(50)])
    error = _refused(project, {"annex.xlsx": data}, XLSX_LIST, "[limits]\nmax_rows = 10")
    assert "limits.max_rows = 10" in str(error) and error.sheet == "Annex"


def test_a_password_protected_or_old_excel_file_is_a_clear_error(project):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    error = _refused(project, {"annex.xlsx": ole}, XLSX_LIST)
    assert "not an .xlsx workbook" in str(error) and "password" in str(error)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"No,Name,Place,Date\n1,Ali\x00 Rezai,Evin,\n", "holds NUL bytes (the first at byte 24)"),
        (b"PK\x03\x04" + bytes(200), "a zip archive (an .xlsx workbook renamed .csv?"),
        (b"\x1f\x8b\x08" + bytes(200), "gzip-compressed"),
    ],
)
def test_a_stray_nul_or_a_packed_file_named_csv_is_named_for_what_it_is(project, data, said):
    """Read as UTF-16 before, they gave a garbled header and a hunt for the wrong problem."""
    assert said in str(_refused(project, {"annex.csv": data}))
