"""The committed synthetic demo through `reconcile run`: the Summary's numbers are the real case's.

Slower than the other tests (the whole demo, about ten seconds) because the issue's promise is
about the demo itself: 1,084 annex names; 3,620 reply rows = 2,109 not recognized + 1,511
commented; 140 called forged; every claim sheet as long as its Summary count; no formula cell.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reconcile.cli import main

DEMO = Path(__file__).resolve().parent.parent / "inputs" / "reconcile.toml"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert main(["run", "--config", str(DEMO), "--out", str(folder), "--quiet"]) == 0
    return folder


@pytest.fixture(scope="module")
def summary(out: Path) -> dict[str, dict[str, object]]:
    sheet = load_workbook(out / "reconciliation.xlsx", read_only=True)["Summary"]
    rows = list(sheet.iter_rows(values_only=True))
    return {str(row[0]): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def _numbers(text: object) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", str(text))]


def test_summary_has_the_counts_of_the_real_case(summary):
    annex = "UN Special Representative, annex of January 1989 (synthetic)"
    assert summary[f"{annex} (allegation list): records"]["count"] == 1084
    assert summary[f"{annex} (allegation list): records"]["list"] == "un_annex_1989"
    reply = summary["Government reply of October 1990 on 3,620 names (synthetic): reply rows"]
    assert reply["count"] == 3620
    assert _numbers(reply["how it adds up"])[:2] == [2109, 1511]
    assert summary["reply rows: not recognized"]["count"] == 2109
    assert summary["reply rows: forged"]["count"] == 140
    never = summary[f"{annex}: records never answered"]
    records, answered, waiting = _numbers(never["how it adds up"])
    assert records == 1084 and records - answered - waiting == never["count"] > 0


def test_claim_sheets_are_as_long_as_their_summary_counts_and_no_cell_is_a_formula(out, summary):
    book = load_workbook(out / "reconciliation.xlsx", read_only=True)
    claim_lines = [line for item, line in summary.items() if item.startswith("reply rows: ")]
    assert sum(line["count"] for line in claim_lines) == 3620 + 140
    for line in claim_lines:
        assert book[line["sheet"]].max_row - 1 == line["count"], line["item"]
    with zipfile.ZipFile(out / "reconciliation.xlsx") as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >/]", package.read(name)), name
