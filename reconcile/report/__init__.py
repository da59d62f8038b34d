"""Stage 8: a run's results -> the reconciliation workbook, charts, CSV copies, pairs, persons, the
review workbook and manifest.json.

The tables are built once (tables.py, summary.py, pure); the workbook, the CSV copies and the
manifest are all written from those same tables, so their counts agree by construction. The files
are one set or visibly not: manifest.json names the run and lists every file with its SHA-256; it is
removed before the first file is written and written after the last, so a run stopped half-way
leaves no manifest (`verify_outputs` says what is wrong with a folder).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from reconcile.adjudicate import DECISION_COLUMNS, review_order, write_review_workbook
from reconcile.config import Settings
from reconcile.files import OutputError, file_digest, reason, write_atomic, write_csv, write_json
from reconcile.pipeline import RunResult
from reconcile.report import charts
from reconcile.report.about import about_table, manifest, now
from reconcile.report.summary import (
    ABOUT,
    ANNEX_VS_REPLY,
    CONTRADICTIONS,
    CORROBORATION,
    DATA_QUALITY,
    NEVER_ANSWERED,
    REPLY_ONLY,
    REVIEW_QUEUE,
    SUMMARY,
    Line,
    Tables,
    claim_order,
    claim_sheet_name,
    summary_lines,
    summary_table,
)
from reconcile.report.tables import (
    CLAIM,
    annex_vs_reply,
    contradictions,
    corroboration,
    data_quality,
    list_membership,
    listed_pairs,
    never_answered,
    record_view,
    reply_links,
    reply_only,
    reply_rows,
    review_queue,
)
from reconcile.report.workbook import Chart, Sheet, write_workbook
from reconcile.schema import (
    ASSIGNMENT_NOTE,
    LIST_ID,
    PAIR_KEY,
    PERSON_ID,
    PROBABILITY,
    REASON,
    RECORD_ID,
    STATUS,
    WEIGHT,
    Status,
)

__all__ = [
    "MANIFEST",
    "Report",
    "build_report",
    "check_output_folder",
    "complete_run_id",
    "verify_outputs",
    "write_outputs",
]
WORKBOOK = "reconciliation.xlsx"
REVIEW_WORKBOOK = "review.xlsx"
MANIFEST = "manifest.json"
CHART_FILES = ("claims_by_category.png", "list_overlap.png", "match_probability.png")
EXPLAINED = (Status.MATCH.value, Status.REVIEW.value)  # pairs.csv keeps the reason only for these


@dataclass(frozen=True)
class Report:
    sheets: list[Sheet]
    lines: list[Line]
    charts: dict[str, Chart]
    created: str


def build_report(result: RunResult, run_id: str) -> Report:
    """Every sheet's table, the Summary lines and the charts (nothing is written)."""
    view = record_view(result)
    links = reply_links(result, view)
    vs_reply = annex_vs_reply(view, links)
    replies = reply_rows(view, links)
    tables = Tables(
        vs_reply=vs_reply,
        never_answered=never_answered(vs_reply),
        replies=replies,
        reply_only=reply_only(replies),
        contradictions=contradictions(view, replies),
        corroboration=corroboration(view, [spec.id for spec in result.settings.lists]),
        review_queue=review_queue(result, view),
        data_quality=data_quality(result, replies),
    )
    categories = claim_order(replies[CLAIM])
    sheets = [
        Sheet(
            ANNEX_VS_REPLY,
            vs_reply,
            "every allegation record with the reply row(s) linked to it or awaiting review",
        ),
        Sheet(
            NEVER_ANSWERED, tables.never_answered, "allegation records no reply row answers, even in review"
        ),
        Sheet(
            REPLY_ONLY, tables.reply_only, "reply rows linked to no allegation record and awaiting no review"
        ),
        Sheet(
            CONTRADICTIONS,
            tables.contradictions,
            "reply rows beside each corroborating record of the same person (one line per such record)",
        ),
        *(
            Sheet(claim_sheet_name(c), replies[replies[CLAIM] == c], f"reply rows with the claim '{c}'")
            for c in categories
        ),
        Sheet(
            CORROBORATION,
            tables.corroboration,
            "each person named by an allegation or corroborating list: "
            "record ids per list and the number of independent sources",
        ),
        Sheet(REVIEW_QUEUE, tables.review_queue, "pairs awaiting a human decision, most uncertain first"),
        Sheet(
            DATA_QUALITY, tables.data_quality, "rows set aside, values not understood, unclassified comments"
        ),
    ]
    lines = summary_lines(result, tables)
    linkage = result.settings.linkage
    drawn = dict(
        zip(
            CHART_FILES,
            (
                charts.claims_by_category(replies, categories, CLAIM),
                charts.list_overlap(list_membership(view)),
                charts.probability_histogram(
                    result.pairs[PROBABILITY],
                    result.pairs[STATUS],
                    linkage.match_threshold,
                    linkage.review_threshold,
                ),
            ),
            strict=True,
        )
    )
    created = now()
    summary = Sheet(
        SUMMARY, summary_table(lines), "headline counts", ("count", "sheet"), tuple(drawn.values())
    )
    sheets = [summary, *sheets]
    sheets.append(
        Sheet(
            ABOUT,
            about_table(result, sheets, created, run_id),
            "how this workbook was made and how to read it",
        )
    )
    return Report(sheets, lines, drawn, created)


def write_outputs(result: RunResult, out_dir: Path, run_id: str, *, project_id: str) -> list[Path]:
    """Write every output atomically and manifest.json last; returns the paths written, the workbook first.

    Before anything is written, the files an earlier manifest listed that this run will not write (a
    claim category that no longer occurs) are removed, then that manifest; no other file in the
    folder is ever touched. A file that cannot be written (a full disk) raises OutputError naming it,
    and the folder is left without a manifest.

    Args:
        result: the run's tables.
        out_dir: the output folder (see `check_output_folder`).
        run_id: this run's id, named by the About sheet, review.xlsx and manifest.json.
        project_id: `adjudicate.project_id(...)` of the settings, kept in review.xlsx.
    """
    check_output_folder(result.settings, out_dir)
    report = build_report(result, run_id)
    writers = _writers(result, report, run_id, project_id)
    manifest_path = out_dir / MANIFEST
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in sorted(_listed(manifest_path) - set(writers)):
            (out_dir / name).unlink(missing_ok=True)
        manifest_path.unlink(missing_ok=True)
        written = [write(out_dir / name) for name, write in writers.items()]
        files = {path.name: file_digest(path) for path in written}
        written.append(
            write_json(manifest_path, manifest(result, report.lines, report.created, run_id, files))
        )
    except (OSError, OutputError) as error:
        if isinstance(error, OutputError):
            path, problem = error.path, error.problem
        else:
            path, problem = Path(error.filename or out_dir), reason(error)
        raise OutputError(
            path, f"{problem}; the outputs in {out_dir} are not a whole set (no {MANIFEST})"
        ) from error
    return written


def _writers(
    result: RunResult, report: Report, run_id: str, project_id: str
) -> dict[str, Callable[[Path], Path]]:
    """Each output file's name and how to write it, in the order written."""
    writers: dict[str, Callable[[Path], Path]] = {
        WORKBOOK: partial(write_workbook, sheets=report.sheets, title=result.settings.title)
    }
    for name, chart in report.charts.items():
        writers[name] = partial(write_atomic, write=partial(Path.write_bytes, data=chart.png))
    for sheet in report.sheets:
        writers[f"sheet_{_file_stem(sheet.name)}.csv"] = partial(write_csv, frame=sheet.table)
    writers["pairs.csv"] = partial(write_csv, frame=pairs_table(result.pairs))
    writers["persons.csv"] = partial(write_csv, frame=result.persons[[LIST_ID, RECORD_ID, PERSON_ID]])
    review = result.settings.review
    in_review = result.pairs[result.pairs[STATUS] == Status.REVIEW.value]
    writers[REVIEW_WORKBOOK] = partial(
        write_review_workbook,
        pairs=review_order(in_review).head(review.max_workbook_rows),
        records=result.records,
        run_id=run_id,
        blind=review.blind,
        project_id=project_id,
    )
    return writers


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


def _listed(manifest_path: Path) -> set[str]:
    """The files an earlier run's manifest lists (a list of names in older versions); none if unreadable."""
    try:
        files: Any = json.loads(manifest_path.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    if not isinstance(files, dict | list):
        return set()
    return {name for name in files if isinstance(name, str) and _plain_name(name) and name != MANIFEST}


def _plain_name(name: str) -> bool:
    return name not in {"", ".", ".."} and Path(name).name == name and "\\" not in name


def pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """The listed pairs (`listed_pairs`) with their weight's parts; the written reason where a link
    was made or awaits review."""
    pairs = pairs[listed_pairs(pairs)]
    explained = pairs[STATUS].isin(EXPLAINED)
    return pd.DataFrame(
        {
            **{column: pairs[column] for column in PAIR_KEY},
            PROBABILITY: pairs[PROBABILITY].round(6),
            WEIGHT: pairs[WEIGHT].round(2),
            STATUS: pairs[STATUS],
            # The waterfall of each weight (prior odds and every field's contribution, in bits) for
            # every pair that was explained; far below review, the weight alone is kept.
            **{
                column: pairs[column].round(2).where(pairs[REASON] != "")
                for column in pairs.columns
                if column.startswith("bits_")
            },
            ASSIGNMENT_NOTE: pairs[ASSIGNMENT_NOTE],
            REASON: pairs[REASON].where(explained, ""),
            **{column: pairs[column] for column in DECISION_COLUMNS if column in pairs},
        }
    )


def _file_stem(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name.lower())
