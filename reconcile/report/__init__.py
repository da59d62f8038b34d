"""Stage 8: a run's results -> the reconciliation workbook, charts, CSV copies, pairs, persons, the
review workbook and manifest.json.

The tables are built once (tables.py, summary.py, pure); the workbook, the CSV copies and the
manifest are all written from those same tables, so their counts agree by construction. The files
are one set or visibly not: manifest.json names the run and lists every file with its SHA-256; it is
removed before the first file is written and written after the last, so a run stopped half-way
leaves no manifest (`verify_outputs` says what is wrong with a folder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from reconcile.adjudicate import DECISION_COLUMNS, write_run_review
from reconcile.adjudicate.order import run_review_queue
from reconcile.files import OutputError, file_digest, reason, write_atomic, write_csv, write_json
from reconcile.pipeline import RunResult
from reconcile.report import charts
from reconcile.report.about import about_table, manifest, now
from reconcile.report.answers import ALLEGATION_WORDS, REPLY_WORDS, answer_certainty
from reconcile.report.duplicates import duplicates
from reconcile.report.estimate_sheet import ESTIMATE_CHART, estimate_sheet
from reconcile.report.folder import (
    MANIFEST,
    REVIEW_WORKBOOK,
    check_output_folder,
    claim_output_folder,
    complete_run_id,
    keep_edited_outputs,
    listed,
    verify_outputs,
)
from reconcile.report.headline import headline_lines
from reconcile.report.records import CLAIM, COMMENT, NAME, Fields, record_view
from reconcile.report.summary import (
    ABOUT,
    ANNEX_VS_REPLY,
    CONTRADICTIONS,
    CORROBORATION,
    DATA_QUALITY,
    DUPLICATES,
    NEVER_ANSWERED,
    POSSIBLY_ANSWERED,
    POSSIBLY_ANSWERING,
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
    annex_vs_reply,
    contradictions,
    corroboration,
    data_quality,
    list_membership,
    listed_pairs,
    never_answered,
    possibly,
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
    Role,
    Status,
)

__all__ = [
    "MANIFEST",
    "Report",
    "build_report",
    "check_output_folder",
    "claim_output_folder",
    "complete_run_id",
    "keep_edited_outputs",
    "verify_outputs",
    "write_outputs",
]
WORKBOOK = "reconciliation.xlsx"
CLAIMS_CHART, OVERLAP_CHART = "claims_by_category.png", "list_overlap.png"
PROBABILITY_CHART = "match_probability.png"
# The sheets that need an allegation list and a reply list; a reply list; a list naming people.
ANSWER_SHEETS = (ANNEX_VS_REPLY, NEVER_ANSWERED, POSSIBLY_ANSWERED, REPLY_ONLY, POSSIBLY_ANSWERING)
EXPLAINED = (Status.MATCH.value, Status.REVIEW.value)  # pairs.csv keeps the reason only for these


@dataclass(frozen=True)
class Report:
    sheets: list[Sheet]
    queue: pd.DataFrame  # the pairs in review, in the review workbook's order
    lines: list[Line]
    charts: dict[str, Chart]
    created: str


def build_report(result: RunResult, run_id: str) -> Report:
    """Every sheet's table, the Summary lines and the charts (nothing is written)."""
    settings = result.settings
    fields = Fields.of_lists(settings.lists)
    view = record_view(result, fields)
    links = reply_links(result, view)
    certainty = partial(answer_certainty, result.records, view, result.pairs, settings=settings.report)
    alleged = certainty(Role.ALLEGATION, Role.REPLY)
    answering = certainty(Role.REPLY, Role.ALLEGATION)
    vs_reply = annex_vs_reply(view, links, alleged, fields)
    queue = run_review_queue(result.pairs, result.persons, settings.lists, settings.review)
    replies = reply_rows(view, links, answering, fields)
    answering_shown = [NAME, *fields.of(Role.REPLY), CLAIM, COMMENT]
    tables = Tables(
        vs_reply=vs_reply,
        never_answered=never_answered(vs_reply, fields),
        possibly_answered=possibly(view, alleged, ALLEGATION_WORDS, [NAME, *fields.of(Role.ALLEGATION)]),
        replies=replies,
        reply_only=reply_only(replies),
        possibly_answering=possibly(view, answering, REPLY_WORDS, answering_shown),
        contradictions=contradictions(view, replies, fields, settings.report.allegations_record_execution),
        corroboration=corroboration(view, [spec.id for spec in settings.lists]),
        review_queue=review_queue(queue, view, fields),
        data_quality=data_quality(result, replies),
        duplicates=duplicates(view, result.pairs, fields.every()),
    )
    categories = claim_order(replies[CLAIM])
    every_sheet = [
        Sheet(
            ANNEX_VS_REPLY,
            vs_reply,
            "every record of the allegation lists ("
            + ", ".join(spec.id for spec in settings.lists if spec.role is Role.ALLEGATION)
            + ") with the reply row(s) linked to it or awaiting review",
        ),
        Sheet(
            NEVER_ANSWERED,
            tables.never_answered,
            "allegation records no reply row could answer: none linked, in review, likely or of the same name",
        ),
        Sheet(
            POSSIBLY_ANSWERED,
            tables.possibly_answered,
            "allegation records the run cannot tell answered or not: their candidate reply rows and namesakes",
        ),
        Sheet(
            REPLY_ONLY,
            tables.reply_only,
            "reply rows that could answer no allegation record: none linked, in review, likely or of the same name",
        ),
        Sheet(
            POSSIBLY_ANSWERING,
            tables.possibly_answering,
            "reply rows the run cannot tell answer an allegation record or not: their candidates and namesakes",
        ),
        Sheet(
            CONTRADICTIONS,
            tables.contradictions,
            "reply rows beside each record of execution of the same person (one line per such record): "
            + _execution_records(settings.report.allegations_record_execution),
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
        Sheet(
            DUPLICATES,
            tables.duplicates,
            "records one list names more than once (one person) or may (in review), group by group",
        ),
        Sheet(
            REVIEW_QUEUE, tables.review_queue, "pairs awaiting a human decision, in the order of review.xlsx"
        ),
        Sheet(
            DATA_QUALITY, tables.data_quality, "rows set aside, values not understood, unclassified comments"
        ),
    ]
    applies = _applies(result, tables)
    sheets = [sheet for sheet in every_sheet if applies(sheet.name)]
    left_out = [sheet.name for sheet in every_sheet if not applies(sheet.name) and sheet.name != DUPLICATES]
    estimate = estimate_sheet(result)
    sheets.append(estimate)
    answers = alleged if applies(ANNEX_VS_REPLY) else None  # without a reply list nothing could answer
    lines = [
        *headline_lines(view, answers, result.pairs),
        *summary_lines(result, tables, left_out, estimate.table),
    ]
    linkage = result.settings.linkage
    drawn = {}
    if categories:  # claims come from reply rows
        drawn[CLAIMS_CHART] = charts.claims_by_category(replies, categories, CLAIM)
    if len(result.settings.lists) > 1:
        drawn[OVERLAP_CHART] = charts.list_overlap(list_membership(view))
    drawn[PROBABILITY_CHART] = charts.probability_histogram(
        result.pairs[PROBABILITY], result.pairs[STATUS], linkage.match_threshold, linkage.review_threshold
    )
    created = now()
    summary = Sheet(
        SUMMARY, summary_table(lines), "headline counts", ("count", "sheet"), tuple(drawn.values())
    )
    if estimate.charts:  # shown on the Estimate sheet, not on Summary
        drawn[ESTIMATE_CHART] = estimate.charts[0]
    sheets = [summary, *sheets]
    sheets.append(
        Sheet(
            ABOUT,
            about_table(result, sheets, created, run_id),
            "how this workbook was made and how to read it",
        )
    )
    return Report(sheets, queue, lines, drawn, created)


def _execution_records(allegations_record_execution: bool) -> str:
    if allegations_record_execution:
        return "the corroborating and the allegation lists' (report.allegations_record_execution)"
    return "the corroborating lists' (not the allegation lists': report.allegations_record_execution)"


def _applies(result: RunResult, tables: Tables) -> Callable[[str], bool]:
    """Whether a sheet applies to the declared lists (and Duplicates, whether it has a group)."""
    roles = {spec.role for spec in result.settings.lists}
    replies, naming = Role.REPLY in roles, bool(roles - {Role.REPLY})

    def applies(name: str) -> bool:
        if name in ANSWER_SHEETS:
            return replies and Role.ALLEGATION in roles
        if name == CONTRADICTIONS:
            return replies and naming
        if name == CORROBORATION:
            return naming
        if name == DUPLICATES:
            return not tables.duplicates.empty
        return True

    return applies


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
        for name in sorted(listed(manifest_path) - set(writers)):
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
    writers[REVIEW_WORKBOOK] = partial(
        write_run_review,
        pairs=result.pairs,
        records=result.records,
        review=result.settings.review,
        run_id=run_id,
        project_id=project_id,
        persons=result.persons,
        lists=result.settings.lists,
        queue=report.queue,
    )
    return writers


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
