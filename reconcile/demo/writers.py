"""Byte-stable CSV and XLSX writers: the same rows always give the same bytes.

openpyxl stamps the save time into docProps/core.xml and the zip entries; we pin both, and
rewrite the archive with fixed entry dates and sorted entry order.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

FIXED_TIME = datetime(2000, 1, 1)
FIXED_STAMP = "2000-01-01T00:00:00Z"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """UTF-8 without BOM, `\\n` line ends, minimal quoting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _cell(value: str) -> str | int:
    """Plain ASCII digits become numbers, as a spreadsheet user would type them."""
    return int(value) if value.isascii() and value.isdigit() else value


def write_xlsx(
    path: Path, sheet: str, header: Sequence[str], rows: Iterable[Sequence[str]], rtl: bool = False
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    table = book.active
    table.title = sheet
    table.sheet_view.rightToLeft = rtl
    table.append(list(header))
    for row in rows:
        table.append([_cell(value) for value in row])
    book.properties.creator = "reconcile demo"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_normalize_zip(buffer.getvalue()))


def _normalize_zip(data: bytes) -> bytes:
    """Same entries, sorted, with fixed dates and fixed core.xml timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in sorted(source.namelist()):
            content = source.read(name)
            if name == "docProps/core.xml":
                text = _CORE_TIMES.sub(
                    lambda m: m.group(1) + FIXED_STAMP + m.group(3), content.decode("utf-8")
                )
                content = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()


def toml_string(value: str) -> str:
    """A TOML basic string (backslash and quote escaped; UTF-8 kept as is)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
