"""The workbook writer on its own: values keep their types, text stays text, odd input stays valid."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from reconcile.report.workbook import Sheet, write_workbook
from reconcile.report.xlsx import column_letter, escape


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(index: int, letter: str):
    assert column_letter(index) == letter


def test_escape_keeps_text_literal_in_xml():
    escaped = escape(pd.Series(["Ali & Reza <x>", "bell\x07", "_x0041_ stays literal", "محمد"]))
    assert escaped.tolist() == [
        "Ali &amp; Reza &lt;x&gt;",
        "bell\ufffd",
        "_x005F_x0041_ stays literal",
        "محمد",
    ]


def test_round_trip_keeps_types_and_text(tmp_path):
    table = pd.DataFrame(
        {
            "name": ["Mohammad ABBAS-POUR", "=1+2", "محمدحسین خرمشاهی", "", "a & b <c>", "_x0041_"],
            "match_probability": [0.97, 0.5, float("nan"), 0.0, 1.0, 0.25],
            "records": [1, 2, 3, 4, 5, 6],
            "awaiting_review": [True, False, True, False, True, False],
        }
    )
    other = pd.DataFrame({"item": ["x"], "count": [1], "sheet": ["Rows 'quoted'"]})
    path = write_workbook(
        tmp_path / "t.xlsx",
        [
            Sheet("Links", other, "a link to a sheet whose name has a quote", ("count", "sheet")),
            Sheet("Rows 'quoted'", table, "rows"),
            Sheet("Empty", pd.DataFrame({"a": pd.Series(dtype=str)}), "no rows"),
        ],
    )
    book = load_workbook(path)
    rows = list(book["Rows 'quoted'"].iter_rows(min_row=2, values_only=True))
    # openpyxl does not decode the _x005F_ escape that Excel and LibreOffice read back as "_x0041_".
    assert [r[0] for r in rows] == [
        "Mohammad ABBAS-POUR",
        "=1+2",
        "محمدحسین خرمشاهی",
        None,
        "a & b <c>",
        "_x005F_x0041_",
    ]
    assert rows[0][1] == 0.97 and rows[2][1] is None and rows[1][2] == 2
    assert [r[3] for r in rows] == ["yes", "no", "yes", "no", "yes", "no"]
    formula_like = book["Rows 'quoted'"]["A3"]
    assert formula_like.data_type == "s" and formula_like.quotePrefix
    persian = book["Rows 'quoted'"]["A4"]
    assert persian.alignment.horizontal == "right" and persian.alignment.readingOrder == 2
    assert book["Links"]["C2"].hyperlink.location == "'Rows ''quoted'''!A1"
    assert book["Empty"].max_row == 1
    assert not math.isnan(book["Rows 'quoted'"].column_dimensions["A"].width)


def test_text_beyond_excels_cell_limit_is_cut_with_a_mark_saying_so(tmp_path):
    long_name = "Ali " * 25_000  # 100,000 characters: a pasted page in the name column
    table = pd.DataFrame({"name": [long_name, "Reza Rezaei"]})
    book = load_workbook(write_workbook(tmp_path / "t.xlsx", [Sheet("Rows", table, "rows")]))
    cut, whole = (row[0] for row in book["Rows"].iter_rows(min_row=2, values_only=True))
    assert len(cut) == 32_767
    assert cut.startswith("Ali Ali") and cut.endswith(
        "cut at Excel's limit of 32,767 characters; 100,000 in all]"
    )
    assert whole == "Reza Rezaei"
