"""The output folder: which folder a run may write, which of its files are the run's own, and
whether the files there are one run's whole set.

A run writes only into a folder of its own: one that does not exist yet, holds nothing but hidden
files (a fresh clone's outputs/.gitkeep), or carries the marker an earlier run left
(`.reconcile-outputs`, or a manifest.json of an earlier version). It touches only files a
previous manifest listed, and never an edited one: a file whose SHA-256 no longer matches that
manifest was changed by someone since, and is kept under another name (review.xlsx, with
decisions typed into it, is copied into the decisions folder, where the import reads it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from reconcile.adjudicate.intake import read_review_workbook
from reconcile.config import Settings
from reconcile.errors import InputError
from reconcile.files import OutputError, file_digest, reason

MANIFEST = "manifest.json"
REVIEW_WORKBOOK = "review.xlsx"
MARKER = ".reconcile-outputs"
MARKER_TEXT = (
    "This folder holds the outputs of reconcile runs; each run replaces the files manifest.json lists.\n"
)


def check_output_folder(settings: Settings, out_dir: Path) -> None:
    """Refuse an output folder whose files are not all the run's own: the settings file's folder, a
    folder holding an input list or the decisions folder, or one inside the decisions folder.

    A folder beside the inputs (inputs/ and outputs/), or inside the settings folder next to the
    lists, is accepted. Called before anything is written.
    """
    out = out_dir.resolve()
    problem = None
    decisions = settings.decisions_folder.resolve()
    if out == settings.folder:
        problem = f"it is the settings file's folder {settings.folder}"
    elif held := [spec for spec in settings.lists if spec.path.parent.is_relative_to(out)]:
        problem = f"it holds the input list '{held[0].id}' ({held[0].path})"
    elif decisions.is_relative_to(out) or out.is_relative_to(decisions):
        where = "is" if out == decisions else "holds" if decisions.is_relative_to(out) else "lies inside"
        problem = f"it {where} the decisions folder {decisions}"
    if problem:
        raise OutputError(
            out_dir,
            f"cannot be the output folder: {problem}; choose a folder of its own, "
            "e.g. 'outputs' beside the settings folder",
        )


def verify_outputs(out_dir: Path) -> list[str]:
    """What keeps the files in `out_dir` from being one run's whole, unchanged set; empty when they are."""
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"{path} is missing: the run that wrote {out_dir} did not finish; run again"]
    except (OSError, ValueError) as error:
        return [f"{path} cannot be read ({error}); run again"]
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not data.get("run_id"):
        return [f"{path} names no run id or file hashes (an older version wrote it); run again"]
    problems = []
    for name, listed in files.items():
        target = out_dir / name
        if not _plain_name(name):
            problems.append(f"{path} lists {name!r}, which is not a file of the folder")
            continue
        try:
            found = file_digest(target)
        except FileNotFoundError:
            problems.append(f"{target} is missing, though {MANIFEST} lists it")
            continue
        except OSError as error:
            problems.append(f"{target} cannot be read ({reason(error)})")
            continue
        if found != listed:
            problems.append(f"{target} is not the file run {data['run_id']} wrote (its SHA-256 differs)")
    return problems


def complete_run_id(out_dir: Path) -> str:
    """The run id of the whole, unchanged set of outputs in `out_dir`; OutputError naming what is wrong."""
    problems = verify_outputs(out_dir)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise OutputError(out_dir, f"not one run's whole set of outputs: {problems[0]}{more}")
    return str(json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["run_id"])


def listed(manifest_path: Path) -> set[str]:
    """The files an earlier run's manifest lists (a list of names in older versions); none if unreadable."""
    data = _read(manifest_path)
    files: Any = data.get("files", []) if isinstance(data, dict) else []
    if not isinstance(files, dict | list):
        return set()
    return {name for name in files if isinstance(name, str) and _plain_name(name) and name != MANIFEST}


def _plain_name(name: str) -> bool:
    return name not in {"", ".", ".."} and Path(name).name == name and "\\" not in name


def claim_output_folder(out_dir: Path) -> None:
    """Refuse a folder that holds files reconcile did not write; mark the folder as the runs' own.

    Called under the folder's lock, before anything else is written there."""
    if out_dir.is_dir() and not (out_dir / MARKER).exists() and not _written_by_reconcile(out_dir / MANIFEST):
        visible = sorted(p.name for p in out_dir.iterdir() if not p.name.startswith("."))
        if visible:
            raise OutputError(
                out_dir,
                f"cannot be the output folder: it holds files reconcile did not write ({', '.join(visible[:3])}"
                + (", ..." if len(visible) > 3 else "")
                + "); choose an empty folder, or the folder of an earlier run",
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    marker = out_dir / MARKER
    if not marker.exists():
        marker.write_text(MARKER_TEXT, encoding="utf-8")


def keep_edited_outputs(out_dir: Path, decisions_folder: Path) -> list[str]:
    """Keep the files an earlier run wrote and someone changed since, before this run replaces them.

    A changed review.xlsx (decisions typed into the output itself) is copied into the decisions
    folder; any other changed file is renamed `<name>.edited-<run id><suffix>`. Returns one line
    per file kept, for the run's summary."""
    manifest = _read(out_dir / MANIFEST)
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        return []
    run_id = str(manifest.get("run_id", "earlier"))
    kept = []
    for name, digest in files.items():
        target = out_dir / name
        if not (isinstance(name, str) and _plain_name(name) and target.is_file()):
            continue
        try:
            if file_digest(target) == digest:
                continue
            if name == REVIEW_WORKBOOK:
                if not _holds_decisions(target):
                    continue  # opened and saved again, nothing decided: nothing to keep
                copy = decisions_folder / f"review-edited-{run_id}.xlsx"
                decisions_folder.mkdir(parents=True, exist_ok=True)
                if not copy.exists():
                    shutil.copy2(target, copy)
                kept.append(
                    f"{target} was edited since run {run_id}: copied to {copy} to import its decisions"
                )
            else:
                renamed = target.with_name(f"{target.stem}.edited-{run_id}{target.suffix}")
                target.rename(renamed)
                kept.append(f"{target} was edited since run {run_id}: kept as {renamed.name}")
        except OSError as error:
            raise OutputError(
                target, f"was edited since run {run_id} and cannot be kept ({reason(error)})"
            ) from error
    return kept


def _holds_decisions(review: Path) -> bool:
    """Whether a review workbook holds a decision; a damaged one is kept in case it does."""
    try:
        return not read_review_workbook(review, None).empty
    except InputError:
        return True


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _written_by_reconcile(manifest_path: Path) -> bool:
    """A manifest.json as reconcile writes it (also of earlier versions, before the marker)."""
    data = _read(manifest_path)
    return isinstance(data, dict) and "settings_sha256" in data and "files" in data
