"""Decisions over several runs: a decided pair stays decided, and importing again adds nothing."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pandas as pd

from reconcile.cli import main
from tests.small_scenario import write_small_scenario

KEY = ("A list", "A id", "B list", "B id")


def _scenario_with_a_reply_that_names_a_person_twice(folder: Path) -> dict[tuple[str, str], str]:
    """The small scenario, its reply listing one person a second time; the truth, record -> person."""
    write_small_scenario(folder)
    with (folder / "reply.csv").open(encoding="utf-8", newline="") as file:
        reply = list(csv.reader(file))
    twice = next(row for row in reply if row[0] == "R004")
    with (folder / "reply.csv").open("a", encoding="utf-8", newline="") as file:
        csv.writer(file).writerow(["R004-bis", *twice[1:]])
    truth = pd.read_csv(folder / "truth.csv", dtype=str)
    person = dict(zip(zip(truth.list_id, truth.record_id, strict=True), truth.person_id, strict=True))
    person[("reply", "R004-bis")] = person[("reply", "R004")]
    return person


def _run(folder: Path) -> None:
    command = ["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"]
    assert main(command) == 0


def _decide_from_truth(
    workbook: Path, person: dict[tuple[str, str], str], rows: slice, out: Path
) -> dict[tuple[tuple[str, str], ...], str]:
    """Decide the `rows` of the review sheet (0 is its first) as the truth says; the decisions by pair."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["Review"]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in header}
    decided = {}
    for row in list(range(2, sheet.max_row + 1))[rows]:
        a_list, a_id, b_list, b_id = (str(sheet.cell(row, column[name]).value) for name in KEY)
        choice = "same" if person[(a_list, a_id)] == person[(b_list, b_id)] else "different"
        sheet.cell(row, column["decision"]).value = choice
        sheet.cell(row, column["reviewer"]).value = "Ana"
        decided[tuple(sorted([(a_list, a_id), (b_list, b_id)]))] = choice
    book.save(out)
    return decided


def _queued(workbook: Path) -> dict[tuple[tuple[str, str], ...], str]:
    """The pairs in the review sheet, each with its 'why in review'."""
    frame = pd.read_excel(workbook, sheet_name="Review", dtype=str, keep_default_na=False)
    return {
        tuple(sorted([(row[KEY[0]], row[KEY[1]]), (row[KEY[2]], row[KEY[3]])])): row["why in review"]
        for _, row in frame.iterrows()
    }


def _person_of(folder: Path) -> dict[tuple[str, str], str]:
    persons = pd.read_csv(folder / "out" / "persons.csv", dtype=str)
    return dict(zip(zip(persons.list_id, persons.record_id, strict=True), persons.person_id, strict=True))


def test_decided_pairs_do_not_come_back_over_three_runs_and_each_takes_effect(tmp_path):
    """One decision a run, from the end of the sheet (the near tie between the reply's two records
    of one person), the workbooks left in the folder and imported at every run."""
    person = _scenario_with_a_reply_that_names_a_person_twice(tmp_path)
    decisions = tmp_path / "decisions"
    decided: dict[tuple[tuple[str, str], ...], str] = {}
    for run in range(1, 4):
        _run(tmp_path)
        returned = {
            pair: why for pair, why in _queued(tmp_path / "out" / "review.xlsx").items() if pair in decided
        }
        assert returned == {}
        linked = _person_of(tmp_path)
        for (first, second), choice in decided.items():
            assert (linked[first] == linked[second]) == (choice == "same"), (first, second, choice)
        ledger = decisions / "ledger.csv"
        assert len(pd.read_csv(ledger)) == len(decided) if ledger.exists() else not decided
        decisions.mkdir(exist_ok=True)
        decided |= _decide_from_truth(
            tmp_path / "out" / "review.xlsx",
            person,
            rows=slice(-1, None),
            out=decisions / f"review-{run}.xlsx",
        )
    assert any(choice == "same" for choice in decided.values())


def test_the_same_decision_given_again_in_another_runs_workbook_adds_no_ledger_line(tmp_path):
    """Two runs export the same pairs under other row ids; the analyst decides both copies alike."""
    person = _scenario_with_a_reply_that_names_a_person_twice(tmp_path)
    _run(tmp_path)
    shutil.copy(tmp_path / "out" / "review.xlsx", tmp_path / "first-run.xlsx")
    _run(tmp_path)
    decisions = tmp_path / "decisions"
    decisions.mkdir(exist_ok=True)
    decided = _decide_from_truth(
        tmp_path / "first-run.xlsx", person, rows=slice(2), out=decisions / "ana-1.xlsx"
    )
    assert (
        _decide_from_truth(
            tmp_path / "out" / "review.xlsx", person, rows=slice(2), out=decisions / "ana-2.xlsx"
        )
        == decided
    )
    _run(tmp_path)
    _run(tmp_path)
    assert len(pd.read_csv(decisions / "ledger.csv")) == len(decided)


def _links(workbook: Path) -> pd.DataFrame:
    return pd.read_excel(workbook, sheet_name="Links", dtype=str, keep_default_na=False)


def test_every_automatic_link_can_be_broken_from_the_links_sheet_weakest_first(tmp_path):
    _scenario_with_a_reply_that_names_a_person_twice(tmp_path)
    with (tmp_path / "reconcile.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[review]\nmax_link_rows = 5\n")
    _run(tmp_path)
    links = _links(tmp_path / "out" / "review.xlsx")
    pairs = pd.read_csv(tmp_path / "out" / "pairs.csv", dtype=str, keep_default_na=False)
    matches = pairs[pairs.status == "match"]
    assert len(links) == 5 < len(matches)
    # pairs.csv rounds probabilities to 6 decimals
    weakest_five = sorted(matches.match_probability.astype(float))[:5]
    assert links["probability"].astype(float).round(6).tolist() == weakest_five
    # An analyst breaks the weakest link, saying the two are different people.
    weakest = links.iloc[0]
    book = openpyxl.load_workbook(tmp_path / "out" / "review.xlsx")
    sheet = book["Links"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(2, header.index("decision") + 1).value = "different"
    sheet.cell(2, header.index("reviewer") + 1).value = "Ana"
    (tmp_path / "decisions").mkdir(exist_ok=True)
    book.save(tmp_path / "decisions" / "links-ana.xlsx")
    _run(tmp_path)
    linked = _person_of(tmp_path)
    first, second = (weakest[KEY[0]], weakest[KEY[1]]), (weakest[KEY[2]], weakest[KEY[3]])
    assert linked[first] != linked[second]
    assert pd.read_csv(tmp_path / "decisions" / "ledger.csv", dtype=str).decision.tolist() == ["different"]
    shown = _links(tmp_path / "out" / "review.xlsx")
    assert tuple(weakest[list(KEY)]) not in set(shown[list(KEY)].itertuples(index=False, name=None))
