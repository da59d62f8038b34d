"""Stage 3: records -> candidate pairs, as the union of several blocking passes.

Each pass puts records that share a key into one block; true pairs need to survive only one
pass, so typos in one name part, swapped parts and Persian-vs-Latin script each have a pass
that still brings them together. Keys shared by too many records are skipped rather than
allowed to explode the pair count; a sorted-neighbourhood pass covers what that loses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import product

import numpy as np
import pandas as pd

from reconcile import names
from reconcile.config import Blocking

LEFT_POS = "left"
RIGHT_POS = "right"


@dataclass(frozen=True)
class BlockingPass:
    name: str
    keys: Callable[[pd.DataFrame], pd.Series]  # one list of keys per record


def _part_keys(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda records: records[column].map(_keys_of)


def _joined(*columns: str, unordered: bool = False) -> Callable[[pd.DataFrame], pd.Series]:
    """Keys that combine one blocking key from each column (all combinations)."""

    def make(records: pd.DataFrame) -> pd.Series:
        parts = [records[c].map(_keys_of) for c in columns]
        combined = [
            ["|".join(sorted(keys) if unordered else keys) for keys in product(*row)]
            for row in zip(*parts, strict=True)
        ]
        return pd.Series(combined, index=records.index)

    return make


def _keys_of(key: str) -> list[str]:
    return names.blocking_keys(key) if key else []


PASSES = (
    BlockingPass("given+family, either order", _joined("given_key", "family_key", unordered=True)),
    BlockingPass("family name", _part_keys("family_key")),
    BlockingPass("given+father", _joined("given_key", "father_key")),
    BlockingPass("family+father", _joined("family_key", "father_key")),
)


def block(records: pd.DataFrame, settings: Blocking) -> pd.MultiIndex:
    """Candidate pairs as a MultiIndex of record positions (left < right), sorted."""
    found = [_pairs_sharing_key(records, p.keys(records), settings.max_block_size) for p in PASSES]
    found.append(_sorted_neighbourhood(records["full_key"], settings.neighbourhood_window))
    stacked = np.concatenate([f for f in found if len(f)]) if any(len(f) for f in found) else np.empty((0, 2), int)
    unique = np.unique(stacked, axis=0) if len(stacked) else stacked
    return pd.MultiIndex.from_arrays([unique[:, 0], unique[:, 1]], names=[LEFT_POS, RIGHT_POS])


def _pairs_sharing_key(records: pd.DataFrame, keys: pd.Series, max_block: int) -> np.ndarray:
    exploded = pd.DataFrame({"pos": np.arange(len(records)), "key": keys.to_numpy()}).explode("key")
    exploded = exploded.dropna().drop_duplicates()
    sizes = exploded.groupby("key")["pos"].transform("size")
    exploded = exploded[(sizes > 1) & (sizes <= max_block)]
    joined = exploded.merge(exploded, on="key", suffixes=("_l", "_r"))
    joined = joined[joined["pos_l"] < joined["pos_r"]]
    return joined[["pos_l", "pos_r"]].to_numpy(dtype=np.int64)


def _sorted_neighbourhood(full_keys: pd.Series, window: int) -> np.ndarray:
    """Pairs of records within `window` places of each other when sorted by name skeleton."""
    skeleton = full_keys.map(lambda k: " ".join(sorted(_first_key(p) for p in k.split())) if k else "")
    order = np.argsort(skeleton.to_numpy(dtype=str), kind="stable")
    order = order[skeleton.to_numpy()[order] != ""]
    pairs = [np.stack([order[:-step], order[step:]], axis=1) for step in range(1, window + 1) if len(order) > step]
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    both = np.concatenate(pairs)
    return np.sort(both, axis=1).astype(np.int64)


def _first_key(part: str) -> str:
    keys = _keys_of(part)
    return keys[0] if keys else part


def pair_completeness(candidates: pd.MultiIndex, true_pairs: Iterable[tuple[int, int]]) -> float:
    """Share of true pairs (as record positions) that blocking kept."""
    truth = {tuple(sorted(p)) for p in true_pairs}
    if not truth:
        return 1.0
    kept = set(zip(candidates.get_level_values(0), candidates.get_level_values(1), strict=True))
    return len(truth & kept) / len(truth)
