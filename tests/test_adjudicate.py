"""Review workbook out, decisions in: the round trip an analyst makes, and what a decision does."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reconcile.adjudicate import (
    Judgement,
    agreement,
    cohen_kappa,
    current_decisions,
    import_decisions,
    read_ledger,
    record_hash,
    training_labels,
)
from reconcile.cluster import cluster
from reconcile.schema import Role
from reconcile.status import decide_status
from tests.adjudicate_data import PROJECT, export, fill, pairs, records
from tests.conftest import default_linkage

SAME, DIFFERENT, UNSURE = (j.value for j in Judgement)
ROLES = {"annex": Role.ALLEGATION, "reply": Role.REPLY, "memorial": Role.CORROBORATING}


def _import(folder: Path):
    return import_decisions(folder, folder / "ledger.csv", PROJECT)


def _decided(folder: Path, recs: pd.DataFrame | None = None) -> pd.DataFrame:
    recs = records() if recs is None else recs
    return current_decisions(read_ledger(folder / "ledger.csv"), recs)


def _settle(frame: pd.DataFrame, decided: pd.DataFrame) -> pd.DataFrame:
    """The pairs' statuses with the decisions, as a run decides them."""
    return decide_status(frame, decided, ROLES, default_linkage())


def _status(frame: pd.DataFrame, a: str, b: str) -> pd.Series:
    row = frame[(frame["record_id_l"] == a) & (frame["record_id_r"] == b)]
    assert len(row) == 1, (a, b)
    return row.iloc[0]


# The workbook ------------------------------------------------------------------------------------


def test_workbook_shows_both_records_and_leaves_only_the_decision_columns_editable(tmp_path):
    path = export(tmp_path / "review.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Review"
    sheet = book["Review"]
    header = [c.value for c in sheet[1]]
    for column in (
        "decision",
        "reviewer",
        "note",
        "probability",
        "reason",
        "A name as written",
        "B name as written",
    ):
        assert column in header
    assert sheet.max_row == 4  # header + three pairs awaiting review
    assert sheet.protection.sheet
    col = {name: i + 1 for i, name in enumerate(header)}
    assert not sheet.cell(2, col["decision"]).protection.locked
    assert not sheet.cell(2, col["note"]).protection.locked
    assert sheet.cell(2, col["A id"]).protection.locked
    assert sheet.column_dimensions["A"].hidden  # the row id
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"same,different,unsure"'
    assert "B2:B4" in str(validation.sqref)
    assert book["manifest"].sheet_state == "veryHidden"


def test_a_name_that_looks_like_a_formula_is_written_as_text(tmp_path):
    path = export(tmp_path / "review.xlsx")
    with zipfile.ZipFile(path) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    sheet = openpyxl.load_workbook(path)["Review"]
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_blind_review_leaves_out_every_model_score(tmp_path):
    sheet = openpyxl.load_workbook(export(tmp_path / "review.xlsx", blind=True))["Review"]
    header = [c.value for c in sheet[1]]
    assert not {"probability", "weight (bits)", "reason", "name similarity"} & set(header)
    assert "A name as written" in header


# Import and the ledger ---------------------------------------------------------------------------


def test_decisions_reach_the_ledger_with_who_what_and_from_where(tmp_path):
    fill(
        export(tmp_path / "review.xlsx"),
        {("1", "R1"): (SAME, "Ana", "same father"), ("2", "R2"): ("Different ", "Ana", "")},
    )
    report = _import(tmp_path)
    assert report.added == 2
    ledger = read_ledger(tmp_path / "ledger.csv")
    assert ledger["decision"].tolist() == [SAME, DIFFERENT]
    assert ledger["reviewer"].tolist() == ["Ana", "Ana"]
    assert set(ledger["source_file"]) == {"review.xlsx"}
    hashes = dict(zip(records()["record_id"], record_hash(records()), strict=True))
    assert ledger.loc[0, "record_hash_l"] == hashes["1"] and ledger.loc[0, "record_hash_r"] == hashes["R1"]
    assert ledger["seq"].tolist() == [1, 2]


def test_a_note_without_a_decision_is_named_in_the_summary_not_dropped_without_a_word(tmp_path):
    fill(
        export(tmp_path / "review.xlsx"),
        {("1", "R1"): ("", "Ana", "looked, not sure"), ("2", "R2"): (SAME, "Ana", "")},
    )
    report = _import(tmp_path)
    assert report.added == 1
    assert len(report.undecided_notes) == 1 and report.undecided_notes[0].startswith(
        "review.xlsx, Review row "
    )
    assert "1 row(s) carry a note but no decision" in report.summary()


def test_importing_the_same_workbook_again_adds_nothing(tmp_path):
    fill(export(tmp_path / "review.xlsx"), {("1", "R1"): (SAME, "Ana", "")})
    _import(tmp_path)
    before = (tmp_path / "ledger.csv").read_bytes()
    report = _import(tmp_path)
    assert report.added == 0 and report.files_already_imported == ["review.xlsx"]
    fill(tmp_path / "review.xlsx", {}, out=tmp_path / "copy of review.xlsx")  # a byte-different copy
    assert _import(tmp_path).added == 0
    assert (tmp_path / "ledger.csv").read_bytes() == before


def test_a_changed_mind_is_a_new_line_and_old_lines_stay_as_they_were(tmp_path):
    path = fill(export(tmp_path / "review.xlsx"), {("1", "R1"): (SAME, "Ana", "")})
    _import(tmp_path)
    first = (tmp_path / "ledger.csv").read_bytes()
    fill(path, {("1", "R1"): (DIFFERENT, "Ana", "father differs after all")})
    _import(tmp_path)
    fill(path, {("1", "R1"): (SAME, "Ana", "")})
    _import(tmp_path)
    assert (tmp_path / "ledger.csv").read_bytes().startswith(first)
    ledger = read_ledger(tmp_path / "ledger.csv")
    assert ledger["decision"].tolist() == [SAME, DIFFERENT, SAME]
    assert _decided(tmp_path).iloc[0]["decision"] == SAME


def test_a_pair_key_does_not_depend_on_which_side_the_model_put_a_record(tmp_path):
    flipped = pairs()
    flipped.loc[0, ["list_id_l", "record_id_l", "list_id_r", "record_id_r"]] = ["reply", "R1", "annex", "1"]
    flipped.loc[0, ["left", "right"]] = [2, 0]
    fill(export(tmp_path / "review.xlsx", frame=flipped), {("R1", "1"): (SAME, "Ana", "")})
    _import(tmp_path)
    ledger = read_ledger(tmp_path / "ledger.csv")
    assert ledger.loc[0, ["list_id_l", "record_id_l", "list_id_r", "record_id_r"]].tolist() == [
        "annex",
        "1",
        "reply",
        "R1",
    ]
    applied = _settle(pairs(), _decided(tmp_path))
    assert _status(applied, "1", "R1")["status"] == "match"


# What decisions do -------------------------------------------------------------------------------


def test_same_and_different_override_the_model_and_leave_the_queue(tmp_path):
    fill(
        export(tmp_path / "review.xlsx"),
        {
            ("1", "R1"): (SAME, "Ana", ""),
            ("2", "R2"): (DIFFERENT, "Ana", ""),
            ("R1", "m1"): (UNSURE, "Ana", "ask Bo"),
        },
    )
    _import(tmp_path)
    applied = _settle(pairs(), _decided(tmp_path))
    assert len(applied) == len(pairs())
    same, different, unsure = (
        _status(applied, "1", "R1"),
        _status(applied, "2", "R2"),
        _status(applied, "R1", "m1"),
    )
    assert (same["status"], same["match_probability"]) == ("match", 1.0)
    assert (different["status"], different["match_probability"]) == ("non-match", 0.0)
    assert (
        unsure["status"] == "review"
        and "unsure" in unsure["decision_note"]
        and "ask Bo" in unsure["decision_note"]
    )
    queue = applied[applied["status"] == "review"]
    assert queue["record_id_l"].tolist() == ["R1"]  # only the unsure pair is still awaiting review
    persons, _ = cluster(records(), applied)
    person = dict(zip(persons["record_id"], persons["person_id"], strict=True))
    assert person["1"] == person["R1"] and person["2"] != person["R2"]


def test_a_human_may_link_two_records_that_blocking_never_paired(tmp_path):
    fill(export(tmp_path / "review.xlsx"), {("1", "R1"): (SAME, "Ana", "")})
    _import(tmp_path)
    without = pairs().iloc[1:]  # this run's blocking did not propose (annex 1, reply R1)
    applied = _settle(without, _decided(tmp_path))
    added = _status(applied, "1", "R1")
    assert (added["status"], added["left"], added["right"]) == ("match", 0, 2)
    assert "not proposed by blocking" in added["decision_note"]
    assert applied["level_given"].dtype == pairs()["level_given"].dtype


def test_a_decision_on_a_record_that_changed_since_is_stale_and_kept(tmp_path):
    fill(export(tmp_path / "review.xlsx"), {("1", "R1"): (SAME, "Ana", "")})
    _import(tmp_path)
    corrected = records()
    corrected.loc[2, "raw_father_name"] = "Hassan"  # the reply list was corrected afterwards
    decided = _decided(tmp_path, corrected)
    assert decided.iloc[0]["stale"] and decided.iloc[0]["decision"] == SAME
    applied = _settle(pairs(), decided)
    row = _status(applied, "1", "R1")
    assert row["status"] == "review" and row["decision_note"].startswith("stale")
    assert training_labels(decided).empty
    # Re-reviewed on today's content, the new decision stands and is no longer stale.
    fill(
        export(tmp_path / "review2.xlsx", recs=corrected, run_id="run-2"),
        {("1", "R1"): (DIFFERENT, "Ana", "")},
    )
    _import(tmp_path)
    decided = _decided(tmp_path, corrected)
    assert not decided.iloc[0]["stale"] and decided.iloc[0]["decision"] == DIFFERENT
    assert len(read_ledger(tmp_path / "ledger.csv")) == 2


def test_two_reviewers_who_disagree_make_a_conflict_that_a_later_decision_resolves(tmp_path):
    path = export(tmp_path / "review.xlsx")
    fill(
        path, {("1", "R1"): (SAME, "Ana", ""), ("2", "R2"): (DIFFERENT, "Ana", "")}, out=tmp_path / "ana.xlsx"
    )
    fill(
        path,
        {("1", "R1"): (DIFFERENT, "Bo", "ages differ"), ("2", "R2"): (DIFFERENT, "Bo", "")},
        out=tmp_path / "bo.xlsx",
    )
    path.unlink()
    _import(tmp_path)
    decided = _decided(tmp_path)
    conflict = decided[decided["record_id_r"] == "R1"].iloc[0]
    assert conflict["conflict"] and conflict["decision"] == ""
    assert "Ana: same" in conflict["history"] and "Bo: different (ages differ)" in conflict["history"]
    applied = _settle(pairs(), decided)
    assert _status(applied, "1", "R1")["status"] == "review"
    assert "conflict" in _status(applied, "1", "R1")["decision_note"]
    assert _status(applied, "2", "R2")["status"] == "non-match"  # they agree there
    assert agreement(read_ledger(tmp_path / "ledger.csv")).pairs == 2
    # The conflict row is exported again; Cy's decision settles it.
    queue = applied[applied["status"] == "review"]
    fill(export(tmp_path / "review2.xlsx", frame=queue, run_id="run-2"), {("1", "R1"): (SAME, "Cy", "")})
    _import(tmp_path)
    settled = _decided(tmp_path)
    settled = settled[settled["record_id_r"] == "R1"].iloc[0]
    assert not settled["conflict"] and settled["decision"] == SAME and settled["decided_by"] == "Cy"


@pytest.mark.parametrize(
    ("ratings", "kappa"),
    [
        ([(SAME, SAME), (DIFFERENT, DIFFERENT), (SAME, DIFFERENT), (DIFFERENT, DIFFERENT)], 0.5),
        ([(SAME, SAME), (DIFFERENT, DIFFERENT)], 1.0),
        ([(SAME, DIFFERENT), (DIFFERENT, SAME)], -1.0),
    ],
)
def test_cohen_kappa_of_two_reviewers(ratings, kappa):
    rows = []
    for i, (first, second) in enumerate(ratings):
        for who, decision in (("Ana", first), ("Bo", second)):
            rows.append(
                {
                    "seq": len(rows) + 1,
                    "list_id_l": "a",
                    "record_id_l": str(i),
                    "list_id_r": "b",
                    "record_id_r": str(i),
                    "decision": decision,
                    "reviewer": who,
                    "note": "",
                }
            )
    assert cohen_kappa(pd.DataFrame(rows)) == pytest.approx(kappa)


def test_no_pair_decided_twice_has_no_kappa(tmp_path):
    assert cohen_kappa(read_ledger(tmp_path / "ledger.csv")) is None


def test_record_hash_ignores_empty_fields_and_sees_any_change():
    base = records()
    widened = base.assign(raw_affiliation="")
    changed = base.copy()
    changed.loc[0, "raw_date"] = "02.08.1988"
    assert record_hash(widened).tolist() == record_hash(base).tolist()
    assert (record_hash(changed) != record_hash(base)).tolist() == [True, False, False, False, False]


def test_a_model_match_that_rivals_a_human_link_goes_back_to_review(tmp_path):
    rival = pairs()
    rival.loc[len(rival)] = rival.loc[3]  # another model match for annex 1 on the reply list: annex 1 ~ R2
    rival.loc[len(rival) - 1, ["list_id_r", "record_id_r", "right", "status"]] = ["reply", "R2", 3, "match"]
    fill(export(tmp_path / "review.xlsx"), {("1", "R1"): (SAME, "Ana", "")})
    _import(tmp_path)
    applied = _settle(rival, _decided(tmp_path))
    assert _status(applied, "1", "R1")["status"] == "match"
    demoted = _status(applied, "1", "R2")
    assert demoted["status"] == "review" and "reply:R1" in demoted["decision_note"]
    assert _status(applied, "1", "m1")["status"] == "match"  # another list: no rival


def test_one_workbook_can_be_imported_by_its_path(tmp_path):
    path = fill(export(tmp_path / "elsewhere" / "review.xlsx"), {("1", "R1"): (SAME, "Ana", "")})
    ledger = tmp_path / "decisions" / "ledger.csv"
    assert import_decisions(path, ledger, PROJECT).added == 1
    assert import_decisions(path, ledger, PROJECT).added == 0
    assert read_ledger(ledger).loc[0, "source_file"] == "review.xlsx"
