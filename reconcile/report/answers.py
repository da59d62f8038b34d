"""Whether each allegation record was answered, and whether each reply row answers one, with certainty.

A published "never answered" may hold only records that no reply row could be. Where the run
cannot tell, the record is "possibly answered" and its candidates are written out beside it. For
an allegation record (and the same way round for a reply row):

- answered: linked to a reply row (one person);
- possibly answered: not linked, but a pair with a reply row awaits review; or the reply rows it
  was compared with, directly or through a record of another list that a reply row answers, are
  together at least `report.possibly_answered_from` likely to be its person; or a reply row carries
  its name (namesakes that no other field tells apart, and a one-word name
  that a fuller name may be: compared or not, such a row stays a candidate);
- never answered: none of these.

A reply row already linked to another record of the same allegation list is no candidate: a reply
row answers one record of a list. Except where the record may be that other record written twice
(the two are compared, as one list naming one person twice), or where its pair with the reply row
awaits review: that pair is the open question. Probabilities are the pairs' own, not the person's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.cells import kept_in_order
from reconcile.config import Report
from reconcile.schema import (
    FAMILY_KEY,
    FULL_KEY,
    GIVEN_KEY,
    LEFT_POSITION,
    LIST_ID,
    PERSON_ID,
    PROBABILITY,
    RECORD_ID,
    RIGHT_POSITION,
    STATUS,
    Role,
    Status,
)

ANSWER = "answer"
CANDIDATES = "candidates"
ANSWER_PROBABILITY = "answer_probability"
SAME_NAME_ON_LIST = "same_name_on_list"
SAME_NAME_ANSWERED = "same_name_answered"
SAME_NAME_OTHER_SIDE = "same_name_other_side"
STILL_OPEN = "still_open"


@dataclass(frozen=True)
class Wording:
    """What a record of one side is called in each of the three cases."""

    answered: str
    possibly: str
    never: str


ALLEGATION_WORDS = Wording("answered", "possibly answered", "never answered")
REPLY_WORDS = Wording("answers a record", "possibly answers a record", "answers no record")


def answer_certainty(
    records: pd.DataFrame, view: pd.DataFrame, pairs: pd.DataFrame, side: Role, other: Role, settings: Report
) -> pd.DataFrame:
    """For each record of role `side` (by position in `records`), whether a record of role `other` answers it.

    Args:
        records: the run's records (name keys), in position order.
        view: the same records with `role` and `person_id` (report.tables.record_view).
        pairs: the run's pair table (positions `left`/`right`, probability, status).
        side, other: allegation and reply, or reply and allegation.
        settings: the report settings (candidate and "possibly" floors, candidates shown).

    Returns one row per record of `side`, indexed by position: the answer, the summed probability
    of its candidates, the candidates written out, and its namesakes on its own list (and how many
    of them are answered) and on the other side.
    """
    role = view["role"].to_numpy()
    person = view[PERSON_ID].astype(str).to_numpy()
    lists = view[LIST_ID].astype(str).to_numpy()
    words = ALLEGATION_WORDS if side is Role.ALLEGATION else REPLY_WORDS
    mine = np.flatnonzero(role == side.value)
    # A set lookup: np.isin would sort every person id.
    answered = pd.Series(person).isin(set(person[role == other.value])).to_numpy()
    membership = pd.MultiIndex.from_arrays([person, lists])

    likely = (pairs[STATUS] == Status.REVIEW.value) | (pairs[PROBABILITY] >= settings.candidate_from)
    candidates = _candidates(pairs[likely.to_numpy()], role, person, lists, side, other)
    taken = pd.MultiIndex.from_arrays([person[candidates["theirs"]], lists[candidates["mine"]]]).isin(
        membership
    )
    plausible = candidates[(~taken | candidates[STILL_OPEN]) & ~answered[candidates["mine"]]]
    summed = plausible.groupby("mine")[PROBABILITY].sum().clip(upper=1.0)
    in_review = set(plausible.loc[plausible[STATUS] == Status.REVIEW.value, "mine"])

    names = _name_counts(records, role, person, lists, answered, side, other)
    table = pd.DataFrame(index=mine)
    table[ANSWER_PROBABILITY] = summed.reindex(mine).fillna(0.0).round(4).to_numpy()
    table[CANDIDATES] = (
        _written(plausible, view, settings.candidates_shown).reindex(mine).fillna("").to_numpy()
    )
    table = table.join(names)
    possibly = (
        table.index.isin(in_review)
        | (table[ANSWER_PROBABILITY] >= settings.possibly_answered_from)
        | (table[SAME_NAME_OTHER_SIDE] > 0)
    )
    table[ANSWER] = np.select([answered[mine], possibly], [words.answered, words.possibly], words.never)
    return table


def _candidates(
    pairs: pd.DataFrame, role: np.ndarray, person: np.ndarray, lists: np.ndarray, side: Role, other: Role
) -> pd.DataFrame:
    """Candidate answers of each record of `side` (`mine`): the records of `other` (`theirs`) in the
    person of any record it was compared with, by position, with that pair's probability and status
    (the likeliest pair per candidate). A record is a candidate directly, or through a record of
    another list already linked to it: an allegation record in review with a memorial record that
    the reply answers may be answered by that reply row. `STILL_OPEN` says the candidate stays one
    even where another record of `mine`'s list holds it: a route to it awaits review, or passes
    through a record of `mine`'s own list, which `mine` may repeat."""
    left, right = pairs[LEFT_POSITION].to_numpy(), pairs[RIGHT_POSITION].to_numpy()
    probability, status = pairs[PROBABILITY].to_numpy(), pairs[STATUS].to_numpy()
    answerers = pd.DataFrame({"theirs": np.flatnonzero(role == other.value)})
    answerers["person"] = person[answerers["theirs"].to_numpy()]
    parts = []
    for first, second in ((left, right), (right, left)):
        chosen = (role[first] == side.value) & (person[first] != person[second])
        parts.append(
            pd.DataFrame(
                {
                    "mine": first[chosen],
                    "person": person[second[chosen]],
                    PROBABILITY: probability[chosen],
                    STATUS: status[chosen],
                    STILL_OPEN: (status[chosen] == Status.REVIEW.value)
                    | (lists[first[chosen]] == lists[second[chosen]]),
                }
            )
        )
    through = pd.concat(parts, ignore_index=True).merge(answerers, on="person")
    through[STILL_OPEN] = through.groupby(["mine", "theirs"])[STILL_OPEN].transform("any")
    through = through.sort_values(PROBABILITY, ascending=False, kind="stable")
    return through.drop_duplicates(["mine", "theirs"]).drop(columns="person").reset_index(drop=True)


def _written(plausible: pd.DataFrame, view: pd.DataFrame, shown: int) -> pd.Series:
    """Per record, its likeliest candidates as "list:record name (p 0.12)", and how many more."""
    if plausible.empty:
        return pd.Series(dtype=object)
    ordered = plausible.sort_values(["mine", PROBABILITY], ascending=[True, False], kind="stable")
    theirs = ordered["theirs"].to_numpy()
    text = pd.Series(
        view[LIST_ID].to_numpy()[theirs]
        + ":"
        + view[RECORD_ID].astype(str).to_numpy()[theirs]
        + " "
        + view["name"].astype(str).map(kept_in_order).to_numpy()[theirs]
        + " (p "
        + ordered[PROBABILITY].map("{:.3f}".format).to_numpy()
        + ")",
        index=ordered["mine"].to_numpy(),
    )
    rank = text.groupby(level=0).cumcount().to_numpy()
    first = text[rank < shown].groupby(level=0).agg("; ".join)
    more = pd.Series(rank >= shown, index=text.index).groupby(level=0).sum()
    return first + more.map(lambda n: f"; and {n} more" if n else "")


def _name_counts(
    records: pd.DataFrame,
    role: np.ndarray,
    person: np.ndarray,
    lists: np.ndarray,
    answered: np.ndarray,
    side: Role,
    other: Role,
) -> pd.DataFrame:
    """Namesakes by name key: on the record's own list (and how many of those are answered), and on
    the other side among the records still free to answer it.

    A record with a family name only is the namesake of every record with that family name; a
    record with a full name is the namesake of the same full name and of a family name alone.
    """
    given = records[GIVEN_KEY].to_numpy()
    family = records[FAMILY_KEY].to_numpy()
    full = records[FULL_KEY].to_numpy()
    mine = np.flatnonzero(role == side.value)
    frame = pd.DataFrame({"list": lists[mine], "full": full[mine], "answered": answered[mine]}, index=mine)
    on_list = frame.groupby(["list", "full"])["answered"]
    counts = pd.DataFrame(index=mine)
    counts[SAME_NAME_ON_LIST] = on_list.transform("size").to_numpy()
    counts[SAME_NAME_ANSWERED] = on_list.transform("sum").astype(int).to_numpy()
    counts[SAME_NAME_OTHER_SIDE] = 0
    persons_of = pd.MultiIndex.from_arrays([person, lists])
    theirs_all = role == other.value
    for list_id in np.unique(lists[mine]):
        # Records of the other side already in a person of this list answer another record of it.
        busy = pd.MultiIndex.from_arrays([person, np.full(len(person), list_id)]).isin(persons_of)
        theirs = theirs_all & ~busy
        by_full = pd.Series(full[theirs]).value_counts()
        by_family = pd.Series(family[theirs]).value_counts()
        family_only = pd.Series(family[theirs & (given == "")]).value_counts()
        rows = mine[lists[mine] == list_id]
        surname_only = given[rows] == ""
        same = np.where(
            surname_only,
            pd.Series(family[rows]).map(by_family).fillna(0).to_numpy(),
            pd.Series(full[rows]).map(by_full).fillna(0).to_numpy()
            + pd.Series(family[rows]).map(family_only).fillna(0).to_numpy(),
        )
        same[(full[rows] == "") | ((family[rows] == "") & surname_only)] = 0
        counts.loc[rows, SAME_NAME_OTHER_SIDE] = same.astype(int)
    return counts
