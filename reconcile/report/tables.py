"""The report's tables, built from a run's results (pure; no writing here)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reconcile.assign import NOTE
from reconcile.claims import UNCLASSIFIED
from reconcile.pipeline import RunResult
from reconcile.schema import LEFT, LIST_ID, PERSON_ID, PROBABILITY, RECORD_ID, RIGHT, STATUS, Role, Status, raw

SHOWN_FIELDS = ("father_name", "age", "city", "prison", "place", "date", "affiliation")


@dataclass(frozen=True)
class Sheet:
    name: str
    table: pd.DataFrame
    description: str


def record_view(result: RunResult) -> pd.DataFrame:
    """Records with their person, role and source, in input order."""
    settings = result.settings
    view = result.records.merge(result.persons, on=[LIST_ID, RECORD_ID], how="left")
    view["role"] = view[LIST_ID].map({s.id: s.role.value for s in settings.lists})
    view["source"] = view[LIST_ID].map({s.id: s.source for s in settings.lists})
    return view


def details(view: pd.DataFrame) -> pd.Series:
    """The fields a list gave beyond the name, as one readable cell."""
    parts = [view[raw(f)].where(view[raw(f)] == "", f.replace("_", " ") + ": " + view[raw(f)]) for f in SHOWN_FIELDS]
    return pd.concat(parts, axis=1).agg(lambda row: "; ".join(v for v in row if v), axis=1)


def reply_links(result: RunResult, view: pd.DataFrame) -> pd.DataFrame:
    """Every (allegation record, reply record) link: same person (match) or a pair awaiting review."""
    alleged = view[view["role"] == Role.ALLEGATION.value]
    replies = view[view["role"] == Role.REPLY.value]
    same_person = alleged[[LIST_ID, RECORD_ID, PERSON_ID]].merge(
        replies[[LIST_ID, RECORD_ID, PERSON_ID]], on=PERSON_ID, suffixes=("", "_reply")
    )
    same_person[STATUS] = Status.MATCH.value
    review = _review_pairs_between(result.pairs, set(alleged[LIST_ID]), set(replies[LIST_ID]))
    links = pd.concat([same_person.drop(columns=PERSON_ID), review], ignore_index=True)
    probabilities = _direct_probabilities(result.pairs)
    links[PROBABILITY] = [
        probabilities.get(_pair_key(a, b, c, d), float("nan"))
        for a, b, c, d in links[[LIST_ID, RECORD_ID, LIST_ID + "_reply", RECORD_ID + "_reply"]].itertuples(index=False)
    ]
    return links


def _review_pairs_between(pairs: pd.DataFrame, alleged: set[str], replies: set[str]) -> pd.DataFrame:
    review = pairs[pairs[STATUS] == Status.REVIEW.value]
    columns = [LIST_ID, RECORD_ID, LIST_ID + "_reply", RECORD_ID + "_reply"]
    forward = review[review[LIST_ID + LEFT].isin(alleged) & review[LIST_ID + RIGHT].isin(replies)]
    backward = review[review[LIST_ID + RIGHT].isin(alleged) & review[LIST_ID + LEFT].isin(replies)]
    out = pd.concat(
        [
            pd.DataFrame(forward[[LIST_ID + LEFT, RECORD_ID + LEFT, LIST_ID + RIGHT, RECORD_ID + RIGHT]].to_numpy(), columns=columns),
            pd.DataFrame(backward[[LIST_ID + RIGHT, RECORD_ID + RIGHT, LIST_ID + LEFT, RECORD_ID + LEFT]].to_numpy(), columns=columns),
        ],
        ignore_index=True,
    )
    out[STATUS] = Status.REVIEW.value
    return out


def _pair_key(list_a: str, record_a: str, list_b: str, record_b: str) -> tuple[str, str, str, str]:
    first, second = sorted([(list_a, record_a), (list_b, record_b)])
    return (*first, *second)


def _direct_probabilities(pairs: pd.DataFrame) -> dict[tuple[str, str, str, str], float]:
    keys = pairs[[LIST_ID + LEFT, RECORD_ID + LEFT, LIST_ID + RIGHT, RECORD_ID + RIGHT]].itertuples(index=False)
    return {_pair_key(*k): p for k, p in zip(keys, pairs[PROBABILITY], strict=True)}


def annex_vs_reply(view: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    alleged = view[view["role"] == Role.ALLEGATION.value]
    base = alleged[[LIST_ID, RECORD_ID, "name_as_written", PERSON_ID]].assign(details=details(alleged))
    replies = view[view["role"] == Role.REPLY.value][[LIST_ID, RECORD_ID, "name_as_written", raw("reply_comment"), "claim"]]
    replies = replies.add_suffix("_reply")
    table = base.merge(links, on=[LIST_ID, RECORD_ID], how="left").merge(
        replies, on=[LIST_ID + "_reply", RECORD_ID + "_reply"], how="left"
    )
    table[STATUS] = table[STATUS].fillna("none")
    table = table.rename(
        columns={
            "name_as_written": "name",
            LIST_ID + "_reply": "reply_list",
            RECORD_ID + "_reply": "reply_record",
            "name_as_written_reply": "reply_name",
            raw("reply_comment") + "_reply": "reply_comment",
            "claim_reply": "claim",
        }
    )
    columns = [LIST_ID, RECORD_ID, "name", "details", "reply_list", "reply_record", "reply_name", "claim",
               "reply_comment", PROBABILITY, STATUS, PERSON_ID]
    return table[columns].fillna({"reply_list": "", "reply_record": "", "reply_name": "", "claim": "", "reply_comment": ""})


def never_answered(table: pd.DataFrame) -> pd.DataFrame:
    answered = table.groupby([LIST_ID, RECORD_ID])[STATUS].transform(lambda s: (s != "none").any())
    return table.loc[~answered, [LIST_ID, RECORD_ID, "name", "details", PERSON_ID]].reset_index(drop=True)


def reply_rows(view: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Each reply row with its claim and how many records of other lists name the same person."""
    replies = view[view["role"] == Role.REPLY.value]
    others = view[view["role"] != Role.REPLY.value]
    named_by = others.groupby(PERSON_ID)[LIST_ID].agg(lambda s: ", ".join(sorted(set(s))))
    corroborating = others[others["role"] == Role.CORROBORATING.value].groupby(PERSON_ID)["source"].nunique()
    table = replies[[LIST_ID, RECORD_ID, "name_as_written", raw("reply_comment"), "claim", PERSON_ID]].copy()
    table["named_by_lists"] = table[PERSON_ID].map(named_by).fillna("")
    table["independent_sources"] = table[PERSON_ID].map(corroborating).fillna(0).astype(int)
    in_review = set(links.loc[links[STATUS] == Status.REVIEW.value, [LIST_ID + "_reply", RECORD_ID + "_reply"]].itertuples(index=False, name=None))
    table["awaiting_review"] = [(a, b) in in_review for a, b in table[[LIST_ID, RECORD_ID]].itertuples(index=False)]
    return table.rename(columns={"name_as_written": "name", raw("reply_comment"): "reply_comment"}).reset_index(drop=True)


def contradictions(view: pd.DataFrame, replies: pd.DataFrame) -> pd.DataFrame:
    """Reply claims about a person whom at least one independent list records as executed."""
    disputed = replies[replies["independent_sources"] > 0]
    witnesses = view[view["role"] == Role.CORROBORATING.value]
    witnesses = witnesses[[PERSON_ID, LIST_ID, RECORD_ID, "name_as_written"]].assign(details=details(witnesses))
    table = disputed.merge(witnesses, on=PERSON_ID, suffixes=("", "_source"))
    table = table.rename(columns={LIST_ID + "_source": "source_list", RECORD_ID + "_source": "source_record",
                                  "name_as_written": "source_name", "details": "source_details"})
    columns = [LIST_ID, RECORD_ID, "name", "claim", "reply_comment", "source_list", "source_record", "source_name",
               "source_details", "independent_sources", PERSON_ID]
    return table[columns].reset_index(drop=True)


def corroboration(view: pd.DataFrame) -> pd.DataFrame:
    """Each person named by at least one non-reply list: which lists, how many independent sources."""
    named = view[view["role"] != Role.REPLY.value]
    claims = view[view["role"] == Role.REPLY.value].groupby(PERSON_ID)["claim"].agg(lambda s: ", ".join(sorted(set(s))))
    grouped = named.groupby(PERSON_ID, sort=False)
    table = pd.DataFrame(
        {
            "name": grouped["name_as_written"].first(),
            "lists": grouped[LIST_ID].agg(lambda s: ", ".join(sorted(set(s)))),
            "records": grouped.size(),
            "independent_sources": grouped["source"].nunique(),
        }
    )
    table["reply_claims"] = table.index.map(claims).fillna("")
    return table.reset_index().sort_values(["independent_sources", PERSON_ID], ascending=[False, True], kind="stable")


def review_queue(result: RunResult, view: pd.DataFrame) -> pd.DataFrame:
    pairs = result.pairs[result.pairs[STATUS] == Status.REVIEW.value]
    shown = view[[LIST_ID, RECORD_ID, "name_as_written"]].assign(details=details(view))
    table = pairs[[LIST_ID + LEFT, RECORD_ID + LEFT, LIST_ID + RIGHT, RECORD_ID + RIGHT, PROBABILITY, "reason", NOTE]]
    for side in (LEFT, RIGHT):
        table = table.merge(shown.add_suffix(side), on=[LIST_ID + side, RECORD_ID + side], how="left")
    # Most uncertain first: a decision near p = 0.5 settles the most.
    order = (table[PROBABILITY] - 0.5).abs().sort_values(kind="stable").index
    return table.loc[order].reset_index(drop=True)


def data_quality(result: RunResult, replies: pd.DataFrame) -> pd.DataFrame:
    unclassified = replies[replies["claim"] == UNCLASSIFIED]
    comments = pd.DataFrame(
        {LIST_ID: unclassified[LIST_ID], "row": "", "column": "reply_comment", "value": unclassified["reply_comment"],
         "problem": "comment matches no claim pattern (record " + unclassified[RECORD_ID] + ")", "action": "kept as unclassified"}
    )
    return pd.concat([result.quarantine, result.warnings, comments], ignore_index=True).fillna("")

