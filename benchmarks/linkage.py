"""Linkage figures on synthetic scenarios: blocking, precision/recall/F1, review load, ceiling, timings.

    .venv/bin/python benchmarks/linkage.py                       # the committed demo (seed 1988)
    .venv/bin/python benchmarks/linkage.py --seed 7 --noise harsh # a fresh scenario, harsher noise

Prints figures only; never part of `make test`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd

from reconcile.config import Settings, load_settings
from reconcile.demo import generate
from reconcile.evaluate import PEOPLE_FILE, Scores, ceilings, evaluate, format_report
from reconcile.levels import MISSING, Comparison, by_name, comparisons
from reconcile.names import name_key
from reconcile.normalize import Normalized, normalize
from reconcile.pipeline import run
from reconcile.progress import Stages
from reconcile.schema import LEFT, LIST_ID, PROBABILITY, RECORD_ID, STATUS, WEIGHT, Status

CALIBRATION_BANDS = [0.0, 0.05, 0.2, 0.5, 0.8, 0.95, 1.0]
REVIEW_THRESHOLDS = [0.2, 0.1, 0.05, 0.02, 0.01, 0.005]
PAIR_COLUMNS = ["list_id_l", "record_id_l", "list_id_r", "record_id_r", PROBABILITY, WEIGHT, STATUS]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seed", type=int, help="generate a scenario with this seed instead of the committed demo"
    )
    parser.add_argument("--noise", choices=["standard", "harsh"], default="standard")
    parser.add_argument(
        "--match-threshold", type=float, help="instead of the settings' linkage.match_threshold"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path("inputs")
        if args.seed is not None:
            folder = Path(scratch)
            generate(folder, seed=args.seed, noise=args.noise)
        measure(
            folder / "reconcile.toml", folder / "demo_truth" / "truth.synthetic.csv", args.match_threshold
        )


def measure(config: Path, truth_path: Path, match_threshold: float | None) -> None:
    settings = load_settings(config)
    if match_threshold is not None:
        settings = replace(settings, linkage=replace(settings.linkage, match_threshold=match_threshold))
    truth = pd.read_csv(truth_path, dtype=str, keep_default_na=False)
    stages = Stages(quiet=True)
    started = time.perf_counter()
    result = run(settings, stages)
    elapsed = time.perf_counter() - started
    print(f"scenario: {config}  ({len(result.records):,} records, {len(settings.lists)} lists)")
    print(
        "stage seconds: "
        + ", ".join(f"{k} {v:.1f}" for k, v in stages.seconds.items())
        + f"; total {elapsed:.1f}"
    )
    print_blocking(result.records, result.pairs, truth)
    report = evaluate(result.persons, result.pairs[PAIR_COLUMNS], truth)
    people = truth_path.parent / PEOPLE_FILE
    if people.is_file():
        report.update(ceilings(truth, pd.read_csv(people, dtype=str, keep_default_na=False), result.records))
    print(format_report(report))
    print_calibration(result.pairs, truth)
    print_review_thresholds(result.pairs, result.persons, truth)
    declared = comparisons(settings.comparison)
    print_losses(result.pairs, result.persons, truth, people if people.is_file() else None, declared)
    if people.is_file():
        print_perfect_spelling(settings, truth, pd.read_csv(people, dtype=str, keep_default_na=False))


def print_calibration(pairs: pd.DataFrame, truth: pd.DataFrame) -> None:
    """Share of true pairs among candidate pairs in each probability band: is the model calibrated?"""
    same = pd.Series(_same_person(pairs, truth), index=pairs.index)
    bands = pd.cut(pairs[PROBABILITY], CALIBRATION_BANDS, include_lowest=True)
    table = same.groupby(bands, observed=True).agg(["size", "mean"])
    print("calibration (probability band: candidate pairs, share that are true):")
    for band, row in table.iterrows():
        print(f"  {str(band):>16}: {int(row['size']):>8,}  {row['mean']:.2f}")


def print_review_thresholds(pairs: pd.DataFrame, persons: pd.DataFrame, truth: pd.DataFrame) -> None:
    """What a lower review threshold would cost (pairs, records) and save (true pairs missed)."""
    same = _same_person(pairs, truth)
    linked = _same_person(pairs, persons)
    sizes = truth.groupby("person_id").size()
    true_pairs = int((sizes * (sizes - 1) // 2).sum())
    outside = true_pairs - int(same.sum())  # true pairs that blocking never proposed
    print("review threshold: pairs in review, records in review, true pairs neither linked nor in review")
    for threshold in REVIEW_THRESHOLDS:
        review = ~linked & (pairs[PROBABILITY].to_numpy() >= threshold)
        records = len(set(pairs["left"].to_numpy()[review]) | set(pairs["right"].to_numpy()[review]))
        missed = int((same & ~linked & ~review).sum()) + outside
        print(
            f"  {threshold:>6}: {int(review.sum()):>7,} {records:>7,}  {missed:>6,} ({missed / true_pairs:.1%})"
        )


def print_losses(
    pairs: pd.DataFrame,
    persons: pd.DataFrame,
    truth: pd.DataFrame,
    people_path: Path | None,
    declared: tuple[Comparison, ...],
) -> None:
    """Where the true pairs that were not linked automatically stand, by what their evidence is:
    what a better name comparison could still win, and what no model can (a name several people
    carry, on records with nothing else in common)."""
    same = _same_person(pairs, truth)
    linked = _same_person(pairs, persons)
    lost = pairs[same & ~linked]

    def agree(part: str) -> np.ndarray:
        return by_name(declared)[part].agree(lost["level_" + part].to_numpy())

    one_part = (lost["level_given"] == MISSING) | (lost["level_family"] == MISSING)
    others = [c for c in lost.columns if c.startswith("level_") and c not in ("level_given", "level_family")]
    worst = {c: pairs[c].max() for c in others}
    contradicted = np.any([(lost[c] == worst[c]) & (lost[c] > 0) for c in others], axis=0)
    in_common = np.sum([lost[c] != MISSING for c in others], axis=0)
    case = np.select(
        [one_part, agree("given") & agree("family") & contradicted, agree("given") & agree("family")],
        ["one record lacks a given or family name", "names agree, another field contradicts", "names agree"],
        default="names differ beyond 'similar'",
    )
    table = pd.DataFrame({"case": case, "review": lost[STATUS].to_numpy() == Status.REVIEW.value})
    table["fields"] = np.where(in_common > 0, "a field in common", "no field in common")
    table["name"] = "name"
    if people_path is not None:
        people = pd.read_csv(people_path, dtype=str, keep_default_na=False)
        carriers = people.groupby(people["canonical_name"].str.lower())["person_id"].transform("size")
        shared = dict(zip(people["person_id"], carriers > 1, strict=True))
        person = dict(
            zip(zip(truth[LIST_ID], truth[RECORD_ID], strict=True), truth["person_id"], strict=True)
        )
        keys = zip(lost[LIST_ID + LEFT], lost[RECORD_ID + LEFT], strict=True)
        table["name"] = ["true name shared" if shared[person[key]] else "true name unique" for key in keys]
    cells = table.groupby(["case", "name", "fields"])["review"].agg(["sum", "size"])
    text = (
        cells["sum"].map("{:,}".format) + " / " + (cells["size"] - cells["sum"]).map("{:,}".format)
    ).unstack(["name", "fields"], fill_value="0 / 0")
    print(f"true candidate pairs not linked automatically: {len(lost):,} (in review / neither), by case")
    print(text.sort_index(axis=1).to_string())


def _same_person(pairs: pd.DataFrame, persons: pd.DataFrame) -> np.ndarray:
    """Per pair, whether `persons` (the truth, or a run's persons) puts both records in one person."""
    person = dict(
        zip(zip(persons[LIST_ID], persons[RECORD_ID], strict=True), persons["person_id"], strict=True)
    )
    keys = pairs[["list_id_l", "record_id_l", "list_id_r", "record_id_r"]].itertuples(index=False)
    return np.array([person[(a, b)] == person[(c, d)] for a, b, c, d in keys], dtype=bool)


def print_blocking(records: pd.DataFrame, pairs: pd.DataFrame, truth: pd.DataFrame) -> None:
    position = {key: i for i, key in enumerate(zip(records[LIST_ID], records[RECORD_ID], strict=True))}
    true_pairs: set[tuple[int, int]] = set()
    for _, group in truth.groupby("person_id"):
        members = sorted(
            position[k] for k in zip(group[LIST_ID], group[RECORD_ID], strict=True) if k in position
        )
        true_pairs.update(combinations(members, 2))
    candidates = set(zip(pairs["left"], pairs["right"], strict=True))
    total = len(records) * (len(records) - 1) / 2
    kept = len(true_pairs & candidates) / max(len(true_pairs), 1)
    print(
        f"blocking: {len(candidates):,} candidate pairs of {total:,.0f}; pair completeness {kept:.4f}; "
        f"reduction ratio {1 - len(candidates) / total:.4f}"
    )


def print_perfect_spelling(settings: Settings, truth: pd.DataFrame, people: pd.DataFrame) -> None:
    """The same engine on the same records with every name spelled as its person's canonical name.

    Names stay missing where the list left them out, placeholders stay placeholders; only the
    spelling goes (transliteration habits, script, typing and scanning errors). What the engine
    gains here is what its name matching still loses; what it cannot reach even here is lost to
    namesakes: a name on records with nothing else to compare, that several people may carry.
    """
    spelled = people.set_index("person_id")
    person = truth.set_index([LIST_ID, RECORD_ID])["person_id"]

    def respelled(records: pd.DataFrame, settings: Settings) -> Normalized:
        normalized = normalize(records, settings)
        out = normalized.records.copy()
        true = spelled.loc[person.loc[list(zip(out[LIST_ID], out[RECORD_ID], strict=True))].to_numpy()]
        for part, column in (("given", "given_name"), ("family", "family_name"), ("father", "father_name")):
            written = out[part + "_key"] != ""
            out.loc[written, part + "_key"] = true[column].map(name_key).to_numpy()[written.to_numpy()]
        out["full_key"] = (out["given_key"] + " " + out["family_key"]).str.strip()
        out["whole_name"] = out["full_key"]
        return Normalized(out, normalized.warnings)

    with mock.patch("reconcile.pipeline.normalize", respelled):
        result = run(settings, Stages(quiet=True))
    report = evaluate(result.persons, result.pairs[PAIR_COLUMNS], truth)
    overall = report["overall"]
    assert isinstance(overall, Scores)
    missed = int(str(report["true_pairs_missed_entirely"]))
    print(
        f"with every name spelled canonically: precision {overall.precision:.3f}, recall {overall.recall:.3f}, "
        f"F1 {overall.f1:.3f}; pairs in review {report['review_pairs']}; "
        f"true pairs neither linked nor in review {missed} ({missed / overall.true_pairs:.1%})"
    )


if __name__ == "__main__":
    main()
