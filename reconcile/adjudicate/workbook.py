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
from collections.abc import Sequence
from dataclasses import replace
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
from reconcile.adjudicate.columns import COLUMNS, HOW_LINKED, REVIEW_ONLY, WHY_IN_REVIEW, Column, as_text
from reconcile.adjudicate.groups import GROUP, GROUP_OFFERED, cut_off
from reconcile.adjudicate.keys import KEY_COLUMNS, Judgement, record_hash
from reconcile.adjudicate.order import link_order, run_review_queue
from reconcile.cells import (
    DIRECTION_CONTROLS,
    FORMULA_START,
    reads_right_to_left,
    show_direction_control,
    within_cell,
)
from reconcile.config import ListSpec, Review
from reconcile.files import write_atomic
from reconcile.schema import (
    LEFT_POSITION,
    RIGHT_POSITION,
    STATUS,
    Status,
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
    "reply row is contradicted or how many sources name a person, then whether a record is answered",
    "(column 'what a decision changes').",
    "Rows sharing a 'question' are the rival candidates of one record: at most one of them is 'same'.",
    "A row 'asked above' joins the same two persons as a row higher up: that row's decision settles it.",
    "Rows sharing a 'group' would make three persons or more one person, and nothing in the lists argues",
    "against it ('about the group' says what on its first row, and on a row left out of it, why).",
    "If every row of a group is one person, write same in group_decision on its first row (your name in",
    "reviewer): each of its rows is kept as your decision. Otherwise decide its rows one by one; a",
    "decision written on a row of the group wins over the group's for that row.",
    "",
    "The sheet 'Links' lists the pairs the model linked on its own, the weakest links first.",
    "Decide 'different' on a wrong link to break it (the person is split, or the link that joins",
    "the two records through others is refused and says so); 'same' confirms a link.",
    "",
    "Save the file (Excel or LibreOffice, .xlsx) into inputs/decisions/ and run `make reconcile`.",
    "Every decision is kept in inputs/decisions/ledger.csv; importing the same file twice adds nothing.",
    "Do not unprotect the sheet or edit the ids: rows whose ids changed are refused.",
)


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
    queue: pd.DataFrame | None = None,
) -> Path:
    """The review workbook of a run (`pairs` is the run's whole pair table, `persons` its persons
    in record order): its pairs awaiting review in `order.run_review_queue`, at most
    `review.max_workbook_rows`, and on the Links sheet its automatic links no analyst has confirmed,
    in `link_order`, at most `review.max_link_rows`. `queue` is that queue when already built."""
    in_review = run_review_queue(pairs, persons, lists, review) if queue is None else queue
    matched = pairs[pairs[STATUS] == Status.MATCH.value]  # then only these are read as text
    linked = matched[as_text(matched, DECISION) != Judgement.SAME.value]
    return write_review_workbook(
        path,
        cut_off(in_review.head(review.max_workbook_rows), in_review),
        records,
        run_id,
        review.blind,
        project_id=project_id,
        links=link_order(linked).head(review.max_link_rows),
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
    hashes = _hashes_of(records, [rows for _, _, rows, _ in sheets])
    book = Workbook()
    book.remove(book.active)
    table: list[list[str]] = []
    for name, prefix, rows, why in sheets:
        rows = rows.reset_index(drop=True)
        row_ids = [f"{prefix}{i + 1}" for i in range(len(rows))]
        table += [
            [row_id, *(str(rows.at[i, key]) for key in KEY_COLUMNS), hashes[a], hashes[b], group]
            for i, (row_id, a, b, group) in enumerate(
                zip(row_ids, rows[LEFT_POSITION], rows[RIGHT_POSITION], _offered_group(rows), strict=True)
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


def _hashes_of(records: pd.DataFrame, sheets: Sequence[pd.DataFrame]) -> np.ndarray:
    """`record_hash` of the records these pairs name, by position (None for the others, never read)."""
    named = np.unique(
        np.concatenate(
            [
                rows[side].to_numpy(dtype=np.int64)
                for rows in sheets
                for side in (LEFT_POSITION, RIGHT_POSITION)
            ]
        )
    )
    hashes = np.full(len(records), None, dtype=object)
    hashes[named] = record_hash(records.iloc[named]).to_numpy()
    return hashes


def _offered_group(rows: pd.DataFrame) -> list[str]:
    """Per row, the number of the group it belongs to when that group may be accepted in one step."""
    if GROUP not in rows:
        return [""] * len(rows)
    offered = rows[GROUP_OFFERED].to_numpy(dtype=bool)
    return [str(g) if ok else "" for g, ok in zip(rows[GROUP].to_numpy(dtype=int), offered, strict=True)]


def _write_review(
    sheet, columns: list[Column], pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame, row_ids: list[str]
) -> None:
    for j, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=j, value=column.header)
        cell.font = HEADER_FONT
        sheet.column_dimensions[get_column_letter(j)].width = column.width
        values = pd.Series(row_ids) if column.header == layout.ROW else column.values(pairs, a, b)
        editable = np.full(len(pairs), column.header in layout.EDITABLE)
        if column.open_on is not None:
            editable &= column.open_on(pairs)
        for i, (value, open_cell) in enumerate(zip(values.tolist(), editable, strict=True), start=2):
            cell = sheet.cell(row=i, column=j)
            _set(cell, value)
            if column.number_format and cell.data_type == "n":
                cell.number_format = column.number_format
            if open_cell:
                cell.protection = Protection(locked=False)
                cell.fill = EDIT_FILL
    n = len(row_ids)
    letter = {c.header: get_column_letter(j) for j, c in enumerate(columns, start=1)}
    sheet.column_dimensions[letter[layout.ROW]].hidden = True
    choices = [j.value for j in Judgement]
    _dropdown(
        sheet,
        letter[layout.DECISION],
        n,
        choices,
        ("Decision", "same: one person; different: two persons; unsure: leave it for later"),
        ("Not a decision", f"Choose one of: {', '.join(choices)}; or leave the cell empty."),
    )
    if layout.GROUP_DECISION in letter:
        _dropdown(
            sheet,
            letter[layout.GROUP_DECISION],
            n,
            [Judgement.SAME.value],
            (
                "Group decision",
                "same: every row of this group is one person; otherwise decide the rows one by one",
            ),
            (
                "Not a group decision",
                "A group is accepted with same (every record of it is one person); or leave the cell empty.",
            ),
        )
    last_editable = max(j for j, c in enumerate(columns, start=1) if c.header in layout.EDITABLE)
    sheet.freeze_panes = f"{get_column_letter(last_editable + 1)}2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False  # False = allowed: filter and resize columns, nothing else
    protection.formatColumns = False
    protection.formatRows = False


def _dropdown(
    sheet, column: str, rows: int, choices: list[str], prompt: tuple[str, str], error: tuple[str, str]
) -> None:
    """A list of `choices` on the column's cells below the header; `prompt` and `error` as (title, text)."""
    validation = DataValidation(
        type="list",
        formula1=f'"{",".join(choices)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=error[0],
        error=error[1],
        promptTitle=prompt[0],
        prompt=prompt[1],
        showInputMessage=True,
    )
    sheet.add_data_validation(validation)
    if rows:
        validation.add(f"{column}2:{column}{rows + 1}")


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
    text = within_cell(text)
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
