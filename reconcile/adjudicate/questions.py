"""Questions on the Review sheet: a near tie asked as one question ("which of these rows, if any,
is this person?"), and the pairs between two persons asked once.

The one-to-one assignment sends a record's rival candidates on the other list to review together
(`schema.NEAR_TIE`). Shown apart, each pair looks like a coin toss; shown side by side, they are one
question with at most one yes. Pairs in a near tie that share a record form one question (a chain
of rivals, record to candidate to rival record, stays one question too); the record asked about is
the one most of its pairs share. Every pair keeps its own decision cell: the analyst answers
`same` on the row that is the person, if any, and `different` on the others.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.adjudicate.keys import record_label
from reconcile.schema import ASSIGNMENT_NOTE, LEFT_KEY, PERSON_ID, RIGHT_KEY

QUESTION = "question"  # the question's number on the sheet, shared by its pairs (0: no question)
ASKED = "asked"  # the record the question is about, as list:record
PERSONS_ASKED = "persons_asked"  # the two persons a pair would join, as one key
ASKED_ABOVE = "asked_above"  # an earlier row on the sheet joins the same two persons


def near_tie_questions(pairs: pd.DataFrame, near_tie: str) -> pd.DataFrame:
    """For each pair (index kept), the question it belongs to and the record asked about.

    Args:
        pairs: rows of the pair table with positions `left`/`right`, keys and `assignment_note`.
        near_tie: the assignment note of a pair in a near tie.

    Returns columns `question` (a number per question, in order of first appearance in `pairs`;
    0 for a pair in no question) and `asked` (empty for a pair in no question). A near tie whose
    rivals are not all among `pairs` is a question of the pairs present, when two or more are.
    """
    question = np.zeros(len(pairs), dtype=int)
    asked_about = np.full(len(pairs), "", dtype=object)
    out = pd.DataFrame({QUESTION: question, ASKED: asked_about}, index=pairs.index)
    note = pairs[ASSIGNMENT_NOTE].to_numpy() if ASSIGNMENT_NOTE in pairs else np.full(len(pairs), "")
    tied = np.flatnonzero(note == near_tie)
    if len(tied) < 2:
        return out
    left = pairs["left"].to_numpy(dtype=int)[tied]
    right = pairs["right"].to_numpy(dtype=int)[tied]
    nodes, ends = np.unique(np.concatenate([left, right]), return_inverse=True)
    a, b = ends[: len(tied)], ends[len(tied) :]
    graph = coo_matrix((np.ones(len(tied)), (a, b)), shape=(len(nodes), len(nodes)))
    _, component = connected_components(graph, directed=False)
    group = component[a]
    sizes = np.bincount(group)
    asked_in = sizes[group] >= 2
    if not asked_in.any():
        return out
    # Number the questions by their first pair's place in `pairs`.
    first_place = pd.Series(np.arange(len(tied))[asked_in]).groupby(group[asked_in]).min()
    number = pd.Series(np.arange(1, len(first_place) + 1), index=first_place.sort_values().index)
    question[tied[asked_in]] = number.reindex(group[asked_in]).to_numpy()
    # The record asked about: the one in most of the question's pairs (ties: the first seen).
    labels = {
        **_labels(pairs.iloc[tied], LEFT_KEY, left),
        **_labels(pairs.iloc[tied], RIGHT_KEY, right),
    }
    ends_frame = pd.DataFrame(
        {"group": np.concatenate([group, group]), "record": np.concatenate([left, right])}
    )
    counts = ends_frame.groupby(["group", "record"], sort=False).size().reset_index(name="n")
    counts = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates("group")
    asked = pd.Series(counts["record"].map(labels).to_numpy(), index=counts["group"].to_numpy())
    asked_about[tied[asked_in]] = asked.reindex(group[asked_in]).to_numpy()
    return pd.DataFrame({QUESTION: question, ASKED: asked_about}, index=pairs.index)


def _labels(pairs: pd.DataFrame, key: tuple[str, str], positions: np.ndarray) -> dict[int, str]:
    lists, ids = pairs[key[0]].astype(str).to_numpy(), pairs[key[1]].astype(str).to_numpy()
    return {int(p): record_label(list_id, i) for p, list_id, i in zip(positions, lists, ids, strict=True)}


def persons_asked(pairs: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """For each pair, the two persons it would join (`persons` in record position order), as one key.

    Pairs with one key ask one question: are these two persons one? A `same` on any of them links
    the persons, and the others follow through it (`cluster.implied_by_persons`); a `different`
    keeps them apart, and the others are settled with it (`cluster.settled_apart`).
    """
    person = persons[PERSON_ID].astype(str).to_numpy()
    a = person[pairs["left"].to_numpy(dtype=int)]
    b = person[pairs["right"].to_numpy(dtype=int)]
    first, second = np.minimum(a, b), np.maximum(a, b)
    return pd.Series(np.char.add(np.char.add(first.astype(str), " "), second.astype(str)), index=pairs.index)
