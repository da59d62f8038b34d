"""Columns a list carries along (`[lists.columns] extra = [...]`): read, shown, never compared."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from reconcile.adjudicate import layout
from reconcile.cli import main
from reconcile.config import load_settings
from reconcile.errors import ConfigError
from tests.conftest import settings_text


def _memorial(extra: str) -> str:
    return f"""
[[lists]]
id = "memorial"
role = "corroborating"
path = "memorial.csv"
[lists.columns]
record_id = "No"
name = "Name"
city = "City"
{extra}
"""


# M1 and M2 are one person on two cards; their notes differ, which must not keep them apart.
CARDS = """No,Name,City,Notes,Source
M1,Khosrow Kianpour,Tabriz,sent by his sister,https://example.org/1
M2,Khosro Kianpour,Tabriz,from a post,
M3,Zahra Karimi,Shiraz,,https://example.org/3
"""


def test_extra_columns_are_read_and_must_be_a_list_of_headers_read_once(project):
    folder = project({"reconcile.toml": settings_text(_memorial('extra = ["Notes", "Source"]'))})
    assert load_settings(folder / "reconcile.toml").lists[0].extra == ("Notes", "Source")
    for wrong, message in (
        ('extra = "Notes"', "must be a list of column headers"),
        ('extra = ["City"]', "'City' is already read"),
        ('extra = ["Notes", "Notes"]', "'Notes' is already read"),
    ):
        folder = project({"reconcile.toml": settings_text(_memorial(wrong))})
        with pytest.raises(ConfigError, match=message):
            load_settings(folder / "reconcile.toml")


def test_a_missing_extra_column_stops_the_run_naming_it(project, capsys):
    folder = project(
        {"reconcile.toml": settings_text(_memorial('extra = ["Remarks"]')), "memorial.csv": CARDS}
    )
    out = folder / "out"
    assert main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(out), "--quiet"]) != 0
    assert "column 'Remarks' (mapped to extra) is not in the header row" in capsys.readouterr().err
    assert not out.exists()


def test_extra_columns_come_along_to_the_sheets_and_the_review_workbook(project):
    # Three cards teach the model little: a low review threshold keeps Khosrow / Khosro asked.
    lowered = "[linkage]\nreview_threshold = 0.1\n"
    folder = project(
        {
            "reconcile.toml": settings_text(_memorial('extra = ["Notes", "Source"]'), lowered),
            "memorial.csv": CARDS,
        }
    )
    assert (
        main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"])
        == 0
    )
    corroboration = pd.read_csv(folder / "out" / "sheet_duplicates.csv", dtype=str, keep_default_na=False)
    details = dict(zip(corroboration["record_id"], corroboration["details"], strict=True))
    assert details["M1"] == "city: Tabriz; Notes: sent by his sister; Source: https://example.org/1"
    assert details["M2"] == "city: Tabriz; Notes: from a post"
    review = load_workbook(folder / "out" / "review.xlsx", read_only=True)
    links = review[layout.REVIEW_SHEET]  # one list: Khosrow and Khosro are asked, not linked
    header = [cell.value for cell in next(links.iter_rows(max_row=1))]
    row = [cell.value for cell in next(links.iter_rows(min_row=2, max_row=2))]
    carried = {row[header.index("A carried along")], row[header.index("B carried along")]}
    assert carried == {"Notes: sent by his sister; Source: https://example.org/1", "Notes: from a post"}
