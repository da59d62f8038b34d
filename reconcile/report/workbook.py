"""The reconciliation workbook: how each table looks to an analyst, and that it can never run a formula.

Every text cell is written as an inline string (the file holds no formula element at all); text
that a spreadsheet would read as a formula when retyped (starting with =, +, -, @, tab or CR)
also gets the quote-prefix style, so it stays text even after someone edits the cell.
Persian text is right-aligned and right-to-left; long text wraps; numbers keep their type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.arrays import distinct_text
from reconcile.cells import FORMULA_START, LATIN_LETTER, RTL_TEXT
from reconcile.files import write_atomic
from reconcile.report.xlsx import (
    MAX_LINES,
    ROW_PIXELS,
    Column,
    Picture,
    SheetSpec,
    Style,
    text_style,
    wrapped,
    write_xlsx,
)
from reconcile.schema import PROBABILITY

MIN_WIDTH, MAX_WIDTH = 6, 60  # characters
CHARS_PER_WIDTH = 1.1  # proportional text fits a little more than one character per width unit
PROBABILITY_COLUMNS = (PROBABILITY,)
LINK_COLUMN = "sheet"  # a cell naming another sheet becomes a link to it


@dataclass(frozen=True)
class Chart:
    """A PNG picture shown beside a sheet's table (and written to the output folder)."""

    png: bytes
    width: int
    height: int
    title: str


@dataclass(frozen=True)
class Sheet:
    """One table of the report: its name (a tab), the rows, and one line saying what it lists."""

    name: str
    table: pd.DataFrame
    description: str
    link_columns: tuple[str, ...] = (LINK_COLUMN,)  # cells linking to the sheet named in LINK_COLUMN
    charts: tuple[Chart, ...] = field(default=())


def write_workbook(path: Path, sheets: Sequence[Sheet], title: str = "") -> Path:
    names = {sheet.name for sheet in sheets}
    specs = [sheet_spec(sheet, names) for sheet in sheets]
    return write_atomic(path, lambda temporary: write_xlsx(temporary, specs, title))


def sheet_spec(sheet: Sheet, sheet_names: set[str]) -> SheetSpec:
    """A table's cells with their styles, widths, links, colour scales and pictures."""
    table = sheet.table.reset_index(drop=True)
    columns = [_column(str(name), table[name]) for name in table.columns]
    lines = [
        np.where(wrapped(c.styles), np.ceil(c.values.str.len().to_numpy() / (c.width * CHARS_PER_WIDTH)), 1)
        for c in columns
        if wrapped(c.styles).any()
    ]
    spec = SheetSpec(sheet.name, columns, row_lines=np.max(lines, axis=0) if lines else None)
    if LINK_COLUMN in table:
        targets = table[LINK_COLUMN].astype(str)
        linked = [i for i, name in enumerate(table.columns) if name in sheet.link_columns]
        for row in np.flatnonzero(targets.isin(sheet_names).to_numpy()):
            for index in linked:
                spec.links.append((int(row), index, targets[row]))
                columns[index].styles[row] = Style.LINK
    spec.colour_scales.extend(i for i, name in enumerate(table.columns) if name in PROBABILITY_COLUMNS)
    # Pictures are anchored to a row; stack them by pixels, since wrapped rows are taller than others.
    per_row = spec.row_lines if spec.row_lines is not None else np.ones(len(table))
    tops = np.concatenate(
        [[0], np.cumsum(ROW_PIXELS * np.clip(np.concatenate([[1], per_row]), 1, MAX_LINES))]
    )
    y = ROW_PIXELS
    for chart in sheet.charts:  # to the right of the table
        anchor = _row_at(tops, y)
        spec.pictures.append(
            Picture(chart.png, chart.width, chart.height, len(columns) + 1, anchor, chart.title)
        )
        y = _row_top(tops, anchor) + chart.height + ROW_PIXELS
    return spec


def _row_at(tops: np.ndarray, y: int) -> int:
    """The 0-based row at pixel height y; below the table rows have the default height."""
    if y < tops[-1]:
        return int(np.searchsorted(tops, y, side="right")) - 1
    return len(tops) - 1 + int(y - tops[-1]) // ROW_PIXELS


def _row_top(tops: np.ndarray, row: int) -> int:
    return int(tops[row]) if row < len(tops) else int(tops[-1]) + (row - len(tops) + 1) * ROW_PIXELS


def _column(header: str, values: pd.Series) -> Column:
    if values.dtype.kind in "iuf":
        style = (
            Style.PROBABILITY
            if header in PROBABILITY_COLUMNS
            else (Style.INTEGER if values.dtype.kind in "iu" else Style.DECIMAL)
        )
        width = float(max(len(header) + 2, 10))
        return Column(header, values, np.full(len(values), style, dtype=int), width, numeric=True)
    text = _as_text(values)
    codes, distinct = distinct_text(text)  # each distinct value measured once
    lengths = distinct.str.len().to_numpy()
    longest = int(lengths.max()) if len(text) else 0
    width = float(min(max(len(header) + 2, longest + 2, MIN_WIDTH), MAX_WIDTH))
    wrap = lengths > MAX_WIDTH
    # Right-to-left only where Persian stands alone: with Latin labels ("city: تهران") the cell reads left to right.
    rtl = (
        distinct.str.contains(RTL_TEXT, regex=True) & ~distinct.str.contains(LATIN_LETTER, regex=True)
    ).to_numpy()
    guard = distinct.str.startswith(FORMULA_START).to_numpy()
    return Column(header, text, text_style(wrap, rtl, guard)[codes], width, distinct=(codes, distinct))


def _as_text(values: pd.Series) -> pd.Series:
    if values.dtype == bool:
        return values.map({True: "yes", False: "no"})
    return values.astype(object).where(values.notna(), "").astype(str)
