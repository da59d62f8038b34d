"""What every spreadsheet cell written for analysts respects, in the report and the review workbook.

Text that starts like a formula is stored as text (a name list must not run code in Excel), no
cell holds more than Excel accepts, and Persian reads right to left where it stands alone: with
Latin labels beside it ("city: تهران") a cell reads left to right.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text makes Excel repair the file
RTL_TEXT = r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"  # Arabic-script blocks
LATIN_LETTER = r"[A-Za-z]"


def reads_right_to_left(text: str) -> bool:
    """One cell's text: Arabic script and no Latin letter."""
    return bool(re.search(RTL_TEXT, text)) and not re.search(LATIN_LETTER, text)
