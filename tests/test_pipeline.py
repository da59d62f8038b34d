"""End to end on a small generated scenario: the stages together, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from reconcile.cli import main
from reconcile.cluster import IMPLIED_NOTE
from reconcile.evaluate import evaluate
from tests.small_scenario import write_small_scenario


@pytest.fixture(scope="module")
def run_once(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    expected = write_small_scenario(folder)
    assert (
        main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(folder / "out"), "--quiet"])
        == 0
    )
    return folder, expected


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_every_record_gets_one_person_and_ids_are_stable(run_once, tmp_path):
    folder, _ = run_once
    persons = _read(folder / "out" / "persons.csv")
    truth = _read(folder / "truth.csv")
    assert sorted(zip(persons.list_id, persons.record_id, strict=True)) == sorted(
        zip(truth.list_id, truth.record_id, strict=True)
    )
    assert main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(tmp_path), "--quiet"]) == 0
    again = _read(tmp_path / "persons.csv")
    assert again.equals(persons)


def test_automatic_links_are_right_and_find_most_true_pairs(run_once):
    folder, _ = run_once
    persons = _read(folder / "out" / "persons.csv")
    pairs = _read(folder / "out" / "pairs.csv")
    scores = evaluate(persons, pairs, _read(folder / "truth.csv"))["overall"]
    assert scores.precision == 1.0
    assert scores.recall >= 0.6


def test_annex_names_answered_by_the_reply_link_to_their_reply_row(run_once):
    folder, _ = run_once
    persons = _read(folder / "out" / "persons.csv").set_index(["list_id", "record_id"])["person_id"]
    # Persons 4-23 are on the annex (number n + 1) and answered by reply row R<n>.
    for n in range(4, 24):
        assert persons[("annex", str(n + 1))] == persons[("reply", f"R{n:03d}")], n
    # Persons 0-3 are never answered: their annex records share a person with no reply row.
    reply_persons = set(persons.xs("reply", level="list_id"))
    assert all(persons[("annex", str(n + 1))] not in reply_persons for n in range(4))


def test_pairs_carry_keys_probability_status_and_a_reason(run_once):
    folder, _ = run_once
    pairs = _read(folder / "out" / "pairs.csv")
    for column in (
        "list_id_l",
        "record_id_l",
        "list_id_r",
        "record_id_r",
        "match_probability",
        "status",
        "reason",
    ):
        assert column in pairs
    assert set(pairs.status) <= {"match", "review", "non-match"}
    linked = pairs[pairs.status == "match"]
    assert (linked.reason != "").all()
    # A pair is linked on its own probability, or because other links already joined its records.
    direct = linked[linked.assignment_note != IMPLIED_NOTE]
    assert direct.match_probability.astype(float).min() >= 0.95


def test_pairs_csv_lists_the_pairs_that_matter_and_the_manifest_counts_the_rest(run_once):
    folder, _ = run_once
    pairs = _read(folder / "out" / "pairs.csv")
    manifest = json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))
    # Below the probability that earns a reason (0.02 by default) a non-match pair is not listed.
    unlisted = (pairs.status == "non-match") & (pairs.match_probability.astype(float) < 0.02)
    assert not (unlisted & (pairs.decision.fillna("") == "")).any()
    assert manifest["pairs"]["in_pairs_csv"] == len(pairs) < manifest["pairs"]["candidates"]


def test_bad_settings_end_with_one_clear_line_and_exit_code_2(tmp_path, capsys):
    (tmp_path / "reconcile.toml").write_text(
        '[[lists]]\nid = "x"\nrole = "judge"\npath = "x.csv"\n[lists.columns]\n'
    )
    assert main(["run", "--config", str(tmp_path / "reconcile.toml"), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert error[-1].startswith("reconcile: error: ") and "lists.x.role" in error[-1]
    assert not (tmp_path / "out").exists()


def test_a_missing_column_stops_the_run_before_anything_is_written(run_once, tmp_path, capsys):
    folder, _ = run_once
    settings = (
        (folder / "reconcile.toml").read_text(encoding="utf-8").replace('place = "Place"', 'place = "Lieu"')
    )
    (tmp_path / "reconcile.toml").write_text(settings, encoding="utf-8")
    for name in ("annex.csv", "reply.csv", "memorial.csv"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    assert (
        main(["run", "--config", str(tmp_path / "reconcile.toml"), "--out", str(tmp_path / "out"), "--quiet"])
        == 2
    )
    assert "column 'Lieu' (mapped to place)" in capsys.readouterr().err
    # Not even an empty folder is left behind, for outputs or for decisions.
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "decisions").exists()


def test_pairs_beyond_the_memory_budget_stop_the_run_before_any_output(tmp_path, capsys):
    write_small_scenario(tmp_path)
    with (tmp_path / "reconcile.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[limits]\nmemory_mb = 0.001\n")
    out = tmp_path / "out"
    assert main(["run", "--config", str(tmp_path / "reconcile.toml"), "--out", str(out), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert "limits.memory_mb" in error and "candidate pairs would need" in error
    assert "of the blocking pass '" in error
    assert not list(out.glob("*.csv")) and not list(out.glob("*.xlsx"))
