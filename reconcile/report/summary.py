"""The Summary sheet: headline counts, each with its arithmetic written out and a link to its sheet.

Every count is one `Line` with a stable key; the same lines fill the Summary sheet and the
`counts` of manifest.json, so the two can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from reconcile.cells import kept_in_order
from reconcile.claims import FORGED, NOT_RECOGNIZED, UNCLASSIFIED
from reconcile.config import ListSpec
from reconcile.estimate.describe import HEADLINE, PART, PERSONS, WHAT, WORDS
from reconcile.pipeline import RunResult
from reconcile.report.answers import (
    ALLEGATION_WORDS,
    ANSWER,
    ANSWER_PROBABILITY,
    REPLY_WORDS,
    SAME_NAME_OTHER_SIDE,
)
from reconcile.report.duplicates import groups_per_list
from reconcile.report.estimate_sheet import ESTIMATE
from reconcile.report.records import CLAIM, NO_COMMENT
from reconcile.schema import LIST_ID, PERSON_ID, STATUS, Role, Status

ANNEX_VS_REPLY, NEVER_ANSWERED, REPLY_ONLY = "Annex vs reply", "Never answered", "Reply only"
POSSIBLY_ANSWERED, POSSIBLY_ANSWERING = "Possibly answered", "Possibly answering"
CONTRADICTIONS, CORROBORATION, REVIEW_QUEUE = "Contradictions", "Corroboration", "Review queue"
DATA_QUALITY, SUMMARY, ABOUT, DUPLICATES = "Data quality", "Summary", "About", "Duplicates"
COLUMNS = ["item", "list", "count", "how it adds up", "sheet"]
SHEET_NAME_LIMIT = 31
NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\']")


@dataclass(frozen=True)
class Tables:
    """The tables the Summary counts from (each is, or feeds, one sheet)."""

    vs_reply: pd.DataFrame
    never_answered: pd.DataFrame
    possibly_answered: pd.DataFrame
    replies: pd.DataFrame
    reply_only: pd.DataFrame
    possibly_answering: pd.DataFrame
    contradictions: pd.DataFrame
    corroboration: pd.DataFrame
    review_queue: pd.DataFrame
    data_quality: pd.DataFrame
    duplicates: pd.DataFrame


@dataclass(frozen=True)
class Line:
    key: str  # stable name in manifest.json
    item: str
    count: int
    arithmetic: str = ""
    sheet: str = ""
    list_id: str = ""  # the list a line counts, whose title the item names


def claim_order(categories: Iterable[str]) -> list[str]:
    """Not recognized and forged first (the real reply's two big answers), the residue last."""
    last = {UNCLASSIFIED: 1, NO_COMMENT: 2}
    return sorted(set(categories), key=lambda c: (c != NOT_RECOGNIZED, c != FORGED, last.get(c, 0), c))


def claim_sheet_name(category: str) -> str:
    return NOT_IN_SHEET_NAME.sub("", "Claim " + category.replace("_", " "))[:SHEET_NAME_LIMIT]


def summary_lines(
    result: RunResult, tables: Tables, left_out: list[str], estimate: pd.DataFrame | None = None
) -> list[Line]:
    """The headline counts; `left_out` names the sheets that do not apply to the declared lists;
    `estimate` is the Estimate sheet's table, whose first estimate is the one to quote."""
    lines = _list_lines(result)
    lines += _reply_lines(result, tables.replies)
    if left_out:
        lines.append(
            Line(
                "sheets_left_out",
                f"sheets left out: {_missing_roles(result)}",
                len(left_out),
                ", ".join(left_out),
            )
        )
    if ANNEX_VS_REPLY not in left_out:
        lines += _answer_lines(result, tables)
    if CONTRADICTIONS not in left_out:
        lines.append(
            _contradiction_line(tables.contradictions, result.settings.report.allegations_record_execution)
        )
    lines += _duplicate_lines(result, tables.duplicates)
    lines += _person_lines(result, tables)
    if estimate is not None:
        lines += _estimate_line(estimate)
    return lines


def _estimate_line(estimate: pd.DataFrame) -> list[Line]:
    """The Estimate sheet's first estimate (the one to quote), with its interval, in one line."""
    rows = estimate[estimate[PART].isin([HEADLINE, "estimate"])]
    if rows.empty or pd.isna(rows[PERSONS].iloc[0]):
        return []
    first = rows.iloc[0]
    return [
        Line(
            "estimated_total",
            f"persons in all, named or not, estimated ({first[WHAT]})",
            round(float(first[PERSONS])),
            str(first[WORDS]),
            ESTIMATE,
        )
    ]


def _missing_roles(result: RunResult) -> str:
    declared = {spec.role for spec in result.settings.lists}
    missing = [role.value for role in (Role.ALLEGATION, Role.REPLY) if role not in declared]
    if not missing:
        return "no list other than the reply names anyone"
    return "no " + " and no ".join(missing) + " list declared"


def summary_table(lines: list[Line]) -> pd.DataFrame:
    return pd.DataFrame([(x.item, x.list_id, x.count, x.arithmetic, x.sheet) for x in lines], columns=COLUMNS)


def titled(spec: ListSpec) -> str:
    """A list as the Summary names it: its title (the settings' `title`, else its id), kept in
    order where it is Persian."""
    return kept_in_order(spec.title)


def _say(count: int, label: str) -> str:
    return f"{count:,} {label}"


def _sum(parts: Iterable[tuple[int, str]]) -> str:
    return " + ".join(_say(n, label) for n, label in parts) or "0"


def _label(category: str) -> str:
    return category.replace("_", " ")


def _list_lines(result: RunResult) -> list[Line]:
    inputs = result.inputs.set_index(LIST_ID)
    sheets = {Role.ALLEGATION: ANNEX_VS_REPLY, Role.CORROBORATING: CORROBORATION, Role.REPLY: ""}
    lines = []
    for spec in result.settings.lists:
        line = inputs.loc[spec.id]
        lines.append(
            Line(
                f"records.{spec.id}",
                f"{titled(spec)} ({spec.role.value} list): records",
                int(line["records"]),
                f"{int(line['rows_read']):,} rows read − {int(line['quarantined']):,} set aside",
                sheets[spec.role],
                spec.id,
            )
        )
    return lines


def _duplicate_lines(result: RunResult, duplicates: pd.DataFrame) -> list[Line]:
    """Per list: the persons its records name, and the groups that name one person twice, or may."""
    records = result.persons[LIST_ID].value_counts()
    persons = result.persons.groupby(LIST_ID)[PERSON_ID].nunique()
    groups = groups_per_list(duplicates)
    lines = []
    for spec in result.settings.lists:
        cards, named = int(records.get(spec.id, 0)), int(persons.get(spec.id, 0))
        found = groups.loc[spec.id] if spec.id in groups.index else pd.Series(dtype=int)
        sheet = DUPLICATES if found.sum() else ""
        lines += [
            Line(
                f"persons.{spec.id}",
                f"{titled(spec)}: persons named",
                named,
                f"{cards:,} records − {_say(cards - named, 'naming a person the list names already')}",
                sheet,
                spec.id,
            ),
            Line(
                f"duplicate_groups.{spec.id}",
                f"{titled(spec)}: groups of records that name one person, or may",
                int(found.sum()),
                _sum((int(n), str(finding)) for finding, n in found.items() if n),
                sheet,
                spec.id,
            ),
        ]
    return lines


def _reply_lines(result: RunResult, replies: pd.DataFrame) -> list[Line]:
    lines = []
    for spec in result.settings.lists:
        if spec.role is not Role.REPLY:
            continue
        counts = replies.loc[replies[LIST_ID] == spec.id, CLAIM].value_counts()
        apart = (NOT_RECOGNIZED, NO_COMMENT)
        claimed = [(int(counts[c]), _label(c)) for c in claim_order(counts.index) if c not in apart]
        parts = [_say(int(counts[NOT_RECOGNIZED]), "not recognized")] if NOT_RECOGNIZED in counts else []
        if claimed:
            # A list-wide claim (claim = "forged") is the list's, not a comment per row.
            kind = "claimed by the list" if spec.claim else "commented"
            parts.append(f"{sum(n for n, _ in claimed):,} {kind} ({_sum(claimed)})")
        if NO_COMMENT in counts:
            parts.append(_say(int(counts[NO_COMMENT]), "with no comment"))
        lines.append(
            Line(
                f"reply_rows.{spec.id}",
                f"{titled(spec)}: reply rows",
                int(counts.sum()),
                " + ".join(parts) or "0",
                list_id=spec.id,
            )
        )
    for category in claim_order(replies[CLAIM]):
        per_list = replies.loc[replies[CLAIM] == category, LIST_ID].value_counts()
        arithmetic = _sum((int(n), f"from {list_id}") for list_id, n in per_list.items())
        if category == UNCLASSIFIED:  # how far the claim patterns fit this reply's wording
            arithmetic += f"; {int(per_list.sum()) / max(len(replies), 1):.1%} of {len(replies):,} reply rows"
        lines.append(
            Line(
                f"claim.{category}",
                f"reply rows: {_label(category)}",
                int(per_list.sum()),
                arithmetic,
                claim_sheet_name(category),
            )
        )
    return lines


def _answer_lines(result: RunResult, tables: Tables) -> list[Line]:
    lines = []
    first = tables.vs_reply.drop_duplicates([LIST_ID, "record_id"])  # one row per record
    for spec in result.settings.lists:
        if spec.role is not Role.ALLEGATION:
            continue
        answer = first.loc[first[LIST_ID] == spec.id, ANSWER].value_counts()
        unsure = tables.possibly_answered[tables.possibly_answered[LIST_ID] == spec.id]
        lines.append(
            Line(
                f"possibly_answered.{spec.id}",
                f"{titled(spec)}: records possibly answered (the run cannot tell)",
                len(unsure),
                f"{_say(int((unsure[SAME_NAME_OTHER_SIDE] > 0).sum()), 'with a reply row of the same name')}; "
                f"{_say(int((unsure[ANSWER_PROBABILITY] > 0).sum()), 'with a likely candidate')}",
                POSSIBLY_ANSWERED,
                spec.id,
            )
        )
        lines.append(
            Line(
                f"never_answered.{spec.id}",
                f"{titled(spec)}: records never answered",
                int(answer.get(ALLEGATION_WORDS.never, 0)),
                f"{int(answer.sum()):,} records − {_say(int(answer.get(ALLEGATION_WORDS.answered, 0)), 'answered')} − "
                f"{_say(int(answer.get(ALLEGATION_WORDS.possibly, 0)), 'possibly answered')}",
                NEVER_ANSWERED,
                spec.id,
            )
        )
    lines.append(
        Line(
            "never_answered",
            "allegation records never answered",
            len(tables.never_answered),
            _sum((n, f"from {k}") for k, n in tables.never_answered[LIST_ID].value_counts().items()),
            NEVER_ANSWERED,
        )
    )
    answering = tables.replies["answering"].value_counts()
    lines.append(
        Line(
            "possibly_answering",
            "reply rows possibly answering an allegation record (the run cannot tell)",
            len(tables.possibly_answering),
            "",
            POSSIBLY_ANSWERING,
        )
    )
    lines.append(
        Line(
            "reply_only",
            "reply rows answering no allegation record",
            len(tables.reply_only),
            f"{len(tables.replies):,} reply rows − {_say(int(answering.get(REPLY_WORDS.answered, 0)), 'answering one')} − "
            f"{_say(int(answering.get(REPLY_WORDS.possibly, 0)), 'possibly answering one')}",
            REPLY_ONLY,
        )
    )
    return lines


def _contradiction_line(contradictions: pd.DataFrame, allegations_record_execution: bool) -> Line:
    disputed = contradictions.drop_duplicates([LIST_ID, "record_id"])
    identified = int((disputed[CLAIM] == NOT_RECOGNIZED).sum())
    by = "a corroborating or an allegation list" if allegations_record_execution else "a corroborating list"
    return Line(
        "contradicted_reply_rows",
        f"reply rows contradicted by {by}",
        len(disputed),
        f"{_say(len(disputed) - identified, 'claims against a record of execution')} + "
        f"{_say(identified, 'not recognized but identified')}; {len(contradictions):,} rows side by side",
        CONTRADICTIONS,
    )


def _person_lines(result: RunResult, tables: Tables) -> list[Line]:
    status = result.pairs[STATUS].value_counts()
    sources = tables.corroboration["independent_sources"]
    unclassified = int((tables.replies[CLAIM] == UNCLASSIFIED).sum())
    return [
        Line(
            "persons",
            "persons (all lists)",
            int(result.persons[PERSON_ID].nunique()),
            f"{len(result.persons):,} records grouped by their links",
        ),
        Line(
            "persons_named",
            "persons named by an allegation or corroborating list",
            len(tables.corroboration),
            _sum(
                (int((sources == n).sum()), f"by {n} source{'s' if n > 1 else ''}")
                for n in sorted(sources.unique())
            ),
            CORROBORATION,
        ),
        Line(
            "persons_two_sources",
            "persons named by two or more independent sources",
            int((sources >= 2).sum()),
            "",
            CORROBORATION,
        ),
        Line(
            "pairs",
            "candidate pairs scored",
            len(result.pairs),
            _sum((int(status.get(s.value, 0)), s.value) for s in Status),
        ),
        Line("review_pairs", "pairs awaiting review", len(tables.review_queue), "", REVIEW_QUEUE),
        Line(
            "data_quality",
            "data-quality lines",
            len(tables.data_quality),
            f"{_say(len(result.quarantine), 'rows set aside')} + {_say(len(result.warnings), 'values not understood')}"
            f" + {_say(unclassified, 'unclassified comments')}",
            DATA_QUALITY,
        ),
    ]
