"""The Summary's headline on a five-person frame: answers per person, claims, and the sources a
pair in review may still change, counted as uncertain."""

from __future__ import annotations

import pandas as pd

from reconcile.report.answers import ALLEGATION_WORDS, ANSWER
from reconcile.report.headline import headline_lines
from reconcile.schema import LEFT_POSITION, PERSON_ID, RIGHT_POSITION, STATUS, Status

# position, list's role, source, person, claim
RECORDS = [
    (0, "allegation", "un", "P1", ""),  # answered "alive"
    (1, "allegation", "un", "P2", ""),  # answered "forged" and "not recognized"
    (2, "allegation", "un", "P3", ""),  # possibly answered; a memorial record may be the same person
    (3, "allegation", "un", "P4", ""),  # never answered, named by the UN and Amnesty
    (4, "reply", "gov", "P1", "alive"),
    (5, "reply", "gov", "P2", "forged"),
    (6, "reply", "gov", "P2", "not_recognized"),
    (7, "corroborating", "memorial", "P9", ""),
    (8, "corroborating", "amnesty", "P4", ""),
    (9, "allegation", "un", "P4", ""),  # a second UN report naming P4: still one source
]
ANSWERS = [
    ALLEGATION_WORDS.answered,
    ALLEGATION_WORDS.answered,
    ALLEGATION_WORDS.possibly,
    ALLEGATION_WORDS.never,
    ALLEGATION_WORDS.never,
]


def _lines(review: list[tuple[int, int]]) -> dict[str, tuple[int, str]]:
    view = pd.DataFrame(
        [(role, source, person, claim) for _, role, source, person, claim in RECORDS],
        columns=["role", "source", PERSON_ID, "claim"],
    )
    alleged = pd.DataFrame({ANSWER: ANSWERS}, index=[0, 1, 2, 3, 9])
    pairs = pd.DataFrame(
        {
            LEFT_POSITION: [a for a, _ in review],
            RIGHT_POSITION: [b for _, b in review],
            STATUS: Status.REVIEW.value,
        }
    ).astype({LEFT_POSITION: int, RIGHT_POSITION: int})
    return {line.item: (line.count, line.arithmetic) for line in headline_lines(view, alleged, pairs)}


def test_persons_are_counted_by_answer_and_claims_once_each():
    lines = _lines([])
    assert lines["persons named by an allegation list"] == (
        4,
        "2 answered + 1 possibly answered (the run cannot tell) + 1 never answered",
    )
    assert lines["of these, answered with the claim 'alive'"][0] == 1
    assert lines["of these, answered with different claims in different reply rows"] == (
        1,
        "1 not recognized and forged",
    )
    assert lines["of these, possibly answered (uncertain: the run cannot tell)"][0] == 1
    assert lines["of these, never answered"][0] == 1
    assert lines["of these, named by 1 independent source"][0] == 3
    assert lines["of these, named by 2 independent sources"][0] == 1


def test_a_pair_in_review_with_another_source_makes_the_count_uncertain():
    assert _lines([])["of these, named by 1 independent source"][1] == (
        "3 certain + 0 uncertain: a pair in review may add a source"
    )
    # P3 ~ the memorial record in review: deciding it may add a source. P4 ~ a record of its own
    # source (the UN) in another person could add none.
    lines = _lines([(2, 7), (3, 0)])
    assert lines["of these, named by 1 independent source"][1] == (
        "2 certain + 1 uncertain: a pair in review may add a source"
    )
