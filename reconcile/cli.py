"""Command line: parses arguments and wires the stages; no logic of its own."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import os
import secrets
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from reconcile.config import Settings, load_settings
from reconcile.errors import InputError, ReconcileError
from reconcile.progress import Stages

if TYPE_CHECKING:
    import pandas as pd

    from reconcile.adjudicate import ImportReport
    from reconcile.estimate import Estimation
    from reconcile.estimate.profile import Interval
    from reconcile.estimate.select import Averaged


BROKEN_PIPE = 141  # the shell's code for a command whose output pipe was closed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reconcile", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="link the lists declared in a settings file and write the reports")
    run.add_argument("--config", type=Path, default=Path("inputs/reconcile.toml"))
    run.add_argument("--out", type=_folder, default=Path("outputs"))
    run.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    demo = commands.add_parser("demo", help="write the synthetic demo scenario (settings, lists, truth)")
    demo.add_argument("--out", type=Path, default=Path("inputs"))
    demo.add_argument("--seed", type=int, default=1988)
    demo.add_argument("--noise", choices=["standard", "harsh"], default="standard")
    evaluate = commands.add_parser("evaluate", help="score a run's persons against a ground truth")
    evaluate.add_argument("--truth", type=Path, required=True)
    evaluate.add_argument("--out", type=_folder, default=Path("outputs"), help="the output folder of the run")
    evaluate.add_argument(
        "--config", type=Path, help="the run's settings (default: the file its manifest.json names)"
    )
    estimate = commands.add_parser(
        "estimate", help="estimate how many persons no independent source names, from a run's outputs"
    )
    estimate.add_argument("--out", type=_folder, default=Path("outputs"), help="the output folder of the run")
    estimate.add_argument(
        "--config",
        type=Path,
        help="settings whose [estimate] section and list sources to use (default: the run's own); "
        "they must declare the run's lists",
    )
    decisions = commands.add_parser("decisions", help="reviewed workbooks -> the decisions ledger")
    actions = decisions.add_subparsers(dest="action", required=True)
    importing = actions.add_parser(
        "import", help="append the decisions of a reviewed workbook or a folder of them"
    )
    importing.add_argument("path", type=Path, nargs="?", help="default: the decisions folder of the settings")
    importing.add_argument("--config", type=Path, default=Path("inputs/reconcile.toml"))
    args = parser.parse_args(argv)
    try:
        handlers = {
            "run": _run,
            "demo": _demo,
            "evaluate": _evaluate,
            "estimate": _estimate,
            "decisions": _decisions,
        }
        return handlers[args.command](args)
    except ReconcileError as error:
        print(f"reconcile: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of our output stopped early (| head): nothing to say to it
        _silence_stdout()
        return BROKEN_PIPE
    except OSError as error:  # the file system refused (permissions, a name too long, a full disk)
        print(f"reconcile: error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "reconcile: interrupted; a run's outputs are whole only with their manifest.json, "
            "and the ledger gains lines only from a finished import",
            file=sys.stderr,
        )
        return 130


def _silence_stdout() -> None:
    """Python flushes stdout as it exits; into a closed pipe that would print a traceback."""
    with contextlib.suppress(OSError, ValueError):  # stdout is no file (captured): nothing goes to the pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _folder(text: str) -> Path:
    """A folder argument: an empty one (an unset shell variable) would mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name; give a folder, e.g. outputs")
    return Path(text)


def _run(args: argparse.Namespace) -> int:
    from reconcile.adjudicate import agreement
    from reconcile.files import output_lock
    from reconcile.load import load
    from reconcile.pipeline import run
    from reconcile.report import (
        MANIFEST,
        check_output_folder,
        claim_output_folder,
        complete_run_id,
        keep_edited_outputs,
        write_outputs,
    )
    from reconcile.schema import STATUS

    started = time.perf_counter()
    settings = load_settings(args.config)
    check_output_folder(settings, args.out)  # before anything is written, the ledger included
    run_id = _run_id(settings)
    stages = Stages(quiet=args.quiet)
    with output_lock(args.out):
        with stages.stage("load"):
            loaded = load(settings)  # a bad list stops the run before the ledger is appended
        claim_output_folder(args.out)
        kept = keep_edited_outputs(args.out, settings.decisions_folder)
        imported, ledger = _import_decisions(settings)
        result = run(settings, stages, ledger, loaded)
        with stages.stage("report"):
            written = write_outputs(result, args.out, run_id, project_id=_project_id(settings))
        complete_run_id(args.out)
    for line in kept:  # said even when quiet: a file the analyst changed was moved aside
        print(f"reconcile: {line}")
    counts = result.pairs[STATUS].value_counts()
    print(
        f"reconcile: {len(result.records):,} records from {len(settings.lists)} lists "
        f"({len(result.quarantine)} rows set aside) -> {result.persons['person_id'].nunique():,} persons; "
        f"pairs: {counts.get('match', 0):,} match, {counts.get('review', 0):,} review, "
        f"{counts.get('non-match', 0):,} non-match"
    )
    decided = result.decisions
    print(
        f"{imported.summary()}; {len(decided):,} decided pairs in force "
        f"({int(decided['stale'].sum())} stale, {int(decided['conflict'].sum())} in conflict); "
        f"{result.movement.summary()}; {agreement(ledger).summary()}"
    )
    print(
        "timings: "
        + ", ".join(f"{k} {v:.1f}s" for k, v in stages.seconds.items())
        + f"; total {time.perf_counter() - started:.1f}s"
    )
    print(
        f"wrote {len(written)} files to {args.out}/, among them {', '.join(p.name for p in written if p.suffix != '.csv')}"
    )
    print(f"outputs of run {run_id}: complete and consistent (every file's SHA-256 matches {MANIFEST})")
    return 0


def _import_decisions(settings: Settings) -> tuple[ImportReport, pd.DataFrame]:
    """Append the reviewed workbooks in the decisions folder to the ledger; return the whole ledger."""
    from reconcile.adjudicate import LEDGER_NAME, import_decisions, read_ledger

    folder = settings.decisions_folder
    report = import_decisions(
        folder, folder / LEDGER_NAME, _project_id(settings), declared_lists=[s.id for s in settings.lists]
    )
    return report, read_ledger(folder / LEDGER_NAME)


def _decisions(args: argparse.Namespace) -> int:
    from reconcile.adjudicate import LEDGER_NAME, import_decisions

    settings = load_settings(args.config)
    folder = settings.decisions_folder
    report = import_decisions(
        args.path or folder,
        folder / LEDGER_NAME,
        _project_id(settings),
        declared_lists=[s.id for s in settings.lists],
    )
    print(report.summary())
    return 0


def _project_id(settings: Settings) -> str:
    from reconcile.adjudicate import project_id

    return project_id((spec.id, spec.title) for spec in settings.lists)


def _run_id(settings: Settings) -> str:
    """When, with which settings, and a random part: two runs in one second differ."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{hashlib.sha256(settings.source.read_bytes()).hexdigest()[:8]}-{secrets.token_hex(3)}"


def _demo(args: argparse.Namespace) -> int:
    from reconcile.demo import generate

    summary = generate(args.out, seed=args.seed, noise=args.noise)
    print(
        f"reconcile: wrote the SYNTHETIC demo scenario (seed {args.seed}, {args.noise} noise) to {args.out}/"
    )
    for list_id, path, rows in summary.lists:
        print(f"  {list_id:<22} {rows:>6,} rows  {path}")
    print(
        f"  {summary.persons:,} synthetic persons ({summary.persons_on_no_un_list:,} on no UN list, "
        f"{summary.persons_on_no_list:,} on no list at all); "
        f"ground truth in {summary.truth.parent}/ (never read by `reconcile run`)"
    )
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from reconcile.evaluate import PEOPLE_FILE, ceilings, evaluate, format_report
    from reconcile.evaluate_report import format_report_scores, score_report
    from reconcile.load import load
    from reconcile.read import read_plain_csv
    from reconcile.report import complete_run_id
    from reconcile.schema import LIST_ID, PERSON_ID, RECORD_ID

    run_id = complete_run_id(args.out)  # never score a mixed or half-written set
    config = _settings_of_run(args.out, args.config, run_id)
    persons = read_plain_csv(args.out / "persons.csv")
    pairs = read_plain_csv(args.out / "pairs.csv")
    truth = read_plain_csv(args.truth, (LIST_ID, RECORD_ID, PERSON_ID))
    found = truth.merge(persons, on=[LIST_ID, RECORD_ID], how="inner")
    if found.empty:
        raise InputError(
            args.truth, f"none of its {len(truth):,} records is a record of the run in {args.out}"
        )
    result = evaluate(persons, pairs, truth)
    people = args.truth.parent / PEOPLE_FILE
    if people.is_file():  # the generator's persons: lets us print the name-matching ceiling
        records = load(load_settings(config)).records
        result.update(ceilings(truth, read_plain_csv(people), records))
    print(format_report(result))
    print()
    print(format_report_scores(score_report(args.out, truth, load_settings(config))))
    if people.is_file():  # the generator drew the whole population: the estimate has a truth to meet
        population = len(read_plain_csv(people))
        print()
        print(_estimate_against_truth(_estimation(args.out, load_settings(config)), population))
    return 0


def _estimation(out: Path, settings: Settings) -> Estimation:
    """The estimate over a finished run's persons and pairs (see `reconcile.estimate`)."""
    from reconcile.estimate import estimate_population
    from reconcile.read import read_plain_csv
    from reconcile.schema import LIST_ID, PROBABILITY

    persons = read_plain_csv(out / "persons.csv")
    pairs = read_plain_csv(out / "pairs.csv")
    pairs[PROBABILITY] = pairs[PROBABILITY].astype(float)
    unknown = sorted(set(persons[LIST_ID]) - {spec.id for spec in settings.lists})
    if unknown:
        raise InputError(
            settings.source, f"does not declare the run's lists {', '.join(unknown)}; give the run's settings"
        )
    return estimate_population(persons, pairs, settings.lists, settings.estimate, settings.linkage.seed)


def _estimate_against_truth(estimation: Estimation, population: int) -> str:
    """The estimates beside the generator's true total, each with whether its interval holds it."""
    if estimation.unavailable:
        return f"estimate: {estimation.unavailable} True total: {population:,}."
    selection, spread = estimation.selection, estimation.linkage
    assert selection is not None and selection.chosen is not None and spread is not None
    rows: list[tuple[str, float, Interval | Averaged | None]] = [
        ("chosen model", selection.chosen.total, selection.chosen_interval)
    ]
    if selection.averaged is not None:
        rows.append(("average over models", selection.averaged.total, selection.averaged))
    if spread.combined is not None:
        together = ("linkage and sampling together", spread.combined.total, spread.combined)
        # With pairs awaiting review it is the estimate the Estimate sheet and Summary quote first.
        rows.insert(0, ("to quote, " + together[0], *together[1:])) if spread.review_pairs else rows.append(
            together
        )
    lines = [f"true total (every person the generator drew, listed or not): {population:,}"]
    for name, total, interval in rows:
        if interval is None:
            continue
        held = "holds" if interval.lower <= population <= interval.upper else "misses"
        lines.append(
            f"estimate, {name}: {total:,.0f} ({estimation.settings.confidence:.0%} interval "
            f"{interval.lower:,.0f} to {interval.upper:,.0f}; {held} the true total)"
        )
    return "\n".join(lines)


def _estimate(args: argparse.Namespace) -> int:
    """Reads the run from its output folder rather than linking again: the same persons as its
    workbook, checked whole against its manifest, in a second instead of a whole run."""
    from reconcile.estimate.describe import WORDS, describe
    from reconcile.report import complete_run_id

    run_id = complete_run_id(args.out)
    config = args.config or _settings_of_run(args.out, None, run_id)
    estimation = _estimation(args.out, load_settings(config))
    print(f"run {run_id}, settings {config}")
    for part, words in describe(estimation)[["part", WORDS]].itertuples(index=False):
        print(f"{part:>10}  {words}")
    return 0


def _settings_of_run(out: Path, config: Path | None, run_id: str) -> Path:
    """The settings the run was made with: --config when given, which must be that file, or the
    file its manifest names. Ceilings and list names are read from them."""
    import json

    from reconcile.report import MANIFEST

    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    config = config or Path(str(manifest.get("settings_file", "")))
    if not config.is_file():
        raise InputError(config, f"settings file of run {run_id} not found; give it with --config")
    if hashlib.sha256(config.read_bytes()).hexdigest() != manifest.get("settings_sha256"):
        raise InputError(
            config,
            f"is not the settings file run {run_id} in {out} was made with; give that one with --config",
        )
    return config


if __name__ == "__main__":
    sys.exit(main())
