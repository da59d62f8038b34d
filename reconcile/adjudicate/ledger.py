"""The decisions ledger: an append-only CSV of every decision ever imported, with who, when and from where.

Old lines are never changed (but for the one upgrade below): an import reads the file's bytes,
appends the new lines after them and replaces the file atomically, after checking that the old
bytes are still its prefix.

Every line is checked when read, and the ledger is refused (`InputError` naming the line and the
column) unless each line has one field per column, no required field empty, a decision of the
`Judgement` vocabulary, `seq` 1, 2, 3, ... in file order, a timestamp in ISO 8601 form and hashes
of 64 hex digits. The last column, `line_sha256`, chains the lines: the SHA-256 of the line's
fields and of the previous line's `line_sha256`. A line edited, duplicated, reordered or deleted
by hand no longer matches, and the ledger is refused from that line. This detects edits, not
forgery (anyone can compute the hashes again); lines cut from the end leave no trace, but their
decisions come back when their workbooks are imported again (below).

A ledger written before lines carried `line_sha256` is read as it is, its values checked and its
chain not (there is none). The first import that appends to it writes it again whole, every field
of every old line kept, with `line_sha256` added to each: an upgrade, once, that vouches for the
old lines as they are at that moment. `ImportReport.upgraded` says when it happened.

Re-importing is a no-op, twice over: a workbook whose SHA-256 is in the ledger adds only the
decisions it holds that are nowhere in the ledger (lines someone removed), and is reported as
already imported when there are none; and a row is appended only when it differs from what the
ledger last holds for the same slot (export run, workbook row, reviewer) and from what the same
reviewer last said on the same pair as they saw it. A copy of a workbook re-saved by LibreOffice,
or the same decision given again on a pair shown again in a later workbook, therefore adds
nothing, while a reviewer who changes a decision in the same workbook adds one line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.adjudicate import intake
from reconcile.adjudicate.keys import HASH_L, HASH_R, KEY_COLUMNS, SEPARATOR, Judgement, canonical
from reconcile.errors import InputError
from reconcile.files import output_lock, write_atomic

SEQ = "seq"
IMPORTED_AT = "imported_at"
SOURCE_FILE = "source_file"
SOURCE_SHA256 = "source_sha256"
LINE_SHA256 = "line_sha256"
DECISION, REVIEWER, NOTE = intake.DECISION, intake.REVIEWER, intake.NOTE
RUN_ID, ROW_ID, SHEET_ROW = intake.RUN_ID, intake.ROW_ID, intake.SHEET_ROW
COLUMNS = (  # the columns of the frame `read_ledger` returns
    SEQ,
    *KEY_COLUMNS,
    DECISION,
    REVIEWER,
    NOTE,
    IMPORTED_AT,
    HASH_L,
    HASH_R,
    RUN_ID,
    ROW_ID,
    SOURCE_FILE,
    SHEET_ROW,
    SOURCE_SHA256,
)
HEADER = (*COLUMNS, LINE_SHA256)  # the file's columns
LEGACY_HEADER = COLUMNS  # a ledger written before lines carried a check
LEDGER_NAME = "ledger.csv"
SHOWN_OVER_GROUPS = 5  # rows named in the import's summary line, per kind; the rest are counted

_WHOLE = re.compile(r"[1-9][0-9]*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_JUDGEMENTS = frozenset(j.value for j in Judgement)
_DECISIONS = ", ".join(j.value for j in Judgement)
_VALID = {
    SEQ: "a positive whole number, 1 more than the line before",
    DECISION: f"one of {_DECISIONS}",
    IMPORTED_AT: "a date and time in ISO 8601 form, such as 2024-05-02T09:30:00+00:00",
    HASH_L: "64 hexadecimal digits (a SHA-256)",
    HASH_R: "64 hexadecimal digits (a SHA-256)",
    SOURCE_SHA256: "64 hexadecimal digits (a SHA-256)",
    SHEET_ROW: "a positive whole number",
}
_FORMS = {SHEET_ROW: _WHOLE, HASH_L: _SHA256, HASH_R: _SHA256, SOURCE_SHA256: _SHA256}
_OPTIONAL = frozenset({NOTE})


@dataclass
class ImportReport:
    """What one import did, for the run's summary line."""

    ledger: Path
    added: int = 0
    files_read: list[str] = field(default_factory=list)
    files_already_imported: list[str] = field(default_factory=list)
    added_by_file: dict[str, int] = field(default_factory=dict)
    upgraded: bool = False  # the ledger was written again whole, with a check on every line
    from_groups: int = 0  # of the decisions added, those given by accepting a group
    over_groups: list[str] = field(default_factory=list)  # rows whose own decision differs from their group's
    undecided_notes: list[str] = field(default_factory=list)  # a note but no decision: nothing imported

    def summary(self) -> str:
        skipped = len(self.files_already_imported)
        return (
            f"decisions: {self.added} new from {len(self.files_read)} workbook(s)"
            + (f" ({self.from_groups} by accepting groups)" if self.from_groups else "")
            + (f", {skipped} already imported" if skipped else "")
            + (
                f"; {len(self.over_groups)} row(s) decided otherwise than their accepted group, each row's "
                f"own decision kept: {_some(self.over_groups)}"
                if self.over_groups
                else ""
            )
            + (
                f"; {len(self.undecided_notes)} row(s) carry a note but no decision, so nothing of them was "
                f"imported (they come back for review; keep the note when you decide): {_some(self.undecided_notes)}"
                if self.undecided_notes
                else ""
            )
            + (f" -> {self.ledger}" if self.ledger.is_file() else "; no ledger yet")
            + (f" (every line of the ledger now carries a check, {LINE_SHA256})" if self.upgraded else "")
        )


def _some(rows: list[str]) -> str:
    """The first rows named, the rest counted."""
    more = len(rows) - SHOWN_OVER_GROUPS
    return "; ".join(rows[:SHOWN_OVER_GROUPS]) + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class _Snapshot:
    """The ledger as read: its bytes, its lines (fields of COLUMNS), and the chain's last link."""

    data: bytes
    lines: list[list[str]]
    chained: bool  # the header has LINE_SHA256 (a new or empty ledger counts as chained)
    tip: str

    def frame(self) -> pd.DataFrame:
        if not self.lines:
            return empty_ledger()
        return pd.DataFrame(self.lines, columns=list(COLUMNS)).astype({SEQ: int})


def empty_ledger() -> pd.DataFrame:
    """A ledger without decisions, with every column."""
    return pd.DataFrame({c: pd.Series(dtype=int if c == SEQ else object) for c in COLUMNS})


def read_ledger(path: Path) -> pd.DataFrame:
    """Every decision in the ledger, all text but `seq`; an empty ledger when the file does not exist.

    Raises `InputError` naming the line and column of the first line that is damaged or was edited.
    """
    return _load(path).frame()


def _load(path: Path) -> _Snapshot:
    data = path.read_bytes() if path.is_file() else b""
    return _check(path, data)


def _check(path: Path, data: bytes) -> _Snapshot:
    """Parse and check a ledger's bytes: every value, then every line's link in the chain."""
    records = _records(path, data)
    if not records:
        return _Snapshot(data, [], chained=True, tip="")
    start, header = records[0]
    if tuple(header) not in (HEADER, LEGACY_HEADER):
        missing = [c for c in COLUMNS if c not in header]
        raise InputError(
            path,
            f"not a decisions ledger: header should be {','.join(HEADER)}"
            + (f" (missing {', '.join(missing)})" if missing else ""),
            row=start,
        )
    chained = tuple(header) == HEADER
    lines: list[list[str]] = []
    tip = ""
    for index, (row, fields) in enumerate(records[1:]):
        values = fields[: len(COLUMNS)]
        found = _line_problem(fields, header, seq=index + 1)
        if found is None:
            tip = _link(tip, values)
            if chained and fields[-1] != tip:
                found = (
                    LINE_SHA256,
                    f"the line does not match its check ({LINE_SHA256}): it, or a line before it, was "
                    "edited, duplicated, reordered or deleted after it was imported",
                )
        if found is not None:
            column, problem = found
            recovery = _recovery(path, row, records[1 + index :])
            raise InputError(path, f"{problem}; {recovery}", row=row, column=column)
        lines.append(values)
    return _Snapshot(data, lines, chained, tip)


def _records(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    """The CSV records of the file, each with the text line it starts on; blank lines left out."""
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = body[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"the decisions ledger is not UTF-8 text ({exc.reason} at byte {exc.start}), as if saved by "
            f"another program; {_recovery(path, row, [])}",
            row=row,
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    start = 1
    try:
        for fields in reader:
            if fields:
                records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            path,
            f"the decisions ledger cannot be read as CSV ({exc}); {_recovery(path, start, [])}",
            row=start,
        ) from None
    return records


def _line_problem(fields: list[str], header: list[str], seq: int) -> tuple[str | None, str] | None:
    """The column and the problem of the line's first bad field, or None when every field is right."""
    if len(fields) < len(header):
        return header[
            len(fields)
        ], f"the line has {len(fields)} fields, the header {len(header)}: it was cut short"
    if len(fields) > len(header):
        return None, f"the line has {len(fields)} fields, the header {len(header)}: a field too many"
    for column, value in zip(COLUMNS, fields, strict=False):
        problem = _value_problem(column, value, expected_seq=seq)
        if problem:
            return column, problem
    return None


def _value_problem(column: str, value: str, expected_seq: int) -> str | None:
    valid = _VALID.get(column, "the value the import wrote")
    if not value:
        return None if column in _OPTIONAL else f"{column} is empty; it must be {valid}"
    if column == SEQ:
        if not _WHOLE.fullmatch(value):
            return f"seq {value!r} is not a positive whole number; expected {expected_seq}"
        if int(value) != expected_seq:
            return (
                f"seq is {value}, expected {expected_seq} (1 more than the line before): a line was "
                "duplicated, reordered or deleted"
            )
    elif column == DECISION and value not in _JUDGEMENTS:
        return f"{value!r} is not a decision; it must be {valid}"
    elif column in _FORMS and not _FORMS[column].fullmatch(value):
        return f"{column} {value!r} is not {valid}"
    elif column == IMPORTED_AT:
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            return f"{column} {value!r} is not {valid}"
    return None


def _link(previous: str, values: Sequence[str]) -> str:
    """One line's check: the SHA-256 of the previous line's check and this line's fields."""
    return hashlib.sha256(SEPARATOR.join([previous, *values]).encode("utf-8")).hexdigest()


def _recovery(path: Path, row: int, rest: list[tuple[int, list[str]]]) -> str:
    where = COLUMNS.index(SOURCE_FILE)
    files = sorted({fields[where] for _, fields in rest if len(fields) > where and fields[where]})
    return (
        f"restore {path.name} from a backup, or delete line {row} and every line after it and import the "
        "reviewed workbooks again (reconcile decisions import): the decisions they hold come back"
        + (f" (those lines came from {', '.join(files)})" if files else "")
    )


def import_decisions(
    folder: Path,
    ledger_path: Path,
    project_id: str,
    max_uncompressed_mb: float = intake.DEFAULT_MAX_UNCOMPRESSED_MB,
    declared_lists: Collection[str] = (),
) -> ImportReport:
    """Append the decisions of every reviewed workbook in `folder` (or of one workbook) to the ledger.

    The ledger and all workbooks are read and checked before the ledger is touched: a damaged
    ledger, a bad workbook, or a workbook saved in another format than .xlsx raises `InputError`
    (file, sheet, row, cell) and nothing is appended from any file. The ledger keeps the hashes the
    reviewer saw (from the workbook's manifest); `current_decisions` judges staleness against the
    run's records later. A workbook already in the ledger (same SHA-256) was checked against the
    project when first imported; it is read again, without that check, only to find decisions
    missing from the ledger.
    """
    report = ImportReport(ledger=ledger_path)
    if not folder.exists() and folder != ledger_path.parent:  # the decisions folder may not exist yet
        raise InputError(folder, "not found: no reviewed workbook or folder of them at this path")
    with output_lock(ledger_path.parent):
        snapshot = _load(ledger_path)
        ledger = snapshot.frame()
        known = set(ledger[SOURCE_SHA256])
        said = _said(ledger)
        batches = []
        paths = intake.reviewed_workbooks(folder, ignore=ledger_path)
        for path in paths:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            if sha in known:
                rows = intake.read_review_workbook(path, None, max_uncompressed_mb)
                rows = rows.loc[[not (said & set(ways)) for ways in _ways_of_saying(rows)]]
                if rows.empty:
                    report.files_already_imported.append(path.name)
                    continue
            else:
                notes: list[str] = []
                rows = intake.read_review_workbook(
                    path, project_id, max_uncompressed_mb, declared_lists, notes
                )
                report.undecided_notes += [f"{path.name}, {where}" for where in notes]
            report.files_read.append(path.name)
            over = rows.loc[rows[intake.OVER_GROUP] != "", intake.OVER_GROUP]
            report.over_groups += [f"{path.name}, {text}" for text in over]
            batches.append(rows.assign(**{SOURCE_FILE: path.name, SOURCE_SHA256: sha}))
        if not batches:
            return report
        new = _new_rows(ledger, pd.concat(batches, ignore_index=True))
        for name in report.files_read:
            report.added_by_file[name] = int((new[SOURCE_FILE] == name).sum()) if len(new) else 0
        report.added = len(new)
        report.from_groups = int((new[intake.FROM_GROUP] != "").sum()) if len(new) else 0
        if len(new):
            report.upgraded = _append(ledger_path, snapshot, new)
    return report


def _said(ledger: pd.DataFrame) -> set[tuple[str, ...]]:
    """Everything the ledger holds, each decision in both of its ways (see `_ways_of_saying`)."""
    return {way for ways in _ways_of_saying(ledger) for way in ways}


def _ways_of_saying(frame: pd.DataFrame) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each row's decision named by its slot and by its reviewer's voice on the pair, with its content."""
    return [
        ((*_slot(row), *_content(row)), (*_voice(row), *_content(row)))
        for row in canonical(frame).itertuples(index=False)
    ]


def _new_rows(ledger: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """Incoming rows that change what the ledger says, in file and row order.

    A row is new when it changes what the ledger last holds for its slot (export run, workbook row,
    reviewer) and also what that reviewer last said on the pair as it is seen (both records' hashes):
    the same decision on a pair shown again in a later workbook is already in the ledger.
    """
    incoming = canonical(incoming)
    last_in_slot = {_slot(row): _content(row) for row in ledger.itertuples(index=False)}
    last_voice = {_voice(row): _content(row) for row in ledger.itertuples(index=False)}
    keep = []
    for row in incoming.itertuples(index=False):
        content = _content(row)
        new = last_in_slot.get(_slot(row)) != content and last_voice.get(_voice(row)) != content
        if new:
            last_in_slot[_slot(row)] = last_voice[_voice(row)] = content
        keep.append(new)
    new_rows = incoming[np.array(keep, dtype=bool)]  # a plain empty list would select no columns
    return new_rows.assign(**{IMPORTED_AT: dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})


def _slot(row: tuple) -> tuple[str, ...]:
    return (getattr(row, RUN_ID), getattr(row, ROW_ID), getattr(row, REVIEWER).casefold())


def _voice(row: tuple) -> tuple[str, ...]:
    """A reviewer on a pair as they saw it: keys in canonical order, both records' hashes."""
    pair = tuple(getattr(row, column) for column in (*KEY_COLUMNS, HASH_L, HASH_R))
    return (*pair, getattr(row, REVIEWER).casefold())


def _content(row: tuple) -> tuple[str, str]:
    return (getattr(row, DECISION), getattr(row, NOTE))


def _line(fields: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)  # "\r\n": a field holding \r is quoted too
    return buffer.getvalue()[: -len("\r\n")] + "\n"


def _append(path: Path, snapshot: _Snapshot, new: pd.DataFrame) -> bool:
    """Append `new` after the ledger's lines, each with its check; True when a legacy ledger was upgraded.

    A ledger without checks is written again whole (its old fields as they were, a check added to
    each line); any other is appended to, its old bytes untouched.
    """
    first_seq = len(snapshot.lines) + 1
    new = new.assign(**{SEQ: range(first_seq, first_seq + len(new))})
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in new[list(COLUMNS)].itertuples(index=False, name=None)
    ]
    upgrade = not snapshot.chained
    old = snapshot.data
    if upgrade or not old:
        old, rows, tip = b"", [*snapshot.lines, *rows], ""
        text = [_line(HEADER)]
    else:
        tip, text = snapshot.tip, []
        if not old.endswith(b"\n"):
            old += b"\n"
    for values in rows:
        tip = _link(tip, values)
        text.append(_line([*values, tip]))
    data = old + "".join(text).encode("utf-8")
    try:
        written = len(_check(path, data).lines)  # never write a ledger the reader would refuse
    except InputError as exc:
        raise RuntimeError(
            f"the new ledger would not read back as written ({exc}); nothing was imported"
        ) from exc
    if written != first_seq - 1 + len(new):
        raise RuntimeError("the new ledger would not read back as written; nothing was imported")

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)
        now = path.read_bytes() if path.is_file() else b""
        # never lose an old line, e.g. to an editor saving meanwhile
        if now.rstrip(b"\n") != snapshot.data.rstrip(b"\n"):
            raise InputError(path, "the ledger changed while decisions were being imported; run again")

    write_atomic(path, write)
    return upgrade and bool(snapshot.lines)
