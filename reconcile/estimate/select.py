"""From one overlap table to an estimate: every model fitted, one chosen, all averaged.

The chosen model is the lowest by the configured criterion (AIC or BIC) among models that fitted
cleanly; the averaged estimate weighs every such model by its Akaike weight, with Buckland et al.'s
(1997) unconditional standard error (each model's own variance plus its distance from the
average) and Chao's (1987) log-normal interval, which never falls below the persons observed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from reconcile.config import Estimate as EstimateSettings
from reconcile.estimate.loglinear import Fit, Model, candidate_models, fit_all, weights
from reconcile.estimate.profile import Interval, profile_interval


@dataclass(frozen=True)
class Averaged:
    total: float
    standard_error: float
    lower: float
    upper: float


@dataclass(frozen=True)
class Selection:
    """Every model's fit (best first by the criterion), the profiled intervals, the choices."""

    fits: list[Fit]
    intervals: dict[Model, Interval]
    chosen: Fit | None  # None: no model fitted cleanly
    other_choice: Fit | None  # the other criterion's pick
    averaged: Averaged | None
    aic_weights: dict[Model, float]

    @property
    def chosen_interval(self) -> Interval | None:
        return self.intervals.get(self.chosen.model) if self.chosen else None


def criterion(fit: Fit, name: str) -> float:
    return fit.aic if name == "aic" else fit.bic


def models_for(sources: int, settings: EstimateSettings) -> list[Model]:
    return candidate_models(sources, settings.all_models_up_to_sources, settings.max_interactions_beyond)


def select(
    counts: np.ndarray,
    sources: int,
    settings: EstimateSettings,
    models: list[Model] | None = None,
    profiled: int | None = None,
) -> Selection:
    """Fit `models` (default: every candidate) and profile the best `profiled` of them."""
    fits = fit_all(counts, models or models_for(sources, settings), sources, settings.boundary_coefficient)
    usable = [fit for fit in fits if fit.usable]
    other = "bic" if settings.choose_by == "aic" else "aic"
    fits.sort(key=lambda fit: (not fit.usable, criterion(fit, settings.choose_by)))
    aic = weights(np.array([fit.aic if fit.usable else math.inf for fit in fits]))
    aic_weights = {fit.model: float(w) for fit, w in zip(fits, aic, strict=True)}
    if not usable:
        return Selection(fits, {}, None, None, None, aic_weights)
    chosen = fits[0]
    other_choice = min(usable, key=lambda fit: criterion(fit, other))
    count = settings.profiled_models if profiled is None else profiled
    intervals = {
        fit.model: profile_interval(counts, fit, sources, settings.confidence, settings.profile_search_factor)
        for fit in fits[:count]
        if fit.usable
    }
    if other_choice.model not in intervals:
        intervals[other_choice.model] = profile_interval(
            counts, other_choice, sources, settings.confidence, settings.profile_search_factor
        )
    return Selection(
        fits, intervals, chosen, other_choice, _average(usable, aic_weights, settings), aic_weights
    )


def _average(usable: list[Fit], aic_weights: dict[Model, float], settings: EstimateSettings) -> Averaged:
    weight = np.array([aic_weights[fit.model] for fit in usable])
    totals = np.array([fit.total for fit in usable])
    errors = np.array([fit.standard_error for fit in usable])
    total = float(weight @ totals)
    error = float(weight @ np.sqrt(errors**2 + (totals - total) ** 2))
    observed = usable[0].observed
    lower, upper = lognormal_interval(observed, total, error, settings.confidence)
    return Averaged(total, error, lower, upper)


def lognormal_interval(observed: int, total: float, error: float, confidence: float) -> tuple[float, float]:
    """Chao (1987): the unobserved part is log-normal, so the interval stays above the observed."""
    unseen = total - observed
    if unseen <= 0 or not math.isfinite(error):
        return float(observed), math.inf if not math.isfinite(error) else float(total)
    factor = math.exp(norm.ppf(1 - (1 - confidence) / 2) * math.sqrt(math.log(1 + error**2 / unseen**2)))
    return observed + unseen / factor, observed + unseen * factor
