"""Peers: reconcile beside Splink and recordlinkage, in one run, on the same lists (issue #17).

    make peers                                                  # 10,000 and 30,000 records
    make peers PEERS_ARGS="--sizes 10000 30000 100000"          # and 100,000

`make peers` creates the peers' own environment, `.venv-peers` (`benchmarks/peers/requirements.txt`
plus this project), and runs this script in it: Splink and DuckDB are never dependencies of the
project. Per size, `benchmarks/scenarios/growing.py` writes its four lists (allegation, reply, NGO
list in English, NGO list in Persian script) and their truth (`benchmarks/scale.py`'s `generate`),
then every engine links them in a process of its own:

- ``reconcile``: `reconcile run` on the scenario's settings (`benchmarks/scale.py`'s `link`: the
  pipeline and the outputs, workbook included);
- ``splink_raw``, ``splink_normalized``, ``recordlinkage``: see `benchmarks/peer_engines.py`.

Each row gives the engine's wall time (reading the lists to persons; reconcile's includes writing its
outputs, the workbook and CSV copies, shown apart as of_it_outputs_s; interpreter start and scoring
excluded), the process's peak resident memory (its own
`getrusage`, scoring included, for every engine alike), the candidate pairs it scored, and pairwise
precision, recall and F1 against the truth, scored alike for every engine: a pair is two records the
engine put in one person, pairs within one list included (`reconcile.evaluate.same_person_pairs`).
Ratios are the engine's figure over reconcile's. Prints figures only; never part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks.*, run as a script from anywhere

from benchmarks import scale  # noqa: E402
from benchmarks.scenarios import growing  # noqa: E402

ENGINES = ("reconcile", "splink_raw", "splink_normalized", "recordlinkage")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000], help="records per run")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--noise", choices=["standard", "harsh"], default="standard")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before an engine is given up")
    parser.add_argument(
        "--max-gb", type=float, default=10, help="resident memory at which an engine is stopped"
    )
    parser.add_argument(
        "--keep", type=Path, help="write each size's lists here (default: a temporary folder)"
    )
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)  # child: write one size here
    parser.add_argument("--link", type=Path, help=argparse.SUPPRESS)  # child: link this folder's lists
    args = parser.parse_args()
    if args.generate:
        print(json.dumps(scale.generate(args.generate, args.sizes[0], args.seed, args.noise)))
        return
    if args.link:
        print(json.dumps(link(args.engines[0], args.link)))
        return
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            folder = (args.keep / str(size)) if args.keep else Path(scratch)
            print_table(size, measure_size(size, folder, args), args)


def measure_size(size: int, folder: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    common = ["--seed", str(args.seed), "--noise", args.noise, "--sizes", str(size)]
    say(f"{size:,} records: generating ...")
    made, failure = child([*common, "--generate", str(folder)], args.timeout, args.max_gb)
    if made is None:
        return [{"engine": "generation", "failed": failure}]
    rows = []
    for engine in args.engines:
        say(f"{made['records']:,} records: {engine} ...")
        linked, failure = child(["--engines", engine, "--link", str(folder)], args.timeout, args.max_gb)
        rows.append({"engine": engine, "records": made["records"], **(linked or {"failed": failure})})
    return rows


def child(arguments: list[str], timeout: float, max_gb: float) -> tuple[dict | None, str]:
    """This script with `arguments` in a process of its own (its last stdout line is JSON), stopped
    past the limits: `benchmarks/scale.py`'s `child`, for this script."""
    process = subprocess.Popen(
        [sys.executable, __file__, *arguments], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    started, peak = time.monotonic(), 0.0
    while process.poll() is None:
        peak = max(peak, scale.resident_gb(process.pid))
        if peak > max_gb or time.monotonic() - started > timeout:
            process.kill()
            process.wait()
            return None, (
                f"stopped: memory passed {max_gb:g} GB" if peak > max_gb else f"stopped after {timeout:g} s"
            )
        time.sleep(scale.POLL_SECONDS)
    output = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        return None, f"failed (exit {process.returncode})"
    return json.loads(output.strip().splitlines()[-1]), ""


def say(text: str) -> None:
    print(f"[peers] {text}", file=sys.stderr, flush=True)


# --- the child: one engine on one folder


def link(engine: str, folder: Path) -> dict[str, Any]:
    if engine == "reconcile":
        done = scale.link(folder)
        kept = {key: done[key] for key in ("total_s", "peak_mb", "pairs", "precision", "recall", "F1")}
        return {**kept, "outputs_s": done["seconds"]["report"]}
    from benchmarks import peer_engines
    from reconcile.evaluate import same_person_pairs, scores

    started = time.perf_counter()
    records, settings = peer_engines.records(folder)
    if engine == "recordlinkage":
        linked = peer_engines.recordlinkage_ecm(peer_engines.raw_table(records))
    elif engine == "splink_raw":
        linked = peer_engines.splink(peer_engines.raw_table(records))
    else:
        linked = peer_engines.splink(peer_engines.normalized_table(records, settings))
    total = time.perf_counter() - started
    truth = pd.read_csv(folder / growing.TRUTH_FILE, dtype=str, keep_default_na=False)
    got = scores(same_person_pairs(truth, "person_id"), same_person_pairs(linked.persons, "person_id"))
    return {
        "total_s": round(total, 1),
        "peak_mb": round(scale.peak_mb()),
        "pairs": linked.pairs_scored,
        "precision": round(got.precision, 3),
        "recall": round(got.recall, 3),
        "F1": round(got.f1, 3),
    }


# --- printing


def print_table(size: int, rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    base = next((row for row in rows if row["engine"] == "reconcile" and "failed" not in row), None)
    table = []
    for row in rows:
        line: dict[str, Any] = {"engine": row["engine"], "records": row.get("records", size)}
        if "failed" in row:
            table.append({**line, "result": row["failed"]})
            continue
        line.update(
            {
                "wall_s": row["total_s"],
                "peak_MB": row["peak_mb"],
                "pairs": row["pairs"],
                "precision": row["precision"],
                "recall": row["recall"],
                "F1": row["F1"],
            }
        )
        line["of_it_outputs_s"] = row.get("outputs_s", "")
        if base:
            line["time_x"] = round(row["total_s"] / base["total_s"], 2)
            line["memory_x"] = round(row["peak_mb"] / base["peak_mb"], 2)
        table.append(line)
    print(f"\n{size:,} records wanted (seed {args.seed}, noise {args.noise}); ratios: engine / reconcile")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(pd.DataFrame(table).to_string(index=False, na_rep=""), flush=True)


if __name__ == "__main__":
    main()
