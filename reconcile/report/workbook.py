"""Write sheets to an .xlsx that opens cleanly in Excel and LibreOffice, and can never run a formula.

Any text that a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) is
stored as a plain string cell, so a hostile name in an input list stays inert.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reconcile.report.files import write_atomic
from reconcile.report.tables import Sheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RTL_TEXT = re.compile(r"[\u0600-\u06ff]")
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MAX_WIDTH = 60
PROBABILITY_COLUMNS = ("match_probability",)
LINK_COLUMN = "sheet"  # a cell naming another sheet becomes a link to it


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    names = {sheet.name for sheet in sheets}
    for sheet in sheets:
        _write_sheet(workbook, sheet, names)
    return write_atomic(path, workbook.save)


def _write_sheet(workbook: Workbook, sheet: Sheet, sheet_names: set[str]) -> None:
    worksheet = workbook.create_sheet(sheet.name[:31])
    columns = list(sheet.table.columns)
    worksheet.append([str(c) for c in columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(c)) + 2 for c in columns]
    for row_number, row in enumerate(sheet.table.itertuples(index=False), start=2):
        for column_number, value in enumerate(row, start=1):
            cell = worksheet.cell(row=row_number, column=column_number)
            _set_value(cell, value)
            text = "" if cell.value is None else str(cell.value)
            widths[column_number - 1] = max(widths[column_number - 1], min(len(text), MAX_WIDTH) + 2)
            if columns[column_number - 1] == LINK_COLUMN and text in sheet_names:
                cell.hyperlink = f"#'{text}'!A1"
                cell.font = Font(color="0563C1", underline="single")
            elif text and RTL_TEXT.search(text):
                cell.alignment = Alignment(horizontal="right", readingOrder=2, wrap_text=True, vertical="top")
    for number, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(number)].width = min(width, MAX_WIDTH)
    worksheet.freeze_panes = "A2"
    if len(sheet.table):
        worksheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{len(sheet.table) + 1}"
    for name in PROBABILITY_COLUMNS:
        if name in columns and len(sheet.table):
            letter = get_column_letter(columns.index(name) + 1)
            worksheet.conditional_formatting.add(
                f"{letter}2:{letter}{len(sheet.table) + 1}",
                ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",
                               mid_type="num", mid_value=0.5, mid_color="FFEB84",
                               end_type="num", end_value=1, end_color="63BE7B"),
            )


def _set_value(cell: Cell, value: object) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, bool | int | float):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
    cell.value = text
    if text.startswith(FORMULA_START):
        cell.data_type = "s"  # stored as a string: never evaluated as a formula
