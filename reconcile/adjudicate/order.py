"""The order of the review workbook's sheets: the pairs a decision helps most first."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reconcile.adjudicate.apply import DECISION_NOTE
from reconcile.adjudicate.groups import with_groups
from reconcile.adjudicate.impact import IMPACT, Impact, report_impact
from reconcile.adjudicate.keys import KEY_COLUMNS
from reconcile.adjudicate.questions import (
    ASKED_ABOVE,
    PERSONS_ASKED,
    QUESTION,
    near_tie_questions,
    persons_asked,
)
from reconcile.config import ListSpec, Review
from reconcile.schema import ASSIGNMENT_NOTE, NEAR_TIE, PROBABILITY, STATUS, WEIGHT, Status

UNSURE = "the model is unsure: the probability lies between the review and the match thresholds"


def run_review_queue(
    pairs: pd.DataFrame, persons: pd.DataFrame, lists: Sequence[ListSpec], review: Review
) -> pd.DataFrame:
    """A run's pairs in review (`pairs` is its whole pair table, `persons` its persons in record
    order), each with what deciding it could change and the two persons it would join, in
    `review_order`, then each group's rows together (`groups.with_groups`): the order of the
    review workbook and of the report's Review queue."""
    in_review = pairs[pairs[STATUS] == Status.REVIEW.value]
    ordered = review_order(
        in_review.assign(
            **{
                IMPACT: report_impact(in_review, persons, lists),
                PERSONS_ASKED: persons_asked(in_review, persons),
            }
        )
    )
    return with_groups(ordered, pairs, persons, review)


def review_order(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs in the order a decision helps most, each near tie asked as one question.

    Pairs a human already touched (unsure, stale, conflict) come first; then by what a decision
    changes in the report (`impact.Impact`, when the pairs carry it: a pair that decides whether a
    reply row is contradicted or how many sources name a person, then one that decides whether a
    record is answered, then one that adds a further line, then one that moves nothing); within
    each, the likeliest first; ties by pair key. The pairs of one near tie
    (`questions.near_tie_questions`) then stand together where the first of them stood, the
    likeliest first, with the question's number and the record asked about in `question` and
    `asked`. A pair that would join the same two persons as a pair above it (`questions.persons_asked`,
    when the pairs carry it) asks nothing new: its row goes after all the others, marked
    `asked_above`, and the decision above settles it on the next run.

    Likeliest, not most uncertain: a `different` leaves the persons as they are, so what moves a
    contradiction or a count of sources is a `same`, and the likelier pair is likelier to be one
    (benchmarks/review_rounds.py: after 1,000 decisions, 0.65 of the contradicted reply rows
    found most uncertain first, 0.71 likeliest first, on the demo before its names followed real
    statistics). Likeliest within each kind, not the most records moved first: weighing a pair by
    the records it moves (`impact.figures_moved`) puts persons named many times before lone reply
    rows, and finds fewer contradictions.
    """
    notes = pairs[DECISION_NOTE] if DECISION_NOTE in pairs else pd.Series("", index=pairs.index)
    touched = notes.fillna("").astype(str) != ""
    probability = (
        pairs[PROBABILITY].astype(float) if PROBABILITY in pairs else pd.Series(0.0, index=pairs.index)
    )
    impact = pairs.get(IMPACT, Impact.EVIDENCE.value)
    keyed = pairs.assign(_touched=~touched, _impact=impact, _unlikely=-probability)
    ordered = keyed.sort_values(["_touched", "_impact", "_unlikely", *KEY_COLUMNS], kind="stable")
    questions = near_tie_questions(ordered, NEAR_TIE)
    place = pd.Series(np.arange(len(ordered)), index=ordered.index)
    own = questions[QUESTION].where(questions[QUESTION] > 0, -1 - place)  # a pair in no question: its own
    ordered = ordered.join(questions).assign(_first=place.groupby(own).transform("min"))
    ordered = ordered.sort_values(["_first", "_unlikely"], kind="stable")
    above = np.zeros(len(ordered), dtype=bool)
    if PERSONS_ASKED in ordered:
        above = ordered[PERSONS_ASKED].duplicated().to_numpy() & (ordered[QUESTION] == 0).to_numpy()
    ordered = ordered.assign(**{ASKED_ABOVE: above}).sort_values(ASKED_ABOVE, kind="stable")
    return ordered.drop(columns=["_touched", "_impact", "_unlikely", "_first"])


def link_order(pairs: pd.DataFrame) -> pd.DataFrame:
    """Links in the order a check helps most: the weakest first (lowest probability, then weight),
    ties by pair key."""
    ordered = pairs.assign(_probability=pairs[PROBABILITY].astype(float), _weight=pairs[WEIGHT].astype(float))
    ordered = ordered.sort_values(
        ["_probability", "_weight", *KEY_COLUMNS], kind="stable", na_position="first"
    )
    return ordered.drop(columns=["_probability", "_weight"])


def why_in_review(pairs: pd.DataFrame) -> pd.Series:
    """Per pair: what the analysts said so far (unsure, stale, in conflict) and what held it back
    from a link or made it one (a rule, a near tie, the clustering); a pair in review with neither
    is there because the model is unsure."""
    said = [
        pairs[column].fillna("").astype(str) if column in pairs else pd.Series("", index=pairs.index)
        for column in (DECISION_NOTE, ASSIGNMENT_NOTE)
    ]
    joined = said[0].str.cat(said[1], sep="; ").str.strip("; ")
    return joined.where((joined != "") | (pairs[STATUS] != Status.REVIEW.value), UNSURE)
