"""A run touches only files that are its own, writes them as any file would be written, leaves a set
that is whole or visibly not, and holds its folder alone."""

from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reconcile.config import load_settings
from reconcile.errors import ConfigError, OutputLockedError
from reconcile.files import LOCK_NAME, output_lock, write_atomic
from tests.conftest import ANNEX_LIST, settings_text


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
