"""The analyst's round trip through `reconcile run`: review.xlsx out, decisions in, applied and kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reconcile.cli import main
from tests.small_scenario import write_small_scenario


def _run(folder: Path, capsys) -> str:
    assert (
        main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"])
        == 0
    )
    return capsys.readouterr().out


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _decide(workbook: Path, choices: list[str]) -> list[tuple[str, str, str, str]]:
    """Fill the first rows of the review sheet as an analyst would; return the pair keys decided."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["Review"]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in header}
    decided = []
    for row, choice in enumerate(choices, start=2):
        sheet.cell(row, column["decision"]).value = choice
        sheet.cell(row, column["reviewer"]).value = "Ana"
        ids = [sheet.cell(row, column[name]).value for name in ("A list", "A id", "B list", "B id")]
        decided.append((choice, *sorted([(ids[0], ids[1]), (ids[2], ids[3])])))
    book.save(workbook)
    return decided


def _review_and_rerun(folder: Path, capsys, choices: list[str]):
    write_small_scenario(folder)
    _run(folder, capsys)
    decisions = folder / "decisions"
    decisions.mkdir(exist_ok=True)  # the first run made it: it holds the ledger
    shutil.copy(folder / "out" / "review.xlsx", decisions / "review-ana.xlsx")
    decided = _decide(decisions / "review-ana.xlsx", choices)
    return folder, decided, _run(folder, capsys)


@pytest.fixture
def reviewed(tmp_path, capsys):
    return _review_and_rerun(tmp_path, capsys, ["same", "unsure"])


def _pair_rows(pairs: pd.DataFrame, first: tuple[str, str], second: tuple[str, str]) -> pd.DataFrame:
    forward = (pairs.list_id_l == first[0]) & (pairs.record_id_l == first[1])
    forward &= (pairs.list_id_r == second[0]) & (pairs.record_id_r == second[1])
    backward = (pairs.list_id_l == second[0]) & (pairs.record_id_l == second[1])
    backward &= (pairs.list_id_r == first[0]) & (pairs.record_id_r == first[1])
    return pairs[forward | backward]


def _queued(workbook: Path) -> set[tuple[tuple[str, str], ...]]:
    sheet = openpyxl.load_workbook(workbook)["Review"]
    header = [cell.value for cell in sheet[1]]
    a_list, a_id, b_list, b_id = (header.index(name) for name in ("A list", "A id", "B list", "B id"))
    return {
        tuple(sorted([(row[a_list], row[a_id]), (row[b_list], row[b_id])]))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }


def test_same_links_and_unsure_stays_in_the_queue(reviewed):
    folder, decided, printed = reviewed
    pairs = _read(folder / "out" / "pairs.csv")
    persons = _read(folder / "out" / "persons.csv").set_index(["list_id", "record_id"])["person_id"]
    queued = _queued(folder / "out" / "review.xlsx")
    (_, *same_pair), (_, *unsure_pair) = decided
    assert _pair_rows(pairs, *same_pair).iloc[0].status == "match"
    assert persons[same_pair[0]] == persons[same_pair[1]]
    assert tuple(same_pair) not in queued
    assert _pair_rows(pairs, *unsure_pair).iloc[0].status == "review"
    assert tuple(unsure_pair) in queued
    assert "decisions: 2 new from 1 workbook(s)" in printed
    assert "learning from the decisions moved" in printed


def test_different_keeps_apart_what_the_model_would_send_to_review(tmp_path, capsys):
    folder, decided, _ = _review_and_rerun(tmp_path, capsys, ["different"])
    pairs = _read(folder / "out" / "pairs.csv")
    persons = _read(folder / "out" / "persons.csv").set_index(["list_id", "record_id"])["person_id"]
    ((_, *different_pair),) = decided
    assert _pair_rows(pairs, *different_pair).iloc[0].status == "non-match"
    assert persons[different_pair[0]] != persons[different_pair[1]]
    assert tuple(different_pair) not in _queued(folder / "out" / "review.xlsx")


def test_the_ledger_only_grows_and_a_second_import_adds_nothing(reviewed, capsys):
    folder, _, _ = reviewed
    ledger = folder / "decisions" / "ledger.csv"
    before = ledger.read_bytes()
    assert len(_read(ledger)) == 2
    printed = _run(folder, capsys)
    assert "decisions: 0 new" in printed
    assert ledger.read_bytes() == before
    assert main(["decisions", "import", "--config", str(folder / "reconcile.toml")]) == 0
    assert ledger.read_bytes() == before


def test_an_invalid_decision_stops_the_run_and_imports_nothing(reviewed, capsys):
    folder, _, _ = reviewed
    ledger = folder / "decisions" / "ledger.csv"
    before = ledger.read_bytes()
    shutil.copy(folder / "out" / "review.xlsx", folder / "decisions" / "review-bo.xlsx")
    _decide(folder / "decisions" / "review-bo.xlsx", ["maybe"])
    assert (
        main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"])
        == 2
    )
    error = capsys.readouterr().err
    assert "review-bo.xlsx" in error and "maybe" in error
    assert ledger.read_bytes() == before
