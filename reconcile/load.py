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
from reconcile.read import RowProblem, clean_header, read_table
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
        values = table[clean_header(column)] if column else pd.Series("", index=table.index)
        out[raw(field_name)] = values.map(_clean_cell)
    ids = out[raw(RECORD_ID)].str.strip()
    out[RECORD_ID] = ids.where(ids.map(names.without_invisible).str.strip() != "", "")  # \u200b is no id
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
    return labelled_cell(((h, table[clean_header(h)].map(_clean_cell)) for h in spec.extra), table.index)


def _other_names(spec: ListSpec, table: pd.DataFrame) -> pd.Series:
    """A record's other names, the empty ones left out, in one cell (a separator between)."""
    columns = [table[clean_header(header)].map(_clean_cell) for header in spec.other_names]
    return pd.Series(
        [OTHER_NAMES_SEPARATOR.join(v for v in row if v.strip()) for row in zip(*columns, strict=True)]
        if columns
        else "",
        index=table.index,
        dtype=object,
    )


def _problems(spec: ListSpec, table: pd.DataFrame, out: pd.DataFrame) -> list[tuple[int, str, str, str, str]]:
    """Rows that cannot be records, as (row, column, value, problem, action), in row order; within
    a row, a problem with its id before one with its name. Empty rows and repeated header rows are
    ignored; a row that repeats an earlier row or its id, or has no usable name, is quarantined."""
    if table.empty:
        return []
    id_column = spec.columns[RECORD_ID]
    name_column = spec.columns.get("name") or spec.columns.get("family_name", "")
    cells = table.astype(str)
    empty_row = cells.apply(lambda column: column.str.strip() == "").all(axis=1)
    repeats_header = pd.Series(True, index=table.index)
    for field_column, header in ((raw(f), clean_header(c).casefold()) for f, c in spec.columns.items()):
        repeats_header &= out[field_column].astype(str).map(clean_header).str.casefold() == header
    repeats_header &= ~empty_row
    considered = ~empty_row & ~repeats_header
    record_id = out[RECORD_ID].astype(str)
    content = cells.agg("\x1f".join, axis=1)
    first_content = _first_row_of(content[considered])
    first_id = _first_row_of(record_id[considered])
    rows = table.index.to_series()
    repeated_row = considered & (record_id != "") & (content.map(first_content) != rows)
    repeated_id = considered & (record_id != "") & ~repeated_row & (record_id.map(first_id) != rows)

    name_text = _name_text(out)
    plain = name_text.map(lambda text: unicodedata.normalize("NFKC", text))
    no_name = considered & (name_text == "")
    digits = considered & ~no_name & plain.map(lambda text: bool(DIGITS_ONLY.match(text)))
    no_letters = considered & ~no_name & ~digits & ~name_text.map(lambda text: any(c.isalpha() for c in text))
    excel_error = pd.Series(False, index=table.index)
    for field in NAME_FIELDS:
        excel_error |= out[raw(field)].astype(str).map(lambda value: bool(EXCEL_ERROR.match(value)))
    excel_error &= considered & ~no_name & ~digits & ~no_letters

    found = [
        *((row, "", "", "empty row", "ignored") for row in rows[empty_row]),
        *(
            (row, "", record_id[row], "repeats the header row (pages pasted together?)", "ignored")
            for row in rows[repeats_header]
        ),
        *(
            (row, id_column, "", "no record id; give the row an id", "quarantined")
            for row in rows[considered & (record_id == "")]
        ),
        *(
            (
                row,
                "",
                record_id[row],
                f"repeats row {first_content[content[row]]} exactly; kept once",
                "quarantined",
            )
            for row in rows[repeated_row]
        ),
        *(
            (
                row,
                id_column,
                record_id[row],
                f"record id already used on row {first_id[record_id[row]]}; ids must be unique within a list",
                "quarantined",
            )
            for row in rows[repeated_id]
        ),
        *(
            (row, name_column, "", "no name; fill it in or remove the row", "quarantined")
            for row in rows[no_name]
        ),
        *(
            (row, name_column, name_text[row], "name is only digits; wrong column?", "quarantined")
            for row in rows[digits]
        ),
        *(
            (
                row,
                name_column,
                _shown(name_text[row]),
                "name has no letters (only punctuation, marks or invisible characters); "
                "fill it in or remove the row",
                "quarantined",
            )
            for row in rows[no_letters]
        ),
        *(
            (row, name_column, name_text[row], "name is an Excel error value; fix the formula", "quarantined")
            for row in rows[excel_error]
        ),
    ]
    return sorted(found, key=lambda item: item[0])  # stable: within a row, in the order above


def _first_row_of(values: pd.Series) -> pd.Series:
    """For each distinct value, the first row (index label) that holds it."""
    return values.index.to_series().groupby(values.to_numpy()).first()


def _name_text(out: pd.DataFrame) -> pd.Series:
    """The name fields of each row joined by spaces, stripped."""
    columns = [out[raw(field)].astype(str) for field in NAME_FIELDS]
    joined = columns[0]
    for column in columns[1:]:
        joined = joined + " " + column
    return joined.str.strip()


def _shown(text: str) -> str:
    """Text as a reader can see it: escaped when nothing of it would show."""
    return text if names.without_invisible(text).strip() else text.encode("unicode_escape").decode("ascii")


def _clean_cell(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def _nothing_usable(rows_read: int, quarantine: pd.DataFrame) -> str:
    if not rows_read:
        return "has a header but no data rows; is this the right file and sheet?"
    reasons = quarantine["problem"].value_counts().head(3)
    shown = "; ".join(f"{count} x {problem}" for problem, count in reasons.items())
    return f"no usable record: all {rows_read} rows were set aside ({shown}); check the column mapping"


def _empty_quarantine() -> pd.DataFrame:
    return pd.DataFrame(columns=QUARANTINE_COLUMNS)
