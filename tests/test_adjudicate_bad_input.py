"""A reviewed workbook that is wrong stops with the sheet, row and cell, and imports nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from reconcile.adjudicate import import_decisions, project_id, read_ledger
from reconcile.errors import InputError
from tests.adjudicate_data import PROJECT, export, fill


def _import(folder: Path, project: str = PROJECT):
    return import_decisions(folder, folder / "ledger.csv", project)


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    return fill(
        export(tmp_path / "review.xlsx"),
        {("1", "R1"): ("same", "Ana", ""), ("2", "R2"): ("different", "Ana", "")},
    )


def _error(folder: Path, project: str = PROJECT) -> InputError:
    with pytest.raises(InputError) as caught:
        _import(folder, project)
    assert not (folder / "ledger.csv").exists() or len(read_ledger(folder / "ledger.csv")) == 0
    return caught.value


def test_an_invalid_decision_names_the_cell(reviewed):
    _edit(reviewed, "Review", "B3", "yes")
    error = _error(reviewed.parent)
    assert (error.sheet, error.row, error.column) == ("Review", 3, "decision")
    assert "B3" in str(error) and "same, different, unsure" in str(error) and "nothing" in str(error)


def test_an_edited_id_is_refused(reviewed):
    sheet = openpyxl.load_workbook(reviewed)["Review"]
    column = next(c.column_letter for c in sheet[1] if c.value == "B id")
    _edit(reviewed, "Review", f"{column}2", "R9")
    error = _error(reviewed.parent)
    assert (error.row, error.column) == (2, "B id") and "edited" in str(error)


def test_a_copied_row_is_refused(reviewed):
    book = openpyxl.load_workbook(reviewed)
    sheet = book["Review"]
    for cell in sheet[3]:
        sheet.cell(5, cell.column).value = cell.value
    book.save(reviewed)
    assert _error(reviewed.parent).row == 5


def test_a_missing_column_is_named(reviewed):
    _edit(reviewed, "Review", "D1", "remarks")
    error = _error(reviewed.parent)
    assert (error.sheet, error.row, error.column) == ("Review", 1, "note")


def test_a_workbook_from_another_project_is_refused(reviewed):
    error = _error(reviewed.parent, project=project_id([("other", "Another project")]))
    assert error.sheet == "manifest" and "another project" in str(error)


def test_a_workbook_naming_lists_another_project_declares_is_refused_even_with_declared_lists(reviewed):
    other = project_id([("other", "Another project")])
    with pytest.raises(InputError, match="does not declare: annex"):
        import_decisions(reviewed.parent, reviewed.parent / "ledger.csv", other, declared_lists=["other"])


def test_a_workbook_exported_before_a_list_was_added_or_retitled_is_still_read(reviewed):
    """Its decisions stand: every list it names is still declared (they ended runs before)."""
    grown = project_id(
        [("annex", "UN annex, corrected"), ("reply", "Reply"), ("memorial", "Memorial"), ("new", "New")]
    )
    lists = ["annex", "reply", "memorial", "new"]
    report = import_decisions(reviewed.parent, reviewed.parent / "ledger.csv", grown, declared_lists=lists)
    assert report.added > 0 and len(read_ledger(reviewed.parent / "ledger.csv")) == report.added


def test_an_edited_manifest_is_refused(reviewed):
    _edit(reviewed, "manifest", "C10", "R2")
    assert "edited" in str(_error(reviewed.parent))


def test_a_decision_without_a_reviewer_is_refused(reviewed):
    _edit(reviewed, "Review", "C2", None)
    error = _error(reviewed.parent)
    assert (error.row, error.column) == (2, "reviewer")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    (tmp_path / "notes.xlsx").write_text("just text", encoding="utf-8")
    assert "not an .xlsx workbook" in str(_error(tmp_path))


def test_one_bad_workbook_keeps_the_good_ones_out_of_the_ledger_too(reviewed):
    good = fill(reviewed, {}, out=reviewed.parent / "good.xlsx")
    _edit(reviewed, "Review", "B2", "maybe")
    _error(good.parent)
    reviewed.unlink()
    assert _import(good.parent).added == 2


def test_editor_lock_files_are_not_workbooks(reviewed):
    (reviewed.parent / "~$review.xlsx").write_bytes(b"lock")
    (reviewed.parent / ".~lock.review.xlsx#").write_bytes(b"lock")
    assert _import(reviewed.parent).added == 2


def test_a_ledger_with_another_header_is_refused(reviewed):
    (reviewed.parent / "ledger.csv").write_text("pair,decision\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a decisions ledger"):
        _import(reviewed.parent)


def test_a_reviewed_workbook_declaring_a_dtd_is_refused_before_it_is_parsed(reviewed):
    # Analysts' workbooks pass the same guards as input lists: an XML bomb never reaches openpyxl.
    with zipfile.ZipFile(reviewed) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/"))
    declaration, _, body = parts[sheet].rpartition(b"?>")
    parts[sheet] = declaration + b"?>" * bool(declaration) + b'<!DOCTYPE x [<!ENTITY a "a">]>' + body
    with zipfile.ZipFile(reviewed, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert "declares a DTD" in str(_error(reviewed.parent))
