"""The structure of lists: each list names a person once, so candidates on another list compete.

Two consequences, both used here:

- Exclusive probabilities. A record has at most one counterpart on another list, so its
  candidates there compete: with Bayes factors BF_i against that list's N records and a share q
  of records that have a counterpart there, P(i) = q·BF_i/N / (q·Σ_j BF_j/N + 1 − q). A rare
  name with no rival grows more certain; two equally good rivals share the belief. q is
  estimated by EM for each direction of each pair of lists, and a pair keeps the lower of its
  two directions. Pairs within one list (duplicate entries) keep the plain probability, and two
  records of one list that likely name one person count as one candidate, not two rivals.
- One-to-one assignment. Across an allegation list and a reply list a record links to at most
  one record on the other side: the strongest pair wins; a rival within `near_tie_weight`
  bits of it is a near tie, and both go to a human rather than letting the model guess.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from reconcile.adjudicate.apply import analyst_entries, decided_same
from reconcile.adjudicate.entries import entries
from reconcile.classify import PRIOR_BITS
from reconcile.schema import (
    ASSIGNMENT_NOTE,
    LEFT,
    LIST_ID,
    NEAR_TIE,
    PROBABILITY,
    RIGHT,
    STATUS,
    WEIGHT,
    Role,
    Status,
)

OUTRANKED = "a stronger candidate on the other list took this record"


def exclusive_probabilities(
    pairs: pd.DataFrame, list_sizes: Mapping[str, int], iterations: int, one_entry: np.ndarray
) -> pd.Series:
    """Probabilities of pairs across lists under "at most one counterpart per list".

    A list that names one person twice breaks the rule: the two records of a pair within one list
    marked in `one_entry` are one entry, and do not compete with each other."""
    probability = pairs[PROBABILITY].to_numpy(dtype=float).copy()
    list_l, list_r = pairs[LIST_ID + LEFT].to_numpy(), pairs[LIST_ID + RIGHT].to_numpy()
    across = np.flatnonzero(list_l != list_r)
    # Bayes factor of each pair: its weight without the prior odds.
    factor = np.exp2(np.clip((pairs[WEIGHT] - pairs[PRIOR_BITS]).to_numpy()[across], -60, 60))
    record_l, record_r = pairs["left"].to_numpy()[across], pairs["right"].to_numpy()[across]
    directions = (
        (list_l[across], record_l, list_r[across]),  # each left record's candidates on the right list
        (list_r[across], record_r, list_l[across]),
    )
    entry = entries(pairs, one_entry)
    exclusive = np.ones(len(across))
    for (own_list, own_record, other_list), other_record in zip(
        directions, (record_r, record_l), strict=True
    ):
        for (own, other), group in pd.Series(np.arange(len(across))).groupby([own_list, other_list]):
            rows = group.to_numpy()
            scaled = factor[rows] / max(list_sizes[str(other)], 1)
            competing = _compete(
                scaled, own_record[rows], entry[other_record[rows]], list_sizes[str(own)], iterations
            )
            exclusive[rows] = np.minimum(exclusive[rows], competing)
    probability[across] = exclusive
    return pd.Series(probability, index=pairs.index, name=PROBABILITY)


def _compete(
    scaled: np.ndarray, record: np.ndarray, entry: np.ndarray, records_on_list: int, iterations: int
) -> np.ndarray:
    """P(pair) when each record's candidates share the belief that it has one counterpart; two
    candidates of one entry count once, by the stronger."""
    group = pd.factorize(record)[0]
    strongest = pd.DataFrame({"group": group, "entry": entry, "scaled": scaled}).groupby(["group", "entry"])
    best = strongest["scaled"].max()
    total = np.bincount(
        best.index.get_level_values("group").to_numpy(), weights=best.to_numpy(), minlength=group.max() + 1
    )
    coverage = 0.5
    for _ in range(iterations):
        per_record = coverage * total / (coverage * total + 1 - coverage)
        coverage = float(np.clip(per_record.sum() / max(records_on_list, 1), 0.01, 0.99))
    return coverage * scaled / (coverage * total[group] + 1 - coverage)


def assign_one_to_one(pairs: pd.DataFrame, roles: Mapping[str, Role], near_tie_weight: float) -> pd.DataFrame:
    """Return `pairs` with statuses adjusted and a note on each pair the assignment changed."""
    out = pairs.copy()
    status = out[STATUS].to_numpy(dtype=object).copy()
    note = np.full(len(out), "", dtype=object)
    list_l, list_r = out[LIST_ID + LEFT].to_numpy(), out[LIST_ID + RIGHT].to_numpy()
    role_l, role_r = out[LIST_ID + LEFT].map(roles).to_numpy(), out[LIST_ID + RIGHT].map(roles).to_numpy()
    across = ((role_l == Role.ALLEGATION) & (role_r == Role.REPLY)) | (
        (role_l == Role.REPLY) & (role_r == Role.ALLEGATION)
    )
    live = np.flatnonzero(across & np.isin(status, [Status.MATCH.value, Status.REVIEW.value]))
    weight = out[WEIGHT].to_numpy()
    left, right = out["left"].to_numpy(), out["right"].to_numpy()
    human = decided_same(out)
    entry = analyst_entries(out)
    # (record, other list) -> the rows of the pairs that took it, each with its counterpart's entry
    winners: dict[tuple[int, str], list[tuple[int, int]]] = {}
    # Pairs analysts called the same take their records first and are never demoted; records they
    # linked to one another are one entry of their list, not rivals.
    for row in live[np.lexsort((-np.nan_to_num(weight[live], nan=np.inf), ~human[live]))]:
        sides = ((left[row], list_r[row], entry[right[row]]), (right[row], list_l[row], entry[left[row]]))
        rivals = [
            winner
            for record, other_list, counterpart in sides
            for winner, taken in winners.get((record, other_list), [])
            if taken != counterpart
        ]
        if not rivals or human[row]:
            for record, other_list, counterpart in sides:
                winners.setdefault((record, other_list), []).append((row, counterpart))
            continue
        best = max(rivals, key=lambda r: weight[r])
        if weight[best] - weight[row] <= near_tie_weight:
            status[row], note[row] = Status.REVIEW.value, NEAR_TIE
            if status[best] == Status.MATCH.value and not human[best]:
                status[best], note[best] = Status.REVIEW.value, NEAR_TIE
        else:
            status[row], note[row] = Status.NON_MATCH.value, OUTRANKED
    out[STATUS] = status
    out[ASSIGNMENT_NOTE] = note
    return out
