"""Review workbook out: one row per pair awaiting a human, both records side by side.

A second sheet, Links, lists the automatic links (weakest first) with the same columns, so that
any link can be confirmed or broken: a decision there is an ordinary pair decision.
The reviewer fills three unlocked columns (decision from a dropdown, reviewer, note); every
other cell is locked and the sheet protected, without a password (it guards against slips, not
against a determined editor: the reader checks ids against the hidden manifest instead).
No cell is ever a formula: text starting with = + - @ tab or CR is written as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from reconcile.adjudicate import layout
from reconcile.adjudicate.apply import DECISION
from reconcile.adjudicate.impact import IMPACT, Impact
from reconcile.adjudicate.keys import KEY_COLUMNS, Judgement, record_hash
from reconcile.adjudicate.order import link_order, run_review_queue, why_in_review
from reconcile.adjudicate.questions import ASKED, ASKED_ABOVE, QUESTION
from reconcile.cells import (
    DIRECTION_CONTROLS,
    FORMULA_START,
    MAX_CELL_CHARS,
    reads_right_to_left,
    show_direction_control,
)
from reconcile.config import ListSpec, Review
from reconcile.files import write_atomic
from reconcile.schema import (
    EXTRA,
    FAMILY_KEY,
    FULL_KEY,
    GIVEN_KEY,
    LEFT,
    LEFT_POSITION,
    LIST_ID,
    NAME_AS_WRITTEN,
    PROBABILITY,
    REASON,
    RECORD_ID,
    RIGHT,
    RIGHT_POSITION,
    SIM_FAMILY,
    SIM_FATHER,
    SIM_GIVEN,
    SIM_WHOLE,
    SOURCE_ROW,
    STATUS,
    WEIGHT,
    Status,
    raw,
)

EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FONT = Font(bold=True)

HELP_TEXT = (
    "Reviewing uncertain matches",
    "",
    "Each row of the sheet 'Review' is a pair of records the model could not decide.",
    "Fill the three yellow columns and nothing else:",
    "  decision  - same (one person), different (two persons) or unsure (leave it for later)",
    "  reviewer  - your name or initials (required with a decision)",
    "  note      - optional: why",
    "Leave the decision empty for a pair you have not looked at.",
    "",
    "Rows come in the order a decision helps most: first those whose decision can change whether a",
    "record is answered or a reply row contradicted (column 'what a decision changes').",
    "Rows sharing a 'question' are the rival candidates of one record: at most one of them is 'same'.",
    "A row 'asked above' joins the same two persons as a row higher up: that row's decision settles it.",
    "",
    "The sheet 'Links' lists the pairs the model linked on its own, the weakest links first.",
    "Decide 'different' on a wrong link to break it (the person is split, or the link that joins",
    "the two records through others is refused and says so); 'same' confirms a link.",
    "",
    "Save the file (Excel or LibreOffice, .xlsx) into inputs/decisions/ and run `make reconcile`.",
    "Every decision is kept in inputs/decisions/ledger.csv; importing the same file twice adds nothing.",
    "Do not unprotect the sheet or edit the ids: rows whose ids changed are refused.",
)


@dataclass(frozen=True)
class _Column:
    header: str
    values: Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.Series]
    width: float
    score: bool = False  # hidden in blind review
    number_format: str | None = None
    needs: str | None = None  # shown only on a sheet whose pairs carry this column


def _side(field: str, side: str) -> Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.Series]:
    def values(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
        frame = a if side == LEFT else b
        return _field(frame, field)

    return values


def _field(records: pd.DataFrame, field: str) -> pd.Series:
    if field == "normalized":
        if FULL_KEY in records:
            return records[FULL_KEY]
        return _col(records, GIVEN_KEY).str.cat(_col(records, FAMILY_KEY), sep=" ").str.strip()
    if field == "age":  # as written; a birth year where no age was given
        age, born = _col(records, raw("age")), _col(records, raw("birth_year"))
        return age.where(age != "", ("born " + born).where(born != "", ""))
    if field == "city":
        city, place = _col(records, raw("city")), _col(records, raw("place"))
        return city.where(city != "", place)
    return _col(records, field)


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[name].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))


def _pair(name: str) -> Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.Series]:
    def values(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
        if name not in pairs:
            return pd.Series(np.nan, index=pairs.index)
        return pairs[name]

    return values


WHY_IN_REVIEW = "why in review"
HOW_LINKED = "how linked"
WHAT_IT_CHANGES = "what a decision changes"


def _why(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    return why_in_review(pairs)


def _changes(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    return pairs[IMPACT].map(lambda value: Impact(value).words)


ASKED_ABOVE_TEXT = (
    "asked above: a row higher up joins the same two persons; its decision settles this one on the next run"
)


def _question(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """A near tie's question on each of its rows: "3: which of these rows, if any, is annex:12?"."""
    text = pairs[QUESTION].astype(str) + ": which of these rows, if any, is " + _col(pairs, ASKED) + "?"
    text = text.where(pairs[QUESTION] > 0, "")
    if ASKED_ABOVE in pairs:
        text = text.where(~pairs[ASKED_ABOVE].astype(bool), ASKED_ABOVE_TEXT)
    return text


def _both(header: str, field: str, width: float) -> list[_Column]:
    return [
        _Column(f"A {header}", _side(field, LEFT), width),
        _Column(f"B {header}", _side(field, RIGHT), width),
    ]


def _empty(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=pairs.index, dtype=object)


COLUMNS: tuple[_Column, ...] = (
    _Column(layout.ROW, _empty, 8),  # filled with row ids; hidden
    _Column(layout.DECISION, _empty, 12),
    _Column(layout.REVIEWER, _empty, 12),
    _Column(layout.NOTE, _empty, 30),
    _Column(WHY_IN_REVIEW, _why, 28),
    _Column(WHAT_IT_CHANGES, _changes, 24, needs=IMPACT),
    _Column(QUESTION, _question, 30, needs=QUESTION),  # the rows of one near tie share one question
    _Column("probability", _pair(PROBABILITY), 11, score=True, number_format="0.0%"),
    _Column("weight (bits)", _pair(WEIGHT), 10, score=True, number_format="0.0"),
    _Column("reason", _pair(REASON), 50, score=True),
    _Column(layout.A_LIST, _side(LIST_ID, LEFT), 14),
    _Column(layout.A_ID, _side(RECORD_ID, LEFT), 10),
    _Column(layout.B_LIST, _side(LIST_ID, RIGHT), 14),
    _Column(layout.B_ID, _side(RECORD_ID, RIGHT), 10),
    *_both("name as written", NAME_AS_WRITTEN, 28),
    _Column("name similarity", _pair(SIM_WHOLE), 10, score=True, number_format="0.00"),
    *_both("normalized name", "normalized", 24),
    _Column("given name similarity", _pair(SIM_GIVEN), 10, score=True, number_format="0.00"),
    _Column("family name similarity", _pair(SIM_FAMILY), 10, score=True, number_format="0.00"),
    *_both("father's name", raw("father_name"), 16),
    _Column("father's name similarity", _pair(SIM_FATHER), 10, score=True, number_format="0.00"),
    *_both("age", "age", 8),
    *_both("city", "city", 14),
    *_both("prison", raw("prison"), 14),
    *_both("date", raw("date"), 14),
    *_both("affiliation", raw("affiliation"), 16),
    *_both("reply comment", raw("reply_comment"), 24),
    *_both("carried along", raw(EXTRA), 30),
    *_both("source row", SOURCE_ROW, 8),
)


REVIEW_ONLY = [c.needs for c in COLUMNS if c.needs]  # columns the Review sheet's pairs carry


def write_run_review(
    path: Path,
    pairs: pd.DataFrame,
    records: pd.DataFrame,
    review: Review,
    run_id: str,
    *,
    project_id: str,
    persons: pd.DataFrame,
    lists: Sequence[ListSpec],
) -> Path:
    """The review workbook of a run (`pairs` is the run's whole pair table, `persons` its persons
    in record order): its pairs awaiting review in `order.run_review_queue`, at most
    `review.max_workbook_rows`, and on the Links sheet its automatic links no analyst has confirmed,
    in `link_order`, at most `review.max_link_rows`."""
    in_review = run_review_queue(pairs, persons, lists)
    linked = (pairs[STATUS] == Status.MATCH.value) & (_col(pairs, DECISION) != Judgement.SAME.value)
    return write_review_workbook(
        path,
        in_review.head(review.max_workbook_rows),
        records,
        run_id,
        review.blind,
        project_id=project_id,
        links=link_order(pairs[linked]).head(review.max_link_rows),
    )


def write_review_workbook(
    path: Path,
    pairs: pd.DataFrame,
    records: pd.DataFrame,
    run_id: str,
    blind: bool,
    *,
    project_id: str,
    links: pd.DataFrame | None = None,
) -> Path:
    """Write the review workbook atomically; `pairs` are the pairs awaiting review, in order.

    Args:
        path: where to write, e.g. outputs/review.xlsx.
        pairs: rows of the pair table (keys, `left`/`right` positions into `records`, scores).
        records: the run's records, indexed by position.
        run_id: any id of this run, kept in the manifest.
        blind: leave out every model score (probability, weight, similarities, reason).
        project_id: `keys.project_id(...)` of the settings; a workbook from another project is refused.
        links: rows of the pair table linked automatically, in order, for the Links sheet.
    """
    sheets = (
        (layout.REVIEW_SHEET, layout.REVIEW_ROW_PREFIX, pairs, WHY_IN_REVIEW),
        (
            layout.LINKS_SHEET,
            layout.LINK_ROW_PREFIX,
            links if links is not None else pairs.iloc[:0].drop(columns=REVIEW_ONLY, errors="ignore"),
            HOW_LINKED,
        ),
    )
    hashes = record_hash(records).to_numpy()
    book = Workbook()
    book.remove(book.active)
    table: list[list[str]] = []
    for name, prefix, rows, why in sheets:
        rows = rows.reset_index(drop=True)
        row_ids = [f"{prefix}{i + 1}" for i in range(len(rows))]
        table += [
            [row_id, *(str(rows.at[i, key]) for key in KEY_COLUMNS), hashes[a], hashes[b]]
            for i, (row_id, a, b) in enumerate(
                zip(row_ids, rows[LEFT_POSITION], rows[RIGHT_POSITION], strict=True)
            )
        ]
        columns = [
            replace(c, header=why) if c.header == WHY_IN_REVIEW else c
            for c in COLUMNS
            if not (blind and c.score) and (c.needs is None or c.needs in rows)
        ]
        left = records.iloc[rows[LEFT_POSITION].to_numpy()].reset_index(drop=True)
        right = records.iloc[rows[RIGHT_POSITION].to_numpy()].reset_index(drop=True)
        _write_review(book.create_sheet(name), columns, rows, left, right, row_ids)
    _write_help(book.create_sheet(layout.HELP_SHEET))
    _write_manifest(book.create_sheet(layout.MANIFEST_SHEET), project_id, run_id, blind, table)
    book.properties.creator = "reconcile"
    book.properties.title = "Pairs awaiting review, and the automatic links"
    return write_atomic(path, lambda tmp: book.save(tmp))


def _write_review(
    sheet, columns: list[_Column], pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame, row_ids: list[str]
) -> None:
    for j, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=j, value=column.header)
        cell.font = HEADER_FONT
        sheet.column_dimensions[get_column_letter(j)].width = column.width
        values = pd.Series(row_ids) if column.header == layout.ROW else column.values(pairs, a, b)
        editable = column.header in layout.EDITABLE
        for i, value in enumerate(values.tolist(), start=2):
            cell = sheet.cell(row=i, column=j)
            _set(cell, value)
            if column.number_format and cell.data_type == "n":
                cell.number_format = column.number_format
            if editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDIT_FILL
    n = len(row_ids)
    letter = {c.header: get_column_letter(j) for j, c in enumerate(columns, start=1)}
    sheet.column_dimensions[letter[layout.ROW]].hidden = True
    choices = ",".join(j.value for j in Judgement)
    validation = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a decision",
        error=f"Choose one of: {choices.replace(',', ', ')}; or leave the cell empty.",
        promptTitle="Decision",
        prompt="same: one person; different: two persons; unsure: leave it for later",
        showInputMessage=True,
    )
    sheet.add_data_validation(validation)
    if n:
        validation.add(f"{letter[layout.DECISION]}2:{letter[layout.DECISION]}{n + 1}")
    sheet.freeze_panes = f"{get_column_letter(len(layout.EDITABLE) + 2)}2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False  # False = allowed: filter and resize columns, nothing else
    protection.formatColumns = False
    protection.formatRows = False


def _set(cell, value: object) -> None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return
    if isinstance(value, (bool, np.bool_)):
        value = str(bool(value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        cell.value = value.item() if isinstance(value, np.generic) else value
        return
    if isinstance(value, (pd.Timestamp, dt.date)):
        value = str(value.date() if isinstance(value, pd.Timestamp) else value)
    text = DIRECTION_CONTROLS.sub(show_direction_control, ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    text = text[:MAX_CELL_CHARS]
    cell.value = text
    if text.startswith(FORMULA_START):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        cell.quotePrefix = True  # and Excel keeps an edited cell as text
    if reads_right_to_left(text):
        cell.alignment = Alignment(readingOrder=2)


def _write_help(sheet) -> None:
    for i, line in enumerate(HELP_TEXT, start=1):
        _set(sheet.cell(row=i, column=1), line)
    sheet["A1"].font = HEADER_FONT
    sheet.column_dimensions["A"].width = 110


def _write_manifest(sheet, project_id: str, run_id: str, blind: bool, table: list[list[str]]) -> None:
    meta = {
        "format": layout.FORMAT,
        "project_id": project_id,
        "run_id": run_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "blind": str(bool(blind)).lower(),
        "rows": str(len(table)),
        "digest": layout.digest(project_id, run_id, table),
    }
    for i, key in enumerate(layout.META_KEYS, start=1):
        _set(sheet.cell(row=i, column=1), key)
        _set(sheet.cell(row=i, column=2), meta[key])
    for i, row in enumerate([list(layout.TABLE_HEADER), *table], start=layout.TABLE_START):
        for j, value in enumerate(row, start=1):
            _set(sheet.cell(row=i, column=j), value)
    sheet.protection.sheet = True
    sheet.sheet_state = "veryHidden"  # not listed by Excel's Unhide; the digest catches edits anyway
