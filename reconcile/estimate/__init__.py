"""Multiple systems estimation: how many persons no independent source names.

`estimate_population` reads the persons (one row per record with its person id) and the pairs
(with their match probability and status) that a run produced, and returns the overlap table of
the independent sources, every log-linear model's estimate, the chosen and the averaged estimate
with their intervals, the spread that linkage uncertainty adds, and cautions in plain words.
It never reads or writes a file: `reconcile estimate` and the report both call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reconcile.config import MIN_SOURCES, ListSpec
from reconcile.config import Estimate as EstimateSettings
from reconcile.estimate.cautions import cautions
from reconcile.estimate.linkage import LinkageSpread, linkage_spread
from reconcile.estimate.overlap import Records, independent_sources, overlap_table, person_labels
from reconcile.estimate.select import Selection, select

__all__ = ["Estimation", "estimate_population"]


@dataclass(frozen=True)
class Estimation:
    sources: tuple[str, ...]
    table: pd.DataFrame  # overlap_table: a yes/no column per source and the persons named
    settings: EstimateSettings
    selection: Selection | None = None
    linkage: LinkageSpread | None = None
    unavailable: str = ""  # why there is no estimate, in one sentence
    cautions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was done, where it is not the obvious

    @property
    def observed(self) -> int:
        return int(self.table["persons"].sum()) if len(self.table) else 0

    def source_sizes(self) -> dict[str, int]:
        return {source: int(self.table.loc[self.table[source], "persons"].sum()) for source in self.sources}


def estimate_population(
    persons: pd.DataFrame,
    pairs: pd.DataFrame,
    lists: Sequence[ListSpec],
    settings: EstimateSettings,
    seed: int,
) -> Estimation:
    """The estimate over the independent sources of `lists` (see the module docstring)."""
    sources = independent_sources(lists, settings.sources)
    records = Records.of(persons, lists, sources)
    counts = records.counts(person_labels(persons)) if sources else np.zeros(0)
    table = overlap_table(counts, sources)
    if len(sources) < MIN_SOURCES:
        named = ", ".join(sources) or "none"
        return Estimation(
            sources,
            table,
            settings,
            unavailable=f"No estimate: it needs at least {MIN_SOURCES} independent sources and "
            f"{len(sources)} take part ({named}); with two, how much they depend on each other "
            "cannot be told apart from how many persons both miss.",
        )
    selection = select(counts, len(sources), settings)
    notes = []
    if len(sources) > settings.all_models_up_to_sources:
        notes.append(
            f"With {len(sources)} sources, the models compared carry at most "
            f"{settings.max_interactions_beyond} pairs of dependent sources each "
            f"({len(selection.fits)} models), not every combination."
        )
    if selection.chosen is None:
        return Estimation(
            sources,
            table,
            settings,
            selection,
            unavailable="No estimate: no model fitted cleanly (every one ran off to infinity on a "
            "combination of sources that names nobody, or did not settle).",
            notes=notes,
        )
    spread = linkage_spread(records, persons, pairs, selection, settings, seed)
    estimation = Estimation(sources, table, settings, selection, spread, notes=notes)
    return Estimation(sources, table, settings, selection, spread, cautions=cautions(estimation), notes=notes)
