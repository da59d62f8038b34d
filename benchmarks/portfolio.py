"""Linkage on a portfolio of scenarios, most of them built apart from the demo: one table.

    .venv/bin/python benchmarks/portfolio.py                  # every scenario
    .venv/bin/python benchmarks/portfolio.py --only clerks    # one of them
    .venv/bin/python benchmarks/portfolio.py --set comparison.whole_name_floor=0.9   # a setting tried

Scenarios:
- demo: the committed synthetic demo (inputs/, seed 1988), the one the engine was developed on;
- harsh: the demo generator with seed 7 and harsh noise;
- clerks, memorials: synthetic generators written without reading the demo generator
  (benchmarks/scenarios/), with their own name pools, spelling habits and layouts;
- memorial_cards: one memorial list of cards in Persian script, deduplicated on its own
  (benchmarks/scenarios/memorial_cards.py);
- real_names: real victims' names from ../shared/benchmarks/omid_names_1981_1990.csv spelled by
  simulated clerks, built at run time into a temporary folder (skipped when the file is absent;
  nothing of it is written into the repository).

Per scenario: pairwise precision, recall and F1 of the automatic links; the share of true pairs
neither linked nor in review; the review queue (pairs, and records as a share of all records);
and calibration: in each probability band holding at least `MIN_BAND_PAIRS` candidate pairs, the
mean predicted probability against the share of true pairs, with the largest gap. The same gap
is given for the pairs across lists alone, and for each pair's own probability (from its weight alone, before the candidates on the
other list compete for the one counterpart), to tell which of the two steps loses calibration. Prints figures
only; never part of `make test`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks.scenarios, run as a script from anywhere

from benchmarks.scenarios import clerks, memorial_cards, memorials, real_names  # noqa: E402
from reconcile.config import Settings, load_settings  # noqa: E402
from reconcile.demo import generate  # noqa: E402
from reconcile.evaluate import Scores, evaluate  # noqa: E402
from reconcile.evaluate_report import ReportScores, format_report_scores, score_report  # noqa: E402
from reconcile.pipeline import run  # noqa: E402
from reconcile.report import write_outputs  # noqa: E402
from reconcile.schema import LIST_ID, PROBABILITY, RECORD_ID, STATUS, WEIGHT  # noqa: E402

CALIBRATION_BANDS = [0.0, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 1.0]
MIN_BAND_PAIRS = 30
PAIR_COLUMNS = ["list_id_l", "record_id_l", "list_id_r", "record_id_r", PROBABILITY, STATUS]
TRUTH = "truth.csv"


@dataclass(frozen=True)
class Scenario:
    name: str
    build: Callable[[Path], tuple[Path, Path]]  # scratch folder -> settings file, truth file


def _demo(_: Path) -> tuple[Path, Path]:
    return ROOT / "inputs" / "reconcile.toml", ROOT / "inputs" / "demo_truth" / "truth.synthetic.csv"


def _harsh(folder: Path) -> tuple[Path, Path]:
    generate(folder, seed=7, noise="harsh")
    return folder / "reconcile.toml", folder / "demo_truth" / "truth.synthetic.csv"


def _built_by(build: Callable[[Path, int], Path]) -> Callable[[Path], tuple[Path, Path]]:
    def built(folder: Path) -> tuple[Path, Path]:
        settings = build(folder, 1)
        return settings, folder / TRUTH

    return built


SCENARIOS = (
    Scenario("demo", _demo),
    Scenario("harsh", _harsh),
    Scenario("clerks", _built_by(clerks.build)),
    Scenario("memorials", _built_by(memorials.build)),
    Scenario("real_names", _built_by(real_names.build)),
    Scenario("memorial_cards", _built_by(memorial_cards.build)),
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=[s.name for s in SCENARIOS], action="append")
    parser.add_argument(
        "--set", action="append", default=[], metavar="TABLE.KEY=VALUE", help="override a setting"
    )
    args = parser.parse_args()
    rows = []
    for scenario in SCENARIOS:
        if args.only and scenario.name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as scratch:
            try:
                config, truth_path = scenario.build(Path(scratch))
            except FileNotFoundError as missing:
                print(f"{scenario.name}: skipped ({missing})", file=sys.stderr)
                continue
            print(f"{scenario.name}: running ...", file=sys.stderr)
            rows.append(measure(scenario.name, config, truth_path, args.set))
    table = pd.DataFrame(rows).set_index("scenario")
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(table.to_string())


def measure(name: str, config: Path, truth_path: Path, overrides: list[str]) -> dict[str, object]:
    truth = pd.read_csv(truth_path, dtype=str, keep_default_na=False)
    settings = load_settings(config)
    for override in overrides:
        settings = overridden(settings, override)
    started = time.perf_counter()
    result = run(settings)
    seconds = time.perf_counter() - started
    report = evaluate(result.persons, result.pairs[PAIR_COLUMNS], truth)
    overall = report["overall"]
    assert isinstance(overall, Scores)
    gap, band = largest_calibration_gap(result.pairs, truth)
    print(f"{name}: calibration by band\n{calibration(result.pairs, truth).to_string()}\n", file=sys.stderr)
    own = result.pairs.assign(**{PROBABILITY: 1 / (1 + np.exp2(-result.pairs[WEIGHT].clip(-60, 60)))})
    own_gap, _ = largest_calibration_gap(own, truth)
    across = (result.pairs["list_id_l"] != result.pairs["list_id_r"]).to_numpy()
    across_gap, _ = largest_calibration_gap(result.pairs[across], truth)
    with tempfile.TemporaryDirectory() as out:
        write_outputs(result, Path(out), "portfolio-run", project_id="portfolio")
        published = score_report(Path(out), truth, settings)
    print(f"{name}: the report against the truth\n{format_report_scores(published)}\n", file=sys.stderr)
    return {
        "scenario": name,
        "records": len(result.records),
        "true_pairs": overall.true_pairs,
        "precision": round(overall.precision, 3),
        "recall": round(overall.recall, 3),
        "F1": round(overall.f1, 3),
        "neither": f"{int(str(report['true_pairs_missed_entirely'])) / max(overall.true_pairs, 1):.1%}",
        "review_pairs": report["review_pairs"],
        "review_records": f"{int(str(report['review_records'])) / len(result.records):.1%}",
        "worst_calibration_gap": round(gap, 3),
        "in_band": band,
        "gap_own": round(own_gap, 3),
        "gap_across": round(across_gap, 3),
        "dup_P/R": within_lists(report["by_lists"]),  # type: ignore[arg-type]
        **report_columns(published),
        "seconds": round(seconds, 1),
    }


def report_columns(published: ReportScores) -> dict[str, str]:
    """The published lists in brief: never answered (all allegation lists together) and reply only,
    precision/recall and the share of rows listed; contradiction lines right / reply rows found."""
    never = [s for s in published.lists if s.name.startswith("never answered")]
    listed, right = sum(s.listed for s in never), sum(s.right for s in never)
    should, rows = sum(s.should for s in never), sum(s.out_of for s in never)
    only = next((s for s in published.lists if s.name == "reply only"), None)
    shares = {s.name: s.share for s in published.shares}
    contradictions = ("contradiction lines right", "reply rows contradicted, found")
    return {
        "never_P/R": f"{right / max(listed, 1):.2f}/{right / max(should, 1):.2f}" if never else "-",
        "never_listed": f"{listed / max(rows, 1):.1%}" if never else "-",
        "reply_only_P": f"{only.precision:.2f}" if only and only.listed else "-",
        "reply_only_listed": f"{only.listed / max(only.out_of, 1):.1%}" if only else "-",
        "contra_P/R": "/".join(f"{shares[c]:.2f}" for c in contradictions)
        if contradictions[0] in shares
        else "-",
    }


def within_lists(by_lists: dict[tuple[str, str], Scores]) -> str:
    """Precision/recall of the links between two records of one list (a list naming someone twice)."""
    within = [score for (first, second), score in by_lists.items() if first == second]
    true_pairs = sum(s.true_pairs for s in within)
    if not true_pairs:
        return "-"
    found = sum(s.correct_pairs for s in within)
    linked = sum(s.predicted_pairs for s in within)
    return f"{found / max(linked, 1):.2f}/{found / true_pairs:.2f}"


def overridden(settings: Settings, override: str) -> Settings:
    """The settings with one `table.key=value` replaced, the value read as TOML."""
    target, _, text = override.partition("=")
    table, _, key = target.partition(".")
    value = tomllib.loads(f"value = {text}")["value"]
    section = getattr(settings, table)
    if isinstance(value, list):
        value = tuple(value)
    return replace(settings, **{table: replace(section, **{key: value})})


def calibration(pairs: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Per probability band: candidate pairs, mean predicted probability, share of true pairs."""
    frame = pd.DataFrame({"predicted": pairs[PROBABILITY].to_numpy(), "true": same_person(pairs, truth)})
    bands = pd.cut(frame["predicted"], CALIBRATION_BANDS, include_lowest=True)
    table = frame.groupby(bands, observed=True).agg(
        pairs=("true", "size"), predicted=("predicted", "mean"), observed=("true", "mean")
    )
    table["gap"] = (table["observed"] - table["predicted"]).abs()
    return table.round(3)


def largest_calibration_gap(pairs: pd.DataFrame, truth: pd.DataFrame) -> tuple[float, str]:
    table = calibration(pairs, truth)
    table = table[table["pairs"] >= MIN_BAND_PAIRS]
    if table.empty:
        return float("nan"), ""
    worst = table["gap"].idxmax()
    return float(table.loc[worst, "gap"]), str(worst)


def same_person(pairs: pd.DataFrame, truth: pd.DataFrame) -> np.ndarray:
    """Per pair, whether the truth puts both records in one person."""
    person = dict(zip(zip(truth[LIST_ID], truth[RECORD_ID], strict=True), truth["person_id"], strict=True))
    left = zip(pairs["list_id_l"], pairs["record_id_l"], strict=True)
    right = zip(pairs["list_id_r"], pairs["record_id_r"], strict=True)
    return np.array([person.get(a) == person.get(b) for a, b in zip(left, right, strict=True)], dtype=bool)


if __name__ == "__main__":
    main()
