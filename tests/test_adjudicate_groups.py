"""Rows that would make three persons or more one person stand together as a group, which an analyst
may accept in one step where nothing argues against it; every pair is still kept as its own decision."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from reconcile.adjudicate import (
    current_decisions,
    import_decisions,
    project_id,
    read_ledger,
    write_run_review,
)
from reconcile.adjudicate.columns import ABOUT_THE_GROUP
from reconcile.adjudicate.intake import read_review_workbook
from reconcile.cluster import cluster
from reconcile.config import ListSpec
from reconcile.errors import InputError
from reconcile.schema import NEAR_TIE, Role
from reconcile.status import decide_status
from tests import adjudicate_data as data
from tests.conftest import default_linkage, default_review

LISTS = (
    ListSpec("annex", "UN annex", Role.ALLEGATION, Path("a.csv"), {}),
    ListSpec("reply", "Reply", Role.REPLY, Path("b.csv"), {}),
    ListSpec("memorial", "Memorial", Role.CORROBORATING, Path("c.csv"), {}),
    ListSpec("amnesty", "Amnesty", Role.CORROBORATING, Path("d.csv"), {}, source="ai"),
)
PROJECT = project_id((spec.id, spec.title) for spec in LISTS)
ROLES = {spec.id: spec.role for spec in LISTS}
RECORDS = (  # list, id, name as written
    ("annex", "1", "KHORRAMCHAHI Djafar"),
    ("annex", "2", "KHORAMSHAHI Jafar"),
    ("reply", "R1", "Jafar Khorramshahi"),
    ("memorial", "m1", "جعفر خرمشاهی"),
    ("amnesty", "a1", "Djafar Khorramshahi"),
    ("amnesty", "a2", "Hossein Khorramshahi"),
)
ANNEX_1, ANNEX_2, R1, M1, A1, A2 = range(len(RECORDS))


def records() -> pd.DataFrame:
    frame = pd.DataFrame(RECORDS, columns=["list_id", "record_id", "raw_name"])
    frame["name_as_written"] = frame["raw_name"]
    frame["source_row"] = range(2, 2 + len(frame))
    return frame


def pairs(*rows: tuple[int, int, float], **columns: dict[tuple[int, int], object]) -> pd.DataFrame:
    """Pairs in review (left, right, probability); `columns` set a column on some of them by (left, right)."""
    recs = records()
    left, right, probability = (list(v) for v in zip(*rows, strict=True))
    frame = pd.DataFrame(
        {
            "list_id_l": recs["list_id"].to_numpy()[left],
            "record_id_l": recs["record_id"].to_numpy()[left],
            "list_id_r": recs["list_id"].to_numpy()[right],
            "record_id_r": recs["record_id"].to_numpy()[right],
            "left": left,
            "right": right,
            "match_probability": probability,
            "match_weight": np.log2(np.array(probability) / (1 - np.array(probability))),
            "sim_given": 1.0,
            "status": "review",
            "assignment_note": "",
            "decision_note": "",
        }
    )
    for name, values in columns.items():
        for (a, b), value in values.items():
            frame.loc[(frame["left"] == a) & (frame["right"] == b), name] = value
    return frame


def each_their_own() -> pd.DataFrame:
    recs = records()
    return recs[["list_id", "record_id"]].assign(person_id=[f"p{i}" for i in range(len(recs))])


# annex 1, reply R1, memorial m1 and amnesty a1 would be one person through three rows in review;
# annex 2 - amnesty a2 is a pair of two persons, no group. Asked first: R1 - m1 (a contradiction),
# m1 - a1 and annex 2 - a2 (a source more), then annex 1 - R1 (an answer).
GROUP_OF_FOUR = ((ANNEX_1, R1, 0.70), (ANNEX_2, A2, 0.45), (R1, M1, 0.60), (M1, A1, 0.50))


def sheet_of(path: Path) -> pd.DataFrame:
    """The Review sheet as values, with whether each group_decision cell is open."""
    book = openpyxl.load_workbook(path)
    sheet = book["Review"]
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    frame = pd.DataFrame([[cell.value for cell in row] for row in rows], columns=header)
    if "group_decision" in header:
        at = header.index("group_decision")
        frame["open"] = [not row[at].protection.locked for row in rows]
    book.close()
    return frame


def export(tmp_path: Path, frame: pd.DataFrame, **review: object) -> Path:
    return write_run_review(
        tmp_path / "review.xlsx",
        frame,
        records(),
        default_review(**{"max_link_rows": 0, **review}),
        "run-1",
        project_id=PROJECT,
        persons=each_their_own(),
        lists=LISTS,
    )


def decide(path: Path, rows: dict[int, dict[str, str]], out: Path) -> Path:
    """Write cells of the Review sheet by data row (0 is the first row under the header)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Review"]
    header = [cell.value for cell in sheet[1]]
    for row, cells in rows.items():
        for name, value in cells.items():
            sheet.cell(row + 2, header.index(name) + 1).value = value
    out.parent.mkdir(exist_ok=True)
    book.save(out)
    return out


def test_the_rows_of_a_group_stand_together_and_its_first_row_offers_to_accept_them_all(tmp_path):
    sheet = sheet_of(export(tmp_path, pairs(*GROUP_OF_FOUR)))
    assert list(zip(sheet["A id"], sheet["B id"], strict=True)) == [
        ("R1", "m1"),
        ("m1", "a1"),
        ("1", "R1"),
        ("2", "a2"),
    ]
    assert sheet["group"].tolist()[:3] == [1, 1, 1] and pd.isna(sheet["group"].iloc[3])
    assert sheet["open"].tolist() == [True, False, False, False]  # one cell accepts the group
    assert sheet[ABOUT_THE_GROUP].iloc[0] == (
        "3 rows join 4 records (annex:1, reply:R1, memorial:m1, amnesty:a1) into one person: write same "
        "in group_decision to accept them all, or decide the rows one by one"
    )


def test_a_row_that_would_make_two_records_of_one_list_one_person_is_left_out_and_says_why(tmp_path):
    frame = pairs(*GROUP_OF_FOUR, (ANNEX_2, M1, 0.55))
    sheet = sheet_of(export(tmp_path, frame)).set_index(["A id", "B id"])
    assert sheet.loc[("2", "m1"), ABOUT_THE_GROUP] == (
        "not in group 1: it would make annex:1, annex:2, records of one list, one person"
    )
    assert pd.isna(sheet.loc[("2", "m1"), "group"]) and not sheet.loc[("2", "m1"), "open"]


def test_unlike_given_names_anywhere_in_a_group_keep_it_from_being_offered_whole(tmp_path):
    # annex 1 and amnesty a1 were compared: their given names are unlike (Hassan / Hossein).
    frame = pairs(*GROUP_OF_FOUR)
    unlike = pairs((ANNEX_1, A1, 0.01)).assign(status="non-match", sim_given=0.4)
    sheet = sheet_of(export(tmp_path, pd.concat([frame, unlike], ignore_index=True))).set_index(
        ["A id", "B id"]
    )
    assert sheet.loc[("m1", "a1"), ABOUT_THE_GROUP] == (
        "not in group 1: annex:1 and amnesty:a1 have unlike given names (similarity 0.40)"
    )
    assert sheet.loc[("R1", "m1"), ABOUT_THE_GROUP].startswith("2 rows join 3 records")


@pytest.mark.parametrize(
    "column, value",
    [("assignment_note", NEAR_TIE), ("decision_note", "marked unsure by Ana")],
    ids=["near tie", "decided before"],
)
def test_a_row_asked_on_its_own_is_never_answered_by_a_group(tmp_path, column, value):
    # R1 - m1 is asked on its own: annex 1, R1 and a1 make a group, and m1 may not join it through a1,
    # which would answer R1 - m1 unread.
    frame = pairs(*GROUP_OF_FOUR, (R1, A1, 0.55), **{column: {(R1, M1): value}})
    sheet = sheet_of(export(tmp_path, frame)).set_index(["A id", "B id"])
    assert sheet["group"].dropna().index.tolist() == [("R1", "a1"), ("1", "R1")]
    assert sheet.loc[("m1", "a1"), ABOUT_THE_GROUP] == (
        "not in group 1: reply:R1 - memorial:m1 is asked on its own (see why in review)"
    )
    assert pd.isna(sheet.loc[("R1", "m1"), "group"])


def test_a_row_less_likely_one_person_than_two_joins_no_group(tmp_path):
    sheet = sheet_of(export(tmp_path, pairs(*GROUP_OF_FOUR), group_min_probability=0.55))
    assert sheet["group"].dropna().tolist() == [1, 1]  # m1 - a1 (0.50) is asked on its own
    assert sheet.set_index(["A id", "B id"]).loc[("m1", "a1"), ABOUT_THE_GROUP] == (
        "not in group 1: less likely one person than review.group_min_probability"
    )


def test_no_group_is_offered_when_the_settings_say_so(tmp_path):
    sheet = sheet_of(export(tmp_path, pairs(*GROUP_OF_FOUR), offer_groups=False))
    assert "group_decision" not in sheet and "group" not in sheet and ABOUT_THE_GROUP not in sheet
    assert list(zip(sheet["A id"], sheet["B id"], strict=True)) == [
        ("R1", "m1"),
        ("m1", "a1"),
        ("2", "a2"),
        ("1", "R1"),
    ]


def test_a_group_cut_by_the_end_of_the_workbook_is_not_offered(tmp_path):
    sheet = sheet_of(export(tmp_path, pairs(*GROUP_OF_FOUR), max_workbook_rows=2))
    assert not sheet["open"].any()
    assert sheet[ABOUT_THE_GROUP].iloc[0].startswith("not offered, decide its rows one by one: 1 of its rows")


def imported(tmp_path: Path, filled: Path) -> tuple[pd.DataFrame, object]:
    report = import_decisions(filled.parent, filled.parent / "ledger.csv", PROJECT)
    return read_ledger(filled.parent / "ledger.csv"), report


def test_an_accepted_group_links_every_pair_and_keeps_each_as_its_own_line_in_the_ledger(tmp_path):
    frame = pairs(*GROUP_OF_FOUR)
    path = export(tmp_path, frame)
    filled = decide(
        path,
        {0: {"group_decision": "same", "reviewer": "Ana", "note": "same family"}},
        tmp_path / "d" / "a.xlsx",
    )
    ledger, report = imported(tmp_path, filled)
    assert report.added == 3 and report.from_groups == 3 and "3 by accepting groups" in report.summary()
    lines = ledger.set_index(["record_id_l", "record_id_r"])
    assert sorted(lines.index) == [("1", "R1"), ("a1", "m1"), ("m1", "R1")]  # keys in canonical order
    assert set(lines["decision"]) == {"same"} and set(lines["reviewer"]) == {"Ana"}
    assert set(lines["note"]) == {"accepted with group 1 (row 2); same family"}
    assert lines["sheet_row"].tolist() == ["2", "3", "4"]  # each pair's own row
    assert lines["row_id"].nunique() == 3

    decided = current_decisions(ledger, records())
    linked = decide_status(frame, decided, ROLES, default_linkage())
    persons, _ = cluster(records(), linked)
    person = persons["person_id"].to_numpy()
    assert len({person[i] for i in (ANNEX_1, R1, M1, A1)}) == 1
    assert person[ANNEX_2] != person[ANNEX_1]
    assert import_decisions(filled.parent, filled.parent / "ledger.csv", PROJECT).added == 0  # again: nothing


def test_a_row_decided_otherwise_inside_an_accepted_group_keeps_its_own_decision_and_says_so(tmp_path):
    path = export(tmp_path, pairs(*GROUP_OF_FOUR))
    filled = decide(
        path,
        {
            0: {"group_decision": "same", "reviewer": "Ana"},
            1: {"decision": "different", "reviewer": "Ana", "note": "born ten years apart"},
        },
        tmp_path / "d" / "a.xlsx",
    )
    ledger, report = imported(tmp_path, filled)
    lines = ledger.set_index(["record_id_l", "record_id_r"])
    assert lines.loc[("a1", "m1"), "decision"] == "different"
    assert lines.loc[("a1", "m1"), "note"] == "born ten years apart; kept over group 1's same (row 2)"
    assert lines.loc[("1", "R1"), "decision"] == lines.loc[("m1", "R1"), "decision"] == "same"
    assert len(ledger) == 3 and report.from_groups == 2
    assert report.over_groups == ["a.xlsx, row 3: different kept over group 1's same (row 2)"]
    assert (
        "1 row(s) decided otherwise than their accepted group, each row's own decision kept"
        in report.summary()
    )


def test_a_group_decision_where_no_group_is_offered_or_other_than_same_is_refused(tmp_path):
    path = export(tmp_path, pairs(*GROUP_OF_FOUR))
    not_offered = decide(path, {3: {"group_decision": "same", "reviewer": "Ana"}}, tmp_path / "x" / "a.xlsx")
    with pytest.raises(InputError, match="this row's group may not be accepted in one step"):
        read_review_workbook(not_offered, PROJECT)
    different = decide(
        path, {0: {"group_decision": "different", "reviewer": "Ana"}}, tmp_path / "y" / "a.xlsx"
    )
    with pytest.raises(InputError, match="'different' is not a group decision"):
        read_review_workbook(different, PROJECT)
    nobody = decide(path, {0: {"group_decision": "same"}}, tmp_path / "z" / "a.xlsx")
    with pytest.raises(InputError, match="a group decision needs the reviewer"):
        read_review_workbook(nobody, PROJECT)


def test_a_workbook_exported_before_groups_is_still_read(tmp_path):
    old = Path(__file__).parent / "data" / "review_format_1.xlsx"  # written by the previous version
    rows = read_review_workbook(old, data.PROJECT)
    assert list(zip(rows["record_id_r"], rows["decision"], rows["note"], strict=True)) == [
        ("R1", "same", "seen in 2019"),
        ("m1", "different", ""),
    ]
    assert set(rows["from_group"]) == {""}
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / old.name).write_bytes(old.read_bytes())
    assert import_decisions(folder, folder / "ledger.csv", data.PROJECT).added == 2
