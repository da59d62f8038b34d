import numpy as np
import pandas as pd

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
    rivals = exclusive_probabilities(_pairs(0.01), SIZES, iterations=50, one_entry=np.array([False] * 3))
    repeated = exclusive_probabilities(
        _pairs(0.9), SIZES, iterations=50, one_entry=np.array([False, False, True])
    )
    # Rivals split the record's one counterpart between them; one person listed twice does not.
    assert rivals[0] == rivals[1] < 0.5 < repeated[0] == repeated[1]
    np.testing.assert_allclose(repeated[2], 0.9)  # a pair within one list keeps its own probability
