"""Small numpy and pandas helpers that the stages share."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def unique_codes(codes: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted: what `np.unique` returns.

    By sorting: numpy 2.3 and later find distinct values with a hash table, which on the tens of
    millions of pair codes blocking makes is about ten times slower than one sort.
    """
    ordered = np.sort(codes)
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def distinct_text(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes into the distinct values of a column of str, and those values: work done per cell
    (escaping, a pattern search) is then done once per distinct value and spread back by code.

    pandas.factorize is fast but its object hash table stops at a NUL character, merging "" with
    "\\x00…" (hostile input); when its count of distinct values disagrees with Python's, a dict does
    the work instead (as `names.similarity` does).
    """
    array = values.to_numpy(dtype=object)
    codes, uniques = pd.factorize(array, use_na_sentinel=False)
    distinct: list[object] = list(uniques)
    if len(distinct) != len(set(array.tolist())):
        seen: dict[object, int] = {}
        codes = np.fromiter((seen.setdefault(v, len(seen)) for v in array), dtype=np.int64, count=len(array))
        distinct = list(seen)
    return codes, pd.Series(distinct, dtype=object)


def per_distinct(values: pd.Series, work: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`work` (a column-wise function of str, giving one value per value) done on each distinct value
    once, spread back over `values`, with their index."""
    codes, distinct = distinct_text(values)
    done = work(distinct).to_numpy()
    return pd.Series(done[codes], index=values.index)
