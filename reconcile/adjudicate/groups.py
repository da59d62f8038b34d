"""Groups on the Review sheet: pairs in review that would make three persons or more one person,
standing together, accepted in one step where the analyst sees that they are.

Two persons joined by one or more pairs in review are one question, which any of their rows answers
(`questions.persons_asked`). Three persons or more are several questions, and when every record
among them is one person, one answer settles them all. Such a group is offered only when it can be
one person: it is built from the pairs in review, the likeliest first, the way clustering builds
persons, and a pair joins its two sides into one group only when nothing argues against it:

- no list holds records of both sides (a list names a person once; records already linked to one
  another, a known duplicate entry, count as one);
- no record of one side was decided different from a record of the other by an analyst;
- no record of one side has a given name unlike one of the other (`review.group_min_given_similarity`,
  on the pairs compared): brothers share family name, father, city and prison;
- no pair between the two sides is asked on its own: decided before (unsure, stale, in conflict,
  rivalling an analyst's link), in a near tie, or a link the clustering refused. Accepting a group
  would answer it without its own question being read.

A pair left out of a group beside it says why, in the column that describes the group. The rows of a
group stand together where its first row stood, numbered in the order of the sheet; rows in no group
keep their places.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reconcile.adjudicate.apply import DECISION, DECISION_NOTE
from reconcile.adjudicate.keys import Judgement, record_label
from reconcile.config import Review
from reconcile.schema import (
    ASSIGNMENT_NOTE,
    LEFT_POSITION,
    LIST_ID,
    PERSON_ID,
    PROBABILITY,
    RECORD_ID,
    RIGHT_POSITION,
    SIM_GIVEN,
)

GROUP = "group"  # the group's number on the sheet, shared by its rows (0: in no group)
GROUP_OFFERED = "group_offered"  # the group may be accepted in one step
GROUP_NOTE = "group_note"  # what accepting the group does (its first row), or why a row is left out of it
MIN_PERSONS = 3  # two persons are one question already: any row between them answers it

OFFERED = (
    "{rows} rows join {records} records ({labels}) into one person: write same in group_decision to "
    "accept them all, or decide the rows one by one"
)
LEFT_OUT = "not in group {group}: "
ONE_LIST = "it would make {labels}, records of one list, one person"
DECIDED_APART = "an analyst decided {first} and {second} are different people"
UNLIKE_GIVEN = "{first} and {second} have unlike given names (similarity {similarity:.2f})"
UNLIKELY = "less likely one person than review.group_min_probability"
ON_ITS_OWN = "{first} - {second} is asked on its own (see why in review)"
NOT_OFFERED = "not offered, decide its rows one by one: "
CUT_OFF = (
    "{missing} of its rows did not fit in this workbook (review.max_workbook_rows); they follow in the next"
)


def with_groups(
    queue: pd.DataFrame, pairs: pd.DataFrame, persons: pd.DataFrame, review: Review
) -> pd.DataFrame:
    """The review queue (in `order.review_order`) with each group's rows together, and on every row
    its `group` (0: none), `group_offered` and `group_note`; the queue as it is when
    `review.offer_groups` is false.

    Args:
        queue: the pairs in review, in order, with positions `left`/`right` into `persons`.
        pairs: the run's whole pair table: the analysts' `different` and the given-name
            similarities between the two sides of a join are read from it.
        persons: the run's persons, one row per record, in record position order.
        review: the review settings.
    """
    if not review.offer_groups:
        return queue
    people = _People(persons)
    a = people.code[queue[LEFT_POSITION].to_numpy(dtype=int)]
    b = people.code[queue[RIGHT_POSITION].to_numpy(dtype=int)]
    on_its_own = (_text(queue, DECISION_NOTE) != "").to_numpy() | (
        _text(queue, ASSIGNMENT_NOTE) != ""
    ).to_numpy()
    people.forbid(_kept_apart(queue, pairs, people, on_its_own, review))
    probability = queue[PROBABILITY].to_numpy(dtype=float) if PROBABILITY in queue else np.zeros(len(queue))
    left_out: dict[int, str] = {}
    for row in np.lexsort((np.arange(len(queue)), -np.nan_to_num(probability))):
        if on_its_own[row]:
            continue
        reason = UNLIKELY if probability[row] < review.group_min_probability else people.join(a[row], b[row])
        if reason:
            left_out[row] = reason
    root_a, root_b = people.roots(a), people.roots(b)
    big = people.sizes(root_a) >= MIN_PERSONS
    member = big & (root_a == root_b) & ~on_its_own
    place = np.arange(len(queue))
    first = pd.Series(place).groupby(np.where(member, root_a, -1 - place)).transform("min").to_numpy()
    order = np.lexsort((place, first))
    number = np.zeros(len(queue), dtype=int)
    number[member[order]] = pd.factorize(root_a[order][member[order]])[0] + 1
    group_of_root = dict(zip(root_a[order][member[order]], number[member[order]], strict=True))
    note = np.full(len(queue), "", dtype=object)
    heads = member[order] & (number != np.concatenate([[0], number[:-1]]))
    for row in np.flatnonzero(heads):
        rows = order[number == number[row]]
        records = np.unique(
            np.concatenate(
                [
                    queue[LEFT_POSITION].to_numpy(dtype=int)[rows],
                    queue[RIGHT_POSITION].to_numpy(dtype=int)[rows],
                ]
            )
        )
        note[row] = OFFERED.format(
            rows=len(rows), records=len(records), labels=", ".join(people.labels(records))
        )
    for at, row in enumerate(order):
        beside = [group_of_root.get(r) for r in (root_a[row], root_b[row]) if not member[row]]
        named = sorted({g for g in beside if g})
        if named:
            why = left_out.get(row) or people.apart_reason(a[row], b[row]) or ""
            note[at] = LEFT_OUT.format(group=" and ".join(map(str, named))) + why
    return queue.iloc[order].assign(**{GROUP: number, GROUP_OFFERED: number > 0, GROUP_NOTE: note})


def cut_off(shown: pd.DataFrame, queue: pd.DataFrame) -> pd.DataFrame:
    """`shown` (the first rows of `queue`) with a group whose rows did not all fit not offered."""
    if GROUP not in queue:
        return shown
    sizes = dict(zip(*np.unique(queue[GROUP].to_numpy(dtype=int), return_counts=True), strict=True))
    here = dict(zip(*np.unique(shown[GROUP].to_numpy(dtype=int), return_counts=True), strict=True))
    cut = [g for g, n in here.items() if g and n < sizes[g]]
    if not cut:
        return shown
    out = shown.copy()
    for g in cut:
        rows = out[GROUP] == g
        out.loc[rows, GROUP_OFFERED] = False
        head = out.index[rows][0]
        out.loc[head, GROUP_NOTE] = NOT_OFFERED + CUT_OFF.format(missing=int(sizes[g] - here[g]))
    return out


def group_heads(pairs: pd.DataFrame) -> np.ndarray:
    """The first row of each offered group (`pairs` in sheet order): where its group_decision is written."""
    number = pairs[GROUP].to_numpy(dtype=int)
    first = number != np.concatenate([[0], number[:-1]])
    return pairs[GROUP_OFFERED].to_numpy(dtype=bool) & first


@dataclass
class _People:
    """The run's persons, joined into groups one pair at a time unless something argues against it."""

    persons: pd.DataFrame
    list_ids: np.ndarray = field(init=False)  # per record position, for labels
    record_ids: np.ndarray = field(init=False)
    code: np.ndarray = field(init=False)
    parent: np.ndarray = field(init=False)
    members: dict[int, list[int]] = field(init=False)
    lists: dict[int, dict[str, list[int]]] = field(init=False)  # group -> list -> its record positions
    apart: dict[int, dict[int, str]] = field(init=False, default_factory=dict)  # person -> person -> why

    def __post_init__(self) -> None:
        self.list_ids, self.record_ids = self.persons[LIST_ID].to_numpy(), self.persons[RECORD_ID].to_numpy()
        self.code = pd.factorize(self.persons[PERSON_ID].astype(str))[0]
        count = int(self.code.max()) + 1 if len(self.code) else 0
        self.parent = np.arange(count)
        self.members = {p: [p] for p in range(count)}
        self.lists = {p: {} for p in range(count)}
        for position, (person, list_id) in enumerate(zip(self.code, self.persons[LIST_ID], strict=True)):
            self.lists[int(person)].setdefault(str(list_id), []).append(position)

    def labels(self, positions: np.ndarray | list[int]) -> list[str]:
        return [record_label(str(self.list_ids[p]), str(self.record_ids[p])) for p in positions]

    def forbid(self, apart: list[tuple[int, int, str]]) -> None:
        for p, q, why in apart:
            self.apart.setdefault(p, {}).setdefault(q, why)
            self.apart.setdefault(q, {}).setdefault(p, why)

    def root(self, p: int) -> int:
        while self.parent[p] != p:
            self.parent[p] = self.parent[self.parent[p]]
            p = int(self.parent[p])
        return int(p)

    def roots(self, persons: np.ndarray) -> np.ndarray:
        return np.array([self.root(int(p)) for p in persons], dtype=int)

    def sizes(self, roots: np.ndarray) -> np.ndarray:
        return np.array([len(self.members[int(r)]) for r in roots], dtype=int)

    def apart_reason(self, p: int, q: int) -> str | None:
        """Why the groups of persons `p` and `q` may not be one person; None when nothing argues against it."""
        a, b = self.root(int(p)), self.root(int(q))
        shared = sorted(self.lists[a].keys() & self.lists[b].keys())
        if shared:
            return ONE_LIST.format(
                labels=", ".join(self.labels(sorted(self.lists[a][shared[0]] + self.lists[b][shared[0]])))
            )
        small, large = sorted((a, b), key=lambda r: len(self.members[r]))
        inside = set(self.members[large])
        for person in self.members[small]:
            for other, why in self.apart.get(person, {}).items():
                if other in inside:
                    return why
        return None

    def join(self, p: int, q: int) -> str | None:
        """Join the groups of `p` and `q`, or say why not."""
        a, b = self.root(int(p)), self.root(int(q))
        if a == b:
            return None
        why = self.apart_reason(a, b)
        if why:
            return why
        small, large = sorted((a, b), key=lambda r: len(self.members[r]))
        self.parent[small] = large
        self.members[large] += self.members.pop(small)
        for list_id, positions in self.lists.pop(small).items():
            self.lists[large].setdefault(list_id, []).extend(positions)
        return None


def _kept_apart(
    queue: pd.DataFrame, pairs: pd.DataFrame, people: _People, on_its_own: np.ndarray, review: Review
) -> list[tuple[int, int, str]]:
    """Pairs of persons no group may join, with why: decided different, unlike given names, or a
    pair between them asked on its own."""
    out: list[tuple[int, int, str]] = []
    code = people.code
    involved = np.zeros(int(code.max()) + 1 if len(code) else 0, dtype=bool)
    involved[code[queue[LEFT_POSITION].to_numpy(dtype=int)]] = True
    involved[code[queue[RIGHT_POSITION].to_numpy(dtype=int)]] = True
    left, right = pairs[LEFT_POSITION].to_numpy(dtype=int), pairs[RIGHT_POSITION].to_numpy(dtype=int)
    p, q = code[left], code[right]
    # Decisions are read as text on these rows only, not on every candidate pair (a tenth at 100k records).
    near = np.flatnonzero(involved[p] & involved[q] & (p != q))
    decisions = _text(pairs.filter([DECISION]).iloc[near], DECISION)  # no other column copied
    different = near[decisions.to_numpy() == Judgement.DIFFERENT.value]
    similarity = pairs[SIM_GIVEN].to_numpy(dtype=float) if SIM_GIVEN in pairs else np.full(len(pairs), np.nan)
    unlike = near[similarity[near] < review.group_min_given_similarity]  # NaN: a name missing, no veto
    for row in different:
        first, second = people.labels([left[row], right[row]])
        out.append((int(p[row]), int(q[row]), DECIDED_APART.format(first=first, second=second)))
    for row in unlike:
        first, second = people.labels([left[row], right[row]])
        out.append(
            (
                int(p[row]),
                int(q[row]),
                UNLIKE_GIVEN.format(first=first, second=second, similarity=similarity[row]),
            )
        )
    own_left = queue[LEFT_POSITION].to_numpy(dtype=int)[on_its_own]
    own_right = queue[RIGHT_POSITION].to_numpy(dtype=int)[on_its_own]
    for a, b in zip(own_left, own_right, strict=True):
        first, second = people.labels([a, b])
        out.append((int(code[a]), int(code[b]), ON_ITS_OWN.format(first=first, second=second)))
    return out


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].fillna("").astype(str)
