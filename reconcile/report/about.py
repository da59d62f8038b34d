"""Provenance: the About sheet (inputs, settings, versions, how to read) and manifest.json."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import platform
from collections.abc import Mapping, Sequence
from importlib import metadata

import pandas as pd

from reconcile.pipeline import RunResult
from reconcile.report.records import SOURCES_MEANING
from reconcile.report.summary import Line
from reconcile.report.tables import listed_pairs
from reconcile.report.workbook import Sheet
from reconcile.schema import LIST_ID

PACKAGES = (
    "reconcile",
    "pandas",
    "numpy",
    "recordlinkage",
    "jellyfish",
    "rapidfuzz",
    "openpyxl",
    "jdatetime",
    "matplotlib",
)
READING_GUIDE = (
    (
        "how to read",
        "Summary opens with the headline: the persons named by an allegation list, by the reply's "
        "answer and by the number of independent sources naming them, the counts the run cannot be "
        "sure of marked uncertain. Then come the counts per list (named by its title) with their "
        "arithmetic; a count or sheet name in blue links to the sheet listing those rows. Every sheet "
        "has a filter on its header row, and each field of a record has a column of its own.",
    ),
    (
        "status",
        "match: the two records were linked automatically (one person); review: a pair awaits a human "
        "decision (see Review queue); none: no link was found.",
    ),
    (
        "match_probability",
        "the model's probability that two records name the same person (Fellegi–Sunter with "
        "one-counterpart-per-reply-row); empty when two records were linked only through a "
        "third one. Shaded red (0) to green (1).",
    ),
    (
        "claim",
        "the category of the reply's comment, from the claim patterns in the settings; 'unclassified' means "
        "no pattern matched (the comment is shown verbatim and counted in Data quality).",
    ),
    ("independent_sources", SOURCES_MEANING),
    (
        "machine copies",
        "each sheet is also a CSV file (sheet_<name>.csv, UTF-8, text verbatim: import it as text, "
        "do not double-click it into a spreadsheet); pairs.csv holds every pair linked, in review, "
        "decided or at least as likely as linkage.explain_from_probability, with the reason only for "
        "match and review pairs (the other candidate pairs are counted in manifest.json); "
        "manifest.json holds every Summary count.",
    ),
    (
        "one set of files",
        "every file of one run names the same run id: this sheet, review.xlsx (its manifest sheet) and "
        "manifest.json, which lists each file with its SHA-256 and size; manifest.json is written last "
        "and removed first, so a folder without it holds an incomplete set. `reconcile run` checks the "
        "files against it as it ends, `reconcile evaluate` before reading them.",
    ),
)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def about_table(result: RunResult, sheets: Sequence[Sheet], created: str, run_id: str) -> pd.DataFrame:
    settings = result.settings
    rows = [
        ("title", settings.title),
        ("run id", run_id),
        ("created", created),
        ("settings file", str(settings.source)),
    ]
    rows += [
        (
            f"input {r[LIST_ID]}",
            f"{r['file']} ({r['role']}; {r['records']:,} records, {r['quarantined']:,} "
            f"set aside; sha256 {r['sha256'][:16]}…)",
        )
        for _, r in result.inputs.iterrows()
    ]
    rows += [(f"setting linkage.{k}", str(v)) for k, v in dataclasses.asdict(settings.linkage).items()]
    rows += [(f"version of {k}", v) for k, v in versions().items()]
    rows += list(READING_GUIDE)
    rows += [(f"sheet {sheet.name}", sheet.description) for sheet in sheets]
    return pd.DataFrame(rows, columns=["item", "value"])


def manifest(
    result: RunResult,
    lines: Sequence[Line],
    created: str,
    run_id: str,
    files: Mapping[str, Mapping[str, object]],
) -> dict[str, object]:
    """What the run read, how it was set, what it counted, and every file it wrote (`files`: name ->
    sha256 and bytes), all under its run id."""
    settings = result.settings
    listed = listed_pairs(result.pairs)
    return {
        "run_id": run_id,
        "created": created,
        "title": settings.title,
        "settings_file": str(settings.source),
        "settings_sha256": hashlib.sha256(settings.source.read_bytes()).hexdigest(),
        "thresholds": {
            "match": settings.linkage.match_threshold,
            "review": settings.linkage.review_threshold,
        },
        "inputs": result.inputs.to_dict(orient="records"),
        "versions": versions(),
        "model": {
            "prior": result.model.prior,
            "name_m_pairs": result.model.name_m_pairs,
            "m": {k: v.round(6).tolist() for k, v in result.model.m.items()},
            "u": {k: v.round(6).tolist() for k, v in result.model.u.items()},
        },
        "counts": {line.key: line.count for line in lines},
        "pairs": {"candidates": len(result.pairs), "in_pairs_csv": int(listed.sum())},
        "summary": [dataclasses.asdict(line) for line in lines],
        "files": {name: dict(digest) for name, digest in files.items()},
        "timings_seconds": {k: round(v, 2) for k, v in result.timings.items()},
    }
