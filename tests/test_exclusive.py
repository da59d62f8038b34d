import numpy as np
import pandas as pd
import pytest

from reconcile.classify import PRIOR_BITS
from reconcile.exclusive import exclusive_probabilities
from reconcile.schema import PROBABILITY, WEIGHT

SIZES = {"annex": 100, "reply": 100}


def _pairs(duplicate_probability: float) -> pd.DataFrame:
    """Record 0 on the annex; records 1 and 2 on the reply, each as like record 0 as the other."""
    return pd.DataFrame(
        {
            "list_id_l": ["annex", "annex", "reply"],
            "list_id_r": ["reply", "reply", "reply"],
            "left": [0, 0, 1],
            "right": [1, 2, 2],
            PROBABILITY: [0.9, 0.9, duplicate_probability],
            WEIGHT: [12.0, 12.0, 0.0],
            PRIOR_BITS: [-8.0, -8.0, -10.0],
        }
    )


def test_two_candidates_on_one_list_share_the_belief_unless_they_are_one_entry():
    rivals = exclusive_probabilities(
        _pairs(0.01), SIZES, iterations=50, tolerance=1e-6, one_entry=np.array([False] * 3)
    )
    repeated = exclusive_probabilities(
        _pairs(0.9), SIZES, iterations=50, tolerance=1e-6, one_entry=np.array([False, False, True])
    )
    # Rivals split the record's one counterpart between them; one person listed twice does not.
    assert rivals[0] == rivals[1] < 0.5 < repeated[0] == repeated[1]
    np.testing.assert_allclose(repeated[2], 0.9)  # a pair within one list keeps its own probability


def _across(rows: list[tuple[int, int, float]]) -> pd.DataFrame:
    """Pairs annex record -> reply record with their weights in bits; reply records numbered from 9."""
    return pd.DataFrame(
        {
            "list_id_l": ["annex"] * len(rows),
            "list_id_r": ["reply"] * len(rows),
            "left": [left for left, _, _ in rows],
            "right": [right for _, right, _ in rows],
            PROBABILITY: [1 / (1 + 2.0**-weight) for _, _, weight in rows],
            WEIGHT: [weight for _, _, weight in rows],
            PRIOR_BITS: [-8.0] * len(rows),
        }
    )


def _exclusive(rows: list[tuple[int, int, float]]) -> pd.Series:
    """With background pairs that give most annex records a counterpart, as the lists of a real run do."""
    background = [(record, 10 + record, 20.0) for record in range(2, 60)]
    pairs = _across(rows + background)
    return exclusive_probabilities(
        pairs, SIZES, iterations=60, tolerance=1e-9, one_entry=np.zeros(len(pairs), dtype=bool)
    )


def test_a_pair_with_no_rival_is_more_certain_than_its_own_weight_says():
    # Most annex records have a counterpart: a lone candidate has nowhere else to go.
    assert _exclusive([(0, 9, 0.0)])[0] > 0.6  # its own probability is 0.5


def test_a_rival_taken_by_a_better_counterpart_steps_aside():
    # Annex 0 could be reply 10 or 11; reply 11 is far likelier annex 1's.
    alone = _exclusive([(0, 10, 2.0), (0, 11, 2.0)])
    taken = _exclusive([(0, 10, 2.0), (0, 11, 2.0), (1, 11, 20.0)])
    without_rival = _exclusive([(0, 10, 2.0), (1, 11, 20.0)])
    assert alone[0] == pytest.approx(alone[1])
    assert taken[1] < alone[1] / 100
    assert alone[0] < taken[0] == pytest.approx(without_rival[0], abs=0.005)
