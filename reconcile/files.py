"""Writing outputs safely: atomic replace, and one run at a time per folder (used by report and adjudicate)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from reconcile.errors import OutputLockedError

LOCK_NAME = ".reconcile.lock"
TEMPORARY_SUFFIX = ".tmp"


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Refuse to start when another run holds the folder; the lock names that run's process.
    A folder this run created and left empty (it stopped on bad input) is removed again."""
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    try:
        descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        holder = lock.read_text(encoding="utf-8", errors="replace").strip() or "unknown"
        if holder.isdigit() and not _alive(int(holder)):
            lock.unlink(missing_ok=True)  # left by a run that was killed; safe to take over
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        else:
            raise OutputLockedError(
                f"{folder} is being written by another run (process {holder}); wait for it to finish, "
                f"or delete {lock} if no run is going on"
            ) from None
    try:
        os.write(descriptor, str(os.getpid()).encode())
        os.close(descriptor)
        for leftover in folder.glob(".*" + TEMPORARY_SUFFIX):  # from a run killed mid-write
            leftover.unlink(missing_ok=True)
        yield
    finally:
        lock.unlink(missing_ok=True)
        if created and not any(folder.iterdir()):
            folder.rmdir()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path: Path, write: Callable[[Path], Any]) -> Path:
    """Write through a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix="." + path.name + ".", suffix=TEMPORARY_SUFFIX, dir=path.parent
    )
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_csv(path: Path, frame: pd.DataFrame) -> Path:
    return write_atomic(
        path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    )


def write_json(path: Path, data: Any) -> Path:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
