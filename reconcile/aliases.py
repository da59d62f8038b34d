"""Several names per record: a card may give a name in Persian script and in Latin, or aliases.

A list maps its other name columns under `[lists.columns] other_names = [...]`. Each other name
becomes a *variant* of its record: a copy of the record under that name, parsed like any name.
Blocking looks at every variant, so a record is found by any of its names; comparison compares
every variant of one record with every variant of the other and keeps the pair of names that
agree best, as one pair of records: the other fields are the record's own whichever name is
compared. Nothing else sees the variants: a record with three names is still one record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.arrays import unique_codes
from reconcile.normalize import normalize_names
from reconcile.schema import NAME_FIELDS, OTHER_NAMES, OTHER_NAMES_SEPARATOR, POSITIONS, SIM_WHOLE, raw

Features = Callable[[pd.DataFrame, pd.MultiIndex], pd.DataFrame]


@dataclass(frozen=True)
class Variants:
    table: pd.DataFrame  # the records in order, then one row per other name, a copy of its record
    owner: np.ndarray  # per row of `table`, the position of the record it names
    records: int  # how many records (the first rows of `table`)

    @property
    def has_other_names(self) -> bool:
        return len(self.table) > self.records


def name_variants(records: pd.DataFrame) -> Variants:
    """The normalized records followed by a variant row for each of their other names."""
    others = records[raw(OTHER_NAMES)] if raw(OTHER_NAMES) in records else pd.Series("", index=records.index)
    split = others.fillna("").str.split(OTHER_NAMES_SEPARATOR)
    owner = np.repeat(np.arange(len(records)), split.map(len).to_numpy())
    names = np.concatenate(split.to_numpy()) if len(split) else np.empty(0, dtype=object)
    named = names != ""
    owner, names = owner[named], names[named]
    if not len(owner):
        return Variants(records, np.arange(len(records)), len(records))
    copies = records.iloc[owner].reset_index(drop=True)
    for field in NAME_FIELDS:
        copies[raw(field)] = ""
    copies[raw("name")] = names
    table = pd.concat([records.reset_index(drop=True), normalize_names(copies)], ignore_index=True)
    return Variants(table, np.concatenate([np.arange(len(records)), owner]), len(records))


def record_pairs(candidates: pd.MultiIndex, variants: Variants) -> pd.MultiIndex:
    """Candidate pairs of variant rows as pairs of their records (left < right), once each."""
    if not variants.has_other_names:
        return candidates
    left = variants.owner[candidates.get_level_values(0)]
    right = variants.owner[candidates.get_level_values(1)]
    kept = left != right
    low, high = np.minimum(left, right)[kept], np.maximum(left, right)[kept]
    codes = unique_codes(low.astype(np.int64) * len(variants.owner) + high)
    first, second = np.divmod(codes, max(len(variants.owner), 1))
    return pd.MultiIndex.from_arrays([first, second], names=list(POSITIONS))


def compare_records(
    pairs: pd.MultiIndex, variants: Variants, features_of: Features
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Features of each record pair under the two names that agree best (by whole-name
    similarity; the records' own names on a tie), and the rows of `variants.table` compared."""
    left, right = pairs.get_level_values(0).to_numpy(), pairs.get_level_values(1).to_numpy()
    if not variants.has_other_names:
        return features_of(variants.table, pairs), left, right
    rows_of = pd.Series(np.arange(len(variants.owner))).groupby(variants.owner).agg(list)
    combos = [
        (pair, a, b)
        for pair, (rows_a, rows_b) in enumerate(zip(rows_of[left], rows_of[right], strict=True))
        for a in rows_a
        for b in rows_b
    ]
    pair_of, combo_left, combo_right = (
        np.array(column, dtype=np.int64) for column in zip(*combos, strict=True)
    )
    features = features_of(
        variants.table, pd.MultiIndex.from_arrays([combo_left, combo_right], names=list(POSITIONS))
    )
    score = np.nan_to_num(features[SIM_WHOLE].to_numpy(dtype=float), nan=-1.0)
    # Each pair's first combination is its records' own names, which win a tie.
    order = np.lexsort((np.arange(len(score)), -score, pair_of))
    best = order[np.searchsorted(pair_of[order], np.arange(len(pairs)))]
    chosen = features.iloc[best]
    chosen.index = pairs
    return chosen, combo_left[best], combo_right[best]
