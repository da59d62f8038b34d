"""Every decision takes effect, or the pair says why not: decisions, one-to-one assignment and
clustering together, on a handful of records built by hand."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from reconcile.adjudicate import decisions as D
from reconcile.cluster import persons_of
from reconcile.schema import Role
from reconcile.status import decide_status
from tests.conftest import default_linkage

ROLES = {"annex": Role.ALLEGATION, "reply": Role.REPLY, "memorial": Role.CORROBORATING}
LINKAGE = replace(default_linkage(), near_tie_weight=2.0)


def _records(*keys: str) -> pd.DataFrame:
    """Records named like `reply:R1`, at positions in the order given."""
    return pd.DataFrame([key.split(":") for key in keys], columns=["list_id", "record_id"])


def _pairs(records: pd.DataFrame, rows: list[tuple[int, int, float, str]]) -> pd.DataFrame:
    """The model's pairs: (left, right, weight, status), the status by a probability that gives it."""
    left, right = [r[0] for r in rows], [r[1] for r in rows]
    return pd.DataFrame(
        {
            "list_id_l": records.list_id[left].to_numpy(),
            "record_id_l": records.record_id[left].to_numpy(),
            "list_id_r": records.list_id[right].to_numpy(),
            "record_id_r": records.record_id[right].to_numpy(),
            "left": left,
            "right": right,
            "match_weight": [r[2] for r in rows],
            "match_probability": [0.99 if r[3] == "match" else 0.5 for r in rows],
            "sim_given": 1.0,
        }
    )


def _decided(records: pd.DataFrame, rows: list[tuple[int, int, str]]) -> pd.DataFrame:
    """Standing decisions as `current_decisions` gives them: (left, right, judgement), by Ana."""
    return pd.DataFrame(
        [
            [
                records.list_id[a],
                records.record_id[a],
                records.list_id[b],
                records.record_id[b],
                decision,
                False,
                False,
                False,
                "Ana",
                "",
                f"Ana: {decision}",
                1,
                a,
                b,
            ]
            for a, b, decision in rows
        ],
        columns=list(D.COLUMNS),
    )


def _settle(records: pd.DataFrame, pairs: pd.DataFrame, decided: pd.DataFrame):
    """What a run makes of the model's pairs and the decisions: persons, and every pair's status."""
    assigned = decide_status(pairs, decided, ROLES, LINKAGE)
    persons, settled = persons_of(records, assigned)
    person = dict(zip(persons.list_id + ":" + persons.record_id, persons.person_id, strict=True))
    return person, settled


def _row(pairs: pd.DataFrame, first: str, second: str) -> pd.Series:
    keys = pairs.list_id_l + ":" + pairs.record_id_l, pairs.list_id_r + ":" + pairs.record_id_r
    found = pairs[((keys[0] == first) & (keys[1] == second)) | ((keys[0] == second) & (keys[1] == first))]
    assert len(found) == 1, (first, second)
    return found.iloc[0]


def test_different_breaks_a_link_made_through_a_third_record_and_says_which():
    """annex:1 and reply:R1 are one person only through memorial:m1; the analyst says they are two."""
    records = _records("annex:1", "memorial:m1", "reply:R1")
    pairs = _pairs(records, [(0, 1, 14.0, "match"), (1, 2, 12.0, "match")])
    person, settled = _settle(records, pairs, _decided(records, [(0, 2, "different")]))
    assert person["annex:1"] != person["reply:R1"]
    refused = _row(settled, "memorial:m1", "reply:R1")
    assert refused.status == "review" and "annex:1 and reply:R1" in refused.assignment_note
    decided = _row(settled, "annex:1", "reply:R1")
    assert decided.status == "non-match" and "memorial:m1 - reply:R1" in decided.assignment_note


def test_same_on_two_records_of_one_list_makes_one_person_with_their_counterpart():
    """The reply names one person twice; the model saw a near tie for the annex record."""
    records = _records("annex:1", "reply:R1", "reply:R2")
    pairs = _pairs(records, [(0, 1, 10.0, "match"), (0, 2, 9.5, "match"), (1, 2, 1.0, "review")])
    person, settled = _settle(records, pairs, _decided(records, [(1, 2, "same")]))
    assert person["annex:1"] == person["reply:R1"] == person["reply:R2"]
    assert (settled.status == "match").all()


def test_same_on_a_reply_record_that_already_has_a_counterpart_joins_both():
    """reply:R1 was linked to annex:2 by the model and to annex:1 by an analyst; then an analyst
    says annex:2 is that person too: the annex names them twice, and all three are one person."""
    records = _records("annex:1", "annex:2", "reply:R1")
    pairs = _pairs(records, [(0, 2, 9.0, "review"), (1, 2, 10.0, "match")])
    person, settled = _settle(records, pairs, _decided(records, [(0, 2, "same")]))
    assert person["annex:1"] == person["reply:R1"] != person["annex:2"]
    rival = _row(settled, "annex:2", "reply:R1")
    assert (
        rival.status == "review"
        and "decide same here if annex names this person twice" in rival.decision_note
    )
    person, settled = _settle(records, pairs, _decided(records, [(0, 2, "same"), (1, 2, "same")]))
    assert person["annex:1"] == person["annex:2"] == person["reply:R1"]
    assert (settled.status == "match").all()


def test_a_same_that_cannot_be_applied_says_why_and_what_to_do():
    """Two decisions contradict each other through a model link: the `same` is held back, explained."""
    records = _records("annex:1", "memorial:m1", "reply:R1")
    pairs = _pairs(records, [(0, 1, 14.0, "match"), (1, 2, 3.0, "review"), (0, 2, 1.0, "review")])
    decided = _decided(records, [(1, 2, "same"), (0, 1, "different"), (0, 2, "same")])
    person, settled = _settle(records, pairs, decided)
    held = [_row(settled, "memorial:m1", "reply:R1"), _row(settled, "annex:1", "reply:R1")]
    assert sum(row.status == "review" for row in held) == 1
    explained = next(row for row in held if row.status == "review")
    assert explained.assignment_note.startswith("not applied: it would join annex:1 and memorial:m1")
    assert "change one of the two decisions" in explained.assignment_note
    assert person["annex:1"] != person["memorial:m1"]
