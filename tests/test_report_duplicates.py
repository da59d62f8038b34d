"""The Duplicates sheet and the sheets left out when the declared lists do not call for them."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from reconcile.cli import main
from reconcile.report.duplicates import LISTED_AGAIN, PARTLY, POSSIBLY, duplicates, groups_per_list
from reconcile.schema import LIST_ID, PERSON_ID, PROBABILITY, REASON, RECORD_ID, STATUS, Status
from tests.conftest import settings_text

MEMORIAL = """
[[lists]]
id = "memorial"
role = "corroborating"
path = "memorial.csv"
[lists.columns]
record_id = "No"
given_name = "Given"
family_name = "Family"
father_name = "Father"
city = "City"
date = "Date"
"""

# M2 names M1's person again (a second card); M4 and M5 are brothers (one father, one city): the
# run cannot tell them from one person named twice, and must not link them on its own.
CARDS = """No,Given,Family,Father,City,Date
M1,Khosrow,Kianpour,Abbas,Tabriz,1988-08-21
M2,Khosro,Kianpour,Abbas,Tabriz,1988-08-21
M3,Parvin,Ahmadi Moghaddam,Hassan,Mashhad,1988-09-02
M4,Hassan,Soltanvand,Karim,Ahvaz,1988-08-30
M5,Hossein,Soltanvand,Karim,Ahvaz,1988-08-30
M6,Bahram,Nikpour,Reza,Rasht,1988-08-15
M7,Zahra,Karimi,Ali,Shiraz,1988-09-10
"""


def _run(folder) -> None:
    config, out = folder / "reconcile.toml", folder / "out"
    assert main(["run", "--config", str(config), "--out", str(out), "--quiet"]) == 0


def _sheet(folder, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / "out" / f"sheet_{name}.csv", dtype=str, keep_default_na=False)


def test_one_memorial_list_gets_its_duplicates_and_no_sheet_about_replies(project):
    folder = project({"reconcile.toml": settings_text(MEMORIAL), "memorial.csv": CARDS})
    _run(folder)
    table = _sheet(folder, "duplicates")
    by_record = table.set_index(RECORD_ID)
    assert by_record.loc["M1", "group"] == by_record.loc["M2", "group"]
    assert by_record.loc["M1", "finding"] == LISTED_AGAIN
    assert by_record.loc["M1", "tied_to"].startswith("M2 (")
    assert "M3" not in by_record.index and "M6" not in by_record.index
    if "M4" in by_record.index:  # brothers: at most possibly one person, never linked
        assert by_record.loc["M4", "finding"] == POSSIBLY

    summary = _sheet(folder, "summary").set_index("item")
    assert summary.loc["memorial: persons named", "count"] == str(7 - 1)
    groups = summary.loc["memorial: groups of records that name one person, or may"]
    assert groups["sheet"] == "Duplicates"
    assert groups["how it adds up"].startswith("1 one person, named more than once")
    left_out = summary.loc["sheets left out: no allegation and no reply list declared"]
    assert "Never answered" in left_out["how it adds up"]

    written = {path.name for path in (folder / "out").iterdir()}
    assert "sheet_never_answered.csv" not in written and "sheet_contradictions.csv" not in written
    assert "claims_by_category.png" not in written and "list_overlap.png" not in written
    tabs = load_workbook(folder / "out" / "reconciliation.xlsx", read_only=True).sheetnames
    assert "Duplicates" in tabs and "Reply only" not in tabs and "Corroboration" in tabs


def test_a_list_naming_nobody_twice_has_no_duplicates_sheet(project):
    unique = "\n".join(line for line in CARDS.splitlines() if not line.startswith(("M2", "M5"))) + "\n"
    folder = project({"reconcile.toml": settings_text(MEMORIAL), "memorial.csv": unique})
    _run(folder)
    assert not (folder / "out" / "sheet_duplicates.csv").exists()
    summary = _sheet(folder, "summary").set_index("item")
    assert summary.loc["memorial: groups of records that name one person, or may", "count"] == "0"


def _view(persons: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            LIST_ID: "memorial",
            RECORD_ID: [f"M{n}" for n in range(1, len(persons) + 1)],
            PERSON_ID: persons,
            "name": [f"name {n}" for n in range(1, len(persons) + 1)],
            "details": "",
        }
    )


def _pairs(rows: list[tuple[int, int, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "list_id_l": "memorial",
            "record_id_l": [f"M{a}" for a, _, _, _ in rows],
            "list_id_r": "memorial",
            "record_id_r": [f"M{b}" for _, b, _, _ in rows],
            STATUS: [status for _, _, status, _ in rows],
            PROBABILITY: [p for _, _, _, p in rows],
            REASON: [f"reason {a}-{b}" for a, b, _, _ in rows],
        }
    )


def test_groups_join_one_persons_records_and_reviewed_pairs_and_say_which():
    # M1+M2 one person; M3~M4 in review; M5+M6 one person, M6~M7 in review; M8 alone.
    view = _view(["P1", "P1", "P3", "P4", "P5", "P5", "P7", "P8"])
    pairs = _pairs(
        [
            (1, 2, Status.MATCH.value, 0.99),
            (3, 4, Status.REVIEW.value, 0.40),
            (5, 6, Status.MATCH.value, 0.97),
            (6, 7, Status.REVIEW.value, 0.30),
            (7, 8, Status.NON_MATCH.value, 0.01),
        ]
    )
    table = duplicates(view, pairs)
    assert table[RECORD_ID].tolist() == ["M1", "M2", "M3", "M4", "M5", "M6", "M7"]
    assert table["group"].tolist() == ["memorial #1"] * 2 + ["memorial #2"] * 2 + ["memorial #3"] * 3
    assert table["finding"].tolist() == [LISTED_AGAIN] * 2 + [POSSIBLY] * 2 + [PARTLY] * 3
    by_record = table.set_index(RECORD_ID)
    assert by_record.loc["M6", "tied_to"] == "M5 (0.97, match); M7 (0.30, review)"
    assert by_record.loc["M6", REASON] == "reason 5-6"
    counts = groups_per_list(table).loc["memorial"]
    assert counts.tolist() == [1, 1, 1]


def test_records_of_one_person_tied_only_through_other_lists_say_so():
    view = _view(["P1", "P1"])
    table = duplicates(view, _pairs([]))
    assert table["finding"].tolist() == [LISTED_AGAIN] * 2
    assert set(table["tied_to"]) == {"linked through records of other lists"}


def test_the_report_of_one_list_is_scored_on_the_sheets_it_has(project):
    from reconcile.config import load_settings
    from reconcile.evaluate_report import score_report

    folder = project({"reconcile.toml": settings_text(MEMORIAL), "memorial.csv": CARDS})
    _run(folder)
    persons = ["K", "K", "P", "H1", "H2", "B", "Z"]  # M1 and M2 are one person
    truth = pd.DataFrame({LIST_ID: "memorial", RECORD_ID: [f"M{n}" for n in range(1, 8)], PERSON_ID: persons})
    scores = score_report(folder / "out", truth, load_settings(folder / "reconcile.toml"))
    assert scores.lists == []
    assert [s.name for s in scores.shares] == [
        "records with the right number of sources",
        "persons put together exactly",
    ]
    assert scores.shares[1].out_of == 6
