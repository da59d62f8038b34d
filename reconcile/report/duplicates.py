"""The Duplicates sheet: records one list names more than once, group by group, with the evidence.

A memorial list or a UN annex names some people twice (a card sent by two families, a name spelled
two ways). Two records of one list are a *group* when the clustering put them in one person, and
*possibly* one when a pair between them awaits review; records joined by either are one group. The
sheet has one row per record of a group, with the pairs that tie it to the rest and their reasons,
so an analyst can check each group against the cards before counting it as one person.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.report.records import DETAILS, NAME
from reconcile.schema import (
    LEFT,
    LIST_ID,
    PERSON_ID,
    PROBABILITY,
    REASON,
    RECORD_ID,
    RECORD_KEY,
    RIGHT,
    STATUS,
    Status,
)

GROUP, FINDING, TIES = "group", "finding", "tied_to"
LISTED_AGAIN = "one person, named more than once"
POSSIBLY = "possibly one person (in review)"
PARTLY = "one person named more than once; more records possibly the same (in review)"


def duplicates(view: pd.DataFrame, pairs: pd.DataFrame, fields: Sequence[str] = ()) -> pd.DataFrame:
    """One row per record in a group of one list's records that may name one person.

    Args:
        view: records in input order (`tables.record_view`), with their person.
        pairs: the run's pairs, with status, probability and reason.
        fields: the view's field columns to show (`tables.Fields`), one column each.
    """
    columns = [LIST_ID, GROUP, FINDING, RECORD_ID, PERSON_ID, NAME, *fields, TIES, REASON, DETAILS]
    rows = pd.Series(np.arange(len(view)), index=pd.MultiIndex.from_frame(view[list(RECORD_KEY)]))
    within = _within_list(pairs, rows)
    same_person = view.duplicated([LIST_ID, PERSON_ID], keep=False).to_numpy()
    in_review = np.zeros(len(view), dtype=bool)
    reviewed = within[STATUS] == Status.REVIEW.value
    in_review[within.loc[reviewed, "first"]] = in_review[within.loc[reviewed, "second"]] = True
    grouped = same_person | in_review
    if not grouped.any():
        return pd.DataFrame(columns=columns)
    group = _groups(view, within, grouped)
    table = view.loc[grouped, [LIST_ID, RECORD_ID, PERSON_ID, NAME, *fields, DETAILS]].copy()
    table[GROUP] = group[grouped]
    table[TIES], table[REASON] = _ties(view, within, grouped)
    table[FINDING] = _findings(table)
    # Groups in the order of their first record, as the list has them; records in list order within.
    position = pd.Series(np.flatnonzero(grouped), index=table.index)
    first = position.groupby(table[GROUP]).transform("min")
    order = np.lexsort((position.to_numpy(), first.to_numpy()))
    return table.iloc[order][columns].reset_index(drop=True)


def groups_per_list(table: pd.DataFrame) -> pd.DataFrame:
    """Groups per list (rows) and finding (columns, every finding present)."""
    first = table.drop_duplicates(GROUP)
    counts = pd.crosstab(first[LIST_ID], first[FINDING])
    return counts.reindex(columns=[LISTED_AGAIN, POSSIBLY, PARTLY], fill_value=0)


def _within_list(pairs: pd.DataFrame, position: pd.Series) -> pd.DataFrame:
    """Linked and reviewed pairs of two records of one list, as row positions in the view."""
    chosen = pairs[
        (pairs[LIST_ID + LEFT] == pairs[LIST_ID + RIGHT])
        & pairs[STATUS].isin([Status.MATCH.value, Status.REVIEW.value])
    ]
    ends = {
        name: position.reindex(pd.MultiIndex.from_arrays([chosen[LIST_ID + side], chosen[RECORD_ID + side]]))
        for name, side in (("first", LEFT), ("second", RIGHT))
    }
    return pd.DataFrame(
        {
            "first": ends["first"].to_numpy(dtype=np.int64),
            "second": ends["second"].to_numpy(dtype=np.int64),
            STATUS: chosen[STATUS].to_numpy(),
            PROBABILITY: chosen[PROBABILITY].to_numpy(dtype=float),
            REASON: chosen[REASON].fillna("").to_numpy(),
        }
    )


def _groups(view: pd.DataFrame, within: pd.DataFrame, grouped: np.ndarray) -> np.ndarray:
    """A label per record ("<list> #<n>") over records joined by one person or a reviewed pair."""
    persons = pd.factorize(view[LIST_ID].astype(str) + "\x1f" + view[PERSON_ID].astype(str))[0]
    count = len(view)
    # Records of one person on one list are joined through a node for that (list, person).
    edges = (
        np.concatenate([within["first"].to_numpy(), np.arange(count)]),
        np.concatenate([within["second"].to_numpy(), count + persons]),
    )
    size = count + persons.max() + 1
    graph = coo_matrix((np.ones(len(edges[0])), edges), shape=(size, size))
    component = connected_components(graph, directed=False)[1][:count]
    label = np.full(count, "", dtype=object)
    lists = view[LIST_ID].to_numpy()
    for list_id in pd.unique(lists[grouped]):
        mine = grouped & (lists == list_id)
        number = pd.factorize(component[mine])[0] + 1  # numbered in input order
        label[mine] = [f"{list_id} #{n}" for n in number]
    return label


def _ties(view: pd.DataFrame, within: pd.DataFrame, grouped: np.ndarray) -> tuple[list[str], list[str]]:
    """Per grouped record: the other records of its list it is paired with ("12 (0.98, match)"), the
    likeliest first, and the reason of the likeliest of those pairs."""
    both = pd.concat(
        [
            within.rename(columns={"first": "mine", "second": "other"}),
            within.rename(columns={"second": "mine", "first": "other"}),
        ],
        ignore_index=True,
    ).sort_values(PROBABILITY, ascending=False, kind="stable")
    ids = view[RECORD_ID].astype(str).to_numpy()
    both["said"] = [
        f"{ids[o]} ({p:.2f}, {s})"
        for o, p, s in zip(both["other"], both[PROBABILITY], both[STATUS], strict=True)
    ]
    by_record = both.groupby("mine", sort=False)
    said = by_record["said"].agg("; ".join)
    reason = by_record[REASON].first()
    rows = np.flatnonzero(grouped)
    # A record in a person's group through links to other lists only has no pair of its own here.
    return (
        said.reindex(rows).fillna("linked through records of other lists").tolist(),
        reason.reindex(rows).fillna("").tolist(),
    )


def _findings(table: pd.DataFrame) -> np.ndarray:
    """Per record, what its group is: one person named again, possibly one, or some of each."""
    by_group = table.groupby(GROUP)
    persons = by_group[PERSON_ID].transform("nunique").to_numpy()
    records = by_group[PERSON_ID].transform("size").to_numpy()
    return np.where(persons == 1, LISTED_AGAIN, np.where(persons == records, POSSIBLY, PARTLY))
