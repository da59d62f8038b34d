"""The report's lists scored against a ground truth: what an analyst would publish, row by row.

Scores are read from the CSV copies of the sheets in a run's output folder (the files analysts
quote), with the lists' roles and sources from the run's settings. A record's truth is its person
in the truth file; records the truth does not hold are left out of every score.

- Never answered (per allegation list): a listed record is right when no reply row names its
  person. Recall is over the records no reply row names.
- Reply only: a listed reply row is right when no allegation record names its person.
- Contradictions: a line is right when its reply row and its corroborating record are one person;
  a reply row whose person some corroborating list names is found when one right line shows it.
- Answered by: an allegation record's linked reply rows are exactly the reply rows of its person.
- Corroboration: the number of sources (allegation and corroborating lists, by `source`) naming a
  record's person; and the persons whose records the run put together, exactly and alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reconcile.config import Settings
from reconcile.read import read_plain_csv
from reconcile.schema import LIST_ID, PERSON_ID, RECORD_ID, RECORD_KEY, Role, Status

TRUE_PERSON = "true_person"
NEVER_ANSWERED_FILE = "sheet_never_answered.csv"
REPLY_ONLY_FILE = "sheet_reply_only.csv"
CONTRADICTIONS_FILE = "sheet_contradictions.csv"
ANNEX_VS_REPLY_FILE = "sheet_annex_vs_reply.csv"
SCORED_FILES = (NEVER_ANSWERED_FILE, REPLY_ONLY_FILE, CONTRADICTIONS_FILE, ANNEX_VS_REPLY_FILE)
PERSONS_FILE = "persons.csv"


@dataclass(frozen=True)
class ListScore:
    """A published list against the truth: rows listed, rows right, rows it should hold."""

    name: str
    listed: int
    right: int
    should: int
    out_of: int  # the rows the list is drawn from

    @property
    def precision(self) -> float:
        return self.right / self.listed if self.listed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.should if self.should else 1.0


@dataclass(frozen=True)
class Share:
    name: str
    right: int
    out_of: int

    @property
    def share(self) -> float:
        return self.right / self.out_of if self.out_of else 1.0


@dataclass(frozen=True)
class ReportScores:
    lists: list[ListScore]
    shares: list[Share]


def score_report(out_dir: Path, truth: pd.DataFrame, settings: Settings) -> ReportScores:
    """Score the sheets of the run in `out_dir` against `truth` (list_id, record_id, person_id)."""
    roles = {spec.id: spec.role for spec in settings.lists}
    sources = {spec.id: spec.source or spec.id for spec in settings.lists}
    people = _people(truth, roles)
    # A sheet the declared lists do not call for (no reply list: no Reply only) is not written.
    sheets = {name: read_plain_csv(out_dir / name) for name in SCORED_FILES if (out_dir / name).exists()}
    lists: list[ListScore] = []
    shares: list[Share] = []
    if NEVER_ANSWERED_FILE in sheets:
        lists += _never_answered(sheets[NEVER_ANSWERED_FILE], people, roles)
    if REPLY_ONLY_FILE in sheets:
        lists.append(_reply_only(sheets[REPLY_ONLY_FILE], people))
    if CONTRADICTIONS_FILE in sheets:
        contradiction_lines, contradiction_rows = _contradictions(sheets[CONTRADICTIONS_FILE], people)
        shares += [
            Share("contradiction lines right", *contradiction_lines),
            Share("reply rows contradicted, found", *contradiction_rows),
        ]
    if ANNEX_VS_REPLY_FILE in sheets:
        shares.append(_answered_by(sheets[ANNEX_VS_REPLY_FILE], people))
    shares += _corroboration(read_plain_csv(out_dir / PERSONS_FILE), people, sources)
    return ReportScores(lists, shares)


def _people(truth: pd.DataFrame, roles: dict[str, Role]) -> pd.DataFrame:
    """Each record of the truth with its person and role, and which roles name that person."""
    table = truth[[LIST_ID, RECORD_ID, PERSON_ID]].astype(str).rename(columns={PERSON_ID: TRUE_PERSON})
    table["role"] = table[LIST_ID].map(roles)
    table = table[table["role"].notna()]
    for role in Role:
        named = set(table.loc[table["role"] == role, TRUE_PERSON])
        table[f"has_{role.value}"] = table[TRUE_PERSON].isin(named)
    return table


def _keys(frame: pd.DataFrame, list_column: str = LIST_ID, record_column: str = RECORD_ID) -> pd.Series:
    return frame[list_column].astype(str) + "\x1f" + frame[record_column].astype(str)


def _marked(people: pd.DataFrame, listed: pd.DataFrame) -> pd.Series:
    """Which records of `people` the sheet lists."""
    return _keys(people).isin(set(_keys(listed)))


def _never_answered(sheet: pd.DataFrame, people: pd.DataFrame, roles: dict[str, Role]) -> list[ListScore]:
    scores = []
    for list_id in [i for i, role in roles.items() if role == Role.ALLEGATION]:
        records = people[people[LIST_ID] == list_id]
        listed = _marked(records, sheet)
        should = ~records["has_reply"]
        scores.append(
            ListScore(
                f"never answered ({list_id})",
                int(listed.sum()),
                int((listed & should).sum()),
                int(should.sum()),
                len(records),
            )
        )
    return scores


def _reply_only(sheet: pd.DataFrame, people: pd.DataFrame) -> ListScore:
    records = people[people["role"] == Role.REPLY]
    listed = _marked(records, sheet)
    should = ~records["has_allegation"]
    return ListScore(
        "reply only", int(listed.sum()), int((listed & should).sum()), int(should.sum()), len(records)
    )


def _contradictions(sheet: pd.DataFrame, people: pd.DataFrame) -> tuple[tuple[int, int], tuple[int, int]]:
    """(right lines, lines) and (reply rows found, reply rows to find)."""
    person = dict(zip(_keys(people), people[TRUE_PERSON], strict=True))
    replies = people[people["role"] == Role.REPLY]
    to_find = set(_keys(replies[replies["has_corroborating"]]))
    reply_person = _keys(sheet).map(person)
    source_person = _keys(sheet, "source_list", "source_record").map(person)
    right = reply_person.notna() & (reply_person == source_person)
    found = set(_keys(sheet[right.to_numpy()])) & to_find
    return (int(right.sum()), len(sheet)), (len(found), len(to_find))


def _answered_by(sheet: pd.DataFrame, people: pd.DataFrame) -> Share:
    """Allegation records whose linked reply rows are exactly their person's reply rows."""
    linked = sheet[sheet["status"] == Status.MATCH.value]
    got = (
        pd.Series(_keys(linked, "reply_list", "reply_record").to_numpy(), index=_keys(linked).to_numpy())
        .groupby(level=0)
        .agg(frozenset)
    )
    replies = people[people["role"] == Role.REPLY]
    true_replies = pd.Series(_keys(replies).to_numpy(), index=replies[TRUE_PERSON].to_numpy())
    by_person = true_replies.groupby(level=0).agg(frozenset)
    alleged = people[people["role"] == Role.ALLEGATION]
    empty: frozenset[str] = frozenset()
    expected = [by_person.get(person, empty) for person in alleged[TRUE_PERSON]]
    predicted = [got.get(key, empty) for key in _keys(alleged)]
    right = sum(a == b for a, b in zip(expected, predicted, strict=True))
    return Share("allegation records answered by exactly the right reply rows", right, len(alleged))


def _corroboration(persons: pd.DataFrame, people: pd.DataFrame, sources: dict[str, str]) -> list[Share]:
    """Sources per record exactly right; persons put together exactly and alone."""
    table = people.merge(persons.astype(str), on=list(RECORD_KEY), how="left")
    table[PERSON_ID] = table[PERSON_ID].fillna(_keys(table))  # a record the run left out stands alone
    named = table[table["role"] != Role.REPLY].assign(source=lambda t: t[LIST_ID].map(sources))
    true_count = named.groupby(TRUE_PERSON)["source"].transform("nunique")
    run_count = named.groupby(PERSON_ID)["source"].transform("nunique")
    exact_count = int((true_count == run_count).sum())
    groups_true = table.groupby(TRUE_PERSON)[PERSON_ID].agg(frozenset)
    groups_run = table.groupby(PERSON_ID)[TRUE_PERSON].agg(frozenset)
    alone = [len(runs) == 1 and groups_run[next(iter(runs))] == {p} for p, runs in groups_true.items()]
    named_persons = set(named[TRUE_PERSON])
    exact_persons = sum(ok for p, ok in zip(groups_true.index, alone, strict=True) if p in named_persons)
    return [
        Share("records with the right number of sources", exact_count, len(named)),
        Share("persons put together exactly", exact_persons, len(named_persons)),
    ]


def format_report_scores(scores: ReportScores) -> str:
    lines = [f"{'report list':<44} {'listed':>7} {'right':>7} {'should':>7} {'precision':>9} {'recall':>7}"]
    for s in scores.lists:
        lines.append(
            f"{s.name:<44} {s.listed:7d} {s.right:7d} {s.should:7d} {s.precision:9.3f} {s.recall:7.3f}"
            f"   ({s.listed / max(s.out_of, 1):.1%} of {s.out_of:,} rows)"
        )
    lines += [f"{s.name:<60} {s.right:7d} of {s.out_of:7d} {s.share:7.3f}" for s in scores.shares]
    return "\n".join(lines)
