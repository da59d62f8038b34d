"""Log-linear models of an overlap table: which models, their fits, and the estimate each makes.

A table of k sources has 2^k - 1 observed cells, one per capture history (which sources name a
person); the cell of the persons no source names is the one to estimate. A model is the main
effects plus a set of two-way interactions (pairs of sources that name the same persons more, or
less, often than independent sources would); its intercept is the log of that unobserved cell.

Fits are statsmodels Poisson GLMs started and stopped where R's `glm` starts and stops (Rcapture
is R), so the published examples reproduce to their last printed digit: the standard error of
the total depends, in its fourth significant digit, on the weights of the last iteration.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM  # not statsmodels.api: it imports every model
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

# R's glm.control(): IRLS stops when |deviance - previous| / (|deviance| + 0.1) < 1e-8.
R_RELATIVE_TOLERANCE = 1e-8
R_ABSOLUTE_TOLERANCE = 1e-9
R_MAX_ITERATIONS = 25
R_START_OFFSET = 0.1  # R's poisson()$initialize: mustart <- y + 0.1

Interaction = tuple[int, int]


class _StartedLikeR(Poisson):
    """The Poisson family, with R's starting values instead of statsmodels' (y + mean) / 2."""

    def starting_mu(self, y: np.ndarray) -> np.ndarray:
        return y + R_START_OFFSET


@dataclass(frozen=True)
class Model:
    """Main effects of every source plus these two-way interactions (pairs of source positions)."""

    interactions: tuple[Interaction, ...]

    def name(self, sources: tuple[str, ...]) -> str:
        if not self.interactions:
            return "independent sources"
        return " + ".join(f"{sources[i]} × {sources[j]}" for i, j in self.interactions)


@dataclass(frozen=True)
class Fit:
    """One model fitted to one table; `total` = persons observed + `unobserved`."""

    model: Model
    observed: int
    unobserved: float
    standard_error: float
    deviance: float
    df: int
    aic: float
    bic: float
    converged: bool
    boundary: bool  # a term ran off towards infinity (a cell of zero the model cannot carry)
    interaction_ratios: tuple[float, ...]  # exp(term) of each interaction, in the model's order

    @property
    def total(self) -> float:
        return self.observed + self.unobserved

    @property
    def usable(self) -> bool:
        return self.converged and not self.boundary and math.isfinite(self.total)


def histories(sources: int) -> np.ndarray:
    """The 2^k - 1 capture histories (rows of 0/1, one column per source), all-named first:
    1111, 1110, 1101, ..., 0001 for four sources (the order Rcapture and the literature print)."""
    values = np.arange(2**sources - 1, 0, -1)
    return ((values[:, None] >> np.arange(sources - 1, -1, -1)) & 1).astype(np.int8)


def history_index(patterns: np.ndarray, sources: int) -> np.ndarray:
    """Row of `histories(sources)` for each bit pattern (source 0 the highest bit); pattern 0 is -1."""
    return (2**sources - 1) - patterns.astype(np.int64)


def candidate_models(sources: int, all_up_to: int, max_interactions_beyond: int) -> list[Model]:
    """Main effects with every subset of two-way interactions, or, beyond `all_up_to` sources, with
    at most `max_interactions_beyond` of them (2^10 models for five sources would be mostly noise)."""
    pairs = list(combinations(range(sources), 2))
    most = len(pairs) if sources <= all_up_to else max_interactions_beyond
    cells = 2**sources - 1
    models = [
        Model(chosen)
        for size in range(most + 1)
        for chosen in combinations(pairs, size)
        if 1 + sources + size <= cells
    ]
    return models


@cache
def design(sources: int, interactions: tuple[Interaction, ...]) -> np.ndarray:
    """Intercept, one column per source, one per interaction, over the observed histories."""
    rows = histories(sources).astype(float)
    columns = [np.ones(len(rows)), *rows.T, *(rows[:, i] * rows[:, j] for i, j in interactions)]
    matrix = np.column_stack(columns)
    matrix.flags.writeable = False
    return matrix


def fit(counts: np.ndarray, model: Model, sources: int, boundary_coefficient: float) -> Fit:
    """Fit `model` to the observed cells `counts` (in `histories` order).

    The standard error is Rcapture's: sqrt(mu0 + mu0^2 Var(intercept)), the Poisson variation of
    the unobserved cell plus the uncertainty of its expectation.
    """
    matrix = design(sources, model.interactions)
    counts = np.asarray(counts, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (ConvergenceWarning, PerfectSeparationWarning, RuntimeWarning))
        result = GLM(counts, matrix, family=_StartedLikeR()).fit(
            maxiter=R_MAX_ITERATIONS, atol=R_ABSOLUTE_TOLERANCE, rtol=R_RELATIVE_TOLERANCE
        )
    params = np.asarray(result.params)
    covariance = np.asarray(result.cov_params())
    unobserved = float(np.exp(params[0]))
    variance = unobserved + unobserved**2 * covariance[0, 0]
    observed = int(round(counts.sum()))
    parameters = matrix.shape[1]
    log_likelihood = float(result.llf)
    interactions = params[1 + sources :]
    return Fit(
        model=model,
        observed=observed,
        unobserved=unobserved,
        standard_error=float(np.sqrt(variance)) if variance >= 0 else math.nan,
        deviance=float(result.deviance),
        df=int(round(result.df_resid)),
        aic=float(result.aic),
        # The penalty grows with the persons observed (the sample), not with the number of cells.
        bic=-2 * log_likelihood + parameters * math.log(max(observed, 1)),
        converged=bool(result.converged),
        boundary=bool(np.any(np.abs(params[1:]) > boundary_coefficient) or not np.isfinite(params).all()),
        interaction_ratios=tuple(float(v) for v in np.exp(interactions)),
    )


def fit_all(counts: np.ndarray, models: list[Model], sources: int, boundary_coefficient: float) -> list[Fit]:
    return [fit(counts, model, sources, boundary_coefficient) for model in models]


def weights(criteria: np.ndarray) -> np.ndarray:
    """Akaike weights: exp(-delta/2), normalized; models with no finite criterion weigh nothing."""
    finite = np.isfinite(criteria)
    out = np.zeros(len(criteria))
    if finite.any():
        delta = criteria[finite] - criteria[finite].min()
        raw = np.exp(-delta / 2)
        out[finite] = raw / raw.sum()
    return out
