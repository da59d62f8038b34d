"""Reviewed workbook in: every decision with its row, checked against the hidden manifest.

A workbook is read whole before anything is kept; any problem (not a review workbook, another
project, an edited manifest, a missing or doubled column, an id that differs from the manifest,
a value that is not a decision, a decision without a reviewer) raises `InputError` naming the
sheet, row and cell, so nothing from a bad file reaches the ledger.

`same` in a group's `group_decision` cell is read as one decision per row of the group that has
none of its own, each noted with the group and the row it was written on; a row's own decision wins,
and where it differs from the group's, its note and `over_group` say so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from reconcile.adjudicate import layout
from reconcile.adjudicate.keys import HASH_L, HASH_R, KEY_COLUMNS, Judgement
from reconcile.errors import InputError
from reconcile.read_xlsx import cell_text, check_workbook, unreadable

ROW_ID = "row_id"
SHEET_ROW = "sheet_row"
RUN_ID = "run_id"
DECISION, REVIEWER, NOTE = "decision", "reviewer", "note"
COLUMNS = (ROW_ID, *KEY_COLUMNS, HASH_L, HASH_R, DECISION, REVIEWER, NOTE, SHEET_ROW, RUN_ID)
# Beside the ledger's columns, not kept in it (the note says the same in words):
FROM_GROUP = "from_group"  # the group whose acceptance gave this decision; empty for a row's own
OVER_GROUP = "over_group"  # a row's own decision that differs from its accepted group's: where, and what
READ_COLUMNS = (*COLUMNS, FROM_GROUP, OVER_GROUP)
ACCEPTED_WITH = "accepted with group {group} (row {row})"
KEPT_OVER = "kept over group {group}'s same (row {row})"
DEFAULT_MAX_UNCOMPRESSED_MB = 200.0
XLSX = ".xlsx"
OTHER_SPREADSHEETS = frozenset(  # refused by name: a format the reader does not take
    (".ods", ".fods", ".ots", ".xls", ".xlsm", ".xlsb", ".xlt", ".xltx", ".xltm", ".csv", ".tsv", ".numbers")
)


@dataclass(frozen=True)
class _Problem:
    row: int
    column: str
    cell: str
    text: str


def reviewed_workbooks(place: Path, ignore: Path) -> list[Path]:
    """The reviewed workbooks to import: `place` itself when it is a file, else the .xlsx files in it.

    An extension in any case is read (REV.XLSX, a.Xlsx), in name order. Left out: editors' lock
    files (~$name.xlsx, .~lock.name#), hidden files, `ignore` (the ledger), sub-folders and files
    that are not spreadsheets. A spreadsheet saved in another format (.ods, .xls, .xlsm, .csv, ...),
    or a file named by its path that is not .xlsx, raises `InputError` naming it rather than being
    skipped.
    """
    if place.is_file():
        if place.suffix.casefold() != XLSX:
            raise _not_xlsx([place])
        return [place]
    if not place.is_dir():
        return []
    found, other = [], []
    for path in sorted(place.iterdir()):
        if not path.is_file() or path.name.startswith(("~$", ".")) or path.resolve() == ignore.resolve():
            continue
        suffix = path.suffix.casefold()
        if suffix == XLSX:
            found.append(path)
        elif suffix in OTHER_SPREADSHEETS:
            other.append(path)
    if other:
        raise _not_xlsx(other)
    return found


def _not_xlsx(paths: list[Path]) -> InputError:
    first = paths[0]
    also = f" (and {', '.join(p.name for p in paths[1:])})" if paths[1:] else ""
    ledger_copy = (
        "; a copy of the ledger does not belong in this folder: move it elsewhere"
        if any(p.suffix.casefold() == ".csv" for p in paths)
        else ""
    )
    return InputError(
        first,
        f"{first.name}{also} is not an .xlsx workbook, and reviewed workbooks are read only as .xlsx: "
        f"open it and save it as .xlsx (Excel Workbook), then import again{ledger_copy}; "
        "nothing was imported",
    )


def read_review_workbook(
    path: Path,
    project_id: str | None,
    max_uncompressed_mb: float = DEFAULT_MAX_UNCOMPRESSED_MB,
    declared_lists: Collection[str] = (),
    undecided_notes: list[str] | None = None,
) -> pd.DataFrame:
    """The decisions filled in one review workbook (rows with an empty decision are left out;
    where such a row carries a note, its sheet and row are added to `undecided_notes`).

    Returns one row per decision: the manifest's row id, the pair's keys as shown, the record
    hashes the reviewer saw, decision, reviewer, note, the sheet row, and the export's run id.
    `project_id` None skips the project check, for a file already imported under this project
    (its bytes unchanged) when the project's lists have changed since. A workbook of another
    project id is still read when every list it names is among `declared_lists`: a list was added
    or a title corrected since it was exported, and its decisions stand (stale where records changed).
    """
    check_workbook(path, max_uncompressed_mb)
    try:
        book = openpyxl.load_workbook(
            path, read_only=True, data_only=False
        )  # a formula typed in a note stays its text
    except Exception as exc:  # openpyxl raises many types for a damaged file; all mean "unreadable"
        raise unreadable(path, exc, None) from None
    try:
        if layout.MANIFEST_SHEET not in book.sheetnames:
            raise InputError(path, "not a review workbook written by reconcile (no manifest sheet)")
        meta, manifest = _manifest(path, _rows(book[layout.MANIFEST_SHEET]), project_id, declared_lists)
        if layout.REVIEW_SHEET not in book.sheetnames:
            raise InputError(path, f"sheet '{layout.REVIEW_SHEET}' not found", sheet=layout.REVIEW_SHEET)
        # A workbook exported before links were offered has no Links sheet.
        sheets = {name: _rows(book[name]) for name in layout.DECISION_SHEETS if name in book.sheetnames}
    finally:
        book.close()
    seen: dict[str, tuple[str, int]] = {}
    accepted: list[_Accepted] = []
    decided = [
        _decisions(path, sheet, rows, manifest, meta["run_id"], seen, accepted, undecided_notes)
        for sheet, rows in sheets.items()
    ]
    own = pd.concat(decided, ignore_index=True)
    return _with_groups(own, accepted, manifest, seen, meta["run_id"]).astype({SHEET_ROW: int})


@dataclass(frozen=True)
class _Accepted:
    """A group accepted on one row: `same` in its group_decision cell."""

    group: str
    reviewer: str
    note: str
    row: int  # the sheet row where it was written


def _group_call(
    cells: list[str],
    where: dict[str, int],
    exported: list[str],
    number: int,
    problem: Callable[[str, str], None],
) -> _Accepted | None:
    """The group accepted on this row, or None after noting the problem."""
    text = cells[where[layout.GROUP_DECISION]].strip()
    group = exported[layout.TABLE_HEADER.index(layout.GROUP)]
    reviewer = cells[where[layout.REVIEWER]].strip()
    if text.casefold() != Judgement.SAME.value:
        problem(
            layout.GROUP_DECISION,
            f"{text!r} is not a group decision: a group is accepted with {Judgement.SAME.value} (every "
            "record of it is one person); to say anything else, decide its rows one by one",
        )
    elif not group:
        problem(
            layout.GROUP_DECISION,
            "this row's group may not be accepted in one step (see 'about the group' on its first row): "
            "decide its rows one by one",
        )
    elif not reviewer:
        problem(layout.REVIEWER, "a group decision needs the reviewer's name or initials")
    else:
        return _Accepted(group, reviewer, cells[where[layout.NOTE]].strip(), number)
    return None


def _with_groups(
    own: pd.DataFrame,
    accepted: list[_Accepted],
    manifest: dict[str, list[str]],
    seen: dict[str, tuple[str, int]],
    run_id: str,
) -> pd.DataFrame:
    """The rows' own decisions, and one decision per row of each accepted group that has none.

    A row's own decision wins over its group's `same`; where it differs, its note and `over_group`
    say so. A group accepted twice by one reviewer counts once.
    """
    own = own.assign(**{FROM_GROUP: "", OVER_GROUP: ""})
    index = layout.TABLE_HEADER.index(layout.GROUP)
    calls = {(call.group, call.reviewer.casefold()): call for call in reversed(accepted)}
    added: list[list[object]] = []
    for call in sorted(calls.values(), key=lambda c: c.row):
        members = [row for row in manifest.values() if row[index] == call.group]
        said = ACCEPTED_WITH.format(group=call.group, row=call.row)
        for row in members:
            mine = own.index[own[ROW_ID] == row[0]]
            if len(mine):
                decision = own.at[mine[0], DECISION]
                kept = KEPT_OVER.format(group=call.group, row=call.row)
                if decision != Judgement.SAME.value and kept not in str(own.at[mine[0], NOTE]):
                    own.at[mine[0], NOTE] = "; ".join(t for t in (str(own.at[mine[0], NOTE]), kept) if t)
                    own.at[mine[0], OVER_GROUP] = f"row {own.at[mine[0], SHEET_ROW]}: {decision} {kept}"
                continue
            note = "; ".join(t for t in (said, call.note) if t)
            sheet_row = seen.get(row[0], ("", call.row))[1]
            added.append(
                [
                    row[0],
                    *row[1:7],
                    Judgement.SAME.value,
                    call.reviewer,
                    note,
                    sheet_row,
                    run_id,
                    call.group,
                    "",
                ]
            )
    expanded = pd.DataFrame(added, columns=list(READ_COLUMNS))
    return pd.concat([own, expanded], ignore_index=True) if added else own


def _rows(sheet: Any) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _manifest(
    path: Path, rows: list[list[str]], project_id: str | None, declared_lists: Collection[str]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    sheet = layout.MANIFEST_SHEET

    def fail(row: int, column: str, problem: str) -> InputError:
        return InputError(path, problem, sheet=sheet, row=row, column=column)

    meta: dict[str, str] = {}
    for i, key in enumerate(layout.META_KEYS):
        cells = rows[i] if i < len(rows) else []
        if len(cells) < 2 or cells[0] != key:
            raise fail(i + 1, "A", f"the manifest is damaged: expected '{key}' in cell A{i + 1}")
        meta[key] = cells[1]
    expected = layout.TABLE_HEADERS.get(meta["format"])
    if expected is None:
        raise fail(1, "B", f"unknown review format {meta['format']!r}; expected {layout.FORMAT!r}")
    start = layout.TABLE_START - 1
    header = tuple(rows[start][: len(expected)]) if len(rows) > start else ()
    if header != expected:
        raise fail(layout.TABLE_START, "A", "the manifest is damaged: its table header was changed")
    width = len(expected)
    table = [(row + [""] * width)[:width] for row in rows[start + 1 :] if any(row)]
    digest = layout.digest(meta["project_id"], meta["run_id"], table)
    if str(len(table)) != meta["rows"] or digest != meta["digest"]:
        raise fail(
            len(layout.META_KEYS), "B", "the manifest was edited after export (its checksum does not match)"
        )
    named = {row[index] for row in table for index in (1, 3)}  # the pair's two list ids
    unknown = sorted(named - set(declared_lists))
    if project_id is not None and meta["project_id"] != project_id and (unknown or not declared_lists):
        raise fail(
            2,
            "B",
            f"this workbook belongs to another project (project id {meta['project_id']!r}, this project "
            f"is {project_id!r}); it names lists this project does not declare: {', '.join(unknown) or '?'}",
        )
    full = len(layout.TABLE_HEADER)  # an older format's rows, padded: a row in no offered group
    return meta, {row[0]: (row + [""] * full)[:full] for row in table}


def _refuse_doubled_columns(path: Path, sheet: str, header: list[str]) -> None:
    """A column the reader relies on may appear once: of two `decision` columns, one would be lost.

    Headers are compared as a reader would (case and surrounding spaces aside).
    """
    for name in (*layout.REQUIRED, *layout.OPTIONAL):
        cells = [
            f"{get_column_letter(i + 1)}1"
            for i, text in enumerate(header)
            if text.strip().casefold() == name.casefold()
        ]
        if len(cells) > 1:
            raise InputError(
                path,
                f"column '{name}' appears twice in the header row (cells {', '.join(cells[:-1])} and "
                f"{cells[-1]}): what is typed in one of them would be lost; keep one column, moving anything "
                "typed in the other into it, then import again; nothing from this file was imported",
                sheet=sheet,
                row=1,
                column=name,
            )


def _decisions(
    path: Path,
    sheet: str,
    rows: list[list[str]],
    manifest: dict[str, list[str]],
    run_id: str,
    seen: dict[str, tuple[str, int]],
    accepted: list[_Accepted],
    undecided_notes: list[str] | None = None,
) -> pd.DataFrame:
    """The decisions on one sheet; `seen` holds the row ids met on the sheets read before, with
    where, and `accepted` the groups accepted so far (this sheet's are added)."""
    header = rows[0] if rows else []
    _refuse_doubled_columns(path, sheet, header)
    where = {name: header.index(name) for name in (*layout.REQUIRED, *layout.OPTIONAL) if name in header}
    for name in layout.REQUIRED:
        if name not in where:
            raise InputError(
                path, f"column '{name}' is missing from the header row", sheet=sheet, row=1, column=name
            )
    problems: list[_Problem] = []
    out: list[list[object]] = []
    choices = ", ".join(j.value for j in Judgement)
    for number, cells in enumerate(rows[1:], start=2):
        cells = cells + [""] * (len(header) - len(cells))

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[where[name]]

        def problem(name: str, text: str, number: int = number) -> None:
            problems.append(_Problem(number, name, f"{get_column_letter(where[name] + 1)}{number}", text))

        if not any(c.strip() for c in cells):
            continue
        row_id = cell(layout.ROW)
        exported = manifest.get(row_id)
        if exported is None:
            problem(layout.ROW, f"row id {row_id!r} is not in the manifest: a row was added or its id edited")
            continue
        if row_id in seen:
            first_sheet, first_row = seen[row_id]
            problem(
                layout.ROW,
                f"row id {row_id!r} appears twice (also in sheet {first_sheet}, row {first_row}): a copied row",
            )
            continue
        seen[row_id] = (sheet, number)
        shown = [cell(name) for name in layout.KEY_HEADERS]
        for name, value, expected in zip(layout.KEY_HEADERS, shown, exported[1:5], strict=True):
            if value != expected:
                problem(name, f"id {value!r} differs from the exported {expected!r}: the id was edited")
        if layout.GROUP_DECISION in where and cell(layout.GROUP_DECISION).strip():
            call = _group_call(cells, where, exported, number, problem)
            if call is not None:
                accepted.append(call)
        text = cell(layout.DECISION).strip().casefold()
        if not text:
            if cell(layout.NOTE).strip() and undecided_notes is not None:
                undecided_notes.append(f"{sheet} row {number}")
            continue
        if text not in {j.value for j in Judgement}:
            problem(layout.DECISION, f"{cell(layout.DECISION)!r} is not a decision; use one of: {choices}")
            continue
        reviewer = cell(layout.REVIEWER).strip()
        if not reviewer:
            problem(layout.REVIEWER, "a decision needs the reviewer's name or initials")
            continue
        out.append(
            [
                row_id,
                *exported[1:5],
                exported[5],
                exported[6],
                text,
                reviewer,
                cell(layout.NOTE).strip(),
                number,
                run_id,
            ]
        )
    if problems:
        first = problems[0]
        more = (
            f" (and {len(problems) - 1} more: cells {', '.join(p.cell for p in problems[1:6])})"
            if problems[1:]
            else ""
        )
        raise InputError(
            path,
            f"cell {first.cell}: {first.text}{more}; nothing from this file was imported",
            sheet=sheet,
            row=first.row,
            column=first.column,
        )
    return pd.DataFrame(out, columns=list(COLUMNS)).astype({SHEET_ROW: int})
