"""Scale: the pipeline end to end on growing populations, one row per size, and a growth exponent.

    nice -n 19 .venv/bin/python benchmarks/scale.py                     # 10,000 and 100,000 records
    nice -n 19 .venv/bin/python benchmarks/scale.py --sizes 1000000     # a million, only when asked

Per size, `benchmarks/scenarios/growing.py` writes four lists of about that many records in all (an
allegation list, a reply, an NGO list in English and one in Persian script) drawn from a population whose
given- and family-name frequencies follow the curves measured on real Persian names, so namesakes become
as frequent as they would in a real population of that size, not as in one small scenario copied many
times. The pipeline then runs as `reconcile run` does (`reconcile.pipeline.run`, then
`reconcile.report.write_outputs`) and the row gives: records, candidate pairs, seconds per stage,
total, peak resident memory, candidate pairs per second, precision/recall/F1 of the links (pairwise,
`reconcile.evaluate`). Each size is generated in one process and linked in another, so the peak memory is
the pipeline's own; a process that passes `--max-gb` or `--timeout` is stopped and its row says so.

First it prints the name figures of the real file (``../shared/benchmarks/omid_names_1981_1990.csv``,
read only for these figures; skipped when absent) beside the generated population's at the same sizes
and at each benchmark size. Prints figures only; never part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks.scenarios, run as a script from anywhere

from benchmarks.portfolio import calibration, largest_calibration_gap  # noqa: E402
from benchmarks.scenarios import growing, name_curves  # noqa: E402
from reconcile.progress import Stages  # noqa: E402
from reconcile.schema import LEFT, LIST_ID, PROBABILITY, RECORD_ID, RIGHT, STATUS  # noqa: E402

REAL_SIZES = (1000, 2000, 4000, 6374)
PAIR_COLUMNS = [LIST_ID + LEFT, RECORD_ID + LEFT, LIST_ID + RIGHT, RECORD_ID + RIGHT, PROBABILITY, STATUS]
STAGES = ("load", "normalize", "block", "compare", "classify", "cluster", "explain", "report")
POLL_SECONDS = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="records per run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--noise", choices=["standard", "harsh"], default="standard")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a size is given up")
    parser.add_argument("--max-gb", type=float, default=10, help="resident memory at which a size is stopped")
    parser.add_argument(
        "--keep", type=Path, help="write each size's lists and outputs here (default: a temporary folder)"
    )
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)  # child: write one size here
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # child: link the lists of this folder
    args = parser.parse_args()
    if args.generate:
        print(json.dumps(generate(args.generate, args.sizes[0], args.seed, args.noise)))
        return
    if args.run:
        print(json.dumps(link(args.run)))
        return
    print_name_figures(args.seed)
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            folder = (args.keep / str(size)) if args.keep else Path(scratch)
            rows.append(measure_size(size, folder, args))
            print_rows(rows)  # so far, in case a later size takes long
    print_growth(rows)
    print_peaks(rows)
    print_calibration(rows)
    print_size_names(rows)


# --- the parent: one size at a time, each step in a process of its own


def measure_size(size: int, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    common = ["--seed", str(args.seed), "--noise", args.noise, "--sizes", str(size)]
    print(f"[scale] {size:,} records: generating ...", file=sys.stderr, flush=True)
    made, failure = child([*common, "--generate", str(folder)], args.timeout, args.max_gb)
    if made is None:
        return {"size": size, "failed": f"generation {failure}"}
    print(f"[scale] {size:,} records: linking ...", file=sys.stderr, flush=True)
    linked, failure = child(["--run", str(folder)], args.timeout, args.max_gb)
    if linked is None:
        return {"size": size, "records": made["records"], "failed": failure}
    return {"size": size, **made, **linked}


def child(arguments: list[str], timeout: float, max_gb: float) -> tuple[dict | None, str]:
    """Run this script with `arguments`; its last stdout line is JSON. Stopped past the limits."""
    process = subprocess.Popen(
        [sys.executable, __file__, *arguments], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    started, peak = time.monotonic(), 0.0
    while process.poll() is None:
        peak = max(peak, resident_gb(process.pid))
        if peak > max_gb or time.monotonic() - started > timeout:
            process.kill()
            process.wait()
            reason = (
                f"stopped: memory passed {max_gb:g} GB" if peak > max_gb else f"stopped after {timeout:g} s"
            )
            return None, reason
        time.sleep(POLL_SECONDS)
    output = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        return None, f"failed (exit {process.returncode})"
    return json.loads(output.strip().splitlines()[-1]), ""


def resident_gb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024**2
    return 0.0


# --- the children


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


class PeakPerStage(Stages):
    """Stages that also note the process's peak memory as each stage ends: where the peak was reached."""

    def __init__(self) -> None:
        super().__init__()
        self.peaks: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        with super().stage(name):
            yield
        self.peaks[name] = round(peak_mb())


def generate(folder: Path, size: int, seed: int, noise: str) -> dict[str, Any]:
    started = time.perf_counter()
    population = growing.populate(growing.persons_for(size), seed)
    growing.write(folder, population, seed, noise)
    figures = name_curves.figures(name_curves.person_names(population.persons))
    truth = pd.read_csv(folder / growing.TRUTH_FILE, dtype=str, keep_default_na=False)
    return {
        "persons": len(population.persons),
        "records": len(truth),
        "generate_s": round(time.perf_counter() - started, 1),
        "names": asdict(figures),
    }


def link(folder: Path) -> dict[str, Any]:
    from reconcile.config import load_settings
    from reconcile.evaluate import Scores, evaluate
    from reconcile.pipeline import run
    from reconcile.report import write_outputs

    settings = load_settings(folder / growing.SETTINGS_FILE)
    started = time.perf_counter()
    stages = PeakPerStage()
    result = run(settings, stages)
    with stages.stage("report"):
        write_outputs(result, folder / "outputs", "scale", project_id="scale")
    timings = dict(stages.seconds)
    total = time.perf_counter() - started
    truth = pd.read_csv(folder / growing.TRUTH_FILE, dtype=str, keep_default_na=False)
    scored = evaluate(result.persons, result.pairs[PAIR_COLUMNS], truth)
    overall = scored["overall"]
    assert isinstance(overall, Scores)  # evaluate's "overall" entry
    gap, band = largest_calibration_gap(result.pairs, truth)
    return {
        "pairs": len(result.pairs),
        "seconds": {stage: round(seconds, 2) for stage, seconds in timings.items()},
        "total_s": round(total, 1),
        "peak_mb": round(peak_mb()),
        "peak_mb_by_stage": stages.peaks,
        "precision": round(overall.precision, 3),
        "recall": round(overall.recall, 3),
        "F1": round(overall.f1, 3),
        "blocked": round(candidate_recall(result.pairs, truth), 3),
        "review": scored["review_pairs"],
        "calibration_gap": f"{gap:.3f} {band}",
        "calibration": calibration(result.pairs, truth)
        .rename_axis("band")
        .reset_index()
        .astype(str)
        .to_dict("list"),
    }


def candidate_recall(pairs: pd.DataFrame, truth: pd.DataFrame) -> float:
    """Share of the true pairs (two records of one person) that blocking made candidates: F1's ceiling."""
    person = truth.set_index([LIST_ID, RECORD_ID])["person_id"]
    left = person.reindex(pd.MultiIndex.from_arrays([pairs[LIST_ID + LEFT], pairs[RECORD_ID + LEFT]]))
    right = person.reindex(pd.MultiIndex.from_arrays([pairs[LIST_ID + RIGHT], pairs[RECORD_ID + RIGHT]]))
    found = int((left.to_numpy() == right.to_numpy()).sum())
    sizes = truth["person_id"].value_counts()
    return found / max(int((sizes * (sizes - 1) // 2).sum()), 1)


# --- printing


def print_name_figures(seed: int) -> None:
    """Real and generated name figures side by side, at sizes the real file covers."""
    rows = []
    try:
        real = name_curves.real_names()
    except FileNotFoundError as missing:
        print(f"[scale] real names skipped ({missing})", file=sys.stderr)
        real = []
    real_figures = name_curves.measure(real, REAL_SIZES)
    if real:
        rows += [{"population": "real", **asdict(figures)} for figures in real_figures]
        fitted = name_curves.fit(real)
        print("Pitman-Yor fits on the real file (generator's constants in brackets):")
        used = {**growing.GIVEN_CURVES, "family": growing.FAMILY_CURVE}
        for key, curve in fitted.items():
            print(
                f"  {key:7s} theta {curve.theta:7.1f} d {curve.d:.3f}  [{used[key].theta:.1f}, {used[key].d:.3f}]"
            )
    largest = max(REAL_SIZES)
    population = growing.populate(largest, seed)
    for figures in name_curves.measure(name_curves.person_names(population.persons), REAL_SIZES):
        rows.append({"population": "generated", **asdict(figures)})
    table = pd.DataFrame(rows)
    print("\nName figures, real beside generated (shares are of persons; family_once of family names):")
    with pd.option_context(
        "display.width", 220, "display.max_columns", 20, "display.float_format", "{:.4f}".format
    ):
        print(table.to_string(index=False, na_rep=""))
    if real:
        independent = name_curves.shuffled_shared(real)
        print(
            f"Real file: {real_figures[-1].shared_full_name:.2%} of persons share their full name; with family "
            f"names shuffled among persons (independent of given names, as generated) {independent:.2%}."
        )
    print()


def print_rows(rows: list[dict[str, Any]]) -> None:
    table = []
    for row in rows:
        line: dict[str, Any] = {"records": row.get("records", row["size"])}
        if "failed" in row:
            line["result"] = row["failed"]
            table.append(line)
            continue
        seconds = row["seconds"]
        line["persons"] = row["persons"]
        line["pairs"] = row["pairs"]
        line.update({stage: seconds.get(stage, float("nan")) for stage in STAGES})
        line["total_s"] = row["total_s"]
        line["peak_MB"] = row["peak_mb"]
        line["bytes/pair"] = round(float(row["peak_mb"]) * 1024**2 / max(int(row["pairs"]), 1))
        line["pairs/s"] = round(int(row["pairs"]) / float(row["total_s"]))
        line.update(
            {
                key: row.get(key, "")
                for key in ("precision", "recall", "F1", "blocked", "review", "calibration_gap")
            }
        )
        line["shared_full_name"] = round(row["names"]["shared_full_name"], 4)
        line["family_names"] = row["names"]["family_names"]
        line["generate_s"] = row["generate_s"]
        table.append(line)
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        print(pd.DataFrame(table).to_string(index=False, na_rep=""), flush=True)
    print()


def print_peaks(rows: list[dict[str, Any]]) -> None:
    """Peak resident memory (MB) reached by the end of each stage: the stage where it jumps holds the peak."""
    table = [
        {"records": row["records"], **row["peak_mb_by_stage"]} for row in rows if "peak_mb_by_stage" in row
    ]
    if table:
        print("\nPeak memory (MB) reached by the end of each stage:")
        print(pd.DataFrame(table).to_string(index=False))


def print_calibration(rows: list[dict[str, Any]]) -> None:
    """Per size, the candidate pairs of each probability band: mean predicted against the share true.
    Where recall falls with size, this tells lost evidence (pairs true more often than predicted)
    from namesakes the names cannot tell apart (bands as true as predicted)."""
    for row in rows:
        if "calibration" in row:
            print(f"\nCalibration by band, {row['records']:,} records:")
            print(pd.DataFrame(row["calibration"]).to_string(index=False))


def print_size_names(rows: list[dict[str, Any]]) -> None:
    """The generated population's name figures at each benchmark size (beyond the real file's reach)."""
    table = [{"records": row["records"], **row["names"]} for row in rows if "names" in row]
    if table:
        print("\nName figures of the generated population at each size:")
        with pd.option_context("display.width", 220, "display.float_format", "{:.4f}".format):
            print(pd.DataFrame(table).to_string(index=False))


def print_growth(rows: list[dict[str, Any]]) -> None:
    """Exponent b of time ≈ a·records^b, by least squares in log-log over the sizes that finished."""
    done = [row for row in rows if "failed" not in row]
    if len(done) < 2:
        print("Growth exponent: needs two finished sizes.")
        return
    records = np.log([float(row["records"]) for row in done])

    def exponent(values: list[float]) -> float:
        if min(values) <= 0:
            return math.nan
        return float(np.polyfit(records, np.log(values), 1)[0])

    totals = [float(r["total_s"]) for r in done]
    print(
        f"Growth exponent of total time vs records: {exponent(totals):.2f} (fixed costs weigh on small sizes;"
    )
    last = math.log(totals[-1] / totals[-2]) / math.log(
        float(done[-1]["records"]) / float(done[-2]["records"])
    )
    print(f"  between the two largest sizes alone: {last:.2f})")
    print(f"  of candidate pairs: {exponent([float(r['pairs']) for r in done]):.2f}")
    print(f"  of peak memory: {exponent([float(r['peak_mb']) for r in done]):.2f}")
    for stage in STAGES:
        values = [float(r["seconds"].get(stage, 0.0)) for r in done]
        print(f"  of {stage}: {exponent(values):.2f}")


if __name__ == "__main__":
    main()
