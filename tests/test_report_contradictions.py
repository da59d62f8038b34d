"""`report.allegations_record_execution`: Contradictions may count the allegation lists (the UN
reports) as records of execution, beside the corroborating lists; by default it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.cli import main
from reconcile.config import load_settings
from reconcile.errors import ConfigError
from reconcile.read import read_plain_csv
from tests.small_scenario import write_small_scenario

ON = "\n[report]\nallegations_record_execution = true\n"


def _settings(folder: Path, report: str) -> Path:
    write_small_scenario(folder)
    path = folder / "reconcile.toml"
    path.write_text(path.read_text(encoding="utf-8") + report, encoding="utf-8")
    return path


def test_allegation_lists_count_as_records_of_execution_when_set(tmp_path):
    settings = _settings(tmp_path, ON)
    assert main(["run", "--config", str(settings), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    table = read_plain_csv(tmp_path / "out" / "sheet_contradictions.csv")
    from_annex = table[table["source_list"] == "annex"]
    # Person 4 is on the annex and answered "alive" (R004): the annex now records the execution.
    line = from_annex[from_annex["record_id"] == "R004"].iloc[0]
    assert line["conflict"] == "reply says alive; annex records the execution"
    assert (line["source_record"], line["source_place"]) == ("5", "Meched")
    # "Not recognized" answers the annex itself: the annex cannot contradict it.
    assert not (from_annex["claim"] == "not_recognized").any()
    assert {"memorial", "annex"} == set(table["source_list"])
    summary = read_plain_csv(tmp_path / "out" / "sheet_summary.csv").set_index("item")
    assert "reply rows contradicted by a corroborating or an allegation list" in summary.index


def test_the_setting_must_be_true_or_false(tmp_path):
    settings = _settings(tmp_path, '\n[report]\nallegations_record_execution = "yes"\n')
    with pytest.raises(ConfigError, match="report.allegations_record_execution.*must be a bool"):
        load_settings(settings)
