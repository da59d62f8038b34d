"""The review queue asks first what moves the report: answered or contradicted, then counts, then nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reconcile.adjudicate import review_order, write_run_review
from reconcile.adjudicate.columns import WHAT_IT_CHANGES
from reconcile.adjudicate.impact import IMPACT, Impact, report_impact
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


def test_an_allegation_record_no_reply_answers_meeting_a_reply_row_is_a_headline():
    people = persons(("un_annex", "p1"), ("gov_reply", "p2"))
    assert impact_of(people, 0, 1) is Impact.HEADLINE
    assert impact_of(people, 1, 0) is Impact.HEADLINE  # either side


def test_a_reply_row_meeting_its_first_corroborating_record_is_a_headline_contradiction():
    # The reply row already answers an allegation record; a memorial record would contradict it.
    people = persons(("un_annex", "p1"), ("gov_reply", "p1"), ("memorial", "p2"))
    assert impact_of(people, 1, 2) is Impact.HEADLINE


def test_a_second_contradiction_or_a_second_answer_moves_a_count_only():
    contradicted = persons(("un_annex", "p1"), ("gov_reply", "p1"), ("amnesty", "p1"), ("memorial", "p2"))
    assert impact_of(contradicted, 1, 3) is Impact.COUNT
    answered = persons(("un_annex", "p1"), ("gov_reply", "p1"), ("gov_reply", "p2"), ("un_report", "p2"))
    assert impact_of(answered, 0, 2) is Impact.COUNT
    # Were p1 named by Amnesty, p2's reply row would be contradicted for the first time.
    also_named = persons(*answered[["list_id", "person_id"]].itertuples(index=False), ("amnesty", "p1"))
    assert impact_of(also_named, 0, 2) is Impact.HEADLINE


def test_records_of_two_lists_of_one_source_with_no_reply_move_nothing():
    people = persons(("un_annex", "p1"), ("un_report", "p2"), ("amnesty", "p3"))
    assert impact_of(people, 0, 1) is Impact.NOTHING
    assert impact_of(people, 0, 2) is Impact.COUNT  # a second source names the person


def test_records_already_one_person_move_nothing():
    people = persons(("un_annex", "p1"), ("gov_reply", "p1"))
    assert impact_of(people, 0, 1) is Impact.NOTHING


def test_review_order_puts_touched_pairs_first_then_impact_then_the_likeliest():
    pairs = pd.DataFrame(
        {
            "list_id_l": ["a"] * 5,
            "record_id_l": ["1", "2", "3", "4", "5"],
            "list_id_r": ["b"] * 5,
            "record_id_r": ["1", "2", "3", "4", "5"],
            "match_probability": [0.5, 0.5, 0.9, 0.45, 0.2],
            IMPACT: [Impact.NOTHING, Impact.COUNT, Impact.HEADLINE, Impact.HEADLINE, Impact.NOTHING],
            "decision_note": ["", "", "", "", "unsure (Ana)"],
        }
    )
    assert review_order(pairs)["record_id_l"].tolist() == ["5", "3", "4", "2", "1"]


@pytest.fixture
def workbook(tmp_path):
    """The five records of `adjudicate_data`, each its own person; three pairs in review."""
    recs = data.records()  # annex 1, annex 2, reply R1, reply R2, memorial m1
    spec = [(0, 1, 0.50), (1, 4, 0.45), (0, 2, 0.20)]  # nothing, a count, a headline
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


def test_the_review_sheet_asks_first_what_moves_a_headline_and_says_what_each_decision_changes(workbook):
    header = [cell.value for cell in workbook[1]]
    rows = [[cell.value for cell in row] for row in workbook.iter_rows(min_row=2)]
    shown = [(row[header.index("A id")], row[header.index("B id")]) for row in rows]
    assert shown == [("1", "R1"), ("2", "m1"), ("1", "2")]
    assert [row[header.index(WHAT_IT_CHANGES)] for row in rows] == [
        Impact.HEADLINE.words,
        Impact.COUNT.words,
        Impact.NOTHING.words,
    ]
