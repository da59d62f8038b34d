"""What should make a reader distrust an estimate, each in one plain sentence."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reconcile.estimate import Estimation


def persons(value: float) -> str:
    return f"{value:,.0f}"


def cautions(estimation: Estimation) -> list[str]:
    """Small sources, unstable intervals, models set aside or disagreeing, dependent sources, and
    linkage that moves the total more than sampling does."""
    selection, settings, spread = estimation.selection, estimation.settings, estimation.linkage
    if selection is None or selection.chosen is None or spread is None:
        return []
    chosen, interval = selection.chosen, selection.chosen_interval
    out = []
    for source, size in estimation.source_sizes().items():
        if size < settings.min_source_persons:
            out.append(
                f"{source} names only {size:,} persons (fewer than {settings.min_source_persons}): "
                "its overlaps with the other sources are too small to say much."
            )
    set_aside = [fit for fit in selection.fits if not fit.usable]
    if set_aside:
        out.append(
            f"{len(set_aside)} of {len(selection.fits)} models were set aside: a combination of sources "
            "that names nobody drove a term to infinity, or the fit did not settle."
        )
    if interval is not None and (
        not interval.upper_found or interval.upper > settings.wide_interval_ratio * interval.lower
    ):
        upper = "has no upper end" if not interval.upper_found else f"reaches {persons(interval.upper)}"
        out.append(
            f"The interval is wide: it starts at {persons(interval.lower)} and {upper}. "
            "The lists overlap too little to pin the total down."
        )
    if chosen.df == 0:
        out.append(
            "The chosen model has as many terms as the table has cells: it fits the table exactly, so "
            "the data cannot test it, and its estimate rests on there being no dependence among all "
            f"{len(estimation.sources)} sources at once."
        )
    sources = estimation.sources
    for (i, j), ratio in zip(chosen.model.interactions, chosen.interaction_ratios, strict=True):
        pair = f"{sources[i]} and {sources[j]}"
        if ratio >= settings.dependence_ratio:
            out.append(
                f"{pair} name the same persons {ratio:.1f} times more often than independent sources "
                "would: one may copy the other, or both reach the same circles. The chosen model allows "
                "for it, so the estimate leans on the other sources."
            )
        elif ratio <= 1 / settings.dependence_ratio:
            out.append(
                f"{pair} name the same persons {1 / ratio:.1f} times less often than independent sources "
                "would: they reach different people (other places, other times). The chosen model allows "
                "for it, so the estimate leans on the other sources."
            )
    other = selection.other_choice
    if (
        other is not None
        and other.model != chosen.model
        and interval is not None
        and not interval.lower <= other.total <= interval.upper
    ):
        out.append(
            f"AIC and BIC prefer different models, whose totals ({persons(chosen.total)} and "
            f"{persons(other.total)}) lie outside each other's interval: the choice of model matters."
        )
    if interval is not None and len(spread.draws):
        moved = [
            spread.lower,
            spread.upper,
            spread.review_as_links.chosen.total if spread.review_as_links.chosen else math.nan,
        ]
        if any(math.isfinite(v) and not interval.lower <= v <= interval.upper for v in moved):
            out.append(
                "Linkage moves the estimate beyond its statistical interval: deciding the pairs in "
                "review would change the total more than the sampling error does."
            )
    return out
