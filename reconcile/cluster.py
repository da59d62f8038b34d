"""Stage 7: matched pairs -> persons, with stable ids.

Connected components over matches, strongest first, with one guard: two components are not
joined when that would put two records of the same list into one person through other lists
(chaining). A direct match between two records of one list (a duplicate entry) is allowed, and
so is any link an analyst decided: their decisions go first. No link, model's or analyst's, may
join two records an analyst decided are different people.
Person ids come from the person's first record key, so they do not reshuffle between runs.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from reconcile.adjudicate.apply import DECISION
from reconcile.adjudicate.keys import Judgement
from reconcile.schema import LEFT, LIST_ID, PERSON_ID, RECORD_ID, RIGHT, STATUS, WEIGHT, Status

CHAIN_NOTE = "not merged: would join two records of one list through other lists"
IMPLIED_NOTE = "linked through other records of the same person"
APART_NOTE = "not merged: would join two records an analyst decided are different people"


def cluster(records: pd.DataFrame, pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Persons (list_id, record_id, person_id, one row per record) and a note per refused match."""
    parent = np.arange(len(records))
    lists: dict[int, set[str]] = {i: {value} for i, value in enumerate(records[LIST_ID])}
    members: dict[int, set[int]] = {i: {i} for i in range(len(records))}
    apart = _decided_apart(pairs)
    refused = pd.Series("", index=pairs.index, dtype=object)

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return int(node)

    matches = pairs[pairs[STATUS] == Status.MATCH.value]
    by_human = matches.get(DECISION, pd.Series("", index=matches.index)) == Judgement.SAME.value
    # Analysts' links first, then the model's strongest: a human "same" is never refused for a weaker link.
    order = np.lexsort((-matches[WEIGHT].fillna(np.inf).to_numpy(), ~by_human.to_numpy()))
    for index, left, right, human in zip(
        matches.index[order],
        matches["left"].iloc[order],
        matches["right"].iloc[order],
        by_human.iloc[order],
        strict=True,
    ):
        a, b = root(int(left)), root(int(right))
        if a == b:
            continue
        smaller, larger = sorted((a, b), key=lambda r: len(members[r]))
        if any(apart.get(record, set()) & members[larger] for record in members[smaller]):
            refused[index] = APART_NOTE  # not even an analyst's "same" overrides another's "different"
            continue
        same_list_direct = records.at[int(left), LIST_ID] == records.at[int(right), LIST_ID]
        if lists[a] & lists[b] and not (same_list_direct or human):
            refused[index] = CHAIN_NOTE
            continue
        parent[b] = a
        lists[a] |= lists.pop(b)
        members[a] |= members.pop(b)

    roots = np.array([root(i) for i in range(len(records))])
    persons = records[[LIST_ID, RECORD_ID]].copy()
    persons["_root"] = roots
    # list ids are [a-z0-9_]+, so "|" cannot be part of one: the key is unambiguous.
    keys = persons[LIST_ID] + "|" + persons[RECORD_ID]
    first_key = keys.groupby(persons["_root"]).transform("min")
    persons[PERSON_ID] = first_key.map(_person_id)
    return persons.drop(columns="_root"), refused


def _decided_apart(pairs: pd.DataFrame) -> dict[int, set[int]]:
    """Records an analyst decided are different people, each to the set it must never join."""
    if DECISION not in pairs:
        return {}
    different = pairs[pairs[DECISION] == Judgement.DIFFERENT.value]
    apart: dict[int, set[int]] = {}
    for left, right in zip(different["left"].astype(int), different["right"].astype(int), strict=True):
        apart.setdefault(left, set()).add(right)
        apart.setdefault(right, set()).add(left)
    return apart


def implied_by_persons(pairs: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Review pairs whose two records ended up in one person through other matches.

    Asking a human about them would be asked and answered already: the matches that joined
    them are what a reviewer would have to overturn.
    """
    person = persons.set_index([LIST_ID, RECORD_ID])[PERSON_ID]
    left = person.reindex(
        pd.MultiIndex.from_arrays([pairs[LIST_ID + LEFT], pairs[RECORD_ID + LEFT]])
    ).to_numpy()
    right = person.reindex(
        pd.MultiIndex.from_arrays([pairs[LIST_ID + RIGHT], pairs[RECORD_ID + RIGHT]])
    ).to_numpy()
    return pd.Series((pairs[STATUS] == Status.REVIEW.value).to_numpy() & (left == right), index=pairs.index)


def _person_id(first_record_key: str) -> str:
    return "P-" + hashlib.sha256(first_record_key.encode("utf-8")).hexdigest()[:10]
