"""Linkage uncertainty carried into the estimate.

A missed link splits a person in two, each on fewer sources: the overlaps shrink and the estimate
grows; a false link does the opposite. Three re-estimates show how far that moves the total:
the pairs awaiting review all counted as links, all counted as non-links (what the persons table
holds), and `linkage_draws` tables where each linked or reviewed pair is a link with its match
probability (seeded from `linkage.seed`). The draws refit only the best few models of the main
table, so they cost milliseconds each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.config import Estimate as EstimateSettings
from reconcile.estimate.loglinear import Fit, Model, fit_all
from reconcile.estimate.overlap import Records
from reconcile.estimate.select import Averaged, Selection, criterion, lognormal_interval, select
from reconcile.schema import PERSON_ID, PROBABILITY, STATUS, Status

UNCERTAIN = (Status.MATCH.value, Status.REVIEW.value)
MIN_DRAWS_TO_COMBINE = 2  # a variance between draws needs two of them


@dataclass(frozen=True)
class LinkageSpread:
    review_as_links: Selection
    review_pairs: int
    draws: np.ndarray  # the total of the best refitted model in each draw
    lower: float  # the draws' central `confidence` range
    upper: float
    combined: Averaged | None  # linkage and sampling together (Rubin's rules over the draws)


def review_as_links(records: Records, persons: pd.DataFrame, pairs: pd.DataFrame) -> tuple[np.ndarray, int]:
    """Person labels when every pair awaiting review joins its two records' persons."""
    first = persons.groupby(PERSON_ID, sort=False).cumcount() == 0
    anchor = pd.Series(np.flatnonzero(first.to_numpy()), index=persons.loc[first, PERSON_ID].to_numpy())
    own = np.arange(len(persons))
    to_anchor = anchor.reindex(persons[PERSON_ID].to_numpy()).to_numpy()
    review = pairs[pairs[STATUS] == Status.REVIEW.value]
    left, right = records.positions(review)
    known = (left >= 0) & (right >= 0)
    labels = records.linked(np.concatenate([own, left[known]]), np.concatenate([to_anchor, right[known]]))
    return labels, int(known.sum())


def drawn_fits(
    records: Records,
    pairs: pd.DataFrame,
    models: list[Model],
    settings: EstimateSettings,
    seed: int,
) -> list[Fit]:
    """The best of `models` on each of `settings.linkage_draws` drawn linkages."""
    uncertain = pairs[pairs[STATUS].isin(UNCERTAIN)]
    left, right = records.positions(uncertain)
    known = (left >= 0) & (right >= 0)
    left, right = left[known], right[known]
    probability = uncertain[PROBABILITY].to_numpy(dtype=float)[known]
    rng = np.random.default_rng(seed)
    sources = len(records.sources)
    best = []
    for _ in range(settings.linkage_draws):
        kept = rng.random(len(probability)) < probability
        counts = records.counts(records.linked(left[kept], right[kept]))
        fits = [fit for fit in fit_all(counts, models, sources, settings.boundary_coefficient) if fit.usable]
        if fits:
            best.append(min(fits, key=lambda fit: criterion(fit, settings.choose_by)))
    return best


def linkage_spread(
    records: Records,
    persons: pd.DataFrame,
    pairs: pd.DataFrame,
    main: Selection,
    settings: EstimateSettings,
    seed: int,
) -> LinkageSpread:
    labels, review_pairs = review_as_links(records, persons, pairs)
    sources = len(records.sources)
    linked = select(records.counts(labels), sources, settings, profiled=1)
    best = [fit.model for fit in main.fits if fit.usable][: settings.linkage_models]
    fits = drawn_fits(records, pairs, best, settings, seed) if best else []
    draws = np.array([fit.total for fit in fits])
    tail = (1 - settings.confidence) / 2 * 100
    lower, upper = (
        (float(np.percentile(draws, tail)), float(np.percentile(draws, 100 - tail)))
        if len(draws)
        else (np.nan, np.nan)
    )
    return LinkageSpread(linked, review_pairs, draws, lower, upper, _combined(fits, settings.confidence))


def _combined(fits: list[Fit], confidence: float) -> Averaged | None:
    """Rubin's rules: the mean of the draws, with the mean sampling variance plus (1 + 1/m) times
    the variance between draws; Chao's log-normal interval above the persons observed."""
    if len(fits) < MIN_DRAWS_TO_COMBINE:
        return None
    totals = np.array([fit.total for fit in fits])
    within = float(np.mean([fit.standard_error**2 for fit in fits]))
    between = float(np.var(totals, ddof=1))
    error = float(np.sqrt(within + (1 + 1 / len(fits)) * between))
    total = float(totals.mean())
    observed = int(min(fit.observed for fit in fits))
    lower, upper = lognormal_interval(observed, total, error, confidence)
    return Averaged(total, error, lower, upper)
