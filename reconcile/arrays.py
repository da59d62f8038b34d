"""Small numpy helpers that the stages share."""

from __future__ import annotations

import numpy as np


def unique_codes(codes: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted: what `np.unique` returns.

    By sorting: numpy 2.3 and later find distinct values with a hash table, which on the tens of
    millions of pair codes blocking makes is about ten times slower than one sort.
    """
    ordered = np.sort(codes)
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]
