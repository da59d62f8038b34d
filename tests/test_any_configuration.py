"""Property: any valid configuration runs to the end or stops with one clear line, never a traceback.

Generated projects (tests/configurations.py) go through the linkage stages directly, many of
them, and through the command line as a user runs it, fewer (writing the reports costs most of
a small run). A run that ends well has accounted for every row it read: each is a record or was
set aside, and each record has a person.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings

from reconcile.cli import main
from reconcile.config import load_settings
from reconcile.errors import ReconcileError
from reconcile.pipeline import run
from tests.configurations import ListDraw, projects, write_project


def _examples(count: int) -> settings:
    return settings(
        max_examples=count, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
    )


@_examples(200)
@given(projects)
def test_any_configuration_links_or_stops_with_a_clear_error(lists):
    with _project(lists) as (config, rows_written):
        try:
            result = run(load_settings(config))
        except ReconcileError as error:
            assert str(error) and "\n" not in str(error)
            return
        counts = result.inputs.set_index("list_id")
        assert counts["rows_read"].to_dict() == rows_written
        assert (counts["records"] + counts["quarantined"] == counts["rows_read"]).all()
        assert len(result.persons) == len(result.records) == counts["records"].sum()


@_examples(50)
@given(projects)
def test_any_configuration_runs_or_stops_with_one_clear_line(lists):
    with _project(lists) as (config, rows_written):
        out = config.parent.parent / "out"
        error = io.StringIO()
        with contextlib.redirect_stderr(error), contextlib.redirect_stdout(io.StringIO()):
            code = main(["run", "--config", str(config), "--out", str(out), "--quiet"])
        if code != 0:
            message = error.getvalue().strip()
            assert code == 2 and message.startswith("reconcile: error: ") and "\n" not in message
            assert not out.exists()  # stopped before writing anything
            return
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["inputs"]:
            assert entry["rows_read"] == rows_written[entry["list_id"]]
            assert entry["records"] + entry["quarantined"] == entry["rows_read"]
        persons = pd.read_csv(out / "persons.csv", dtype=str, keep_default_na=False)
        assert len(persons) == sum(entry["records"] for entry in manifest["inputs"])
        assert (persons["person_id"] != "").all()


@contextlib.contextmanager
def _project(lists: list[ListDraw]):
    """The drawn project in a fresh folder (hypothesis reuses a test's tmp_path between examples)."""
    folder = Path(tempfile.mkdtemp(prefix="reconcile-config-"))
    try:
        yield folder / "project" / "reconcile.toml", write_project(folder / "project", lists)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
