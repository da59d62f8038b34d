"""The report's tables, built from a run's results (pure: DataFrames in, DataFrames out; no writing).

Vocabulary. An allegation record and a reply row are *linked* when the clustering put them in one
person (status `match`), or *awaiting review* when a pair between them waits for a human (status
`review`); otherwise there is no link (`none`). Reply rows carry a claim category; a row whose
comment is empty and whose list sets no claim has the category `no_comment`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.adjudicate import DECISION_NOTE
from reconcile.adjudicate.apply import DECISION
from reconcile.adjudicate.order import why_in_review
from reconcile.claims import NOT_RECOGNIZED, UNCLASSIFIED
from reconcile.pipeline import RunResult
from reconcile.report.answers import (
    ALLEGATION_WORDS,
    ANSWER,
    ANSWER_PROBABILITY,
    CANDIDATES,
    REPLY_WORDS,
    SAME_NAME_ANSWERED,
    SAME_NAME_ON_LIST,
    SAME_NAME_OTHER_SIDE,
    Wording,
)
from reconcile.report.records import (
    CLAIM,
    COMMENT,
    DETAILS,
    NAME,
    ROLE,
    SOURCES,
    Fields,
    independent_sources,
)
from reconcile.schema import (
    ASSIGNMENT_NOTE,
    LEFT,
    LEFT_KEY,
    LIST_ID,
    PERSON_ID,
    PROBABILITY,
    REASON,
    RECORD_ID,
    RECORD_KEY,
    RIGHT,
    RIGHT_KEY,
    STATUS,
    Role,
    Status,
)

WHY_IN_REVIEW = "why_in_review"
NO_LINK = "none"
REPLY = "_reply"
REPLY_KEY = (LIST_ID + REPLY, RECORD_ID + REPLY)
POSITION = "_position"
SEPARATOR = ", "
REPLY_SIDE, SOURCE_SIDE = "reply_", "source_"  # the prefixes of the other record's columns in one row


def reply_links(result: RunResult, view: pd.DataFrame) -> pd.DataFrame:
    """Every (allegation record, reply row) link: one person (match), or a pair awaiting review.

    Columns: the allegation record's key, the reply row's key (suffixed `_reply`), status and the
    pair's own probability (empty when the two were linked only through a third record).
    """
    alleged = view.loc[view[ROLE] == Role.ALLEGATION.value, [LIST_ID, RECORD_ID, PERSON_ID]]
    replies = view.loc[view[ROLE] == Role.REPLY.value, [LIST_ID, RECORD_ID, PERSON_ID]]
    matched = alleged.merge(replies.add_suffix(REPLY), left_on=PERSON_ID, right_on=PERSON_ID + REPLY)
    matched = matched[[*RECORD_KEY, *REPLY_KEY]].assign(**{STATUS: Status.MATCH.value})
    across = _across(result.pairs, set(alleged[LIST_ID]), set(replies[LIST_ID]))
    review = across.loc[across[STATUS] == Status.REVIEW.value, [*RECORD_KEY, *REPLY_KEY, STATUS]]
    review = review.merge(matched[[*RECORD_KEY, *REPLY_KEY]], how="left", indicator=True)
    review = review[review["_merge"] == "left_only"].drop(columns="_merge")  # already one person
    links = pd.concat([matched, review], ignore_index=True)
    return links.merge(across[[*RECORD_KEY, *REPLY_KEY, PROBABILITY]], how="left")


def _across(pairs: pd.DataFrame, alleged: set[str], replies: set[str]) -> pd.DataFrame:
    """Pairs between an allegation list and a reply list, turned so the allegation record comes first."""
    turned = []
    for first, second in ((LEFT_KEY, RIGHT_KEY), (RIGHT_KEY, LEFT_KEY)):
        chosen = pairs[pairs[first[0]].isin(alleged) & pairs[second[0]].isin(replies)]
        part = chosen[[*first, *second, STATUS, PROBABILITY]]
        part.columns = [*RECORD_KEY, *REPLY_KEY, STATUS, PROBABILITY]
        turned.append(part)
    return pd.concat(turned, ignore_index=True)


def annex_vs_reply(
    view: pd.DataFrame, links: pd.DataFrame, certainty: pd.DataFrame, fields: Fields
) -> pd.DataFrame:
    """Every allegation record, once per linked reply row (or once with status `none`), with its
    answer (`answers.answer_certainty`); the reply row's columns are prefixed `reply_`."""
    mine, theirs = fields.of(Role.ALLEGATION), fields.of(Role.REPLY)
    alleged = view.loc[view[ROLE] == Role.ALLEGATION.value, [*RECORD_KEY, NAME, *mine, DETAILS, PERSON_ID]]
    alleged[ANSWER] = certainty[ANSWER].reindex(alleged.index)
    alleged[POSITION] = np.arange(len(alleged))  # input order, kept through the merges
    shown = view.loc[view[ROLE] == Role.REPLY.value, [*RECORD_KEY, NAME, *theirs, DETAILS, CLAIM, COMMENT]]
    shown.columns = [*REPLY_KEY, *(REPLY_SIDE + c for c in [NAME, *theirs, DETAILS]), CLAIM, COMMENT]
    table = alleged.merge(links, on=list(RECORD_KEY), how="left").merge(shown, on=list(REPLY_KEY), how="left")
    table[STATUS] = table[STATUS].fillna(NO_LINK)
    table = table.rename(columns={LIST_ID + REPLY: "reply_list", RECORD_ID + REPLY: "reply_record"})
    columns = [
        LIST_ID,
        RECORD_ID,
        NAME,
        *mine,
        ANSWER,
        STATUS,
        PROBABILITY,
        "reply_list",
        "reply_record",
        *(REPLY_SIDE + c for c in [NAME, *theirs]),
        CLAIM,
        COMMENT,
        PERSON_ID,
        DETAILS,
        REPLY_SIDE + DETAILS,
    ]
    rank = table[STATUS].map({Status.MATCH.value: 0, Status.REVIEW.value: 1}).fillna(2)
    table = table.iloc[
        np.lexsort((-table[PROBABILITY].fillna(0).to_numpy(), rank.to_numpy(), table[POSITION]))
    ]
    text = [c for c in columns if c != PROBABILITY]
    return table[columns].fillna(dict.fromkeys(text, "")).reset_index(drop=True)


def never_answered(vs_reply: pd.DataFrame, fields: Fields) -> pd.DataFrame:
    """Allegation records that no reply row could answer: not linked, no pair awaiting review, no
    likely candidate and no namesake among the reply rows."""
    unanswered = vs_reply[ANSWER] == ALLEGATION_WORDS.never  # such a record has exactly one row
    columns = [LIST_ID, RECORD_ID, NAME, *fields.of(Role.ALLEGATION), PERSON_ID, DETAILS]
    return vs_reply.loc[unanswered, columns].reset_index(drop=True)


def possibly(view: pd.DataFrame, certainty: pd.DataFrame, words: Wording, shown: list[str]) -> pd.DataFrame:
    """The records whose answer the run cannot tell (columns `shown` of the view), with their
    candidates and namesakes."""
    unsure = certainty[certainty[ANSWER] == words.possibly]
    columns = [ANSWER_PROBABILITY, CANDIDATES, SAME_NAME_ON_LIST, SAME_NAME_ANSWERED, SAME_NAME_OTHER_SIDE]
    table = view.loc[unsure.index, [*RECORD_KEY, *shown]].join(unsure[columns])
    return table.join(view.loc[unsure.index, [PERSON_ID, DETAILS]]).reset_index(drop=True)


def reply_rows(
    view: pd.DataFrame, links: pd.DataFrame, certainty: pd.DataFrame, fields: Fields
) -> pd.DataFrame:
    """Each reply row: its claim, whether it answers an allegation record (`answers.answer_certainty`)
    and which, and who else names the person."""
    replies = view[view[ROLE] == Role.REPLY.value]
    named = view[view[ROLE] != Role.REPLY.value]
    mine = fields.of(Role.REPLY)
    table = replies[[*RECORD_KEY, NAME, *mine, CLAIM, COMMENT, PERSON_ID, DETAILS]]
    table = table.assign(answering=certainty[ANSWER].reindex(replies.index)).reset_index(drop=True)
    keyed = links.assign(answers=links[LIST_ID] + ":" + links[RECORD_ID])
    rank = keyed[STATUS].map({Status.MATCH.value: 0, Status.REVIEW.value: 1})
    best = keyed.assign(rank=rank).groupby(list(REPLY_KEY))
    status = best["rank"].min().map({0: Status.MATCH.value, 1: Status.REVIEW.value})
    answers = _join_groups(keyed["answers"], [keyed[c] for c in REPLY_KEY])
    key = pd.MultiIndex.from_frame(table[list(RECORD_KEY)].set_axis(list(REPLY_KEY), axis=1))
    table[STATUS] = status.reindex(key).fillna(NO_LINK).to_numpy()
    table["answers"] = answers.reindex(key).fillna("").to_numpy()
    table["named_by_lists"] = table[PERSON_ID].map(_joined(named, LIST_ID)).fillna("")
    table[SOURCES] = table[PERSON_ID].map(independent_sources(view)).fillna(0).astype(int)
    table = table.rename(columns={STATUS: "link"})
    return table[
        [
            *RECORD_KEY,
            NAME,
            *mine,
            CLAIM,
            COMMENT,
            "answering",
            "link",
            "answers",
            "named_by_lists",
            SOURCES,
            PERSON_ID,
            DETAILS,
        ]
    ]


def _joined(frame: pd.DataFrame, column: str) -> pd.Series:
    """Per person, the distinct values of a column, sorted and comma-separated."""
    distinct = frame[[PERSON_ID, column]].drop_duplicates().sort_values(column, kind="stable")
    return _join_groups(distinct[column], [distinct[PERSON_ID]])


def _join_groups(values: pd.Series, by: list[pd.Series]) -> pd.Series:
    """ ", ".join of each group's values, in their order (a cythonized sum: ~10x faster than agg(join))."""
    if values.empty:
        return pd.Series(dtype=object)
    return (values.astype(str) + SEPARATOR).groupby(by, sort=False).sum().str[: -len(SEPARATOR)]


def reply_only(replies: pd.DataFrame) -> pd.DataFrame:
    """Reply rows that could answer no allegation record: not linked, no pair awaiting review, no
    likely candidate and no namesake among the allegation records."""
    return replies[replies["answering"] == REPLY_WORDS.never].reset_index(drop=True)


def contradictions(
    view: pd.DataFrame, replies: pd.DataFrame, fields: Fields, allegations_record_execution: bool
) -> pd.DataFrame:
    """Reply rows set side by side with each record of execution of the same person; the record's
    columns are prefixed `source_`.

    A claim (alive, released, forged, ...) conflicts with an independent record of execution: a
    corroborating list's, and with `allegations_record_execution` an allegation list's (the UN
    reports). A `not_recognized` answer conflicts with a corroborating list that does identify the
    person; never with an allegation list, the list the reply says it cannot recognize.
    """
    roles = [Role.CORROBORATING, *([Role.ALLEGATION] if allegations_record_execution else [])]
    theirs = fields.of(*roles)
    shown = [NAME, *theirs, DETAILS]
    witnesses = view.loc[view[ROLE].isin([r.value for r in roles]), [PERSON_ID, *RECORD_KEY, *shown, ROLE]]
    witnesses.columns = [PERSON_ID, "source_list", "source_record", *(SOURCE_SIDE + c for c in shown), ROLE]
    table = replies.drop(columns=["named_by_lists"]).merge(witnesses, on=PERSON_ID)
    table = table[(table[ROLE] == Role.CORROBORATING.value) | (table[CLAIM] != NOT_RECOGNIZED)]
    table["conflict"] = np.where(
        table[CLAIM] == NOT_RECOGNIZED,
        "not recognized, but " + table["source_list"] + " identifies the person",
        "reply says "
        + table[CLAIM].str.replace("_", " ")
        + "; "
        + table["source_list"]
        + " records the execution",
    )
    columns = [
        LIST_ID,
        RECORD_ID,
        NAME,
        *fields.of(Role.REPLY),
        CLAIM,
        COMMENT,
        "conflict",
        "source_list",
        "source_record",
        *(SOURCE_SIDE + c for c in [NAME, *theirs]),
        SOURCES,
        "link",
        "answers",
        PERSON_ID,
        DETAILS,
        SOURCE_SIDE + DETAILS,
    ]
    order = np.argsort((table[CLAIM] == NOT_RECOGNIZED).to_numpy(), kind="stable")  # sharper conflicts first
    return table.iloc[order][columns].reset_index(drop=True)


def corroboration(view: pd.DataFrame, list_order: list[str]) -> pd.DataFrame:
    """Each person named by an allegation or corroborating list: the record ids per list, sources."""
    named = view[view[ROLE] != Role.REPLY.value]
    people = view[view[PERSON_ID].isin(set(named[PERSON_ID]))]
    grouped = named.groupby(PERSON_ID, sort=False)
    table = pd.DataFrame(
        {
            NAME: grouped[NAME].first(),
            "lists": grouped[LIST_ID].nunique(),
        }
    )
    table[SOURCES] = independent_sources(view).reindex(table.index)
    claims = people[people[ROLE] == Role.REPLY.value]
    table["reply_claims"] = table.index.to_series().map(_joined(claims, CLAIM)).fillna("")
    if not people.empty:  # a run of reply lists alone names nobody here
        ids = _join_groups(people[RECORD_ID], [people[PERSON_ID], people[LIST_ID]]).unstack(fill_value="")
        ids = ids.reindex(columns=[c for c in list_order if c in ids.columns])
        table = table.join(ids).fillna("")
    table = table.reset_index().sort_values(
        [SOURCES, "lists", PERSON_ID], ascending=[False, False, True], kind="stable"
    )
    return table.reset_index(drop=True)


def list_membership(view: pd.DataFrame) -> pd.DataFrame:
    """Person x list booleans: which lists name each person (for the overlap chart)."""
    # As pd.crosstab(...).gt(0), whose aggregation runs in Python, group by group.
    return view.groupby([PERSON_ID, LIST_ID]).size().unstack(fill_value=0).gt(0)


def review_queue(pairs: pd.DataFrame, view: pd.DataFrame, fields: Fields) -> pd.DataFrame:
    """Pairs awaiting a human (`pairs`, in the order of the review workbook: `run_review_queue`),
    both records side by side."""
    table = pairs[[*LEFT_KEY, *RIGHT_KEY, PROBABILITY, REASON, ASSIGNMENT_NOTE, DECISION_NOTE]].reset_index(
        drop=True
    )
    table[WHY_IN_REVIEW] = why_in_review(pairs).to_numpy()
    every = fields.every()
    shown = view[[*RECORD_KEY, NAME, *every, CLAIM, DETAILS]]
    for side in (LEFT, RIGHT):
        table = table.merge(shown.add_suffix(side), on=[LIST_ID + side, RECORD_ID + side], how="left")
    columns = [
        PROBABILITY,
        WHY_IN_REVIEW,
        *(column + side for side in (LEFT, RIGHT) for column in (LIST_ID, RECORD_ID, NAME, *every, CLAIM)),
        REASON,
        ASSIGNMENT_NOTE,
        DECISION_NOTE,  # unsure, stale or in conflict: what the analysts said so far
        DETAILS + LEFT,
        DETAILS + RIGHT,
    ]
    return table[columns].fillna("").reset_index(drop=True)


def data_quality(result: RunResult, replies: pd.DataFrame) -> pd.DataFrame:
    """Rows set aside, values not understood, and comments no claim pattern matches (shown verbatim)."""
    unclassified = replies[replies[CLAIM] == UNCLASSIFIED]
    comments = pd.DataFrame(
        {
            LIST_ID: unclassified[LIST_ID],
            "record": unclassified[RECORD_ID],
            "column": COMMENT,
            "value": unclassified[COMMENT],
            "problem": "comment matches no claim pattern",
            "action": "kept as unclassified",
        }
    )
    parts = [frame for frame in (result.quarantine, result.warnings, comments) if not frame.empty]
    if not parts:
        return pd.DataFrame(columns=[*result.quarantine.columns, "record"])
    joined = pd.concat(parts, ignore_index=True).astype(object)
    return joined.where(joined.notna(), "").astype(str)


def listed_pairs(pairs: pd.DataFrame) -> pd.Series:
    """The pairs pairs.csv lists: linked, in review, decided, or likely enough to have been given a
    reason (`linkage.explain_from_probability`). The hundreds of thousands of candidate pairs below
    are different people beyond doubt; listing them would pass Excel's row limit on larger projects
    and cost seconds per run. Their number is in manifest.json."""
    decided = pairs[DECISION].fillna("") != "" if DECISION in pairs else False
    return (pairs[STATUS] != Status.NON_MATCH.value) | (pairs[REASON] != "") | decided
