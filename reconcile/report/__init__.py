"""Stage 8: the run's results -> the reconciliation workbook, its CSV copies, pairs, persons, manifest."""

from __future__ import annotations

import datetime as dt
import platform
from importlib import metadata
from pathlib import Path

import pandas as pd

from reconcile.claims import FORGED, NOT_RECOGNIZED
from reconcile.pipeline import RunResult
from reconcile.report.files import write_csv, write_json
from reconcile.report.summary import summary_table
from reconcile.report.tables import (
    Sheet,
    annex_vs_reply,
    contradictions,
    corroboration,
    data_quality,
    never_answered,
    record_view,
    reply_links,
    reply_rows,
    review_queue,
)
from reconcile.report.workbook import write_workbook
from reconcile.schema import LEFT, LIST_ID, PAIR_KEY, PERSON_ID, PROBABILITY, RECORD_ID, RIGHT, STATUS, WEIGHT

__all__ = ["write_outputs"]
PACKAGES = ("reconcile", "pandas", "numpy", "recordlinkage", "jellyfish", "rapidfuzz", "openpyxl", "jdatetime")


def build_sheets(result: RunResult) -> list[Sheet]:
    view = record_view(result)
    links = reply_links(result, view)
    vs_reply = annex_vs_reply(view, links)
    replies = reply_rows(view, links)
    sheets = [
        Sheet("Annex vs reply", vs_reply, "every allegation record with its linked reply row(s)"),
        Sheet("Never answered", never_answered(vs_reply), "allegation records no reply row answers"),
        Sheet("Reply only", replies[replies["named_by_lists"] == ""].reset_index(drop=True),
              "reply rows about persons on no allegation or corroborating list"),
        Sheet("Contradictions", contradictions(view, replies),
              "reply claims about persons an independent list records as executed"),
    ]
    for category in sorted(replies["claim"].unique(), key=lambda c: (c != NOT_RECOGNIZED, c != FORGED, c)):
        rows = replies[replies["claim"] == category].reset_index(drop=True)
        sheets.append(Sheet(_claim_sheet_name(category), rows, f"reply rows claiming: {category}"))
    sheets += [
        Sheet("Corroboration", corroboration(view), "each person: the lists naming them, independent sources"),
        Sheet("Review queue", review_queue(result, view), "pairs awaiting a human decision, most uncertain first"),
        Sheet("Data quality", data_quality(result, replies), "rows set aside, values not understood, unclassified comments"),
    ]
    summary = summary_table(result, sheets, replies)
    about = _about(result)
    return [Sheet("Summary", summary, "headline counts"), *sheets, Sheet("About", about, "how this workbook was made")]


def write_outputs(result: RunResult, out_dir: Path) -> list[Path]:
    """Write every output atomically; returns the paths written."""
    sheets = build_sheets(result)
    written = [write_workbook(out_dir / "reconciliation.xlsx", sheets)]
    for sheet in sheets:
        written.append(write_csv(out_dir / f"sheet_{_file_stem(sheet.name)}.csv", sheet.table))
    written.append(write_csv(out_dir / "pairs.csv", _pairs_csv(result.pairs)))
    written.append(write_csv(out_dir / "persons.csv", result.persons[[LIST_ID, RECORD_ID, PERSON_ID]]))
    written.append(write_json(out_dir / "manifest.json", _manifest(result, sheets[0].table)))
    return written


def _pairs_csv(pairs: pd.DataFrame) -> pd.DataFrame:
    columns = [*PAIR_KEY, PROBABILITY, WEIGHT, STATUS, "reason", "assignment_note"]
    bits = [c for c in pairs.columns if c.startswith("bits_")]
    table = pairs[columns[:-2] + bits + columns[-2:]].copy()
    table[PROBABILITY] = table[PROBABILITY].round(6)
    table[WEIGHT] = table[WEIGHT].round(3)
    table[bits] = table[bits].round(3)
    return table.sort_values([LIST_ID + LEFT, RECORD_ID + LEFT, LIST_ID + RIGHT, RECORD_ID + RIGHT], kind="stable")


def _claim_sheet_name(category: str) -> str:
    return ("Claim " + category.replace("_", " "))[:31]


def _file_stem(name: str) -> str:
    return name.lower().replace(" ", "_")


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def _manifest(result: RunResult, summary: pd.DataFrame) -> dict[str, object]:
    settings = result.settings
    return {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "settings_file": str(settings.source),
        "settings_sha256": _sha256(settings.source),
        "inputs": result.inputs.to_dict(orient="records"),
        "versions": _versions(),
        "model": {"prior": result.model.prior, "name_m_pairs": result.model.name_m_pairs,
                  "m": {k: v.round(6).tolist() for k, v in result.model.m.items()},
                  "u": {k: v.round(6).tolist() for k, v in result.model.u.items()}},
        "counts": {row["item"]: int(row["count"]) for _, row in summary.iterrows()},
        "timings_seconds": {k: round(v, 2) for k, v in result.timings.items()},
    }


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _about(result: RunResult) -> pd.DataFrame:
    settings = result.settings
    rows = [("title", settings.title), ("settings file", str(settings.source)),
            ("created", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))]
    rows += [(f"version of {k}", v) for k, v in _versions().items()]
    rows += [(f"input {r[LIST_ID]}", f"{r['file']} (sha256 {r['sha256'][:12]}…, {r['records']} records, "
              f"{r['quarantined']} set aside)") for _, r in result.inputs.iterrows()]
    rows += [
        ("how to read", "Summary gives the headline counts; each links to the sheet that lists them."),
        ("statuses", "match: linked automatically; review: a human must decide (Review queue); none: no link found."),
        ("match_probability", "the model's probability that two records are the same person (Fellegi–Sunter)."),
        ("independent sources", "distinct non-reply sources naming the person; lists from one origin count once."),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])
