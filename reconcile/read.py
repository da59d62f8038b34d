"""Read one declared file into a frame of verbatim strings, safely.

CSV encodings are detected (BOM, UTF-8, then Windows Persian cp1256) or taken from settings;
XLSX goes through openpyxl, which parses its XML with defusedxml, after size and zip-bomb checks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from reconcile.config import Limits, ListSpec
from reconcile.errors import InputError

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# cp1256 decodes any byte, so it is only believed when the bytes above ASCII read as Arabic script.
CP1256_MIN_ARABIC_SHARE = 0.8


def read_table(spec: ListSpec, limits: Limits) -> pd.DataFrame:
    """Return the file's data rows as strings, columns named by the header row.

    The frame's index is the 1-based row number in the file, so every message can name it.
    """
    if not spec.path.is_file():
        raise InputError(spec.path, f"file not found (declared by list '{spec.id}')")
    size_mb = spec.path.stat().st_size / 1e6
    if size_mb > limits.max_file_mb:
        raise InputError(spec.path, f"{size_mb:.0f} MB exceeds limits.max_file_mb = {limits.max_file_mb}")
    rows = _xlsx_rows(spec, limits) if spec.path.suffix.lower() == ".xlsx" else _csv_rows(spec)
    return _frame(spec, rows, limits)


def decode(path: Path, data: bytes, encoding: str | None) -> str:
    """Decode CSV bytes with the declared encoding or the first one that fits."""
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                path, f"not valid {encoding} at byte {exc.start}; fix the file or the encoding"
            ) from None
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"starts as {name} but byte {exc.start} is invalid") from None
    utf16 = _utf16_without_bom(data)  # NUL bytes are valid UTF-8, so this must be caught first
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise InputError(
                path, f"looks like {utf16} without a BOM but byte {exc.start} is invalid"
            ) from None
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
        "read as Windows Persian (cp1256); save it as UTF-8 or set encoding in the settings",
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order of a BOM-less file, judged by where its NUL bytes fall; text files have no NULs."""
    sample = data[:4000]
    if b"\x00" not in sample:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return "utf-16-le" if odd >= even else "utf-16-be"


def _csv_rows(spec: ListSpec) -> list[list[str]]:
    text = decode(spec.path, spec.path.read_bytes(), spec.encoding)
    try:
        dialect = csv.Sniffer().sniff(text[:5000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise InputError(spec.path, f"not a readable CSV file: {exc}") from None


def _xlsx_rows(spec: ListSpec, limits: Limits) -> list[list[str]]:
    import openpyxl  # imported here: only XLSX inputs pay for it

    _check_zip(spec, limits)
    try:
        workbook = openpyxl.load_workbook(spec.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken or hostile files
        raise InputError(
            spec.path, f"cannot open as an Excel workbook ({type(exc).__name__}: {exc})"
        ) from None
    try:
        if spec.sheet is None:
            sheet = workbook.worksheets[0]
        elif spec.sheet in workbook.sheetnames:
            sheet = workbook[spec.sheet]
        else:
            raise InputError(
                spec.path, f"sheet '{spec.sheet}' not found; sheets are: {', '.join(workbook.sheetnames)}"
            )
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > limits.max_rows + spec.header_row:
                raise InputError(
                    spec.path, f"more than limits.max_rows = {limits.max_rows} rows", sheet=sheet.title
                )
        return rows
    finally:
        workbook.close()


def _check_zip(spec: ListSpec, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(spec.path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError(
            spec.path, "not an .xlsx workbook (not a zip archive); save it again from Excel"
        ) from None
    if total / 1e6 > limits.max_xlsx_uncompressed_mb:
        raise InputError(
            spec.path,
            f"unpacks to {total / 1e6:.0f} MB, above limits.max_xlsx_uncompressed_mb = "
            f"{limits.max_xlsx_uncompressed_mb}; refused as a possible zip bomb",
        )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _frame(spec: ListSpec, rows: list[list[str]], limits: Limits) -> pd.DataFrame:
    if len(rows) < spec.header_row:
        raise InputError(spec.path, f"is empty: no header at row {spec.header_row}", sheet=spec.sheet)
    header = [_clean_header(h) for h in rows[spec.header_row - 1]]
    body = rows[spec.header_row :]
    if len(body) > limits.max_rows:
        raise InputError(spec.path, f"{len(body)} rows exceed limits.max_rows = {limits.max_rows}")
    for field_name, column in spec.columns.items():
        if _clean_header(column) not in header:
            shown = ", ".join(repr(h) for h in header if h)
            raise InputError(
                spec.path,
                f"column '{column}' (mapped to {field_name}) is not in the header row {spec.header_row}; "
                f"columns found: {shown}",
                sheet=spec.sheet,
            )
    width = len(header)
    padded = [(row + [""] * width)[:width] for row in body]
    frame = pd.DataFrame(padded, columns=_unique(header), dtype=object)
    frame.index = pd.RangeIndex(spec.header_row + 1, spec.header_row + 1 + len(body), name="source_row")
    return frame


def _clean_header(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).replace("\ufeff", "").split())


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for name in header:
        count = seen.get(name, 0)
        seen[name] = count + 1
        names.append(name if count == 0 else f"{name}.{count}")
    return names


def read_plain_csv(path: Path) -> pd.DataFrame:
    """Read one of reconcile's own CSV files (outputs, truth) as strings."""
    if not path.is_file():
        raise InputError(path, "file not found")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
