"""Read the declared sheet of an .xlsx workbook, refusing hostile files before parsing them.

openpyxl parses with defusedxml only for some of its XML, so our own checks come first: the
declared unpacked size (zip bombs), and every XML part's prologue for a DTD (entity expansion,
external entities; Excel never writes one). Merged ranges are filled as Excel shows them, and
formulas without a saved value are recorded so that the caller can refuse them.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from reconcile.config import Limits, ListSpec
from reconcile.errors import InputError

HEADER_SEARCH_ROWS = 30  # rows searched for the mapped headers when they are not on header_row
XML_PROLOGUE_MAX_BYTES = 1 << 20  # a workbook part with more than this before its first element is refused
CHUNK_BYTES = 1 << 16
ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
FORMULA_OR_MERGE = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)[\s>/]")
XML_PART = (".xml", ".rels", ".vml")


@dataclass
class RawSheet:
    """Cells of a sheet or CSV file as text, before the header is found."""

    rows: list[list[str]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> formula, no value
    title: str | None = None  # the sheet's name; None for a CSV file
    delimited: bool = False  # CSV: a row longer than the header means its columns have shifted


def xlsx_sheet(spec: ListSpec, limits: Limits, header_width: Callable[[RawSheet], int]) -> RawSheet:
    """The sheet's cells as text, as wide as its header (`header_width` finds it) and no wider."""
    import openpyxl  # imported here: only XLSX inputs pay for it

    check_workbook(spec.path, limits.max_xlsx_uncompressed_mb)
    try:
        workbook = openpyxl.load_workbook(spec.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken or hostile files
        raise unreadable(spec.path, exc, None) from None
    title = None
    try:
        sheet = _worksheet(spec, workbook)
        title = sheet.title
        formulas, merges = _scan_sheet_xml(workbook, sheet)
        head = [
            [cell_text(v) for v in values]
            for values in sheet.iter_rows(
                max_row=spec.header_row + HEADER_SEARCH_ROWS, max_col=limits.max_columns, values_only=True
            )
        ]
        width = max(header_width(RawSheet(head, title=title)), 1)
        rows: list[list[str]] = []
        empty_run = 0  # empty rows are held back until a row with text follows them
        for values in sheet.iter_rows(max_col=width, values_only=True):
            cells = [cell_text(value) for value in values]
            if not any(cells):
                empty_run += 1
                continue
            rows.extend([[""] * width for _ in range(empty_run)])
            empty_run = 0
            rows.append(cells)
            if len(rows) > limits.max_rows + spec.header_row:
                raise InputError(
                    spec.path, f"more than limits.max_rows = {limits.max_rows} rows", sheet=title
                )
        _fill_merged(spec, rows, merges, width)
        return RawSheet(rows, {key: f for key, f in formulas.items() if key[1] <= width}, title)
    except InputError:
        raise
    except Exception as exc:  # hostile XML may only be parsed here: openpyxl reads sheets lazily
        raise unreadable(spec.path, exc, title) from None
    finally:
        workbook.close()


def _worksheet(spec: ListSpec, workbook: Any) -> Any:
    if spec.sheet is None:
        if not workbook.worksheets:
            raise InputError(spec.path, "the workbook has no worksheet")
        # The first sheet a user sees in Excel: a hidden one first (a lookup table) is not the list.
        visible = [
            sheet for sheet in workbook.worksheets if getattr(sheet, "sheet_state", "visible") == "visible"
        ]
        return (visible or workbook.worksheets)[0]
    if spec.sheet in workbook.sheetnames:
        return workbook[spec.sheet]
    raise InputError(
        spec.path, f"sheet '{spec.sheet}' not found; sheets are: {', '.join(workbook.sheetnames)}"
    )


def check_workbook(path: Path, max_uncompressed_mb: float) -> None:
    """Everything that must hold before openpyxl opens a workbook: openpyxl parses with defusedxml,
    the archive does not unpack beyond `max_uncompressed_mb`, and no XML part declares a DTD."""
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise InputError(
            path,
            "refused: openpyxl is not using defusedxml (is OPENPYXL_DEFUSEDXML set to False?), "
            "so workbooks cannot be read safely",
        )
    _check_archive(path, max_uncompressed_mb)


def unreadable(path: Path, exc: BaseException, sheet: str | None) -> InputError:
    """The error for a workbook openpyxl failed on, naming an XML attack or memory where one caused it."""
    import defusedxml

    cause: BaseException | None = exc
    for _ in range(20):  # the chain of causes, not followed forever
        if cause is None:
            break
        if isinstance(cause, defusedxml.DefusedXmlException):
            return InputError(
                path,
                "refused: its XML declares entities or external references (an XML bomb or XXE attack); "
                "open it in Excel and save a fresh copy if you trust it",
                sheet=sheet,
            )
        if isinstance(cause, MemoryError):
            return InputError(path, "too large to read in memory; split the sheet", sheet=sheet)
        cause = cause.__cause__ or cause.__context__
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return InputError(
        path,
        f"cannot read as an Excel workbook ({type(exc).__name__}: {detail}); save it again from Excel",
        sheet=sheet,
    )


def _check_archive(path: Path, max_uncompressed_mb: float) -> None:
    """Refuse zip bombs by declared sizes and any XML part that carries a DTD, before openpyxl parses."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(info.file_size for info in members)
            if total / 1e6 > max_uncompressed_mb:
                raise InputError(
                    path,
                    f"unpacks to {total / 1e6:.0f} MB, above limits.max_xlsx_uncompressed_mb = "
                    f"{max_uncompressed_mb}; refused as a possible zip bomb",
                )
            for info in members:  # every part: a sheet may hide under any name its relationships give
                with archive.open(info) as part:
                    _check_prologue(path, info.filename, part)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        raise InputError(
            path,
            f"not an .xlsx workbook, or a damaged one ({exc}); save it again from Excel "
            "(a password-protected workbook must be saved without its password)",
        ) from None


def _check_prologue(path: Path, name: str, part: IO[bytes]) -> None:
    """Refuse a DTD before the first element: the only place entities can be declared."""
    seen = b""
    while len(seen) <= XML_PROLOGUE_MAX_BYTES:
        chunk = part.read(CHUNK_BYTES)
        seen += chunk.replace(b"\x00", b"")  # UTF-16 XML reads as ASCII without its NUL bytes
        root = ROOT_ELEMENT.search(seen)
        if DOCTYPE.search(seen[: root.start()] if root else seen):
            raise InputError(
                path,
                f"refused: part {name} declares a DTD (<!DOCTYPE> or <!ENTITY>), the vehicle of XML bomb "
                "and XXE attacks; Excel never writes one",
            )
        if root or not chunk:
            return
    if not name.lower().endswith(XML_PART):
        return  # an image or other binary part
    raise InputError(
        path, f"refused: part {name} has no XML element in its first {XML_PROLOGUE_MAX_BYTES} bytes"
    )


def _scan_sheet_xml(workbook: Any, sheet: Any) -> tuple[dict[tuple[int, int], str], list[str]]:
    """Formula cells without a saved value, and merged ranges: openpyxl's read-only mode shows neither."""
    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.cell import coordinate_to_tuple

    archive, path = getattr(workbook, "_archive", None), getattr(sheet, "_worksheet_path", None)
    if archive is None or path is None:
        return {}, []
    with archive.open(path) as source:
        if not any(FORMULA_OR_MERGE.search(chunk) for chunk in _overlapping_chunks(source)):
            return {}, []
    formulas: dict[tuple[int, int], str] = {}
    merges: list[str] = []
    with archive.open(path) as source:
        for _, element in iterparse(source, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "c":
                children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
                saved = children.get("v")
                # No saved value, or an empty one (<v/>, as programs write it): the result is unknown.
                unsaved = saved is None or not (saved.text or "").strip()
                if "f" in children and unsaved and element.get("r"):
                    formula = children["f"].text or "(a shared formula)"
                    formulas[coordinate_to_tuple(element.get("r"))] = formula
                element.clear()
            elif tag == "row":
                element.clear()
            elif tag == "mergeCell" and element.get("ref"):
                merges.append(element.get("ref"))
    return formulas, merges


def _overlapping_chunks(source: IO[bytes]) -> Iterator[bytes]:
    tail = b""
    while chunk := source.read(CHUNK_BYTES):
        yield tail + chunk
        tail = chunk[-16:]


def _fill_merged(spec: ListSpec, rows: list[list[str]], merges: list[str], width: int) -> None:
    """Copy each merged range's value into all its cells (clipped to the rows and columns read)."""
    from openpyxl.utils.cell import range_boundaries

    budget = len(rows) * width  # merged ranges never overlap in a real workbook
    for ref in merges:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue  # a range openpyxl cannot parse merges nothing Excel would show
        if min_row is None or min_col is None or min_row > len(rows) or min_col > width:
            continue
        value = rows[min_row - 1][min_col - 1]
        budget -= (min(max_row or min_row, len(rows)) - min_row + 1) * (
            min(max_col or min_col, width) - min_col + 1
        )
        if budget < 0:
            raise InputError(
                spec.path, "refused: its merged cell ranges overlap and cover more cells than the sheet has"
            )
        for row in rows[min_row - 1 : min(max_row or min_row, len(rows))]:
            for column in range(min_col - 1, min(max_col or min_col, width)):
                row[column] = value


def cell_text(value: object) -> str:
    """A cell's value as text: an id a spreadsheet turned into a number is an integer again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- both -----------------------------------------------------------------------------------------
