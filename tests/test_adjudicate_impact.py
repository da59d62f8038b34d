"""The review queue asks first what moves the report's evidence (contradictions, sources naming a
person), then answers, then further lines, then nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reconcile.adjudicate import review_order, write_run_review
from reconcile.adjudicate.columns import WHAT_IT_CHANGES
from reconcile.adjudicate.impact import IMPACT, Impact, figures_moved, report_impact
from reconcile.config import ListSpec
from reconcile.schema import Role
from tests import adjudicate_data as data
from tests.conftest import default_review

LISTS = (
    ListSpec("un_annex", "UN annex", Role.ALLEGATION, Path("a.csv"), {}, source="un"),
    ListSpec("un_report", "UN report", Role.ALLEGATION, Path("b.csv"), {}, source="un"),
    ListSpec("gov_reply", "Government reply", Role.REPLY, Path("c.csv"), {}),
    ListSpec("amnesty", "Amnesty", Role.CORROBORATING, Path("d.csv"), {}),
    ListSpec("memorial", "Memorial", Role.CORROBORATING, Path("e.csv"), {}),
)


def persons(*members: tuple[str, str]) -> pd.DataFrame:
    """One row per record, in position order: (list, person)."""
    return pd.DataFrame(members, columns=["list_id", "person_id"])


def impact_of(people: pd.DataFrame, left: int, right: int) -> Impact:
    pair = pd.DataFrame({"left": [left], "right": [right]})
    return Impact(report_impact(pair, people, LISTS).iloc[0])


def test_an_allegation_record_no_reply_answers_meeting_a_reply_row_decides_an_answer():
    people = persons(("un_annex", "p1"), ("gov_reply", "p2"))
    assert impact_of(people, 0, 1) is Impact.ANSWER
    assert impact_of(people, 1, 0) is Impact.ANSWER  # either side


def test_a_reply_row_meeting_its_first_corroborating_record_is_evidence_a_contradiction():
    # The reply row already answers an allegation record; a memorial record would contradict it.
    people = persons(("un_annex", "p1"), ("gov_reply", "p1"), ("memorial", "p2"))
    assert impact_of(people, 1, 2) is Impact.EVIDENCE


def test_a_second_contradiction_or_a_second_answer_adds_a_line_only():
    # Two reply rows, each answering a UN record and contradicted by Amnesty: joined, each gains a
    # line and neither a source.
    contradicted = persons(
        ("un_annex", "p1"), ("gov_reply", "p1"), ("amnesty", "p1"),
        ("un_report", "p2"), ("gov_reply", "p2"), ("amnesty", "p2"),
    )  # fmt: skip
    assert impact_of(contradicted, 1, 4) is Impact.LINES
    answered = persons(("un_annex", "p1"), ("gov_reply", "p1"), ("gov_reply", "p2"), ("un_report", "p2"))
    assert impact_of(answered, 0, 2) is Impact.LINES
    # Were p1 named by Amnesty, p2's reply row would be contradicted for the first time.
    also_named = persons(*answered[["list_id", "person_id"]].itertuples(index=False), ("amnesty", "p1"))
    assert impact_of(also_named, 0, 2) is Impact.EVIDENCE


def test_a_source_a_person_lacks_is_evidence_even_beside_a_contradiction():
    # Memorial is a second corroborating source: the count of sources naming p1 moves.
    people = persons(("un_annex", "p1"), ("gov_reply", "p1"), ("amnesty", "p1"), ("memorial", "p2"))
    assert impact_of(people, 1, 3) is Impact.EVIDENCE


def test_records_of_two_lists_of_one_source_with_no_reply_move_nothing():
    people = persons(("un_annex", "p1"), ("un_report", "p2"), ("amnesty", "p3"))
    assert impact_of(people, 0, 1) is Impact.NOTHING
    assert impact_of(people, 0, 2) is Impact.EVIDENCE  # a second source names the person


def test_records_already_one_person_move_nothing():
    people = persons(("un_annex", "p1"), ("gov_reply", "p1"))
    assert impact_of(people, 0, 1) is Impact.NOTHING
    pair = pd.DataFrame({"left": [0], "right": [1]})
    assert figures_moved(pair, people, LISTS).to_numpy().sum() == 0


def test_figures_moved_counts_the_records_each_kind_of_figure_moves_on_both_sides():
    # p1: two UN records and a reply row; p2: an Amnesty record.
    people = persons(("un_annex", "p1"), ("un_report", "p1"), ("gov_reply", "p1"), ("amnesty", "p2"))
    moved = figures_moved(pd.DataFrame({"left": [2], "right": [3]}), people, LISTS).iloc[0]
    # The reply row is contradicted; both UN records and the Amnesty record gain a source.
    assert moved[Impact.EVIDENCE.name] == 1 + 2 + 1
    assert moved[Impact.ANSWER.name] == 0  # the UN records are answered already
    assert moved[Impact.LINES.name] == 0


def test_review_order_puts_touched_pairs_first_then_evidence_then_answers_then_the_rest():
    pairs = pd.DataFrame(
        {
            "list_id_l": ["a"] * 5,
            "record_id_l": ["1", "2", "3", "4", "5"],
            "list_id_r": ["b"] * 5,
            "record_id_r": ["1", "2", "3", "4", "5"],
            "match_probability": [0.5, 0.5, 0.3, 0.9, 0.2],
            IMPACT: [Impact.NOTHING, Impact.LINES, Impact.EVIDENCE, Impact.ANSWER, Impact.NOTHING],
            "decision_note": ["", "", "", "", "unsure (Ana)"],
        }
    )
    # A contradiction one time in three comes before an answer nine times in ten.
    assert review_order(pairs)["record_id_l"].tolist() == ["5", "3", "4", "2", "1"]


def test_review_order_asks_the_likeliest_first_within_one_kind():
    pairs = pd.DataFrame(
        {
            "list_id_l": ["a"] * 3,
            "record_id_l": ["1", "2", "3"],
            "list_id_r": ["b"] * 3,
            "record_id_r": ["1", "2", "3"],
            "match_probability": [0.3, 0.8, 0.6],
            IMPACT: [Impact.EVIDENCE] * 3,
        }
    )
    assert review_order(pairs)["record_id_l"].tolist() == ["2", "3", "1"]


@pytest.fixture
def workbook(tmp_path):
    """The five records of `adjudicate_data`, each its own person; three pairs in review."""
    recs = data.records()  # annex 1, annex 2, reply R1, reply R2, memorial m1
    spec = [(0, 1, 0.50), (1, 4, 0.45), (0, 2, 0.20)]  # nothing, evidence (a source), an answer
    frame = data.pairs().iloc[:3].reset_index(drop=True)
    for i, (left, right, probability) in enumerate(spec):
        frame.loc[i, ["left", "right", "match_probability", "status", "assignment_note"]] = [
            left,
            right,
            probability,
            "review",
            "",
        ]
        frame.loc[i, ["list_id_l", "record_id_l"]] = recs.loc[left, ["list_id", "record_id"]].to_numpy()
        frame.loc[i, ["list_id_r", "record_id_r"]] = recs.loc[right, ["list_id", "record_id"]].to_numpy()
    lists = (
        ListSpec("annex", "UN annex", Role.ALLEGATION, Path("a.csv"), {}),
        ListSpec("reply", "Reply", Role.REPLY, Path("b.csv"), {}),
        ListSpec("memorial", "Memorial", Role.CORROBORATING, Path("c.csv"), {}),
    )
    people = recs[["list_id", "record_id"]].assign(person_id=[f"p{i}" for i in range(len(recs))])
    path = write_run_review(
        tmp_path / "review.xlsx",
        frame,
        recs,
        default_review(max_workbook_rows=10, max_link_rows=0),
        "run-1",
        project_id=data.PROJECT,
        persons=people,
        lists=lists,
    )
    book = openpyxl.load_workbook(path)
    yield book["Review"]
    book.close()


def test_the_review_sheet_asks_first_what_moves_the_evidence_and_says_what_each_decision_changes(workbook):
    header = [cell.value for cell in workbook[1]]
    rows = [[cell.value for cell in row] for row in workbook.iter_rows(min_row=2)]
    shown = [(row[header.index("A id")], row[header.index("B id")]) for row in rows]
    assert shown == [("2", "m1"), ("1", "R1"), ("1", "2")]
    assert [row[header.index(WHAT_IT_CHANGES)] for row in rows] == [
        Impact.EVIDENCE.words,
        Impact.ANSWER.words,
        Impact.NOTHING.words,
    ]
