"""What deciding a pair in review could change in the report, so that the review queue asks first
the questions whose answers move a published list.

A pair in review joins two persons of the run if it is decided `same` (and leaves them apart if
`different`). Joining them changes:

- a headline, when one side gains a role it lacked: an allegation record meets a reply row (it is
  answered, or never answered once the pair is decided different), a reply row meets an allegation
  record (it answers one), or a reply row meets a corroborating record (a contradiction line
  appears for a reply row that had none);
- a count, when both sides are named by allegation or corroborating lists and by different sources
  (the number of sources naming the person changes), or when a contradiction line or an answering
  reply row is added beside those already there;
- nothing in the lists otherwise (both persons named by the same sources, no reply involved).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

import numpy as np
import pandas as pd

from reconcile.config import ListSpec
from reconcile.schema import LIST_ID, PERSON_ID, Role

IMPACT = "impact"


class Impact(IntEnum):
    """What a decision on a pair can change in the report; the lower, the sooner it is asked."""

    HEADLINE = 0  # whether a record is answered, a reply row answers one, a reply row is contradicted
    COUNT = 1  # how many sources name a person; more contradiction lines or answers beside others
    NOTHING = 2

    @property
    def words(self) -> str:
        return IMPACT_WORDS[self]


IMPACT_WORDS = {
    Impact.HEADLINE: "whether a record is answered or contradicted",
    Impact.COUNT: "a count of sources, answers or contradictions",
    Impact.NOTHING: "nothing in the report's lists",
}

# (role a side has, role it lacks and the other side has): the side's records change headline.
HEADLINE_GAINS = (
    (Role.ALLEGATION, Role.REPLY),
    (Role.REPLY, Role.ALLEGATION),
    (Role.REPLY, Role.CORROBORATING),
)
COUNT_MEETINGS = ((Role.ALLEGATION, Role.REPLY), (Role.REPLY, Role.CORROBORATING))


def report_impact(pairs: pd.DataFrame, persons: pd.DataFrame, lists: Sequence[ListSpec]) -> pd.Series:
    """The `Impact` of deciding each pair (positions `left`/`right` into `persons`).

    Args:
        pairs: rows of the pair table.
        persons: the run's persons (list_id, person_id), one row per record, in record position order.
        lists: the declared lists (their roles and sources).
    """
    role_of = {spec.id: spec.role for spec in lists}
    source_of = {spec.id: spec.source or spec.id for spec in lists}
    person = persons[PERSON_ID].astype(str).to_numpy()
    role = persons[LIST_ID].map(role_of).to_numpy()
    people = pd.DataFrame({"person": person, "source": persons[LIST_ID].map(source_of).to_numpy()})
    sources = people[role != Role.REPLY].groupby("person")["source"].agg(frozenset)
    a = person[pairs["left"].to_numpy(dtype=int)]
    b = person[pairs["right"].to_numpy(dtype=int)]
    code = pd.factorize(person)[0]
    code_a, code_b = code[pairs["left"].to_numpy(dtype=int)], code[pairs["right"].to_numpy(dtype=int)]
    holds = {}
    for r in Role:  # whether each pair's persons hold a record of a list of this role
        has = np.zeros(len(person), dtype=bool)
        has[code[role == r]] = True
        holds[r] = (has[code_a], has[code_b])

    def gains(own: Role, lacked: Role) -> np.ndarray:
        (own_a, own_b), (lacked_a, lacked_b) = holds[own], holds[lacked]
        return (own_a & ~lacked_a & lacked_b) | (own_b & ~lacked_b & lacked_a)

    def meets(first: Role, second: Role) -> np.ndarray:
        (first_a, first_b), (second_a, second_b) = holds[first], holds[second]
        return (first_a & second_b) | (first_b & second_a)

    empty: frozenset[str] = frozenset()
    sources_a = [sources.get(p, empty) for p in a]
    sources_b = [sources.get(p, empty) for p in b]
    sources_differ = np.array(
        [bool(x) and bool(y) and x != y for x, y in zip(sources_a, sources_b, strict=True)], dtype=bool
    )
    headline = np.zeros(len(pairs), dtype=bool)
    for own, lacked in HEADLINE_GAINS:
        headline |= gains(own, lacked)
    count = sources_differ.copy()
    for first, second in COUNT_MEETINGS:
        count |= meets(first, second)
    apart = a != b
    impact = np.select(
        [apart & headline, apart & count], [Impact.HEADLINE.value, Impact.COUNT.value], Impact.NOTHING.value
    )
    return pd.Series(impact, index=pairs.index, name=IMPACT)
