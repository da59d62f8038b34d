"""Entries of a list: records that name one person count as one when the rule "one counterpart per
list" is applied, for a list may name a person twice."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.schema import LEFT_POSITION, RIGHT_POSITION


def entries(pairs: pd.DataFrame, joined: np.ndarray) -> np.ndarray:
    """Per record position, its entry: records connected by the pairs marked in `joined` share one."""
    size = int(max(pairs[LEFT_POSITION].max(), pairs[RIGHT_POSITION].max())) + 1 if len(pairs) else 0
    linked = pairs[joined]
    graph = coo_matrix(
        (np.ones(len(linked)), (linked[LEFT_POSITION].to_numpy(), linked[RIGHT_POSITION].to_numpy())),
        shape=(size, size),
    )
    return connected_components(graph, directed=False)[1]
