"""The round trip on a real run of the small scenario: export, decide, import, apply, cluster."""

from __future__ import annotations

import pandas as pd
import pytest

from reconcile.adjudicate import (
    current_decisions,
    import_decisions,
    project_id,
    queue_movement,
    read_ledger,
    review_order,
    write_review_workbook,
)
from reconcile.cli import main
from reconcile.cluster import cluster
from reconcile.config import load_settings
from reconcile.pipeline import run
from reconcile.status import decide_status
from tests.adjudicate_data import fill
from tests.small_scenario import write_small_scenario


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    write_small_scenario(folder)
    settings = load_settings(folder / "reconcile.toml")
    return settings, run(settings)


def test_decided_pairs_leave_the_queue_and_take_their_decision_in_pairs_and_persons(result, tmp_path):
    settings, first = result
    project = project_id((spec.id, spec.title) for spec in settings.lists)
    queue = review_order(first.pairs[first.pairs["status"] == "review"])
    assert len(queue) >= 2
    path = write_review_workbook(
        tmp_path / "review.xlsx", queue, first.records, "run-1", False, project_id=project
    )
    a, b = queue.iloc[0], queue.iloc[1]
    fill(
        path,
        {
            (a["record_id_l"], a["record_id_r"]): ("same", "Ana", ""),
            (b["record_id_l"], b["record_id_r"]): ("different", "Ana", ""),
        },
    )
    decisions_folder = tmp_path / "decisions"
    decisions_folder.mkdir()
    path.rename(decisions_folder / path.name)
    assert import_decisions(decisions_folder, decisions_folder / "ledger.csv", project).added == 2

    # The next run: same records, the model's pairs, then the decisions.
    decided = current_decisions(read_ledger(decisions_folder / "ledger.csv"), first.records)
    roles = {spec.id: spec.role for spec in settings.lists}
    pairs = decide_status(first.pairs, decided, roles, settings.linkage)
    key = ["list_id_l", "record_id_l", "list_id_r", "record_id_r"]
    decided_keys = set(decided[key].itertuples(index=False, name=None))
    still = pairs[pairs["status"] == "review"][key].itertuples(index=False, name=None)
    assert not decided_keys & set(still)
    by_key = pairs.set_index(key)
    assert (
        by_key.loc[tuple(a[key]), "status"] == "match"
        and by_key.loc[tuple(a[key]), "match_probability"] == 1.0
    )
    assert by_key.loc[tuple(b[key]), "status"] == "non-match"
    persons, _ = cluster(first.records, pairs)
    person = dict(
        zip(zip(persons["list_id"], persons["record_id"], strict=True), persons["person_id"], strict=True)
    )
    assert person[(a["list_id_l"], a["record_id_l"])] == person[(a["list_id_r"], a["record_id_r"])]
    assert person[(b["list_id_l"], b["record_id_l"])] != person[(b["list_id_r"], b["record_id_r"])]
    # Nothing but the decisions changed here, so an undecided pair moved only as a rival of a decided
    # one: sharing a record with it. (The run's pairs went on through clustering, which moves
    # statuses too: the same pairs decided without decisions compare.)
    undecided = decide_status(first.pairs, decided.iloc[:0], roles, settings.linkage)
    moved = undecided[key + ["status"]].merge(pairs[key + ["status"]], on=key, suffixes=("", "_now"))
    moved = moved[
        (moved["status"] != moved["status_now"]) & ~moved[key].apply(tuple, axis=1).isin(decided_keys)
    ]
    decided_records = {(d[0], d[1]) for d in decided_keys} | {(d[2], d[3]) for d in decided_keys}
    for row in moved.itertuples(index=False):
        assert {(row.list_id_l, row.record_id_l), (row.list_id_r, row.record_id_r)} & decided_records
    movement = queue_movement(undecided, pairs, decided)
    assert movement.entered + movement.left == sum(
        (moved["status"] == "review") | (moved["status_now"] == "review")
    )
    assert isinstance(pairs, pd.DataFrame) and len(pairs) == len(first.pairs)


def test_a_bad_list_stops_the_run_before_the_ledger_is_appended(tmp_path):
    """The decisions wait in their workbook: nothing reaches the ledger of a run that cannot run."""
    write_small_scenario(tmp_path)
    command = ["run", "--config", str(tmp_path / "reconcile.toml"), "--out", str(tmp_path / "out"), "--quiet"]
    assert main(command) == 0
    queue = pd.read_excel(tmp_path / "out" / "review.xlsx", sheet_name="Review", dtype=str)
    first = (queue["A id"].iloc[0], queue["B id"].iloc[0])
    (tmp_path / "decisions").mkdir()
    fill(tmp_path / "out" / "review.xlsx", {first: ("same", "Ana", "")}, tmp_path / "decisions" / "ana.xlsx")
    annex = (tmp_path / "annex.csv").read_text(encoding="utf-8")
    (tmp_path / "annex.csv").write_text(annex.replace("No,Name,", "No,Nom,", 1), encoding="utf-8")
    assert main(command) == 2
    assert not (tmp_path / "decisions" / "ledger.csv").exists()
    (tmp_path / "annex.csv").write_text(annex, encoding="utf-8")
    assert main(command) == 0
    assert read_ledger(tmp_path / "decisions" / "ledger.csv")["decision"].tolist() == ["same"]
