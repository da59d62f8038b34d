"""A run touches only files that are its own, writes them as any file would be written, leaves a set
that is whole or visibly not, and holds its folder alone."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reconcile.cli import main
from reconcile.config import load_settings
from reconcile.errors import ConfigError, OutputLockedError
from reconcile.files import LOCK_NAME, output_lock, write_atomic
from reconcile.report import check_output_folder, verify_outputs
from tests.conftest import ANNEX_LIST, settings_text
from tests.small_scenario import write_small_scenario


def _run(config: Path, out: Path) -> int:
    return main(["run", "--config", str(config), "--out", str(out), "--quiet"])


def _listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    line = capsys.readouterr().err.strip()
    assert line.startswith("reconcile: error: ") and "\n" not in line and "Traceback" not in line
    return line


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    """One whole run of the small scenario under umask 022, its stdout and the order files were renamed in."""
    folder = tmp_path_factory.mktemp("complete")
    write_small_scenario(folder)
    out = folder / "out"
    renamed: list[str] = []
    replace = os.replace

    def recording(source, target):
        renamed.append(Path(target).name)
        return replace(source, target)

    stdout = io.StringIO()
    previous = os.umask(0o022)
    try:
        with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(stdout):
            patch.setattr(os, "replace", recording)
            assert _run(folder / "reconcile.toml", out) == 0
    finally:
        os.umask(previous)
    return folder, out, stdout.getvalue(), renamed


def _copy(complete, tmp_path: Path) -> tuple[Path, Path]:
    """A project folder holding a copy of the complete run's outputs, to run or tamper with."""
    folder, out, _, _ = complete
    project = tmp_path / "project"
    shutil.copytree(folder, project)
    return project / "reconcile.toml", project / "out"


# --- 2. the files a run may touch are its own ------------------------------------------------------------


def _project(tmp_path: Path, list_path: str = "annex.csv") -> Path:
    """A settings folder with one list (at `list_path`) and a user's files beside it."""
    project = tmp_path / "project"
    target = project / list_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("No,Name,Place,Date\n1,Ali Rezai,Evin,1988-08-01\n", encoding="utf-8")
    (project / ".notes.tmp").write_text("the user's own notes\n", encoding="utf-8")
    (project / "reconcile.toml").write_text(
        settings_text(ANNEX_LIST.replace('path = "annex.csv"', f'path = "{list_path}"')), encoding="utf-8"
    )
    return project


@pytest.mark.parametrize(
    ("list_path", "out", "why"),
    [
        ("sheet_annex.csv", ".", "settings file's folder"),  # the held-out case: --out .
        ("annex.csv", "..", "input list"),  # holds the folder of a list
        ("lists/annex.csv", "lists", "input list"),
        ("lists/annex.csv", "lists/..", "settings file's folder"),
        ("annex.csv", "decisions", "decisions folder"),
        ("annex.csv", "decisions/out", "decisions folder"),
    ],
)
def test_an_output_folder_holding_inputs_or_decisions_is_refused_before_anything_is_written(
    tmp_path, capsys, list_path, out, why
):
    project = _project(tmp_path, list_path)
    (project / "decisions").mkdir()
    (project / "decisions" / "notes.txt").write_text("kept\n", encoding="utf-8")
    before = _listing(tmp_path)
    assert _run(project / "reconcile.toml", project / out) == 2
    line = _one_error_line(capsys)
    assert "output folder" in line and why in line
    assert _listing(tmp_path) == before  # nothing written, nothing removed
    assert sorted(p.name for p in (project / "decisions").iterdir()) == ["notes.txt"]


def test_an_output_folder_beside_the_inputs_is_accepted(tmp_path):
    """The default layout: inputs/reconcile.toml with its lists, outputs/ next to it (or inside it)."""
    project = _project(tmp_path, "lists/annex.csv")
    settings = load_settings(project / "reconcile.toml")
    for out in (tmp_path / "outputs", project / "out", project / "lists" / "out"):
        check_output_folder(settings, out)


def test_a_run_removes_an_earlier_runs_sheet_but_never_a_users_file(complete, tmp_path):
    config, out = _copy(complete, tmp_path)
    assert (out / "sheet_claim_released.csv").is_file()
    reply = config.parent / "reply.csv"  # no reply row claims a release any more
    reply.write_text(
        reply.read_text(encoding="utf-8").replace("Released from prison in 1986", "Alive"), encoding="utf-8"
    )
    users = {"sheet_annex.csv": "No,Name\n", ".notes.tmp": "notes\n", "persons_old.csv": "x\n"}
    for name, text in users.items():
        (out / name).write_text(text, encoding="utf-8")
    assert _run(config, out) == 0
    assert not (out / "sheet_claim_released.csv").exists()
    for name, text in users.items():
        assert (out / name).read_text(encoding="utf-8") == text
    assert verify_outputs(out) == []


def test_the_lock_sweeps_only_its_own_temporaries(tmp_path):
    own = tmp_path / ".persons.csv.reconcile-5f3a9c0e.tmp"  # left by a run killed mid-write
    users = [tmp_path / ".notes.tmp", tmp_path / ".persons.csv.tmp", tmp_path / "draft.reconcile-1.tmp"]
    for path in [own, *users]:
        path.write_text("x", encoding="utf-8")
    with output_lock(tmp_path):
        pass
    assert not own.exists()
    assert all(path.exists() for path in users)


def test_an_interrupted_write_leaves_only_a_temporary_the_lock_recognizes(tmp_path):
    script = (
        "import os, pathlib\nfrom reconcile.files import write_atomic\n"
        "def crash(t):\n    t.write_text('half', encoding='utf-8')\n    os.kill(os.getpid(), 9)\n"
        f"write_atomic(pathlib.Path({str(tmp_path / 'persons.csv')!r}), crash)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[1], check=False)
    assert [p.name.startswith(".persons.csv.") for p in tmp_path.iterdir()] == [True]
    with output_lock(tmp_path):
        pass
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "value", ["../shared", "sub/../../shared", "/srv/shared/decisions", "link/decisions"]
)
def test_the_decisions_folder_cannot_leave_the_settings_folder(tmp_path, value):
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "link").symlink_to(tmp_path, target_is_directory=True)
    (project / "reconcile.toml").write_text(
        settings_text(ANNEX_LIST, f'[review]\ndecisions_folder = "{value}"'), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="allow_paths_outside") as raised:
        load_settings(project / "reconcile.toml")
    assert raised.value.key == "review.decisions_folder"


def test_a_decisions_folder_outside_is_allowed_only_when_said(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "reconcile.toml").write_text(
        settings_text(ANNEX_LIST, 'allow_paths_outside = true\n[review]\ndecisions_folder = "../shared"'),
        encoding="utf-8",
    )
    assert (
        load_settings(project / "reconcile.toml").decisions_folder.resolve() == tmp_path.resolve() / "shared"
    )


# --- permissions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_written_file_gets_the_permissions_the_umask_gives_any_new_file(tmp_path, mask, mode):
    target = tmp_path / "ledger.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    previous = os.umask(mask)
    try:
        write_atomic(target, lambda temporary: temporary.write_text("new\n", encoding="utf-8"))
        write_atomic(tmp_path / "new.csv", lambda temporary: temporary.write_text("new\n", encoding="utf-8"))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == mode


def test_every_output_of_a_run_is_readable_by_colleagues_under_umask_022(complete):
    _, out, _, _ = complete
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert modes and set(modes.values()) == {0o644}, modes


# --- 3. one set or visibly not ----------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_manifest_names_the_run_and_every_files_hash_and_size(complete):
    _, out, stdout, _ = complete
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run_id = manifest["run_id"]
    files = manifest["files"]
    assert set(files) == {p.name for p in out.iterdir()} - {"manifest.json", ".reconcile-outputs"}
    assert {"reconciliation.xlsx", "review.xlsx", "persons.csv", "pairs.csv"} <= set(files)
    for name, entry in files.items():
        assert entry == {"sha256": _sha256(out / name), "bytes": (out / name).stat().st_size}, name
    about = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)["About"]
    assert ("run id", run_id) in [tuple(row[:2]) for row in about.iter_rows(values_only=True)]
    review = openpyxl.load_workbook(out / "review.xlsx")
    assert run_id in {cell for row in review["manifest"].iter_rows(values_only=True) for cell in row}
    about_csv = pd.read_csv(out / "sheet_about.csv", dtype=str).set_index("item")["value"]
    assert about_csv["run id"] == run_id
    assert f"run {run_id}" in stdout and "complete" in stdout
    assert verify_outputs(out) == []


def test_the_manifest_is_written_last(complete):
    _, _, _, renamed = complete
    assert renamed[-1] == "manifest.json"
    assert "review.xlsx" in renamed and renamed.count("manifest.json") == 1


def test_a_run_killed_while_writing_leaves_no_manifest_and_evaluate_refuses(complete, tmp_path, capsys):
    config, out = _copy(complete, tmp_path)
    replace = os.replace

    def killed(source, target):
        if Path(target).name == "persons.csv":
            raise KeyboardInterrupt  # stands for the kill: no code of the run's runs after it
        return replace(source, target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", killed)
        assert _run(config, out) == 130  # interrupted, said in one line
    assert not (out / "manifest.json").exists()
    problems = verify_outputs(out)
    assert problems and "manifest.json" in problems[0]
    capsys.readouterr()
    _evaluate_refuses(config, out, capsys, "manifest.json")


def test_a_changed_output_is_found_and_evaluate_refuses(complete, tmp_path, capsys):
    config, out = _copy(complete, tmp_path)
    with (out / "persons.csv").open("a", encoding="utf-8") as persons:
        persons.write("annex,999,P999\n")
    assert any("persons.csv" in problem for problem in verify_outputs(out))
    _evaluate_refuses(config, out, capsys, "persons.csv")


def _evaluate_refuses(config: Path, out: Path, capsys: pytest.CaptureFixture[str], naming: str) -> None:
    truth = config.parent / "truth.csv"
    code = main(["evaluate", "--truth", str(truth), "--out", str(out), "--config", str(config)])
    assert code == 2
    assert naming in _one_error_line(capsys)


def test_a_full_disk_ends_with_one_line_naming_the_file_and_no_manifest(complete, tmp_path, capsys):
    config, out = _copy(complete, tmp_path)
    to_csv = pd.DataFrame.to_csv

    def full(self, path=None, *args, **kwargs):
        if ".persons.csv." in str(path):
            Path(path).write_text("list_id,rec", encoding="utf-8")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return to_csv(self, path, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pd.DataFrame, "to_csv", full)
        code = _run(config, out)
    assert code == 2
    line = _one_error_line(capsys)
    assert "persons.csv" in line and "No space left on device" in line and ".tmp" not in line
    assert not (out / "manifest.json").exists()
    left = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert left == [".reconcile-outputs"]  # no temporary, no lock: only the mark of the folder as the runs'
    assert verify_outputs(out)


# --- 7. one run at a time, stale lock included ------------------------------------------------------

CONTENDERS, TRIALS = 3, 200  # on the old unlink-and-recreate lock, two held it together in most such runs


def _contend(folder, barrier, start, holding, most, errors) -> None:
    for _ in range(TRIALS):
        barrier.wait(timeout=20)  # the parent has left a stale lock and set a start time just ahead
        while time.monotonic() < start.value:  # sleeping would wake the contenders one by one
            pass
        try:
            with output_lock(folder):
                with holding.get_lock():
                    holding.value += 1
                    most.value = max(most.value, holding.value)
                time.sleep(0.002)
                with holding.get_lock():
                    holding.value -= 1
        except OutputLockedError:
            pass
        except BaseException as error:  # a FileExistsError traceback, say
            errors.put(repr(error))
        barrier.wait(timeout=20)


def test_runs_starting_at_once_against_a_stale_lock_never_hold_it_together(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(CONTENDERS + 1)
    start, holding, most = context.Value("d", 0.0), context.Value("i", 0), context.Value("i", 0)
    errors = context.Queue()
    workers = [
        context.Process(target=_contend, args=(tmp_path, barrier, start, holding, most, errors))
        for _ in range(CONTENDERS)
    ]
    for worker in workers:
        worker.start()
    try:
        for _ in range(TRIALS):
            (tmp_path / LOCK_NAME).write_text(dead.stdout.strip())  # left by a killed run
            start.value = time.monotonic() + 0.003
            barrier.wait(timeout=20)
            barrier.wait(timeout=20)
    finally:
        for worker in workers:
            worker.join(timeout=20)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []
    assert most.value == 1


def test_a_lock_held_by_a_live_process_is_refused_naming_it(tmp_path):
    script = (
        "import sys, pathlib\nfrom reconcile.files import output_lock\n"
        f"with output_lock(pathlib.Path({str(tmp_path)!r})):\n    print('held', flush=True)\n    sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=Path(__file__).parents[1],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputLockedError, match=f"process {holder.pid}"), output_lock(tmp_path):
            pass
    finally:
        holder.communicate("")
    with output_lock(tmp_path):  # released when the holder ended
        assert (tmp_path / LOCK_NAME).read_text() == str(os.getpid())
