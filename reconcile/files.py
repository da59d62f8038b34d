"""Writing outputs safely: atomic replace, and one run at a time per folder (used by report and adjudicate).

A file is written through a temporary beside it, named `.<name>.reconcile-<8 hex>.tmp`, created with
the permissions any new file gets under the user's umask, then renamed over the target. The lock is
an advisory lock (flock) on `.reconcile.lock`: the kernel releases it when its process ends, however
it ends, so a killed run leaves no lock to take over and concurrent starts cannot both win.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from reconcile.errors import OutputLockedError, ReconcileError

LOCK_NAME = ".reconcile.lock"
TEMPORARY_MARK = ".reconcile-"
TEMPORARY = re.compile(r"\..+\.reconcile-[0-9a-f]{8}\.tmp")  # only these are ever swept
NEW_FILE_MODE = 0o666  # before the umask, as open() and every editor create files
CHUNK = 1 << 20


class OutputError(ReconcileError):
    """A file the run writes cannot be written (full disk, no permission), or may not be written there."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Refuse to start when another run holds the folder; the lock names that run's process.
    Temporaries left by a killed run are removed (no other file). A folder this run created and
    left empty (it stopped on bad input) is removed again."""
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(folder, f"cannot be created as a folder: {reason(error)}") from error
    lock = folder / LOCK_NAME
    descriptor = _acquire(lock)
    try:
        for leftover in folder.glob(".*" + TEMPORARY_MARK + "*.tmp"):
            if TEMPORARY.fullmatch(leftover.name):
                leftover.unlink(missing_ok=True)
        yield
    finally:
        # Unlinked while still held: a run that opened this file meanwhile finds, once it holds it,
        # that the name no longer leads to it, and starts again (see _acquire).
        lock.unlink(missing_ok=True)
        os.close(descriptor)
        if created:
            with contextlib.suppress(OSError):  # not empty, or another run has just begun in it
                folder.rmdir()


def _acquire(lock: Path) -> int:
    """Open and flock the lock file, or raise OutputLockedError naming the process that holds it."""
    while True:
        descriptor, writable = _open_lock(lock)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise OutputLockedError(
                f"{lock.parent} is being written by another run (process {_holder(lock)}); "
                "wait for it to finish"
            ) from None
        except OSError as error:
            os.close(descriptor)
            raise OutputError(lock, f"cannot be locked: {reason(error)}") from error
        try:
            current = os.path.samestat(os.fstat(descriptor), os.stat(lock))
        except FileNotFoundError:
            current = False
        if current and writable:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, str(os.getpid()).encode(), 0)
            return descriptor
        if current:  # a killed run's lock file that we may not write (a colleague's): put ours in its place
            try:
                lock.unlink(missing_ok=True)
            except OSError as error:
                os.close(descriptor)
                raise OutputError(
                    lock, f"a finished run's lock cannot be replaced: {reason(error)}"
                ) from error
        os.close(descriptor)  # else its run removed it meanwhile: take the one in its place


def _open_lock(lock: Path) -> tuple[int, bool]:
    """A descriptor of the lock file (created if need be) and whether we may write our process id in it."""
    for _ in range(100):
        try:
            return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, NEW_FILE_MODE), True
        except FileNotFoundError:  # the run that created the folder removed it as it ended
            lock.parent.mkdir(parents=True, exist_ok=True)
        except PermissionError as denied:
            try:
                return os.open(lock, os.O_RDONLY | os.O_CLOEXEC), False  # flock needs no write access
            except OSError:
                raise OutputError(lock, f"cannot be created: {reason(denied)}") from denied
        except OSError as error:
            raise OutputError(lock, f"cannot be created: {reason(error)}") from error
    raise OutputError(lock, "cannot be created: the folder keeps disappearing")


def _holder(lock: Path) -> str:
    for _ in range(10):  # the holder writes its process id just after taking the lock
        try:
            holder = lock.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            holder = ""
        if holder:
            return holder
        time.sleep(0.01)
    return "unknown"


def write_atomic(path: Path, write: Callable[[Path], Any]) -> Path:
    """Write through a temporary file in the same folder, then rename over the target.

    `write` is given the temporary's path. The written file has the permissions the umask gives any
    new file. Any OSError (a full disk, say) becomes an OutputError naming `path`; the target is then
    the previous file, whole, and no temporary is left.
    """
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _new_temporary(path)
        write(temporary)
        os.replace(temporary, path)
    except BaseException as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(path, f"could not be written: {reason(error)}") from error
        raise
    return path


def _new_temporary(path: Path) -> Path:
    while True:
        temporary = path.with_name(f".{path.name}{TEMPORARY_MARK}{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, NEW_FILE_MODE))
        except FileExistsError:
            continue
        return temporary


def reason(error: OSError) -> str:
    """An OSError's cause in words, without the temporary file's name."""
    return error.strerror or str(error)


def write_csv(path: Path, frame: pd.DataFrame) -> Path:
    return write_atomic(
        path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    )


def write_json(path: Path, data: Any) -> Path:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def file_digest(path: Path) -> dict[str, Any]:
    """A file's SHA-256 and size in bytes, as the manifest lists them."""
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return {"sha256": sha.hexdigest(), "bytes": size}
