"""The structure of a reply: each reply row answers about one name on an allegation list.

Two consequences, both used here:

- Exclusive probabilities. A reply row has at most one counterpart on an allegation list, so
  its candidates compete: with Bayes factors BF_i against the list's N records and a share q
  of reply rows that do answer that list, P(i) = q·BF_i/N / (q·Σ_j BF_j/N + 1 − q). A rare
  name with no rival becomes near certain; two equally good rivals share the belief. q is
  estimated by EM for each (reply list, allegation list).
- One-to-one assignment. Across an allegation list and a reply list a record links to at most
  one record on the other side: the strongest pair wins; a rival within `near_tie_weight`
  bits of it is a near tie, and both go to a human rather than letting the model guess.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from reconcile.schema import LEFT, LIST_ID, PROBABILITY, RIGHT, STATUS, WEIGHT, Role, Status

NOTE = "assignment_note"
NEAR_TIE = "near tie with another candidate on the other list"
OUTRANKED = "a stronger candidate on the other list took this record"


def exclusive_probabilities(
    pairs: pd.DataFrame, roles: Mapping[str, Role], list_sizes: Mapping[str, int], prior: float, iterations: int
) -> pd.Series:
    """Probabilities of allegation × reply pairs under "one counterpart at most"; other pairs unchanged."""
    probability = pairs[PROBABILITY].to_numpy(dtype=float).copy()
    reply_on_left = pairs[LIST_ID + LEFT].map(roles).eq(Role.REPLY).to_numpy()
    reply_list = np.where(reply_on_left, pairs[LIST_ID + LEFT], pairs[LIST_ID + RIGHT])
    other_list = np.where(reply_on_left, pairs[LIST_ID + RIGHT], pairs[LIST_ID + LEFT])
    reply_record = np.where(reply_on_left, pairs["left"], pairs["right"])
    is_allegation = pd.Series(other_list).map(roles).eq(Role.ALLEGATION).to_numpy()
    across = is_allegation & (pd.Series(reply_list).map(roles).eq(Role.REPLY).to_numpy())
    # Bayes factor of each pair: its weight without the prior odds.
    log2_factor = pairs[WEIGHT].to_numpy() - np.log2(prior / (1 - prior))
    for (answering, answered), rows in pd.Series(np.flatnonzero(across)).groupby(
        [reply_list[across], other_list[across]]
    ):
        rows = rows.to_numpy()
        scaled = np.exp2(np.clip(log2_factor[rows], -60, 60)) / max(list_sizes[answered], 1)
        group = pd.factorize(reply_record[rows])[0]
        total = np.bincount(group, weights=scaled)
        replies = list_sizes[answering]
        coverage = 0.5
        for _ in range(iterations):
            per_reply = coverage * total / (coverage * total + 1 - coverage)
            coverage = float(np.clip(per_reply.sum() / max(replies, 1), 0.01, 0.99))
        probability[rows] = coverage * scaled / (coverage * total[group] + 1 - coverage)
    return pd.Series(probability, index=pairs.index, name=PROBABILITY)


def assign_one_to_one(pairs: pd.DataFrame, roles: Mapping[str, Role], near_tie_weight: float) -> pd.DataFrame:
    """Return `pairs` with statuses adjusted and a note on each pair the assignment changed."""
    out = pairs.copy()
    status = out[STATUS].to_numpy(dtype=object).copy()
    note = np.full(len(out), "", dtype=object)
    list_l, list_r = out[LIST_ID + LEFT].to_numpy(), out[LIST_ID + RIGHT].to_numpy()
    role_l, role_r = out[LIST_ID + LEFT].map(roles).to_numpy(), out[LIST_ID + RIGHT].map(roles).to_numpy()
    across = ((role_l == Role.ALLEGATION) & (role_r == Role.REPLY)) | ((role_l == Role.REPLY) & (role_r == Role.ALLEGATION))
    live = np.flatnonzero(across & np.isin(status, [Status.MATCH.value, Status.REVIEW.value]))
    weight = out[WEIGHT].to_numpy()
    left, right = out["left"].to_numpy(), out["right"].to_numpy()
    winners: dict[tuple[int, str], int] = {}  # (record, other list) -> row of the pair that took it
    for row in live[np.argsort(-weight[live], kind="stable")]:
        sides = ((left[row], list_r[row]), (right[row], list_l[row]))
        rivals = [winners[side] for side in sides if side in winners]
        if not rivals:
            for side in sides:
                winners[side] = row
            continue
        best = max(rivals, key=lambda r: weight[r])
        if weight[best] - weight[row] <= near_tie_weight:
            status[row], note[row] = Status.REVIEW.value, NEAR_TIE
            if status[best] == Status.MATCH.value:
                status[best], note[best] = Status.REVIEW.value, NEAR_TIE
        else:
            status[row], note[row] = Status.NON_MATCH.value, OUTRANKED
    out[STATUS] = status
    out[NOTE] = note
    return out
