"""Stage 1: declared files -> one canonical record table, plus the rows set aside and why.

Every data row of every file ends up either in `records` or in `quarantine`: the counts are
checked here, so nothing can be dropped silently.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from reconcile import names
from reconcile.cells import labelled_cell
from reconcile.config import ListSpec, Settings
from reconcile.errors import InputError, ReconcileError
from reconcile.read import RowProblem, read_table
from reconcile.schema import (
    EXTRA,
    FIELDS,
    LIST_ID,
    NAME_FIELDS,
    OTHER_NAMES,
    OTHER_NAMES_SEPARATOR,
    RECORD_ID,
    SOURCE_ROW,
    raw,
)

QUARANTINE_COLUMNS = [LIST_ID, "file", "sheet", "row", "column", "value", "problem", "action"]
INPUT_COLUMNS = [LIST_ID, "title", "role", "file", "sha256", "rows_read", "records", "quarantined"]
DIGITS_ONLY = re.compile(r"^[\d\s.\-/]+$")
EXCEL_ERROR = re.compile(
    r"^#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!|GETTING_DATA)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Loaded:
    records: pd.DataFrame  # one row per usable record: list_id, record_id, source_row, raw_<field>...
    quarantine: pd.DataFrame  # rows set aside, with file, row, column and the problem
    inputs: pd.DataFrame  # one row per list: file hash and row counts


def load(settings: Settings) -> Loaded:
    """Read every declared list; raises InputError before anything is written if a file is unusable."""
    frames, problems, inputs = [], [], []
    for spec in settings.lists:
        read = read_table(spec, settings.limits)
        table = read.frame
        records, quarantine = canonical_records(spec, table, read.problems)
        if len(records) + len(quarantine) != len(table):
            raise ReconcileError(f"internal error: {spec.path} rows do not add up; please report this")
        if records.empty:
            raise InputError(spec.path, _nothing_usable(len(table), quarantine), sheet=spec.sheet)
        frames.append(records)
        problems.append(quarantine)
        inputs.append(
            {
                LIST_ID: spec.id,
                "title": spec.title,
                "role": spec.role.value,
                "file": str(spec.path),
                "sha256": hashlib.sha256(spec.path.read_bytes()).hexdigest(),
                "rows_read": len(table),
                "records": len(records),
                "quarantined": len(quarantine),
            }
        )
    return Loaded(
        records=pd.concat(frames, ignore_index=True),
        quarantine=pd.concat(problems, ignore_index=True) if problems else _empty_quarantine(),
        inputs=pd.DataFrame(inputs, columns=INPUT_COLUMNS),
    )


def canonical_records(
    spec: ListSpec, table: pd.DataFrame, read_problems: list[RowProblem] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map one file's columns onto canonical fields; set aside rows that cannot be records.

    `read_problems` are rows the reader already distrusts (a CSV row with shifted columns).
    """
    out = pd.DataFrame(index=table.index)
    out[LIST_ID] = spec.id
    out[SOURCE_ROW] = table.index.astype(int)
    for field_name in FIELDS:
        column = spec.columns.get(field_name)
        values = table[_header(column)] if column else pd.Series("", index=table.index)
        out[raw(field_name)] = values.map(_clean_cell)
    out[RECORD_ID] = out[raw(RECORD_ID)].str.strip()
    out[raw(EXTRA)] = _extra(spec, table)
    out[raw(OTHER_NAMES)] = _other_names(spec, table)
    # The reader's problem (shifted columns) is the root cause: it goes first, and a row is listed once.
    reasons = [(p.row, p.column, p.value, p.problem, "quarantined") for p in read_problems or []]
    reasons = sorted(reasons + _problems(spec, table, out), key=lambda item: item[0])
    bad_rows = {row for row, *_ in reasons}
    quarantine = pd.DataFrame(
        [
            {
                LIST_ID: spec.id,
                "file": spec.path.name,
                "sheet": spec.sheet or "",
                "row": row,
                "column": column,
                "value": value,
                "problem": problem,
                "action": action,
            }
            for row, column, value, problem, action in reasons
        ],
        columns=QUARANTINE_COLUMNS,
    )
    # One row may have several problems; it is set aside once and counted once.
    quarantine = quarantine.drop_duplicates(subset=["row"], keep="first")
    kept = out.loc[~out.index.isin(bad_rows)].reset_index(drop=True)
    return kept, quarantine


def _extra(spec: ListSpec, table: pd.DataFrame) -> pd.Series:
    """The columns carried along, as one cell per record: "Notes: …; Source URLs: …"."""
    return labelled_cell(((h, table[_header(h)].map(_clean_cell)) for h in spec.extra), table.index)


def _other_names(spec: ListSpec, table: pd.DataFrame) -> pd.Series:
    """A record's other names, the empty ones left out, in one cell (a separator between)."""
    columns = [table[_header(header)].map(_clean_cell) for header in spec.other_names]
    return pd.Series(
        [OTHER_NAMES_SEPARATOR.join(v for v in row if v.strip()) for row in zip(*columns, strict=True)]
        if columns
        else "",
        index=table.index,
        dtype=object,
    )


def _problems(spec: ListSpec, table: pd.DataFrame, out: pd.DataFrame) -> list[tuple[int, str, str, str, str]]:
    found: list[tuple[int, str, str, str, str]] = []
    if table.empty:
        return found
    id_column = spec.columns[RECORD_ID]
    empty_row = table.apply(lambda r: all(not str(v).strip() for v in r), axis=1)
    name_text = out[[raw(f) for f in NAME_FIELDS]].agg(" ".join, axis=1).str.strip()
    name_column = spec.columns.get("name") or spec.columns.get("family_name", "")
    headers = {raw(f): _header(c).casefold() for f, c in spec.columns.items()}
    seen_ids: dict[str, int] = {}
    seen_rows: dict[tuple[str, ...], int] = {}
    for row in table.index:
        if empty_row[row]:
            found.append((row, "", "", "empty row", "ignored"))
            continue
        record_id = str(out.at[row, RECORD_ID])
        content = tuple(table.loc[row])
        if all(
            " ".join(str(out.at[row, column]).split()).casefold() == text for column, text in headers.items()
        ):
            found.append((row, "", record_id, "repeats the header row (pages pasted together?)", "ignored"))
            continue
        if not record_id:
            found.append((row, id_column, "", "no record id; give the row an id", "quarantined"))
        elif content in seen_rows:
            found.append(
                (row, "", record_id, f"repeats row {seen_rows[content]} exactly; kept once", "quarantined")
            )
        elif record_id in seen_ids:
            found.append(
                (
                    row,
                    id_column,
                    record_id,
                    f"record id already used on row {seen_ids[record_id]}; ids must be unique within a list",
                    "quarantined",
                )
            )
        if not name_text[row]:
            found.append((row, name_column, "", "no name; fill it in or remove the row", "quarantined"))
        elif DIGITS_ONLY.match(unicodedata.normalize("NFKC", name_text[row])):
            found.append(
                (row, name_column, name_text[row], "name is only digits; wrong column?", "quarantined")
            )
        elif not any(ch.isalpha() for ch in name_text[row]):
            found.append(
                (
                    row,
                    name_column,
                    _shown(name_text[row]),
                    "name has no letters (only punctuation, marks or invisible characters); "
                    "fill it in or remove the row",
                    "quarantined",
                )
            )
        elif any(EXCEL_ERROR.match(str(out.at[row, raw(f)])) for f in NAME_FIELDS):
            found.append(
                (
                    row,
                    name_column,
                    name_text[row],
                    "name is an Excel error value; fix the formula",
                    "quarantined",
                )
            )
        seen_ids.setdefault(record_id, row)
        seen_rows.setdefault(content, row)
    return sorted(found, key=lambda item: item[0])


def _shown(text: str) -> str:
    """Text as a reader can see it: escaped when nothing of it would show."""
    return text if names.without_invisible(text).strip() else text.encode("unicode_escape").decode("ascii")


def _clean_cell(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def _header(column: str) -> str:
    return " ".join(unicodedata.normalize("NFC", column).split())


def _nothing_usable(rows_read: int, quarantine: pd.DataFrame) -> str:
    if not rows_read:
        return "has a header but no data rows; is this the right file and sheet?"
    reasons = quarantine["problem"].value_counts().head(3)
    shown = "; ".join(f"{count} x {problem}" for problem, count in reasons.items())
    return f"no usable record: all {rows_read} rows were set aside ({shown}); check the column mapping"


def _empty_quarantine() -> pd.DataFrame:
    return pd.DataFrame(columns=QUARANTINE_COLUMNS)
