"""What every spreadsheet cell written for analysts respects, in the report and the review workbook.

Text that starts like a formula is stored as text (a name list must not run code in Excel), no
cell holds more than Excel accepts, Persian reads right to left where it stands alone (with
Latin labels beside it, "city: تهران", a cell reads left to right), and characters that reorder
the text around them are shown, not obeyed: a name written with a right-to-left override would
otherwise display as another name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text makes Excel repair the file
RTL_TEXT = r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"  # Arabic-script blocks
LATIN_LETTER = r"[A-Za-z]"
LEFT_TO_RIGHT_MARK = "\u200e"
# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder what follows.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def within_cell(text: str) -> str:
    """The text, or as much as fits a cell with a mark saying it was cut and how long it was:
    a cell cut without a word would pass for the whole value."""
    if len(text) <= MAX_CELL_CHARS:
        return text
    mark = f" [… cut at Excel's limit of {MAX_CELL_CHARS:,} characters; {len(text):,} in all]"
    return text[: MAX_CELL_CHARS - len(mark)] + mark


def show_direction_control(match: re.Match[str]) -> str:
    """A direction control as visible text: [U+202E]."""
    return f"[U+{ord(match.group()):04X}]"


def reads_right_to_left(text: str) -> bool:
    """One cell's text: Arabic script and no Latin letter."""
    return bool(re.search(RTL_TEXT, text)) and not re.search(LATIN_LETTER, text)


def kept_in_order(text: str) -> str:
    """Persian text between left-to-right marks (U+200E), for a value set inside English text: in a
    left-to-right cell it would otherwise pull the punctuation and numbers beside it out of order
    ("city: تهران; age: 27"). Not isolates (U+2068 ... U+2069): the workbooks show those as text,
    for a list's own direction controls must never reorder a name unseen."""
    if re.search(RTL_TEXT, text) is None:
        return text
    return LEFT_TO_RIGHT_MARK + text + LEFT_TO_RIGHT_MARK


def labelled_cell(parts: Iterable[tuple[str, pd.Series]], index: pd.Index) -> pd.Series:
    """One cell per row from labelled values, "label: value; label: value", empty values left out
    (a value under the label "" stands as it is)."""
    joined = pd.Series("", index=index, dtype=object)
    for label, values in parts:
        value = values.fillna("").astype(str).str.strip()
        part = (label + ": " + value if label else value).where(value != "", "")
        joined = (joined + "; " + part).where((joined != "") & (part != ""), joined + part)
    return joined
