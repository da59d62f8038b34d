"""An estimate in sentences: every number beside the sentence that says what it is.

One row per statement (part, what, persons, lower, upper, in words), shared by the Estimate sheet
and `reconcile estimate`, so the workbook and the terminal say the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from reconcile.estimate.cautions import persons
from reconcile.estimate.overlap import PERSONS

if TYPE_CHECKING:
    from reconcile.estimate import Estimation
    from reconcile.estimate.loglinear import Fit
    from reconcile.estimate.profile import Interval
    from reconcile.estimate.select import Averaged

PART, WHAT, LOWER, UPPER, WORDS = "part", "what", "lower", "upper", "in words"
COLUMNS = (PART, WHAT, PERSONS, LOWER, UPPER, WORDS)
Add = Callable[..., None]  # add(part, what, words, persons=nan, lower=nan, upper=nan)

ASSUMPTIONS = (
    "The sources list people from one closed group (the victims of one event): nobody joins or "
    "leaves the group between one list and the next.",
    "Who is one person comes from the linkage. A missed link splits a person in two, each on fewer "
    "lists, and pushes the estimate up; a wrong link pushes it down. The linkage rows show how far.",
    "Sources are independent except for the pairs a model lets depend on each other. A list that "
    "copies another, or two lists that reach the same families, break this unless the model "
    "carries that pair.",
    "Everyone has the same chance of being on a given list. People more likely to be on every list "
    "(well known, from the capital) make the estimate too low; the true number is then higher.",
    "An interval covers the chance of which people happened to be listed. It does not cover a wrong "
    "model or wrong links: read it beside the models compared and the linkage rows.",
)


HEADLINE = "headline"  # the part of the row to quote first


def _interval(lower: float, upper: float, confidence: float) -> str:
    high = "with no upper end the data can fix" if not math.isfinite(upper) else f"to {persons(upper)}"
    return f"{confidence:.0%} interval {persons(lower)} {high}"


def describe(estimation: Estimation) -> pd.DataFrame:
    rows: list[tuple[str, str, float, float, float, str]] = []

    def add(
        part: str,
        what: str,
        words: str,
        value: float = math.nan,
        low: float = math.nan,
        high: float = math.nan,
    ) -> None:
        rows.append((part, what, value, low, high if math.isfinite(high) else math.nan, words))

    sources = estimation.sources
    add(
        "sources",
        ", ".join(sources) or "none",
        f"{len(sources)} independent sources take part; lists of one origin count as one source and "
        "reply lists as none.",
        len(sources),
    )
    for source, size in estimation.source_sizes().items():
        add("sources", source, f"{source} names {persons(size)} persons.", size)
    add(
        "overlap",
        "any source",
        f"{persons(estimation.observed)} persons are named by at least one source.",
        estimation.observed,
    )
    for _, row in estimation.table.iterrows():
        named = [source for source in sources if row[source]]
        others = [source for source in sources if not row[source]]
        words = f"{persons(row[PERSONS])} persons are named by {' and '.join(named)}"
        words += f" and by no other source ({', '.join(others)})." if others else ", by every source."
        add("overlap", " + ".join(named), words, row[PERSONS])
    if estimation.unavailable:
        add("estimate", "none", estimation.unavailable)
        _assumptions(add)
        return pd.DataFrame(rows, columns=list(COLUMNS))
    _estimates(estimation, add)
    for caution in estimation.cautions:
        add("caution", "", caution)
    for note in estimation.notes:
        add("note", "", note)
    _assumptions(add)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _estimates(estimation: Estimation, add: Add) -> None:
    selection, spread, settings = estimation.selection, estimation.linkage, estimation.settings
    assert selection is not None and selection.chosen is not None and spread is not None
    confidence, sources = settings.confidence, estimation.sources
    chosen, interval = selection.chosen, selection.chosen_interval
    criterion = settings.choose_by.upper()
    if spread.combined is not None and spread.review_pairs:
        # The persons table counts every pair awaiting review as two persons: the lists then seem
        # to overlap less and the chosen model's total is too large until the review is done.
        _average_row(
            add,
            HEADLINE,
            "estimate to quote",
            spread.combined,
            confidence,
            f"With {spread.review_pairs:,} pairs still awaiting review, the estimate to quote allows for "
            "the uncertain links as well as for sampling:",
        )
    _fit_row(
        add,
        "estimate",
        f"chosen model (lowest {criterion})",
        chosen,
        interval,
        confidence,
        f"The model that fits best by {criterion} ({chosen.model.name(sources)}) estimates "
        f"{persons(chosen.total)} persons in all, {persons(chosen.unobserved)} of them named by no source",
    )
    averaged = selection.averaged
    if averaged is not None:
        _average_row(
            add,
            "estimate",
            "average over models (AIC weights)",
            averaged,
            confidence,
            "Averaging every model, each weighed by how well it fits (Akaike weights), gives",
        )
    other = selection.other_choice
    if other is not None and other.model != chosen.model:
        name = "BIC" if criterion == "AIC" else "AIC"
        _fit_row(
            add,
            "estimate",
            f"lowest {name}",
            other,
            selection.intervals.get(other.model),
            confidence,
            f"The model {name} prefers ({other.model.name(sources)}) estimates {persons(other.total)}",
        )
    linked = spread.review_as_links.chosen
    if linked is not None:
        _fit_row(
            add,
            "linkage",
            "review pairs as links",
            linked,
            spread.review_as_links.chosen_interval,
            confidence,
            f"Counting the {spread.review_pairs:,} pairs awaiting review as the same person "
            f"({persons(linked.observed)} persons named) gives {persons(linked.total)}",
        )
    add(
        "linkage",
        "review pairs as non-links",
        f"Counting them as different persons, as the persons table does, gives the chosen estimate "
        f"above: {persons(chosen.total)}.",
        chosen.total,
    )
    if len(spread.draws):
        add(
            "linkage",
            f"{len(spread.draws)} drawn linkages",
            f"Drawing every link again from its match probability, {len(spread.draws)} times, the "
            f"estimate of the best models ranges over {persons(spread.lower)} to {persons(spread.upper)} "
            f"(the central {confidence:.0%} of the draws).",
            float(spread.draws.mean()),
            spread.lower,
            spread.upper,
        )
    if spread.combined is not None:
        _average_row(
            add,
            "linkage",
            "linkage and sampling together",
            spread.combined,
            confidence,
            "With the uncertainty of the links and of the sampling together, the estimate is",
        )
    for fit in selection.fits:
        _model_row(estimation, add, fit)


def _fit_row(
    add: Add, part: str, what: str, fit: Fit, interval: Interval | None, confidence: float, words: str
) -> None:
    if interval is None:
        add(part, what, f"{words} (standard error {persons(fit.standard_error)}).", fit.total)
        return
    add(
        part,
        what,
        f"{words}; {_interval(interval.lower, interval.upper, confidence)} (profile likelihood).",
        fit.total,
        interval.lower,
        interval.upper,
    )


def _average_row(add: Add, part: str, what: str, averaged: Averaged, confidence: float, words: str) -> None:
    add(
        part,
        what,
        f"{words} {persons(averaged.total)}; {_interval(averaged.lower, averaged.upper, confidence)}.",
        averaged.total,
        averaged.lower,
        averaged.upper,
    )


def _model_row(estimation: Estimation, add: Add, fit: Fit) -> None:
    selection = estimation.selection
    assert selection is not None
    sources = estimation.sources
    if not fit.usable:
        add(
            "models",
            fit.model.name(sources),
            "Set aside: a term ran off to infinity or the fit did not settle.",
        )
        return
    dependent = (
        "if "
        + ", ".join(f"{sources[i]} and {sources[j]}" for i, j in fit.model.interactions)
        + " depend on each other"
        if fit.model.interactions
        else "if every source is independent of the others"
    )
    weight = selection.aic_weights.get(fit.model, 0.0)
    fitness = (
        f"AIC {fit.aic:.1f}, BIC {fit.bic:.1f}, Akaike weight {weight:.0%}; "
        f"deviance {fit.deviance:.2f} on {fit.df} degrees of freedom"
    )
    interval = selection.intervals.get(fit.model)
    words = f"{dependent.capitalize()}: {persons(fit.total)} persons ({fitness})"
    _fit_row(add, "models", fit.model.name(sources), fit, interval, estimation.settings.confidence, words)


def _assumptions(add: Add) -> None:
    for sentence in ASSUMPTIONS:
        add("assumption", "", sentence)
