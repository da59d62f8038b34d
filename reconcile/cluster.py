"""Stage 7: matched pairs -> persons, with stable ids.

Connected components over matches, strongest first, with one guard: two components are not
joined when that would put two records of the same list into one person through other lists
(chaining). A direct match between two records of one list (a duplicate entry) is allowed, and
so is any link an analyst decided: their decisions go first. No link, model's or analyst's, may
join two records an analyst decided are different people, however many records lie between
them: the link that would is refused and says which decision refused it, and so does that
decision's pair. A pair in review between two persons an analyst's `different` keeps apart is
settled with it, saying so: one decision answers every pair between the same two persons.
Person ids come from the person's first record key, so they do not reshuffle between runs.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from reconcile.adjudicate.apply import DECISION, DECISION_NOTE
from reconcile.adjudicate.keys import Judgement, record_label
from reconcile.schema import (
    ASSIGNMENT_NOTE,
    LEFT,
    LEFT_POSITION,
    LIST_ID,
    PERSON_ID,
    RECORD_ID,
    RIGHT,
    RIGHT_POSITION,
    STATUS,
    WEIGHT,
    Status,
)

CHAIN_NOTE = "not merged: would join two records of one list that are not linked to each other"
IMPLIED_NOTE = "linked through other records of the same person"
APART = "it would join {first} and {second}, which an analyst decided are different people"
APART_NOTE = "not merged: " + APART + "; decide this pair to settle it"
APART_DECISION_NOTE = (
    "not applied: "
    + APART
    + "; change one of the two decisions (decide {first} - {second} again, or this pair)"
)
KEPT_APART_NOTE = (
    "kept apart as decided: the link {link} that would have joined them through other records was not made"
)
SETTLED_APART_NOTE = (
    "not asked: its records are linked to {first} and {second}, which an analyst decided are different people"
)


def persons_of(records: pd.DataFrame, pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Persons, and the pairs with what clustering made of them: a refused match goes to review
    saying why, a pair decided different says which link it refused, and a review pair whose
    records ended up in one person is linked through them."""
    persons, notes = cluster(records, pairs)
    out = pairs.copy()
    noted = (notes != "").to_numpy()
    out.loc[noted & (out[STATUS] == Status.MATCH.value).to_numpy(), STATUS] = Status.REVIEW.value
    out.loc[noted, ASSIGNMENT_NOTE] = notes[noted]
    implied = implied_by_persons(out, persons)
    out.loc[implied, STATUS] = Status.MATCH.value
    out.loc[implied, ASSIGNMENT_NOTE] = IMPLIED_NOTE
    settled = settled_apart(out, persons, among=~noted)  # a refused link is asked: which link is wrong?
    out.loc[settled.index, STATUS] = Status.NON_MATCH.value
    out.loc[settled.index, ASSIGNMENT_NOTE] = settled
    return persons, out


def cluster(records: pd.DataFrame, pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Persons (list_id, record_id, person_id, one row per record) and a note per pair: on each
    refused match why, and on each pair decided different that refused a match, which one."""
    parent = np.arange(len(records))
    lists: dict[int, set[str]] = {i: {value} for i, value in enumerate(records[LIST_ID])}
    members: dict[int, set[int]] = {i: {i} for i in range(len(records))}
    apart = _decided_apart(pairs)
    notes = pd.Series("", index=pairs.index, dtype=object)
    labels = [
        record_label(list_id, record_id)
        for list_id, record_id in zip(records[LIST_ID], records[RECORD_ID], strict=True)
    ]

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return int(node)

    matches = pairs[pairs[STATUS] == Status.MATCH.value]
    record_lists = records[LIST_ID].to_numpy()
    # Two records of one list join one person only through a link between the two of them.
    ends = matches[[LEFT_POSITION, RIGHT_POSITION]].to_numpy(dtype=np.int64)
    direct = {(int(a), int(b)) for a, b in np.sort(ends, axis=1) if record_lists[a] == record_lists[b]}
    by_human = matches.get(DECISION, pd.Series("", index=matches.index)) == Judgement.SAME.value
    # Analysts' links first, then the model's strongest: a human "same" is never refused for a weaker link.
    order = np.lexsort((-matches[WEIGHT].fillna(np.inf).to_numpy(), ~by_human.to_numpy()))
    for index, left, right, human in zip(
        matches.index[order],
        matches[LEFT_POSITION].iloc[order],
        matches[RIGHT_POSITION].iloc[order],
        by_human.iloc[order],
        strict=True,
    ):
        a, b = root(int(left)), root(int(right))
        if a == b:
            continue
        smaller, larger = sorted((a, b), key=lambda r: len(members[r]))
        kept_apart = next(
            (
                (record, other)
                for record in sorted(members[smaller])
                for other in sorted(apart.get(record, {}).keys() & members[larger])
            ),
            None,
        )
        if kept_apart is not None:  # not even an analyst's "same" overrides another's "different"
            first, second = sorted(kept_apart)
            names = {"first": labels[first], "second": labels[second]}
            notes[index] = (APART_DECISION_NOTE if human else APART_NOTE).format(**names)
            notes.iloc[apart[first][second]] = KEPT_APART_NOTE.format(
                link=f"{labels[int(left)]} - {labels[int(right)]}"
            )
            continue
        if not human and not _only_direct(lists[a] & lists[b], members[a], members[b], record_lists, direct):
            notes[index] = CHAIN_NOTE
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
    return persons.drop(columns="_root"), notes


def _only_direct(
    shared: set[str],
    first: set[int],
    second: set[int],
    record_lists: np.ndarray,
    direct: set[tuple[int, int]],
) -> bool:
    """Whether joining two groups that both hold records of the lists in `shared` joins each such
    record of one group to each of the other only where the two are linked directly."""
    return all(
        (min(a, b), max(a, b)) in direct
        for list_id in shared
        for a in first
        if record_lists[a] == list_id
        for b in second
        if record_lists[b] == list_id
    )


def _decided_apart(pairs: pd.DataFrame) -> dict[int, dict[int, int]]:
    """Records an analyst decided are different people: each to the records it must never join,
    with the position in `pairs` of the pair that says so."""
    if DECISION not in pairs:
        return {}
    different = np.flatnonzero((pairs[DECISION] == Judgement.DIFFERENT.value).to_numpy())
    apart: dict[int, dict[int, int]] = {}
    for row, left, right in zip(
        different.tolist(),
        pairs[LEFT_POSITION].to_numpy()[different],
        pairs[RIGHT_POSITION].to_numpy()[different],
        strict=True,
    ):
        apart.setdefault(int(left), {})[int(right)] = row
        apart.setdefault(int(right), {})[int(left)] = row
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


def settled_apart(pairs: pd.DataFrame, persons: pd.DataFrame, among: np.ndarray | None = None) -> pd.Series:
    """Review pairs no analyst touched whose two persons an analyst's `different` keeps apart, with
    a note naming that decision's records; `among` (all rows when None) marks the rows that may
    settle or be settled: a mask, where a filtered copy of the pair table would cost as much as it.

    One decision answers the question for every pair between the same two persons: a `same` links
    them (`implied_by_persons`), a `different` settles the others here. They could not be linked
    anyway while the links on each side stand (`cluster` refuses any link across a `different`);
    if one of those links breaks, the pair is asked again.
    """
    empty = pd.Series(dtype=object)
    if DECISION not in pairs:
        return empty
    person = persons[PERSON_ID].to_numpy()
    left, right = pairs["left"].to_numpy(dtype=int), pairs["right"].to_numpy(dtype=int)
    considered = np.ones(len(pairs), dtype=bool) if among is None else among
    decision = pairs[DECISION].fillna("").to_numpy()
    different = np.flatnonzero((decision == Judgement.DIFFERENT.value) & considered)
    apart: dict[tuple[str, str], int] = {}
    for row in different.tolist():
        apart.setdefault(_persons_key(person[left[row]], person[right[row]]), row)
    if not apart:
        return empty
    untouched = (pairs[DECISION_NOTE].fillna("") == "").to_numpy() if DECISION_NOTE in pairs else True
    open_review = (
        (pairs[STATUS] == Status.REVIEW.value).to_numpy() & (decision == "") & untouched & considered
    )
    rows, texts = [], []
    for row in np.flatnonzero(open_review).tolist():
        decided = apart.get(_persons_key(person[left[row]], person[right[row]]))
        if decided is None or person[left[row]] == person[right[row]]:
            continue
        first, second = (_label(pairs, decided, side) for side in (LEFT, RIGHT))
        rows.append(row)
        texts.append(SETTLED_APART_NOTE.format(first=first, second=second))
    return pd.Series(texts, index=pairs.index[rows], dtype=object)


def _persons_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _label(pairs: pd.DataFrame, row: int, side: str) -> str:
    return record_label(str(pairs[LIST_ID + side].iloc[row]), str(pairs[RECORD_ID + side].iloc[row]))


def _person_id(first_record_key: str) -> str:
    return "P-" + hashlib.sha256(first_record_key.encode("utf-8")).hexdigest()[:10]
