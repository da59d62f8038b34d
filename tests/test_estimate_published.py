"""The log-linear estimates reproduce published examples to the precision they were published at.

HIV in Rome: Abeni, Brancato & Perucci (1994), Epidemiology 5:410-414, four lists; the estimates
as printed by Rcapture in Baillargeon & Rivest (2007), "Rcapture: loglinear models for
capture-recapture in R", Journal of Statistical Software 19(5), section 2.2.
Diabetes in Casale Monferrato: Bruno et al. (1994), Diabetes Care 17:548, four lists.
Cells in the order 1111, 1110, 1101, 1100, 1011, 1010, 1001, 1000, 0111, ..., 0001.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from reconcile.estimate.loglinear import Model, candidate_models, fit, histories
from reconcile.estimate.profile import profile_interval

HIV = np.array([0, 3, 1, 33, 0, 20, 6, 403, 3, 35, 10, 545, 11, 621, 205], dtype=float)
DIABETES = np.array([58, 157, 18, 104, 46, 650, 12, 709, 14, 20, 7, 74, 8, 182, 10], dtype=float)
FOUR = 4
NO_BOUNDARY = 1e9  # these tables have no runaway term; never flag one
ALL_PAIRS = tuple(combinations(range(FOUR), 2))


def _model(*pairs: str) -> Model:
    """Rcapture's notation: "12" is the interaction of lists 1 and 2."""
    return Model(tuple((int(p[0]) - 1, int(p[1]) - 1) for p in pairs))


def test_cells_are_in_the_published_order() -> None:
    order = ["".join(map(str, row)) for row in histories(FOUR)]
    assert order[:4] == ["1111", "1110", "1101", "1100"] and order[-1] == "0001" and len(order) == 15


def test_hiv_main_effects_and_lists_1_2_dependent() -> None:
    result = fit(HIV, _model("12"), FOUR, NO_BOUNDARY)
    assert round(result.total, 2) == 12318.47
    assert round(result.standard_error, 3) == 1188.722
    assert round(result.deviance, 6) == 7.613759
    assert result.df == 9
    assert round(result.aic, 5) == 86.64962


def test_hiv_all_six_two_way_interactions() -> None:
    result = fit(HIV, Model(ALL_PAIRS), FOUR, NO_BOUNDARY)
    assert round(result.total, 2) == 23443.54
    assert round(result.standard_error, 3) == 9594.879
    assert round(result.aic, 5) == 92.07266


def test_hiv_profile_likelihood_interval_as_rcapture_computes_it() -> None:
    model = fit(HIV, _model("12"), FOUR, NO_BOUNDARY)
    interval = profile_interval(HIV, model, FOUR, confidence=0.95, search_factor=3.0)
    assert round(interval.lower) == 10266
    assert round(interval.upper, 1) == 14992.3


@pytest.mark.parametrize(
    ("model", "total", "error", "deviance", "df"),
    [
        (_model("12", "13", "23", "24", "34"), 2771, 145, 7.62, 5),
        (_model("13", "24", "34"), 2472, 53, 21.97, 7),
    ],
)
def test_diabetes_in_casale_monferrato(
    model: Model, total: int, error: int, deviance: float, df: int
) -> None:
    result = fit(DIABETES, model, FOUR, NO_BOUNDARY)
    assert round(result.total) == total
    assert round(result.standard_error) == error
    assert round(result.deviance, 2) == deviance
    assert result.df == df


def test_four_sources_give_every_hierarchical_two_way_model_and_five_a_limited_set() -> None:
    assert len(candidate_models(4, all_up_to=4, max_interactions_beyond=2)) == 64
    # 5 sources, at most 2 of their 10 pairs: 1 + 10 + 45 models.
    assert len(candidate_models(5, all_up_to=4, max_interactions_beyond=2)) == 56
