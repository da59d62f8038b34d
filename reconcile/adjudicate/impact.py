"""What deciding a pair in review could change in the report, so that the review queue asks first
the questions whose answers move a published figure.

A pair in review joins two persons of the run if it is decided `same` (and leaves them apart if
`different`). Joining them moves, on each side:

- the evidence: its reply rows, when the other side holds a corroborating record and this side
  none (the reply row is contradicted); its records of allegation and corroborating lists, when the
  other side is named by a source this side is not (the number of independent sources naming them);
- the answers: its allegation records, when the other side holds a reply row and this side none
  (they are answered); its reply rows, when the other side holds an allegation record and this
  side none (they answer one);
- further lines: its allegation records or reply rows, when they gain an answer or a contradiction
  beside those they already have;
- nothing in the report's lists otherwise (both persons named by the same sources, no reply involved).

The evidence is asked first: the report hedges an answer that hangs on a pair in review (Possibly
answered), but shows no contradiction until the pair is decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

import numpy as np
import pandas as pd

from reconcile.config import ListSpec
from reconcile.schema import LEFT_POSITION, LIST_ID, PERSON_ID, RIGHT_POSITION, Role

IMPACT = "impact"


class Impact(IntEnum):
    """What a decision on a pair can change in the report; the lower, the sooner it is asked."""

    EVIDENCE = 0  # whether a reply row is contradicted, how many independent sources name a person
    ANSWER = 1  # whether a record is answered or a reply row answers one
    LINES = 2  # further answers or contradiction lines beside those already there
    NOTHING = 3

    @property
    def words(self) -> str:
        return IMPACT_WORDS[self]


IMPACT_WORDS = {
    Impact.EVIDENCE: "whether a reply row is contradicted, or how many sources name a person",
    Impact.ANSWER: "whether a record is answered",
    Impact.LINES: "a further answer or contradiction line",
    Impact.NOTHING: "nothing in the report's lists",
}


def figures_moved(pairs: pd.DataFrame, persons: pd.DataFrame, lists: Sequence[ListSpec]) -> pd.DataFrame:
    """Per pair, how many records a `same` would move in each kind of figure (`Impact`, one column
    each but NOTHING), counting both sides; persons already one move nothing.

    Args:
        pairs: rows of the pair table, with positions `left`/`right` into `persons`.
        persons: the run's persons (list_id, person_id), one row per record, in record position order.
        lists: the declared lists (their roles and sources).
    """
    role_of = {spec.id: spec.role for spec in lists}
    source_of = {spec.id: spec.source or spec.id for spec in lists}
    code = pd.factorize(persons[PERSON_ID].astype(str))[0]
    count = int(code.max()) + 1 if len(code) else 0
    role = persons[LIST_ID].map(role_of).to_numpy()
    held = {r: np.bincount(code[role == r], minlength=count) for r in Role}
    a = code[pairs[LEFT_POSITION].to_numpy(dtype=int)]
    b = code[pairs[RIGHT_POSITION].to_numpy(dtype=int)]
    asked = np.zeros(count, dtype=bool)
    asked[a] = asked[b] = True
    named = (role != Role.REPLY) & asked[code]  # the sources only of the persons these pairs join
    naming = pd.Series(persons[LIST_ID].map(source_of).to_numpy()[named]).groupby(code[named]).agg(frozenset)
    empty: frozenset[str] = frozenset()
    sources_a = [naming.get(p, empty) for p in a]
    sources_b = [naming.get(p, empty) for p in b]
    new_to_a = np.array([bool(y - x) for x, y in zip(sources_a, sources_b, strict=True)], dtype=bool)
    new_to_b = np.array([bool(x - y) for x, y in zip(sources_a, sources_b, strict=True)], dtype=bool)
    alleged, reply, corroborating = held[Role.ALLEGATION], held[Role.REPLY], held[Role.CORROBORATING]

    def side(x: np.ndarray, y: np.ndarray, new_sources: np.ndarray) -> dict[Impact, np.ndarray]:
        """What the records of persons `x` move when joined with persons `y`."""
        return {
            Impact.EVIDENCE: reply[x] * ((corroborating[x] == 0) & (corroborating[y] > 0))
            + (alleged[x] + corroborating[x]) * new_sources,
            Impact.ANSWER: alleged[x] * ((reply[x] == 0) & (reply[y] > 0))
            + reply[x] * ((alleged[x] == 0) & (alleged[y] > 0)),
            Impact.LINES: alleged[x] * ((reply[x] > 0) & (reply[y] > 0))
            + reply[x] * ((alleged[x] > 0) & (alleged[y] > 0))
            + reply[x] * ((corroborating[x] > 0) & (corroborating[y] > 0)),
        }

    left, right = side(a, b, new_to_a), side(b, a, new_to_b)
    apart = a != b
    return pd.DataFrame(
        {impact.name: (left[impact] + right[impact]) * apart for impact in left}, index=pairs.index
    )


def report_impact(pairs: pd.DataFrame, persons: pd.DataFrame, lists: Sequence[ListSpec]) -> pd.Series:
    """The `Impact` of deciding each pair: the first kind of figure a `same` would move."""
    moved = figures_moved(pairs, persons, lists)
    impact = np.select(
        [moved[impact.name].to_numpy() > 0 for impact in Impact if impact is not Impact.NOTHING],
        [impact.value for impact in Impact if impact is not Impact.NOTHING],
        Impact.NOTHING.value,
    )
    return pd.Series(impact, index=pairs.index, name=IMPACT)
