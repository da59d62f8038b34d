"""A near tie is asked as one question: the rival candidates of one record stand together."""

from __future__ import annotations

import openpyxl
import pandas as pd

from reconcile.adjudicate import review_order, write_review_workbook
from reconcile.adjudicate.columns import ASKED_ABOVE_TEXT
from reconcile.adjudicate.questions import ASKED, ASKED_ABOVE, PERSONS_ASKED, QUESTION, near_tie_questions
from reconcile.schema import NEAR_TIE
from tests import adjudicate_data as data


def pairs(*rows: tuple[int, int, float, str]) -> pd.DataFrame:
    """Pairs between the records of `adjudicate_data` by position: (left, right, probability, note)."""
    recs = data.records()
    left, right, probability, note = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "list_id_l": recs["list_id"].to_numpy()[list(left)],
            "record_id_l": recs["record_id"].to_numpy()[list(left)],
            "list_id_r": recs["list_id"].to_numpy()[list(right)],
            "record_id_r": recs["record_id"].to_numpy()[list(right)],
            "left": left,
            "right": right,
            "match_probability": probability,
            "status": "review",
            "assignment_note": note,
        }
    )


def test_the_rivals_of_one_record_are_one_question_about_that_record():
    # annex 1 has two rival candidates on the reply list; annex 2 - memorial is an ordinary pair.
    frame = pairs((0, 2, 0.45, NEAR_TIE), (1, 4, 0.5, ""), (0, 3, 0.40, NEAR_TIE))
    questions = near_tie_questions(frame, NEAR_TIE)
    assert questions[QUESTION].tolist() == [1, 0, 1]
    assert questions[ASKED].tolist() == ["annex:1", "", "annex:1"]


def test_a_near_tie_whose_rival_is_not_in_the_queue_is_no_question():
    frame = pairs((0, 2, 0.45, NEAR_TIE), (1, 3, 0.40, NEAR_TIE))  # two records, one pair each
    assert near_tie_questions(frame, NEAR_TIE)[QUESTION].tolist() == [0, 0]


def test_the_question_stands_where_its_first_pair_stood_the_likeliest_candidate_first():
    frame = pairs((0, 2, 0.45, NEAR_TIE), (1, 4, 0.5, ""), (0, 3, 0.60, NEAR_TIE))
    ordered = review_order(frame)  # likeliest first: 0-3 (0.60), then 1-4 (0.50), then 0-2 (0.45)
    assert list(zip(ordered["record_id_l"], ordered["record_id_r"], strict=True)) == [
        ("1", "R2"),
        ("1", "R1"),
        ("2", "m1"),
    ]


def test_the_review_sheet_shows_one_question_on_each_of_its_rows(tmp_path):
    frame = pairs((0, 2, 0.45, NEAR_TIE), (1, 4, 0.5, ""), (0, 3, 0.60, NEAR_TIE))
    path = write_review_workbook(
        tmp_path / "review.xlsx", review_order(frame), data.records(), "run-1", False, project_id=data.PROJECT
    )
    book = openpyxl.load_workbook(path)
    sheet = book["Review"]
    header = [cell.value for cell in sheet[1]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    links_header = [cell.value for cell in book["Links"][1]]
    book.close()
    assert QUESTION not in links_header  # the Links sheet asks no question
    asked = "1: which of these rows, if any, is annex:1?"
    assert [row[header.index(QUESTION)] for row in rows] == [asked, asked, None]
    assert [row[header.index("decision")] for row in rows] == [None, None, None]  # one decision per pair


def test_a_pair_joining_the_same_two_persons_as_a_row_above_goes_last_and_says_so(tmp_path):
    # annex 1 and memorial m1 are one person: both their pairs with reply R1 ask one question.
    frame = pairs((0, 2, 0.60, ""), (2, 4, 0.55, ""), (1, 3, 0.50, ""))
    frame[PERSONS_ASKED] = ["p0 p2", "p0 p2", "p1 p3"]
    ordered = review_order(frame)
    assert list(zip(ordered["record_id_l"], ordered["record_id_r"], strict=True)) == [
        ("1", "R1"),
        ("2", "R2"),
        ("R1", "m1"),
    ]
    assert ordered[ASKED_ABOVE].tolist() == [False, False, True]
    path = write_review_workbook(
        tmp_path / "review.xlsx", ordered, data.records(), "run-1", False, project_id=data.PROJECT
    )
    book = openpyxl.load_workbook(path)
    sheet = book["Review"]
    column = [cell.value for cell in sheet[1]].index(QUESTION)
    assert [row[column].value for row in sheet.iter_rows(min_row=2)] == [None, None, ASKED_ABOVE_TEXT]
    book.close()
