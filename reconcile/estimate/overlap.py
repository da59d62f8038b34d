"""The overlap table: how many persons each combination of independent sources names.

A source is a list's `source` setting (its id when unset): several reports of one origin are one
source, and a person named twice by it is named once. Reply lists are never a source: the
government answered names others gave it, it did not report deaths. Persons named by no source
that takes part (reply-only rows) are outside the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.config import ListSpec
from reconcile.estimate.loglinear import histories, history_index
from reconcile.schema import LEFT, LIST_ID, PERSON_ID, RECORD_ID, RIGHT, Role

PERSONS = "persons"


def independent_sources(lists: Sequence[ListSpec], chosen: Sequence[str]) -> tuple[str, ...]:
    """The sources taking part, in the order their first list is declared: `chosen` (validated
    with the settings) or every allegation and corroborating source."""
    declared = [spec.source or spec.id for spec in lists if spec.role is not Role.REPLY]
    ordered = tuple(dict.fromkeys(declared))
    return tuple(source for source in ordered if not chosen or source in chosen)


@dataclass(frozen=True)
class Records:
    """Every record as a number, with the bit of its source (0 when its list takes no part)."""

    keys: pd.MultiIndex  # (list_id, record_id), positions are record numbers
    source_bits: np.ndarray
    sources: tuple[str, ...]

    @classmethod
    def of(cls, persons: pd.DataFrame, lists: Sequence[ListSpec], sources: tuple[str, ...]) -> Records:
        keys = pd.MultiIndex.from_arrays([persons[LIST_ID].astype(str), persons[RECORD_ID].astype(str)])
        source_of = {spec.id: spec.source or spec.id for spec in lists if spec.role is not Role.REPLY}
        bit = {source: 1 << (len(sources) - 1 - i) for i, source in enumerate(sources)}
        bits = persons[LIST_ID].astype(str).map(lambda list_id: bit.get(source_of.get(list_id, ""), 0))
        return cls(keys, bits.to_numpy(dtype=np.int64), sources)

    def positions(self, pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Record numbers of each pair's two records (-1 for a record the persons table lacks)."""
        left = self.keys.get_indexer(
            pd.MultiIndex.from_arrays(
                [pairs[LIST_ID + LEFT].astype(str), pairs[RECORD_ID + LEFT].astype(str)]
            )
        )
        right = self.keys.get_indexer(
            pd.MultiIndex.from_arrays(
                [pairs[LIST_ID + RIGHT].astype(str), pairs[RECORD_ID + RIGHT].astype(str)]
            )
        )
        return left, right

    def counts(self, labels: np.ndarray) -> np.ndarray:
        """The observed cells (in `histories` order) when records with one label are one person."""
        _, person = np.unique(labels, return_inverse=True)
        patterns = np.zeros(person.max() + 1 if len(person) else 0, dtype=np.int64)
        np.bitwise_or.at(patterns, person, self.source_bits)
        patterns = patterns[patterns > 0]
        cells = np.bincount(history_index(patterns, len(self.sources)), minlength=2 ** len(self.sources) - 1)
        return cells.astype(float)

    def linked(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Person labels when exactly these record pairs are links (connected components)."""
        size = len(self.source_bits)
        graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(size, size))
        return connected_components(graph, directed=False)[1]


def overlap_table(counts: np.ndarray, sources: tuple[str, ...]) -> pd.DataFrame:
    """One row per combination of sources: a yes/no column per source and the persons it names."""
    table = pd.DataFrame(histories(len(sources)).astype(bool), columns=list(sources))
    table[PERSONS] = np.asarray(counts, dtype=np.int64)
    return table


def person_labels(persons: pd.DataFrame) -> np.ndarray:
    return persons[PERSON_ID].astype(str).to_numpy()
