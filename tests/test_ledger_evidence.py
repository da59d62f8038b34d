"""Decisions are evidence: a damaged ledger line, a workbook in another format or a doubled column
stops the import with the file, line and column; a line deleted from the ledger can come back."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from reconcile.adjudicate import current_decisions, import_decisions, project_id, read_ledger
from reconcile.adjudicate import ledger as L
from reconcile.errors import InputError
from tests.adjudicate_data import PROJECT, export, fill, records

CHAIN = "line_sha256"
THREE = {
    ("1", "R1"): ("same", "Ana", "same father"),
    ("2", "R2"): ("different", "Ana", ""),
    ("R1", "m1"): ("unsure", "Ana", "ask Bo"),
}


def _import(folder: Path, project: str = PROJECT) -> L.ImportReport:
    return import_decisions(folder, folder / "ledger.csv", project)


def _lines(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, lines: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(lines)


def _edit(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    lines = _lines(path)
    change(lines)
    _write(path, lines)


def _renumber(lines: list[list[str]]) -> None:
    for seq, line in enumerate(lines[1:], start=1):
        line[0] = str(seq)


def _refused(folder: Path) -> InputError:
    """The ledger is refused both when read and when decisions are imported into it."""
    ledger = folder / "ledger.csv"
    before = ledger.read_bytes()
    with pytest.raises(InputError) as read:
        read_ledger(ledger)
    with pytest.raises(InputError) as imported:
        _import(folder)
    assert str(read.value) == str(imported.value)
    assert ledger.read_bytes() == before  # nothing appended to, or rewritten in, a damaged ledger
    assert read.value.path == ledger and "ledger.csv" in str(read.value)
    return read.value


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    fill(export(tmp_path / "review.xlsx"), THREE)
    assert _import(tmp_path).added == 3
    return tmp_path


def _column(name: str) -> int:
    return L.COLUMNS.index(name)


# 1. Every ledger line is checked when read ---------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("decision", "maybe", "same, different, unsure"),
        ("decision", "Same", "same, different, unsure"),
        ("seq", "", "positive whole number"),
        ("seq", "two", "positive whole number"),
        ("seq", "0", "positive whole number"),
        ("imported_at", "yesterday", "ISO 8601"),
        ("imported_at", "", "ISO 8601"),
        ("reviewer", "", "empty"),
        ("record_id_l", "", "empty"),
        ("record_hash_r", "d41d8cd98f", "64 hexadecimal"),
        ("sheet_row", "two", "positive whole number"),
    ],
)
def test_a_bad_value_on_a_ledger_line_names_the_line_the_column_and_what_is_valid(
    folder, column, value, expected
):
    def change(lines: list[list[str]]) -> None:
        lines[2][_column(column)] = value

    _edit(folder / "ledger.csv", change)
    error = _refused(folder)
    assert (error.row, error.column) == (3, column)
    assert expected in error.problem
    assert "backup" in error.problem  # how to recover


def test_a_line_cut_short_names_its_first_missing_column(folder):
    def change(lines: list[list[str]]) -> None:
        lines[2] = lines[2][:7]

    _edit(folder / "ledger.csv", change)
    error = _refused(folder)
    assert (error.row, error.column) == (3, L.COLUMNS[7])
    assert "7 fields" in error.problem and "cut short" in error.problem


def test_a_line_with_a_field_too_many_is_refused(folder):
    _edit(folder / "ledger.csv", lambda lines: lines[1].append("extra"))
    error = _refused(folder)
    assert error.row == 2 and "fields" in error.problem


def test_a_seq_that_does_not_follow_on_says_a_line_was_duplicated_reordered_or_deleted(folder):
    _edit(folder / "ledger.csv", lambda lines: lines.insert(3, list(lines[2])))
    error = _refused(folder)
    assert (error.row, error.column) == (4, "seq")
    assert "expected 3" in error.problem and "duplicated" in error.problem


def test_the_line_number_counts_text_lines_when_a_note_spans_two(tmp_path):
    fill(
        export(tmp_path / "review.xlsx"),
        {("1", "R1"): ("same", "Ana", "father\nand city agree"), ("2", "R2"): ("different", "Ana", "")},
    )
    assert _import(tmp_path).added == 2
    _edit(tmp_path / "ledger.csv", lambda lines: lines[2].__setitem__(_column("decision"), "maybe"))
    assert _refused(tmp_path).row == 4  # the header, a line written on two, then the bad one


def test_a_ledger_that_is_not_utf8_names_the_line(folder):
    ledger = folder / "ledger.csv"
    data = ledger.read_bytes().split(b"\n")
    data[2] = data[2].replace(b"Ana", b"Ana\xe9", 1)
    ledger.write_bytes(b"\n".join(data))
    error = _refused(folder)
    assert error.row == 3 and "UTF-8" in error.problem


def test_an_empty_ledger_file_is_an_empty_ledger(tmp_path):
    fill(export(tmp_path / "review.xlsx"), THREE)
    (tmp_path / "ledger.csv").write_bytes(b"")
    assert read_ledger(tmp_path / "ledger.csv").empty
    assert _import(tmp_path).added == 3
    assert len(read_ledger(tmp_path / "ledger.csv")) == 3


# 2. Each line carries a check over itself and every line before it ---------------------------------


def test_every_line_carries_a_check_that_read_ledger_leaves_out(folder):
    lines = _lines(folder / "ledger.csv")
    assert lines[0] == [*L.COLUMNS, CHAIN]
    assert all(len(line[-1]) == 64 for line in lines[1:])
    assert len({line[-1] for line in lines[1:]}) == 3
    frame = read_ledger(folder / "ledger.csv")
    assert tuple(frame.columns) == L.COLUMNS and frame["seq"].tolist() == [1, 2, 3]
    assert len(current_decisions(frame, records())) == 3


def _swap(lines: list[list[str]]) -> None:
    lines[1], lines[2] = lines[2], lines[1]
    _renumber(lines)


def _duplicate(lines: list[list[str]]) -> None:
    lines.insert(3, list(lines[2]))
    _renumber(lines)


def _delete(lines: list[list[str]]) -> None:
    del lines[2]
    _renumber(lines)


def _hand_edit(lines: list[list[str]]) -> None:
    lines[2][_column("reviewer")] = "Bo"  # a valid value, but not what was imported


def _reword(lines: list[list[str]]) -> None:
    lines[3][_column("decision")] = "same"


@pytest.mark.parametrize(
    ("change", "row"),
    [(_hand_edit, 3), (_reword, 4), (_duplicate, 4), (_swap, 2), (_delete, 3)],
)
def test_an_edited_duplicated_reordered_or_deleted_line_is_refused_with_how_to_recover(folder, change, row):
    _edit(folder / "ledger.csv", change)
    error = _refused(folder)
    assert error.row == row and error.column == CHAIN
    assert "edited, duplicated, reordered or deleted" in error.problem
    assert "backup" in error.problem and f"line {row}" in error.problem
    assert "import" in error.problem and "review.xlsx" in error.problem  # the workbooks to import again


def test_the_recovery_the_error_suggests_works(folder):
    _edit(folder / "ledger.csv", _hand_edit)
    _refused(folder)
    _edit(folder / "ledger.csv", lambda lines: lines.__delitem__(slice(2, None)))  # line 3 on removed
    report = _import(folder)
    assert report.added == 2 and report.files_read == ["review.xlsx"]
    assert read_ledger(folder / "ledger.csv")["reviewer"].tolist() == ["Ana"] * 3


def _legacy(folder: Path) -> list[list[str]]:
    """Turn the folder's ledger into one written before lines carried a check."""
    lines = _lines(folder / "ledger.csv")
    if lines[0][-1] == CHAIN:
        lines = [line[:-1] for line in lines]
    _write(folder / "ledger.csv", lines)
    return lines


def test_a_ledger_without_checks_is_read_and_gains_them_on_the_next_import(folder):
    legacy = _legacy(folder)
    assert read_ledger(folder / "ledger.csv")["decision"].tolist() == ["same", "different", "unsure"]
    assert _import(folder).added == 0  # nothing to append: the file stays as it was
    assert _lines(folder / "ledger.csv") == legacy
    fill(folder / "review.xlsx", {("R1", "m1"): ("same", "Bo", "")}, out=folder / "bo.xlsx")
    report = _import(folder)
    assert report.added == 1 and report.upgraded and "check" in report.summary()
    lines = _lines(folder / "ledger.csv")
    assert lines[0] == [*L.COLUMNS, CHAIN]
    assert [line[:-1] for line in lines[:4]] == legacy  # every old field kept as it was
    assert read_ledger(folder / "ledger.csv")["reviewer"].tolist() == ["Ana", "Ana", "Ana", "Bo"]
    _edit(folder / "ledger.csv", _hand_edit)  # from now on an edit is seen, on the old lines too
    assert _refused(folder).row == 3


def test_a_ledger_without_checks_still_has_its_values_checked(folder):
    _legacy(folder)
    _edit(folder / "ledger.csv", lambda lines: lines[1].__setitem__(_column("decision"), "maybe"))
    assert (_refused(folder).row, _refused(folder).column) == (2, "decision")


# 3. A decision missing from the ledger can be imported again ---------------------------------------


def test_a_decision_removed_from_the_ledger_comes_back_when_its_workbook_is_imported_again(folder):
    before = _lines(folder / "ledger.csv")
    _edit(folder / "ledger.csv", lambda lines: lines.pop())
    report = _import(folder)
    assert report.added == 1 and report.files_read == ["review.xlsx"] and not report.files_already_imported
    after = _lines(folder / "ledger.csv")
    assert [line[: _column("imported_at")] for line in after] == [
        line[: _column("imported_at")] for line in before
    ]
    again = _import(folder)
    assert again.added == 0 and again.files_already_imported == ["review.xlsx"]
    assert "already imported" in again.summary()


def test_reimporting_two_workbooks_that_disagree_adds_nothing(tmp_path):
    path = export(tmp_path / "review.xlsx")
    fill(path, {("1", "R1"): ("same", "Ana", "")}, out=tmp_path / "a.xlsx")
    path.unlink()
    assert _import(tmp_path).added == 1
    fill(tmp_path / "a.xlsx", {("1", "R1"): ("different", "Ana", "")}, out=tmp_path / "b.xlsx")
    assert _import(tmp_path).added == 1
    report = _import(tmp_path)  # Ana's later word stands; reading a.xlsx again must not repeat hers
    assert report.added == 0 and report.files_already_imported == ["a.xlsx", "b.xlsx"]
    assert read_ledger(tmp_path / "ledger.csv")["decision"].tolist() == ["same", "different"]


def test_a_workbook_already_imported_is_not_refused_after_the_lists_changed(folder):
    report = _import(folder, project=project_id([("annex", "UN annex, corrected")]))
    assert report.added == 0 and report.files_already_imported == ["review.xlsx"]


# 4. Workbooks in another format are refused by name -------------------------------------------------


@pytest.mark.parametrize("name", ["REV.XLSX", "a.Xlsx"])
def test_a_workbook_whose_extension_is_not_lower_case_is_read(tmp_path, name):
    fill(export(tmp_path / "review.xlsx"), THREE, out=tmp_path / name)
    (tmp_path / "review.xlsx").unlink()
    report = _import(tmp_path)
    assert report.added == 3 and report.files_read == [name]


@pytest.mark.parametrize("name", ["review.ods", "review.xls", "review.xlsm", "review.csv", "Review.ODS"])
def test_a_workbook_in_another_format_is_refused_by_name(tmp_path, name):
    fill(export(tmp_path / "review.xlsx"), THREE)
    (tmp_path / name).write_bytes(b"saved by another program")
    with pytest.raises(InputError) as caught:
        _import(tmp_path)
    assert caught.value.path == tmp_path / name
    assert name in str(caught.value) and "save it as .xlsx" in str(caught.value)
    assert not (tmp_path / "ledger.csv").exists()  # the good workbook waits too


def test_a_workbook_in_another_format_given_by_its_path_is_refused(tmp_path):
    path = tmp_path / "review.ods"
    path.write_bytes(b"saved by another program")
    with pytest.raises(InputError, match="save it as .xlsx"):
        import_decisions(path, tmp_path / "decisions" / "ledger.csv", PROJECT)


def test_lock_files_hidden_files_the_ledger_and_other_documents_are_left_alone(folder):
    for name in ("~$review.xlsx", ".~lock.review.xlsx#", ".hidden.xlsx", "notes.txt", "scan.pdf"):
        (folder / name).write_bytes(b"not a workbook")
    (folder / "old").mkdir()
    (folder / "old" / "review.ods").write_bytes(b"in a sub-folder")
    report = _import(folder)
    assert report.added == 0 and report.files_already_imported == ["review.xlsx"]


# 5. A review sheet with a column twice is refused ---------------------------------------------------


@pytest.mark.parametrize("name", ["decision", "reviewer", "note", "Decision "])
def test_a_review_sheet_with_a_column_twice_names_both_cells(tmp_path, name):
    path = fill(export(tmp_path / "review.xlsx"), THREE)
    book = openpyxl.load_workbook(path)
    sheet = book["Review"]
    header = [c.value for c in sheet[1]]
    first = next(c.coordinate for c in sheet[1] if c.value == name.strip().casefold())
    spare = sheet.cell(1, len(header) + 1)
    spare.value = name
    book.save(path)
    with pytest.raises(InputError) as caught:
        _import(tmp_path)
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("Review", 1, name.strip().casefold())
    assert first in str(error) and spare.coordinate in str(error) and "twice" in str(error)
    assert not (tmp_path / "ledger.csv").exists()


def test_a_workbook_path_that_does_not_exist_is_refused_not_taken_for_no_decisions(tmp_path):
    with pytest.raises(InputError, match="not found"):
        import_decisions(tmp_path / "reveiw.xlsx", tmp_path / "decisions" / "ledger.csv", PROJECT)
    assert _import(tmp_path / "decisions").added == 0  # the decisions folder itself may not exist yet


def test_a_note_holding_a_carriage_return_reads_back_as_typed(tmp_path):
    path = fill(
        export(tmp_path / "review.xlsx"), {("1", "R1"): ("different", "Ana", "father differsCRcheck")}
    )
    with zipfile.ZipFile(path) as archive:  # a carriage return as another program may save it
        parts = {
            name: archive.read(name).replace(b"differsCRcheck", b"differs&#13;check")
            for name in archive.namelist()
        }
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert _import(tmp_path).added == 1
    assert read_ledger(tmp_path / "ledger.csv")["note"].tolist() == ["father differs\rcheck"]
