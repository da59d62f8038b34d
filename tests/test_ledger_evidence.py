"""Decisions are evidence: a damaged ledger line, a workbook in another format or a doubled column
stops the import with the file, line and column; a line deleted from the ledger can come back."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from reconcile.adjudicate import import_decisions, read_ledger
from reconcile.adjudicate import ledger as L
from reconcile.errors import InputError
from tests.adjudicate_data import PROJECT, export, fill

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
