"""Names are made of letters: invisible characters neither hide a person nor make a new one."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from reconcile.adjudicate.workbook import _set
from reconcile.cli import main
from reconcile.config import load_settings
from reconcile.load import load
from reconcile.normalize import normalize
from tests.conftest import ANNEX_LIST, settings_text
from tests.small_scenario import write_small_scenario

OVERRIDDEN = "\u202eidamhA ilA"  # shows as "Ali Ahmadi" where the override is obeyed


@pytest.fixture(scope="module")
def spoofed_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("invisible")
    write_small_scenario(folder)
    with (folder / "annex.csv").open("a", encoding="utf-8", newline="") as annex:
        annex.write(
            f"\n900,{OVERRIDDEN},Evin,\n901,\u200f\u200e\u200f,Evin,\n902,???,Evin,\n903,؟ - ؟,Evin,\n"
        )
    out = folder / "out"
    assert main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(out), "--quiet"]) == 0
    return out


def test_a_direction_override_is_shown_not_obeyed_in_the_workbook(spoofed_run):
    book = openpyxl.load_workbook(spoofed_run / "reconciliation.xlsx", read_only=True)
    texts = [str(v) for row in book["Annex vs reply"].iter_rows(values_only=True) for v in row if v]
    assert any("[U+202E]idamhA ilA" in text for text in texts)
    assert not any("\u202e" in text for text in texts)


def test_the_review_workbook_shows_a_direction_override_too():
    cell = openpyxl.Workbook().active["A1"]
    _set(cell, OVERRIDDEN)
    assert cell.value == "[U+202E]idamhA ilA"


def test_names_without_letters_are_set_aside_saying_so(spoofed_run):
    quality = pd.read_csv(spoofed_run / "sheet_data_quality.csv", dtype=str, keep_default_na=False)
    no_letters = quality[quality["problem"].str.contains("name has no letters")]
    assert sorted(no_letters["value"]) == sorted(["\\u200f\\u200e\\u200f", "???", "؟ - ؟"])
    persons = pd.read_csv(spoofed_run / "persons.csv", dtype=str, keep_default_na=False)
    assert not persons["record_id"].isin(["901", "902", "903"]).any()
    assert persons["record_id"].isin(["900"]).any()


def test_a_zero_width_space_inside_a_name_does_not_change_its_keys(project):
    folder = project(
        {
            "reconcile.toml": settings_text(ANNEX_LIST),
            "annex.csv": "No,Name,Place,Date\n1,Hossein Ah\u200bmadi,Evin,\n2,Hossein Ahmadi,Evin,\n"
            "3,\u2066Hossein\u2069 Ahmadi\u00ad,Evin,\n",
        }
    )
    settings = load_settings(folder / "reconcile.toml")
    records = normalize(load(settings).records, settings).records
    assert records["full_key"].nunique() == 1
    assert records["whole_name"].nunique() == 1
    assert records["name_as_written"].nunique() == 3  # shown as the list wrote it
