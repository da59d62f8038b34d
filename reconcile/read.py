"""Read one declared file into a frame of verbatim strings, safely.

CSV encodings are detected (BOM, UTF-8, then Windows Persian cp1256) or taken from settings.
XLSX goes through `read_xlsx` (openpyxl with defusedxml, after checks of our own). Whatever
goes wrong inside a parser comes out as an InputError naming the file: bad input never ends in a
traceback.

Decisions, also stated in README ("Bad input"):

- Merged cells: the value of a merged range is copied into every cell of the range, as Excel shows
  it. A name merged across three rows gives three rows with that name; if their ids repeat too,
  the repeats are set aside as such, with their row numbers.
- Header row: read from `header_row` (1 by default). When the mapped columns are not all there,
  the first rows are searched and the message says on which row they were found.
- Formulas: the value Excel saved with the file is read. A formula in a mapped column with no saved
  value (a file written by a program, never opened in Excel) stops the run: its value is unknown.
- Trailing empty rows (formatting left below the table) are not rows of the list.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reconcile.config import Limits, ListSpec
from reconcile.errors import InputError
from reconcile.read_xlsx import HEADER_SEARCH_ROWS, RawSheet, xlsx_sheet

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# cp1256 decodes any byte, so it is only believed when the bytes above ASCII read as Arabic script.
CP1256_MIN_ARABIC_SHARE = 0.8
# UTF-16 writes a NUL beside every Latin letter and digit: a text of headers and ids is full of them.
UTF16_MIN_NUL_SHARE = 0.1
# Files often renamed .csv that are no text at all.
PACKED = (
    (b"PK\x03\x04", "a zip archive (an .xlsx workbook renamed .csv? then name it .xlsx)"),
    (b"\x1f\x8b", "gzip-compressed (uncompress it first)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook (save it as .xlsx or CSV)"),
)
SINGLE_BYTE_ENCODINGS = {
    "cp1256",
    "cp1252",
    "latin-1",
    "latin1",
    "iso-8859-1",
    "windows-1256",
    "windows-1252",
}


@dataclass(frozen=True)
class RowProblem:
    """A row that was read but cannot be trusted as a record; load sets it aside."""

    row: int
    column: str
    value: str
    problem: str


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame  # data rows as strings; index = 1-based row number in the file
    problems: list[RowProblem] = field(default_factory=list)


def read_table(spec: ListSpec, limits: Limits) -> Table:
    """Return the file's data rows as strings, columns named by the header row.

    The frame's index is the 1-based row number in the file, so every message can name it.
    """
    if not spec.path.is_file():
        raise InputError(spec.path, f"file not found (declared by list '{spec.id}')")
    size_mb = spec.path.stat().st_size / 1e6
    if size_mb > limits.max_file_mb:
        raise InputError(spec.path, f"{size_mb:.3g} MB exceeds limits.max_file_mb = {limits.max_file_mb}")
    if spec.path.suffix.lower() == ".xlsx":
        return _frame(spec, xlsx_sheet(spec, limits, lambda sheet: len(_header(spec, sheet, limits))), limits)
    return _frame(spec, _csv_sheet(spec, limits), limits)


def decode(path: Path, data: bytes, encoding: str | None) -> str:
    """Decode CSV bytes with the declared encoding or the first one that fits."""
    if encoding:
        _refuse_utf8_declared_single_byte(path, data, encoding)
        return _decode_as(
            path, data, encoding, "not valid {encoding} at byte {byte}; fix the file or the encoding"
        )
    for magic, kind in PACKED:
        if data.startswith(magic):
            raise InputError(path, f"is {kind}, not a CSV text file")
    for bom, name in BOMS:
        if data.startswith(bom):
            return _decode_as(path, data, name, "starts as {encoding} but byte {byte} is invalid")
    utf16 = _utf16_without_bom(path, data)  # NUL bytes are valid UTF-8, so this must be caught first
    if utf16:
        return _decode_as(path, data, utf16, "looks like {encoding} without a BOM but byte {byte} is invalid")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = data.decode("cp1256", errors="replace")
    high = [ch for ch in text if ord(ch) > 127]
    arabic = sum(1 for ch in high if "\u0600" <= ch <= "\u06ff")
    if high and arabic / len(high) >= CP1256_MIN_ARABIC_SHARE and "\ufffd" not in text:
        return text
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(
        path,
        f"cannot tell the encoding: byte {utf8_error.start} (line {line}) is not UTF-8 and the file does not "
        "read as Windows Persian (cp1256); save it as UTF-8, or set encoding in the settings (a Western "
        "European file: cp1252)",
    )


def _refuse_utf8_declared_single_byte(path: Path, data: bytes, encoding: str) -> None:
    """A single-byte code page reads any bytes, so a UTF-8 file declared as one would run with every
    non-ASCII name garbled (حسین as Ø­Ø³ÛŒÙ†). Text that is valid UTF-8 and not ASCII is UTF-8:
    a real cp1256 or cp1252 file almost never happens to be."""
    if encoding.replace("_", "-").lower() not in SINGLE_BYTE_ENCODINGS or data.isascii():
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    sample = next(word for word in text.split() if not word.isascii())
    raise InputError(
        path,
        f'declared encoding = "{encoding}" but the file is UTF-8 (it holds {sample[:30]!r} in UTF-8); '
        'declare encoding = "utf-8" or leave encoding out',
    )


def _decode_as(path: Path, data: bytes, encoding: str, problem: str) -> str:
    """Decode with one encoding, or say where it fails (`problem` names {encoding} and {byte})."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, problem.format(encoding=encoding, byte=exc.start)) from None


def _utf16_without_bom(path: Path, data: bytes) -> str | None:
    """The UTF-16 byte order of a BOM-less file, judged by where its NUL bytes fall; text files have no NULs."""
    sample = data[:4000]
    if sample.count(0) < UTF16_MIN_NUL_SHARE * len(sample):
        if b"\x00" in data:
            raise InputError(
                path,
                f"holds NUL bytes (the first at byte {data.index(0)}), which no text file has: "
                "a damaged file, or binary data named .csv",
            )
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return "utf-16-le" if odd >= even else "utf-16-be"


# --- CSV ------------------------------------------------------------------------------------------


DELIMITERS = (",", ";", "\t")
SAMPLE_LINES, SAMPLE_CHARS = 50, 20_000  # read to choose the delimiter


def _delimiter(text: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the first lines into the same number of
    columns, more than one; csv.Sniffer alone gives up on semicolon files with Windows line ends
    and commas inside names (HASHEMI, Ali;25;Evin)."""
    sample = "\n".join(text[:SAMPLE_CHARS].splitlines()[:SAMPLE_LINES])
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        except csv.Error:  # the reading proper says what is wrong, and where
            continue
        if not rows or len(rows[0]) < 2:
            continue
        score = (sum(len(row) == len(rows[0]) for row in rows) / len(rows), len(rows[0]))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_sheet(spec: ListSpec, limits: Limits) -> RawSheet:
    text = decode(spec.path, spec.path.read_bytes(), spec.encoding)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        last_line = 0
        for row in reader:
            if rows and _swallows_lines(row, len(rows[0]), delimiter):
                raise InputError(
                    spec.path,
                    f"a quote opened on line {last_line + 1} is not closed, so lines {last_line + 1}-"
                    f"{reader.line_num} would be read as one cell; fix the quotes on that line",
                    row=len(rows) + 1,
                )
            if len(row) > limits.max_columns:
                raise InputError(
                    spec.path, f"{len(row)} columns exceed limits.max_columns = {limits.max_columns}"
                )
            rows.append(row)
            last_line = reader.line_num
    except csv.Error as exc:
        raise InputError(
            spec.path, f"not a readable CSV file near line {reader.line_num}: {exc}", row=len(rows) + 1
        ) from None
    return RawSheet(rows, delimited=True)


def _swallows_lines(row: list[str], width: int, delimiter: str) -> bool:
    """Whether an unclosed quote swallowed the lines after it into one cell, losing rows.

    A quoted cell may hold line breaks and commas (a comment written on two lines); an unclosed
    quote shows otherwise: its row ends short of the header's width, or a line inside the cell
    holds a whole row's delimiters."""
    broken = [value for value in row if "\n" in value]
    if not broken:
        return False
    if len(row) < width:
        return True
    full_row = max(width - 1, 2)
    return any(line.count(delimiter) >= full_row for value in broken for line in value.split("\n")[1:])


# --- XLSX -----------------------------------------------------------------------------------------


def _header(spec: ListSpec, sheet: RawSheet, limits: Limits) -> list[str]:
    """The header row, trimmed of empty cells on the right; every mapped column must be in it."""
    rows = sheet.rows
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise InputError(
            spec.path, "is empty: no header and no rows; is this the right file and sheet?", sheet=sheet.title
        )
    if len(rows) < spec.header_row:
        raise InputError(
            spec.path, f"has only {len(rows)} rows: no header at row {spec.header_row}", sheet=sheet.title
        )
    header = [clean_header(h) for h in rows[spec.header_row - 1]]
    while header and not header[-1]:
        header.pop()
    if len(header) > limits.max_columns:
        raise InputError(
            spec.path,
            f"{len(header)} columns in the header exceed limits.max_columns = {limits.max_columns}",
            sheet=sheet.title,
        )
    missing = [(f, c) for f, c in spec.mapped_headers if clean_header(c) not in header]
    if not missing:
        _refuse_doubled_mapped_columns(spec, sheet, header)
        return header
    field_name, column = missing[0]
    shown = ", ".join(repr(h) for h in header if h)
    hint = ""
    wanted = {clean_header(c) for _, c in spec.mapped_headers}
    for number, row in enumerate(rows[: spec.header_row + HEADER_SEARCH_ROWS], start=1):
        if number != spec.header_row and wanted <= {clean_header(h) for h in row}:
            hint = f"; the mapped headers are on row {number}: set header_row = {number} for list '{spec.id}'"
            break
    raise InputError(
        spec.path,
        f"column '{column}' (mapped to {field_name}) is not in the header row {spec.header_row}; "
        f"columns found: {shown}{hint}",
        sheet=sheet.title,
        column=column,
    )


def _refuse_doubled_mapped_columns(spec: ListSpec, sheet: RawSheet, header: list[str]) -> None:
    """A mapped column whose header appears twice: reading one would silently drop the other."""
    for field_name, column in spec.mapped_headers:
        places = [number for number, name in enumerate(header, start=1) if name == clean_header(column)]
        if len(places) > 1:
            raise InputError(
                spec.path,
                f"the header row {spec.header_row} names column '{column}' (mapped to {field_name}) "
                f"{len(places)} times (columns {', '.join(map(str, places))}); rename one of them",
                sheet=sheet.title,
                column=column,
            )


def _frame(spec: ListSpec, sheet: RawSheet, limits: Limits) -> Table:
    header = _header(spec, sheet, limits)
    width = len(header)
    # Columns the header row has but leaves unnamed are unmapped columns like any other; only cells
    # beyond the header row's own cells mean a row was shifted.
    written = max(width, len(sheet.rows[spec.header_row - 1]))
    body = sheet.rows[spec.header_row :]
    while body and not any(cell.strip() for cell in body[-1]):
        body.pop()  # formatting left below the table, or blank lines at the end of a CSV
    if len(body) > limits.max_rows:
        raise InputError(spec.path, f"{len(body)} rows exceed limits.max_rows = {limits.max_rows}")
    _refuse_unsaved_formulas(spec, sheet, header)
    problems = []
    for number, row in enumerate(body, start=spec.header_row + 1):
        extra = [cell for cell in row[written:] if cell.strip()]
        if extra and sheet.delimited:
            problems.append(
                RowProblem(
                    number,
                    "",
                    " | ".join(extra),
                    f"{len(row)} cells but the header has {width}; a comma inside a value without quotes?",
                )
            )
    padded = [(row + [""] * width)[:width] for row in body]
    frame = pd.DataFrame(padded, columns=_unique(header), dtype=object)
    frame.index = pd.RangeIndex(spec.header_row + 1, spec.header_row + 1 + len(body), name="source_row")
    return Table(frame, problems)


def _refuse_unsaved_formulas(spec: ListSpec, sheet: RawSheet, header: list[str]) -> None:
    mapped = {header.index(clean_header(c)) + 1: c for _, c in spec.mapped_headers}
    lost = sorted(
        (row, column) for row, column in sheet.formulas if row > spec.header_row and column in mapped
    )
    if lost:
        row, column = lost[0]
        raise InputError(
            spec.path,
            f"{len(lost)} formula cell(s) in mapped columns have no saved value (first: {sheet.formulas[lost[0]]}), "
            "so their values are unknown; open the file in Excel or LibreOffice and save it, or paste values",
            sheet=sheet.title,
            row=row,
            column=mapped[column],
        )


# Arabic and Persian keyboards type yeh and kaf as different letters that look alike: a header
# saved in cp1256 (which has only the Arabic ones) must match settings typed on a Persian keyboard.
_KEYBOARD_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})


def clean_header(text: str) -> str:
    """A header as matched against the settings: NFC, spaces collapsed, no BOM, one yeh and kaf."""
    cleaned = unicodedata.normalize("NFC", str(text)).replace("\ufeff", "").translate(_KEYBOARD_LETTERS)
    return " ".join(cleaned.split())


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for name in header:
        count = seen.get(name, 0)
        seen[name] = count + 1
        names.append(name if count == 0 else f"{name}.{count}")
    return names


def read_plain_csv(path: Path, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read one of reconcile's own CSV files (outputs, truth) as strings, with `columns` at least."""
    if not path.is_file():
        raise InputError(path, "file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, f"not a readable UTF-8 CSV file ({type(exc).__name__}: {exc})") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            path,
            f"needs the columns {', '.join(columns)} (comma-separated UTF-8); missing {', '.join(missing)}, "
            f"found {', '.join(map(str, frame.columns)) or 'none'}",
            row=1,
        )
    return frame
