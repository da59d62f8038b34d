"""Exclusive probabilities: each list names a person once, so candidates on another list compete.

Between two lists A and B the true links form a matching: a record has at most one counterpart on
the other list. With M persons on both, a share q_A = M/N_A of A's records and q_B = M/N_B of B's
have a counterpart; each direction's q is estimated by EM from the pairs' Bayes factors. Under a
random matching of that size, adding a link between two records multiplies the prior by
θ = (M / N_A·N_B) / ((1 − q_A)(1 − q_B)): the pair's own prior, divided by the chance that both
records are left without a counterpart. Each pair's odds are its Bayes factor times θ, and the
probability of a pair is its marginal over all matchings of the candidate pairs, computed by belief
propagation (sum-product) on the constraints "at most one link per record".

So a pair with no rival on either side is more certain than its own probability says (neither
record has anywhere else to go), two equally good rivals share the belief, and a rival already
taken by a better counterpart of its own steps aside. Pairs within one list (duplicate entries)
keep the plain probability, and two records of one list that likely name one person count as one
entry, not two rivals.

The same rule on statuses (one-to-one assignment, rivals of an analyst's link) is applied in
`reconcile.status`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from reconcile.adjudicate.entries import entries
from reconcile.classify import PRIOR_BITS
from reconcile.schema import LEFT, LEFT_POSITION, LIST_ID, PROBABILITY, RIGHT, RIGHT_POSITION, WEIGHT

MAX_COVERAGE = 0.99  # q = 1 would make θ infinite: every record certain to have a counterpart


def exclusive_probabilities(
    pairs: pd.DataFrame,
    list_sizes: Mapping[str, int],
    iterations: int,
    tolerance: float,
    one_entry: np.ndarray,
) -> pd.Series:
    """Probabilities of pairs across lists under "at most one counterpart per list".

    A list that names one person twice breaks the rule: the two records of a pair within one list
    marked in `one_entry` are one entry, and do not compete with each other. `iterations` and
    `tolerance` bound the EM of each coverage and the belief propagation."""
    probability = pairs[PROBABILITY].to_numpy(dtype=float).copy()
    list_l = pairs[LIST_ID + LEFT].to_numpy().astype(str)
    list_r = pairs[LIST_ID + RIGHT].to_numpy().astype(str)
    across = np.flatnonzero(list_l != list_r)
    factor = np.exp2(np.clip((pairs[WEIGHT] - pairs[PRIOR_BITS]).to_numpy()[across], -60, 60))
    entry = entries(pairs, one_entry)
    entry_l = entry[pairs[LEFT_POSITION].to_numpy()[across]]
    entry_r = entry[pairs[RIGHT_POSITION].to_numpy()[across]]
    # Orient every pair the same way within its two lists: the record of the first list by name is the row.
    in_order = list_l[across] < list_r[across]
    row_list = np.where(in_order, list_l[across], list_r[across])
    column_list = np.where(in_order, list_r[across], list_l[across])
    row = np.where(in_order, entry_l, entry_r)
    column = np.where(in_order, entry_r, entry_l)
    odds = np.empty(len(across))
    for (first, second), group in pd.Series(np.arange(len(across))).groupby([row_list, column_list]):
        rows = group.to_numpy()
        odds[rows] = _matching_odds(
            row[rows],
            column[rows],
            factor[rows],
            list_sizes[str(first)],
            list_sizes[str(second)],
            iterations,
            tolerance,
        )
    probability[across] = odds / (1 + odds)
    return pd.Series(probability, index=pairs.index, name=PROBABILITY)


def _matching_odds(
    row: np.ndarray,
    column: np.ndarray,
    factor: np.ndarray,
    rows_on_list: int,
    columns_on_list: int,
    iterations: int,
    tolerance: float,
) -> np.ndarray:
    """Per pair of two lists, the odds of its link among all matchings of the candidate pairs;
    parallel pairs between the same two entries count once, by the stronger."""
    edges = pd.DataFrame({"row": row, "column": column, "factor": factor})
    strongest = edges.groupby(["row", "column"], sort=False)["factor"].max()
    edge_row = strongest.index.get_level_values("row").to_numpy()
    edge_column = strongest.index.get_level_values("column").to_numpy()
    q_rows = _coverage(edge_row, strongest.to_numpy() / columns_on_list, rows_on_list, iterations, tolerance)
    q_columns = _coverage(
        edge_column, strongest.to_numpy() / rows_on_list, columns_on_list, iterations, tolerance
    )
    matched = (q_rows * rows_on_list + q_columns * columns_on_list) / 2
    theta = matched / (rows_on_list * columns_on_list) / ((1 - q_rows) * (1 - q_columns))
    weight = strongest.to_numpy() * theta
    rule = _matching_messages(edge_row, edge_column, weight, iterations, tolerance)
    per_edge = pd.Series(rule, index=strongest.index)
    return factor * theta * per_edge.reindex(pd.MultiIndex.from_arrays([row, column])).to_numpy()


def _coverage(
    record: np.ndarray, scaled: np.ndarray, records_on_list: int, iterations: int, tolerance: float
) -> float:
    """EM on the share of a list's records that have a counterpart on the other list, from each
    record's candidates' Bayes factors over the other list's size (`scaled`)."""
    total = np.bincount(pd.factorize(record)[0], weights=scaled)
    coverage = 0.5
    for _ in range(iterations):
        per_record = coverage * total / (coverage * total + 1 - coverage)
        updated = float(np.clip(per_record.sum() / max(records_on_list, 1), 0.01, MAX_COVERAGE))
        if abs(np.log(updated / coverage)) < tolerance:
            return updated
        coverage = updated
    return coverage


def _matching_messages(
    row: np.ndarray, column: np.ndarray, weight: np.ndarray, iterations: int, tolerance: float
) -> np.ndarray:
    """Per edge, the factor by which "at most one edge per row and per column" multiplies its
    odds: the product of the two messages that its row and its column send it (belief
    propagation on a bipartite matching, with `weight` the odds of each edge on its own)."""
    rows, columns = _Nodes(row), _Nodes(column)
    from_column = np.ones(len(weight))
    for _ in range(iterations):
        from_row = 1 / (1 + rows.sum_of_others(weight * from_column))
        updated = 1 / (1 + columns.sum_of_others(weight * from_row))
        change = float(np.abs(np.log(updated) - np.log(from_column)).max(initial=0.0))
        from_column = updated
        if change < tolerance:
            break
    return from_column / (1 + rows.sum_of_others(weight * from_column))


class _Nodes:
    """The edges of each node of one side, sorted once, for sums over a node's other edges."""

    def __init__(self, node: np.ndarray) -> None:
        self.order = np.argsort(node, kind="stable")
        sorted_node = node[self.order]
        self.starts = np.flatnonzero(np.r_[True, sorted_node[1:] != sorted_node[:-1]])
        self.segment = np.repeat(np.arange(len(self.starts)), np.diff(np.r_[self.starts, len(node)]))

    def sum_of_others(self, values: np.ndarray) -> np.ndarray:
        """Per edge, the sum of `values` over the other edges of its node. One edge often outweighs
        the rest by many orders of magnitude; its sum is taken over the others, not by subtraction."""
        ordered = values[self.order]
        total = np.add.reduceat(ordered, self.starts)[self.segment]
        top = np.maximum.reduceat(ordered, self.starts)[self.segment]
        is_top = ordered == top
        rest = np.add.reduceat(np.where(is_top, 0.0, ordered), self.starts)[self.segment]
        tops = np.add.reduceat(is_top.astype(float), self.starts)[self.segment]
        others = np.where(is_top, rest + (tops - 1) * top, total - ordered)
        out = np.empty(len(values))
        out[self.order] = others
        return out
