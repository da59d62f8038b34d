"""The output folder is the runs' own: a folder of someone else's files is refused, and an output
someone edited since it was written is kept, never replaced or removed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from reconcile.adjudicate import read_ledger
from reconcile.cli import main
from tests.adjudicate_data import fill
from tests.small_scenario import write_small_scenario


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("first")
    write_small_scenario(folder)
    assert _run(folder) == 0
    return folder


def _run(folder: Path) -> int:
    return main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"])


def _copy(first_run: Path, tmp_path: Path) -> Path:
    shutil.copytree(first_run, tmp_path / "project")
    return tmp_path / "project"


def _run_id(folder: Path) -> str:
    return json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))["run_id"]


def test_decisions_typed_into_the_output_review_workbook_are_imported_not_overwritten(
    first_run, tmp_path, capsys
):
    project = _copy(first_run, tmp_path)
    earlier = _run_id(project)
    queue = pd.read_excel(project / "out" / "review.xlsx", sheet_name="Review", dtype=str)
    fill(
        project / "out" / "review.xlsx", {(queue["A id"].iloc[0], queue["B id"].iloc[0]): ("same", "Ana", "")}
    )
    capsys.readouterr()
    assert _run(project) == 0
    copy = project / "decisions" / f"review-edited-{earlier}.xlsx"
    assert copy.is_file()
    assert read_ledger(project / "decisions" / "ledger.csv")["decision"].tolist() == ["same"]
    assert f"copied to {copy}" in capsys.readouterr().out


def test_an_output_edited_since_it_was_written_is_kept_under_another_name(first_run, tmp_path):
    project = _copy(first_run, tmp_path)
    earlier = _run_id(project)
    summary = project / "out" / "sheet_summary.csv"
    annotated = summary.read_text(encoding="utf-8") + "my note,,\n"
    summary.write_text(annotated, encoding="utf-8")
    assert _run(project) == 0
    kept = project / "out" / f"sheet_summary.edited-{earlier}.csv"
    assert kept.read_text(encoding="utf-8") == annotated
    assert "my note" not in summary.read_text(encoding="utf-8")  # this run's own copy beside it


@pytest.mark.parametrize(
    "files",
    [
        {"persons.csv": "my,own,table\n", "notes.txt": "field notes\n"},
        {"manifest.json": json.dumps({"files": {"notes.txt": "x"}}), "notes.txt": "field notes\n"},
    ],
)
def test_a_folder_of_someone_elses_files_is_refused_and_left_as_it_was(first_run, tmp_path, capsys, files):
    project = _copy(first_run, tmp_path)
    shutil.rmtree(project / "out")
    (project / "out").mkdir()
    for name, text in files.items():
        (project / "out" / name).write_text(text, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (project / "out").iterdir()}
    capsys.readouterr()
    assert _run(project) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("reconcile: error: ") and "holds files reconcile did not write" in error
    assert {p.name: p.read_bytes() for p in (project / "out").iterdir()} == before


def test_a_fresh_folder_with_only_hidden_files_is_taken(first_run, tmp_path):
    project = _copy(first_run, tmp_path)
    shutil.rmtree(project / "out")
    (project / "out").mkdir()
    (project / "out" / ".gitkeep").write_text("", encoding="utf-8")
    assert _run(project) == 0
    assert (project / "out" / ".gitkeep").exists() and (project / "out" / "persons.csv").exists()


def test_a_review_workbook_copied_before_any_decision_imports_nothing_and_runs(first_run, tmp_path, capsys):
    """README step 1 done, step 2 not yet: the copy holds no decision (it ended runs on a traceback)."""
    project = _copy(first_run, tmp_path)
    (project / "decisions").mkdir()
    shutil.copy(project / "out" / "review.xlsx", project / "decisions" / "review-ana.xlsx")
    capsys.readouterr()
    assert _run(project) == 0
    assert "decisions: 0 new from 1 workbook(s)" in capsys.readouterr().out
    assert main(["decisions", "import", "--config", str(project / "reconcile.toml")]) == 0


def test_an_output_review_workbook_saved_again_without_decisions_is_simply_replaced(first_run, tmp_path):
    project = _copy(first_run, tmp_path)
    review = project / "out" / "review.xlsx"
    fill(review, {})  # opened and saved, nothing decided
    assert _run(project) == 0
    assert not (project / "decisions").exists() or not list((project / "decisions").glob("review-edited-*"))
