"""Stage 6: scored pairs -> what each pair finally is (match, review, non-match), and why.

This module is the one owner of a pair's `status` from scoring to clustering; `decide_status`
reads every input to it, in this order, each later one overriding the earlier:

1. The model: the two probability thresholds, with the rules the model cannot see. Two records
   whose given names are both present and unlike (Hassan / Hossein, Ali / Reza) are never linked
   automatically: brothers share family name, father, city, prison and often the date. An
   initial that fits the other's given name (M. / Mahmoud) is not unlike: it cannot tell a
   brother apart, and the probability already weighs how often an initial fits by chance. Two
   records of one list link automatically only with the same given name
   (`min_given_similarity_within_list`): a list holds siblings far more often than one person twice.
2. The analysts' standing decisions (`reconcile.adjudicate.apply`): `same` makes a match,
   `different` a non-match; an unsure, stale or conflicting decision puts the pair in review
   whatever the model says.
3. One counterpart per list: a record names a person at most once on another list, and records
   an analyst linked to one another count as one entry of their list (a list may name a person
   twice). On any two lists, a model match that rivals a pair decided `same` goes to review,
   with a `decision_note` saying what to decide. Across an allegation list and a reply list the
   strongest pair wins: a rival within `near_tie_weight` bits of it is a near tie, and both go to
   a human; a weaker rival is a non-match. The `assignment_note` says which.

The same rule already shapes the probabilities (`reconcile.exclusive`), and clustering
(`reconcile.cluster.persons_of`) still moves statuses afterwards. That stays the cluster stage's
documented job: whether a match would chain two records of one list, or join two records an
analyst kept apart, and whether a pair in review already lies inside one person, depends on all
the links made before it across the whole graph, which is the clustering itself. It only moves
a match to review (a refused link) or a review to match (implied by a person), and says why.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from reconcile.adjudicate.apply import DECISION, DECISION_NOTE, attach_decisions
from reconcile.adjudicate.entries import entries
from reconcile.adjudicate.keys import KEY_COLUMNS, Judgement, record_label
from reconcile.config import Linkage
from reconcile.schema import (
    ASSIGNMENT_NOTE,
    INITIALS,
    LEFT,
    LEFT_POSITION,
    LIST_ID,
    NEAR_TIE,
    PROBABILITY,
    RIGHT,
    RIGHT_POSITION,
    SIM_GIVEN,
    STATUS,
    WEIGHT,
    Role,
    Status,
)

OUTRANKED = "a stronger candidate on the other list took this record"
GIVEN_NAMES_DIFFER = (
    "likely, but the given names differ: brothers share the rest, so never linked automatically"
)
ONE_LIST_GIVEN_NAMES = (
    "likely, but two records of one list are linked automatically only with the same given name"
)


def decide_status(
    pairs: pd.DataFrame, decisions: pd.DataFrame, roles: Mapping[str, Role], settings: Linkage
) -> pd.DataFrame:
    """Every scored pair with its final `status` and `assignment_note`, the analysts' decisions
    beside it (`attach_decisions`), and the decided pairs that blocking did not propose.

    `pairs` needs the pair keys, record positions, `match_weight`, `match_probability` and
    `sim_given` (and `given_initial_fits` where known); `decisions` are the standing decisions (`current_decisions`); `roles` the role of
    each list. The index is reset; existing pairs keep their order and come first.
    """
    status, note = _by_model(pairs, settings)
    # attach_decisions copies the table anyway: the model's status joins that copy, not one more.
    out, decided = attach_decisions(pairs, decisions)
    after_pairs = len(pairs.columns)
    for column, values in ((STATUS, status), (ASSIGNMENT_NOTE, note)):
        # Where the model's columns were, else after the pair's own ones; the decided pairs that
        # attach_decisions added come last, without a model status.
        padded = _padded(values, len(out))
        if column in out:
            out[column] = padded
        else:
            out.insert(after_pairs, column, padded)
            after_pairs += 1
    out.loc[decided, STATUS] = _by_decision(out[DECISION].to_numpy()[decided])
    # What held the model back does not apply to a pair the analysts decided.
    out[ASSIGNMENT_NOTE] = out[ASSIGNMENT_NOTE].fillna("").where(~decided, "")
    return _one_counterpart_per_list(out, roles, settings.near_tie_weight)


def _padded(values: np.ndarray, length: int) -> np.ndarray:
    """`values` followed by NaN up to `length`."""
    padded = np.full(length, np.nan, dtype=object)
    padded[: len(values)] = values
    return padded


def _by_model(pairs: pd.DataFrame, settings: Linkage) -> tuple[np.ndarray, np.ndarray]:
    """Status from the two probability thresholds, with the given-name rules; and a note on each
    pair a rule holds back from a link."""
    probability = pairs[PROBABILITY].to_numpy()
    given_similarity = pairs[SIM_GIVEN].to_numpy()
    within_list = (pairs[LIST_ID + LEFT] == pairs[LIST_ID + RIGHT]).to_numpy()
    likely = probability >= settings.match_threshold
    initial = pairs[INITIALS].to_numpy(dtype=bool) if INITIALS in pairs else np.zeros(len(pairs), dtype=bool)
    unlike = (given_similarity < settings.min_given_similarity_to_match) & ~initial  # NaN: no veto
    same_list = within_list & ~(given_similarity >= settings.min_given_similarity_within_list)
    matched = likely & ~unlike & ~same_list
    # Object arrays of a few shared strings: np.where on strings would make fixed-width text
    # arrays, as wide per pair as the longest note.
    status = np.full(len(pairs), Status.NON_MATCH.value, dtype=object)
    status[probability >= settings.review_threshold] = Status.REVIEW.value
    status[matched] = Status.MATCH.value
    note = np.full(len(pairs), "", dtype=object)
    note[likely & same_list] = ONE_LIST_GIVEN_NAMES
    note[likely & unlike] = GIVEN_NAMES_DIFFER  # the given names differing says more
    return status, note


def _by_decision(in_force: np.ndarray) -> np.ndarray:
    """Status of decided pairs from the judgement in force; none in force (unsure, stale, in
    conflict) is review."""
    return np.where(
        in_force == Judgement.SAME.value,
        Status.MATCH.value,
        np.where(in_force == Judgement.DIFFERENT.value, Status.NON_MATCH.value, Status.REVIEW.value),
    )


def _one_counterpart_per_list(
    pairs: pd.DataFrame, roles: Mapping[str, Role], near_tie_weight: float
) -> pd.DataFrame:
    """`pairs` (with a RangeIndex) with each record keeping at most one counterpart per list.

    First the analysts' links: on any two lists, a model match that rivals a pair decided `same`
    goes to review. Then, across an allegation list and a reply list, the one-to-one assignment:
    pairs decided `same` take their records first and are never demoted, then the model's
    strongest pairs; a rival within `near_tie_weight` bits of the pair that took its record goes
    to review with it, a weaker one is a non-match.
    """
    out = pairs  # decide_status's own table: changed in place, not copied again (it is large)
    human = (out[DECISION] == Judgement.SAME.value).to_numpy()
    entry = entries(out, human)
    _demote_rivals_of_analysts(out, human, entry)
    status = out[STATUS].to_numpy(dtype=object).copy()
    note = out[ASSIGNMENT_NOTE].to_numpy(dtype=object).copy()
    list_l, list_r = out[LIST_ID + LEFT].to_numpy(), out[LIST_ID + RIGHT].to_numpy()
    role_l, role_r = out[LIST_ID + LEFT].map(roles).to_numpy(), out[LIST_ID + RIGHT].map(roles).to_numpy()
    across = ((role_l == Role.ALLEGATION) & (role_r == Role.REPLY)) | (
        (role_l == Role.REPLY) & (role_r == Role.ALLEGATION)
    )
    live = np.flatnonzero(across & np.isin(status, [Status.MATCH.value, Status.REVIEW.value]))
    weight = out[WEIGHT].to_numpy()
    left, right = out[LEFT_POSITION].to_numpy(), out[RIGHT_POSITION].to_numpy()
    # (record, other list) -> the rows of the pairs that took it, each with its counterpart's entry
    winners: dict[tuple[int, str], list[tuple[int, int]]] = {}
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


def _demote_rivals_of_analysts(out: pd.DataFrame, human: np.ndarray, entry: np.ndarray) -> None:
    """Send to review, in place, each model match that gives a record a second counterpart on a
    list where an analyst linked it (`human`), unless the analyst linked the two counterparts too."""
    if not human.any():
        return
    position = (out[LEFT_POSITION].to_numpy(dtype=int), out[RIGHT_POSITION].to_numpy(dtype=int))
    lists = (out[KEY_COLUMNS[0]].astype(str).to_numpy(), out[KEY_COLUMNS[2]].astype(str).to_numpy())
    ids = (out[KEY_COLUMNS[1]].astype(str).to_numpy(), out[KEY_COLUMNS[3]].astype(str).to_numpy())
    sides = ((0, 1), (1, 0))  # (own, other): left then right

    def label(row: int, side: int) -> str:
        return record_label(lists[side][row], ids[side][row])

    claimed: dict[tuple[int, str], tuple[int, str]] = {}  # (record, other list) -> counterpart's entry, label
    for i in np.flatnonzero(human).tolist():
        for own, other in sides:
            claimed[(position[own][i], lists[other][i])] = (entry[position[other][i]], label(i, other))
    model_match = ((out[STATUS] == Status.MATCH.value) & ~human).to_numpy()
    for j in np.flatnonzero(model_match).tolist():  # out has a RangeIndex: labels are positions
        for own, other in sides:
            taken = claimed.get((position[own][j], lists[other][j]))
            if taken and taken[0] != entry[position[other][j]]:
                out.loc[j, STATUS] = Status.REVIEW.value
                out.loc[j, DECISION_NOTE] = (
                    f"a reviewer linked {label(j, own)} to {taken[1]}; decide same here if {lists[other][j]} "
                    f"names this person twice ({taken[1]} and {label(j, other)}), different if not"
                )
                break
