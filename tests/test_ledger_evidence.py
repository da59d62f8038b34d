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
