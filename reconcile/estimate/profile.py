"""The profile-likelihood interval of the total, as Rcapture's `closedpCI` computes it.

For a candidate total N the unobserved cell holds N - n persons; the model is fitted to the
complete table (all 2^k cells) and the multinomial log-likelihood of the n observed persons,
given N, is -deviance/2 plus Cormack's (1992) term (a Stirling form of log N!/(N-n)! N^-N ...).
The interval is every N whose log-likelihood lies within chi2(1, confidence)/2 of the maximum.

A profile needs dozens of fits of one model; each is a few Newton steps on at most 32 rows, done
here in numpy (warm-started from the previous N) because a statsmodels fit costs ten times more in
set-up than in arithmetic. The deviance is the same function statsmodels minimizes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import chi2

from reconcile.estimate.loglinear import R_START_OFFSET, Fit, design

NEWTON_TOLERANCE = 1e-10  # relative change of the deviance at which a fit has converged
NEWTON_MAX_STEPS = 100
MAX_HALVINGS = 30
SEARCH_TOLERANCE = 1e-6  # persons: far below the printed precision of any total
STIRLING_FROM = 100  # Rcapture's switch from the exact term to Stirling's form


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float  # math.inf when the likelihood never falls low enough below the search limit
    search_limit: float  # the largest total searched for the upper end
    maximum: float  # the total of highest profile likelihood (the multinomial estimate)

    @property
    def upper_found(self) -> bool:
        return math.isfinite(self.upper)


def _deviance(counts: np.ndarray, mu: np.ndarray) -> float:
    positive = counts > 0
    terms = np.zeros_like(mu)
    # A cell seen but fitted at zero makes the deviance infinite (that total is impossible): the
    # answer, not a fault to print on every run.
    with np.errstate(divide="ignore", invalid="ignore"):
        terms[positive] = counts[positive] * np.log(counts[positive] / mu[positive])
        return float(2 * np.sum(terms - (counts - mu)))


class _CompleteTable:
    """The model over all 2^k cells; the last row is the unobserved cell (intercept only)."""

    def __init__(self, counts: np.ndarray, fit: Fit, sources: int) -> None:
        observed = design(sources, fit.model.interactions)
        self.matrix = np.vstack([observed, np.eye(1, observed.shape[1])])
        self.counts = np.append(np.asarray(counts, dtype=float), 0.0)
        self.observed = float(counts.sum())
        # Start where R's glm starts: the log of each count plus a tenth, the unobserved cell at the
        # Poisson estimate.
        start = np.append(np.asarray(counts, dtype=float), fit.unobserved) + R_START_OFFSET
        self.beta = np.linalg.lstsq(self.matrix, np.log(start), rcond=None)[0]

    def log_likelihood(self, total: float) -> float:
        unseen = total - self.observed
        self.counts[-1] = unseen
        deviance = self._fit()
        return -deviance / 2 + _cormack(unseen, total)

    def _fit(self) -> float:
        """Newton steps from the previous total's fit, halved while they raise the deviance (a far
        jump of N can overshoot the exponential)."""
        beta, counts, matrix = self.beta, self.counts, self.matrix
        mu = np.exp(matrix @ beta)
        deviance = _deviance(counts, mu)
        for _ in range(NEWTON_MAX_STEPS):
            step = np.linalg.lstsq(matrix.T @ (matrix * mu[:, None]), matrix.T @ (counts - mu), rcond=None)[0]
            for _halving in range(MAX_HALVINGS):
                with np.errstate(over="ignore"):
                    trial_mu = np.exp(matrix @ (beta + step))
                trial = _deviance(counts, trial_mu)
                if np.isfinite(trial) and trial <= deviance + NEWTON_TOLERANCE:
                    break
                step = step / 2
            beta, mu = beta + step, trial_mu
            previous, deviance = deviance, trial
            if abs(previous - deviance) <= NEWTON_TOLERANCE * (abs(deviance) + 0.1):
                break
        self.beta = beta
        return deviance


def _cormack(unseen: float, total: float) -> float:
    """log(n0^n0 N! / (N^N n0!)), in Stirling's form above STIRLING_FROM persons, as Rcapture."""
    if total > STIRLING_FROM:
        if unseen in (0, 1):
            return -total + 0.5 * math.log(2 * math.pi * total)
        return unseen - total - 0.5 * math.log(unseen / total)
    power = unseen * math.log(unseen) if unseen > 0 else 0.0
    return power + math.lgamma(total + 1) - total * math.log(total) - math.lgamma(unseen + 1)


def profile_interval(
    counts: np.ndarray, fit: Fit, sources: int, confidence: float, search_factor: float
) -> Interval:
    """The profile-likelihood interval of the total under `fit`'s model.

    The maximum is sought between the persons observed and three times the Poisson estimate; the
    upper end up to `search_factor` times it (beyond, the interval is open: upper = inf), the
    lower end down to the persons observed (when even that is likely enough, lower = n).
    """
    table = _CompleteTable(counts, fit, sources)
    observed = table.observed
    search_limit = search_factor * fit.total
    best = minimize_scalar(
        lambda total: -table.log_likelihood(total),
        bounds=(observed, 3 * fit.total),
        method="bounded",
        options={"xatol": SEARCH_TOLERANCE},
    )
    maximum = float(best.x)
    threshold = -float(best.fun) - chi2.ppf(confidence, 1) / 2

    def below(total: float) -> float:
        return table.log_likelihood(total) - threshold

    lower = observed
    if below(observed) < 0:
        lower = brentq(below, observed, maximum, xtol=SEARCH_TOLERANCE)
    upper = math.inf
    if below(search_limit) < 0:
        upper = brentq(below, maximum, search_limit, xtol=SEARCH_TOLERANCE)
    return Interval(float(lower), float(upper), search_limit, maximum)
