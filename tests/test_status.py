"""What a pair finally is: the model's thresholds, the analysts' decisions, one counterpart per list."""

import numpy as np
import pandas as pd

from reconcile.adjudicate import decisions as D
from reconcile.adjudicate.order import UNSURE, why_in_review
from reconcile.schema import ASSIGNMENT_NOTE, INITIALS, NEAR_TIE, PROBABILITY, STATUS, WEIGHT, Role, Status
from reconcile.status import GIVEN_NAMES_DIFFER, ONE_LIST_GIVEN_NAMES, decide_status
from tests.conftest import default_linkage

LINKAGE = default_linkage()
ROLES = {"annex": Role.ALLEGATION, "reply": Role.REPLY, "memorial": Role.CORROBORATING}
NO_DECISIONS = pd.DataFrame(columns=list(D.COLUMNS))


def _pairs(lists: list[tuple[str, str]], positions: list[tuple[int, int]], **columns) -> pd.DataFrame:
    """Pairs of records `list:position`, with the given score columns."""
    return pd.DataFrame(
        {
            "list_id_l": [a for a, _ in lists],
            "record_id_l": [str(left) for left, _ in positions],
            "list_id_r": [b for _, b in lists],
            "record_id_r": [str(right) for _, right in positions],
            "left": [left for left, _ in positions],
            "right": [right for _, right in positions],
            **columns,
        }
    )


def test_two_records_of_one_list_link_automatically_only_with_the_same_given_name():
    # Siblings share family, father and city; on one list they are likelier than a repeat.
    pairs = _pairs(
        [("memorial", "memorial")] * 3 + [("memorial", "annex")],
        [(0, 1), (2, 3), (4, 5), (6, 7)],
        **{PROBABILITY: [0.999] * 4, WEIGHT: [20.0] * 4, "sim_given": [1.0, np.nan, 0.9, np.nan]},
    )
    status = decide_status(pairs, NO_DECISIONS, ROLES, LINKAGE)[STATUS].tolist()
    assert status == [Status.MATCH.value, Status.REVIEW.value, Status.REVIEW.value, Status.MATCH.value]


def test_an_initial_that_fits_is_not_a_given_name_that_differs():
    # "TALEBI, R." / Reza Talebi and "TALEBI, R." / Hassan Talebi: both score low on similarity.
    pairs = _pairs(
        [("annex", "memorial")] * 2,
        [(0, 1), (2, 3)],
        **{PROBABILITY: [0.99] * 2, WEIGHT: [9.0] * 2, "sim_given": [0.5, 0.3], INITIALS: [True, False]},
    )
    settled = decide_status(pairs, NO_DECISIONS, ROLES, LINKAGE)
    assert settled[STATUS].tolist() == [Status.MATCH.value, Status.REVIEW.value]
    assert settled[ASSIGNMENT_NOTE].tolist() == ["", GIVEN_NAMES_DIFFER]


def test_an_analysts_same_is_never_sent_back_to_review_by_a_near_tie():
    """The model's rival for the same reply record may go to review; the analyst's link stays."""
    pairs = _pairs(
        [("annex", "reply")] * 2,
        [(0, 2), (1, 2)],
        **{PROBABILITY: [0.99, 0.99], WEIGHT: [9.0, 9.5], "sim_given": [1.0, 1.0]},
    )
    same = ["annex", "0", "reply", "2", "same", False, False, False, "Ana", "", "Ana: same", 1, 0, 2]
    decided = pd.DataFrame([same], columns=list(D.COLUMNS))
    settled = decide_status(pairs, decided, ROLES, LINKAGE)
    assert settled[STATUS].tolist() == ["match", "review"]
    assert settled[ASSIGNMENT_NOTE].tolist() == ["", NEAR_TIE]


def test_a_likely_pair_a_rule_holds_back_says_which_rule_and_an_unsure_one_says_so():
    pairs = _pairs(
        [("annex", "memorial"), ("memorial", "memorial"), ("annex", "memorial"), ("annex", "memorial")],
        [(0, 1), (2, 3), (4, 5), (6, 7)],
        **{
            PROBABILITY: [0.99, 0.99, 0.5, 0.01],
            WEIGHT: [9.0, 9.0, 0.0, -9.0],
            "sim_given": [0.3, 0.9, 1.0, 1.0],
        },
    )
    settled = decide_status(pairs, NO_DECISIONS, ROLES, LINKAGE)
    assert settled[STATUS].tolist() == ["review"] * 3 + ["non-match"]
    assert settled[ASSIGNMENT_NOTE].tolist() == [GIVEN_NAMES_DIFFER, ONE_LIST_GIVEN_NAMES, "", ""]
    assert why_in_review(settled).tolist() == [GIVEN_NAMES_DIFFER, ONE_LIST_GIVEN_NAMES, UNSURE, ""]


def test_a_rule_note_does_not_stay_on_a_pair_the_analysts_decided():
    pairs = _pairs(
        [("annex", "memorial")], [(0, 1)], **{PROBABILITY: [0.99], WEIGHT: [9.0], "sim_given": [0.3]}
    )
    same = ["annex", "0", "memorial", "1", "same", False, False, False, "Ana", "", "Ana: same", 1, 0, 1]
    settled = decide_status(pairs, pd.DataFrame([same], columns=list(D.COLUMNS)), ROLES, LINKAGE)
    assert settled[STATUS].tolist() == ["match"]
    assert settled[ASSIGNMENT_NOTE].tolist() == [""]
