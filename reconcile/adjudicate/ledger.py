"""The decisions ledger: an append-only CSV of every decision ever imported, with who, when and from where.

Old rows are never rewritten: an import reads the file's bytes, appends the new lines after them
and replaces the file atomically, after checking that the old bytes are still its prefix.

Re-importing is a no-op, twice over: a file whose SHA-256 is already in the ledger is skipped;
and a row is appended only when it differs from what the ledger last holds for the same slot
(export run, workbook row, reviewer). A copy of a workbook re-saved by LibreOffice therefore
adds nothing, while a reviewer who changes a decision in the same workbook adds one line.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reconcile.adjudicate import intake
from reconcile.adjudicate.keys import HASH_L, HASH_R, KEY_COLUMNS, canonical
from reconcile.errors import InputError
from reconcile.files import output_lock, write_atomic

SEQ = "seq"
IMPORTED_AT = "imported_at"
SOURCE_FILE = "source_file"
SOURCE_SHA256 = "source_sha256"
DECISION, REVIEWER, NOTE = intake.DECISION, intake.REVIEWER, intake.NOTE
RUN_ID, ROW_ID, SHEET_ROW = intake.RUN_ID, intake.ROW_ID, intake.SHEET_ROW
COLUMNS = (
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
LEDGER_NAME = "ledger.csv"


@dataclass
class ImportReport:
    """What one import did, for the run's summary line."""

    ledger: Path
    added: int = 0
    files_read: list[str] = field(default_factory=list)
    files_already_imported: list[str] = field(default_factory=list)
    added_by_file: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        skipped = len(self.files_already_imported)
        return (
            f"decisions: {self.added} new from {len(self.files_read)} workbook(s)"
            + (f", {skipped} already imported" if skipped else "")
            + (f" -> {self.ledger}" if self.ledger.is_file() else "; no ledger yet")
        )


def empty_ledger() -> pd.DataFrame:
    """A ledger without decisions, with every column."""
    return pd.DataFrame({c: pd.Series(dtype=int if c == SEQ else object) for c in COLUMNS})


def read_ledger(path: Path) -> pd.DataFrame:
    """Every decision in the ledger, all text but `seq`; an empty ledger when the file does not exist."""
    if not path.is_file():
        return empty_ledger()
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(path, f"the decisions ledger cannot be read as UTF-8 CSV ({exc})") from exc
    if tuple(frame.columns) != COLUMNS:
        missing = [c for c in COLUMNS if c not in frame.columns]
        raise InputError(
            path,
            f"not a decisions ledger: header should be {','.join(COLUMNS)}"
            + (f" (missing {', '.join(missing)})" if missing else ""),
            row=1,
        )
    return frame.astype({SEQ: int})


def import_decisions(
    folder: Path,
    ledger_path: Path,
    project_id: str,
    max_uncompressed_mb: float = intake.DEFAULT_MAX_UNCOMPRESSED_MB,
) -> ImportReport:
    """Append the decisions of every reviewed workbook in `folder` (or of one workbook) to the ledger.

    All workbooks are read and checked before the ledger is touched: one bad workbook raises
    `InputError` (file, sheet, row, cell) and nothing is appended from any file. The ledger keeps
    the hashes the reviewer saw (from the workbook's manifest); `current_decisions` judges
    staleness against the run's records later.
    """
    report = ImportReport(ledger=ledger_path)
    with output_lock(ledger_path.parent):
        ledger = read_ledger(ledger_path)
        known = set(ledger[SOURCE_SHA256])
        batches = []
        paths = intake.reviewed_workbooks(folder, ignore=ledger_path)
        for path in paths:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            if sha in known:
                report.files_already_imported.append(path.name)
                continue
            report.files_read.append(path.name)
            rows = intake.read_review_workbook(path, project_id, max_uncompressed_mb)
            batches.append(rows.assign(**{SOURCE_FILE: path.name, SOURCE_SHA256: sha}))
        if not batches:
            return report
        new = _new_rows(ledger, pd.concat(batches, ignore_index=True))
        for name in report.files_read:
            report.added_by_file[name] = int((new[SOURCE_FILE] == name).sum()) if len(new) else 0
        report.added = len(new)
        if len(new):
            _append(ledger_path, new, first_seq=len(ledger) + 1)
    return report


def _new_rows(ledger: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """Incoming rows that change what the ledger last says for their slot, in file and row order."""
    last: dict[tuple[str, str, str], tuple[str, str]] = {}
    for row in ledger.itertuples(index=False):
        last[(getattr(row, RUN_ID), getattr(row, ROW_ID), getattr(row, REVIEWER).casefold())] = (
            getattr(row, DECISION),
            getattr(row, NOTE),
        )
    keep = []
    for row in incoming.itertuples(index=False):
        slot = (getattr(row, RUN_ID), getattr(row, ROW_ID), getattr(row, REVIEWER).casefold())
        content = (getattr(row, DECISION), getattr(row, NOTE))
        keep.append(last.get(slot) != content)
        last[slot] = content
    new = canonical(incoming[keep])
    new[IMPORTED_AT] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return new


def _append(path: Path, new: pd.DataFrame, first_seq: int) -> None:
    new = new.assign(**{SEQ: range(first_seq, first_seq + len(new))})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    old = path.read_bytes() if path.is_file() else b""
    if not old:
        writer.writerow(COLUMNS)
    for row in new[list(COLUMNS)].itertuples(index=False, name=None):
        writer.writerow(["" if v is None else str(v) for v in row])
    if old and not old.endswith(b"\n"):
        old += b"\n"
    data = old + buffer.getvalue().encode("utf-8")

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)
        now = path.read_bytes() if path.is_file() else b""
        if now.rstrip(b"\n") != old.rstrip(
            b"\n"
        ):  # never lose an old row, e.g. to an editor saving meanwhile
            raise InputError(path, "the ledger changed while decisions were being imported; run again")

    write_atomic(path, write)
