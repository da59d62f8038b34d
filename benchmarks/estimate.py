"""Multiple systems estimation against a known truth: the demo, and lists that copy each other.

    .venv/bin/python benchmarks/estimate.py              # the committed demo (seed 1988)
    .venv/bin/python benchmarks/estimate.py --seed 7     # a fresh scenario

1. The demo, linked by the engine: the estimate, its intervals and the generator's true total
   (every person it drew, those no list names included), and the same with perfect linkage (the
   generator's own person ids), which isolates what linkage errors do to the estimate.
2. Dependent lists: the demo's true membership, then the memorial copies part of the UN lists
   (a memorial compiled partly from the UN's published names). The population is unchanged: copying
   adds no person. Perfect linkage, so only the dependence moves the estimate; the cautions print.

Prints figures only; never part of `make test`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.config import Settings, load_settings
from reconcile.demo import generate
from reconcile.estimate import Estimation, estimate_population
from reconcile.estimate.overlap import PERSONS
from reconcile.evaluate import PEOPLE_FILE
from reconcile.pipeline import run
from reconcile.progress import Stages
from reconcile.schema import LIST_ID, PAIR_KEY, PERSON_ID, PROBABILITY, RECORD_ID, STATUS

COPIER, COPIED = "memorial_fa", "un_special_representative"
COPIED_SHARE = 0.5  # of the copied source's persons the copier did not already name


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seed", type=int, help="generate a scenario with this seed instead of the committed demo"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path("inputs")
        if args.seed is not None:
            folder = Path(scratch)
            generate(folder, seed=args.seed)
        settings = load_settings(folder / "reconcile.toml")
        truth = pd.read_csv(folder / "demo_truth" / "truth.synthetic.csv", dtype=str, keep_default_na=False)
        population = len(pd.read_csv(folder / "demo_truth" / PEOPLE_FILE, dtype=str))
        print(f"scenario: {folder}; true total {population:,} persons")
        result = run(settings, Stages(quiet=True))
        started = time.perf_counter()
        linked = estimate_population(
            result.persons, result.pairs, settings.lists, settings.estimate, settings.linkage.seed
        )
        seconds = time.perf_counter() - started
        show(f"demo, linked by the engine (estimate step {seconds:.2f} s)", linked, population)
        perfect = estimate_population(
            truth, _no_pairs(), settings.lists, settings.estimate, settings.linkage.seed
        )
        show("demo, perfect linkage (the generator's person ids)", perfect, population)
        dependent = estimate_population(
            _copied(truth, settings), _no_pairs(), settings.lists, settings.estimate, settings.linkage.seed
        )
        show(
            f"dependent lists: {COPIER} copies {COPIED_SHARE:.0%} of the {COPIED} persons it lacked "
            "(perfect linkage)",
            dependent,
            population,
        )


def _no_pairs() -> pd.DataFrame:
    return pd.DataFrame(columns=[*PAIR_KEY, PROBABILITY, STATUS])


def _copied(truth: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The true membership with one record added to the copier for each person it copies."""
    source = {spec.id: spec.source or spec.id for spec in settings.lists}
    on = truth.assign(source=truth[LIST_ID].map(source))
    copied_persons = set(on.loc[on["source"] == COPIED, PERSON_ID])
    copier_persons = set(on.loc[on[LIST_ID] == COPIER, PERSON_ID])
    lacking = np.array(sorted(copied_persons - copier_persons))
    rng = np.random.default_rng(settings.linkage.seed)
    taken = rng.choice(lacking, size=int(COPIED_SHARE * len(lacking)), replace=False)
    added = pd.DataFrame({LIST_ID: COPIER, RECORD_ID: [f"copy-{p}" for p in taken], PERSON_ID: taken})
    return pd.concat([truth, added], ignore_index=True)


def show(title: str, estimation: Estimation, population: int) -> None:
    print(f"\n== {title}")
    table = estimation.table
    print(
        "overlap: "
        + "; ".join(
            f"{'+'.join(s for s in estimation.sources if row[s])} {row[PERSONS]:,}"
            for _, row in table.iterrows()
        )
        + f"; named by some source {estimation.observed:,}"
    )
    if estimation.unavailable:
        print(estimation.unavailable)
        return
    selection, spread = estimation.selection, estimation.linkage
    assert selection is not None and selection.chosen is not None and spread is not None
    confidence = estimation.settings.confidence

    def line(name: str, total: float, lower: float, upper: float) -> None:
        held = "holds" if lower <= population <= upper else "misses"
        print(
            f"  {name:<34} {total:>9,.0f}   {confidence:.0%} interval {lower:>9,.0f} to {upper:>9,.0f}   {held} {population:,}"
        )

    chosen, interval = selection.chosen, selection.chosen_interval
    assert interval is not None
    line(f"chosen ({chosen.model.name(_short(estimation))})", chosen.total, interval.lower, interval.upper)
    if selection.averaged is not None:
        averaged = selection.averaged
        line("average over models", averaged.total, averaged.lower, averaged.upper)
    independent = next(fit for fit in selection.fits if not fit.model.interactions)
    independent_interval = selection.intervals.get(independent.model)
    if independent_interval is not None:
        line("independence model", independent.total, independent_interval.lower, independent_interval.upper)
    review = spread.review_as_links
    if review.chosen is not None and review.chosen_interval is not None and spread.review_pairs:
        line(
            "review pairs as links",
            review.chosen.total,
            review.chosen_interval.lower,
            review.chosen_interval.upper,
        )
    if len(spread.draws):
        line(
            f"{len(spread.draws)} drawn linkages (spread)",
            float(spread.draws.mean()),
            spread.lower,
            spread.upper,
        )
    if spread.combined is not None:
        line(
            "linkage and sampling together",
            spread.combined.total,
            spread.combined.lower,
            spread.combined.upper,
        )
    for caution in estimation.cautions:
        print(f"  caution: {caution}")


def _short(estimation: Estimation) -> tuple[str, ...]:
    """Source names short enough for one line: their first word."""
    return tuple(source.split("_")[0] for source in estimation.sources)


if __name__ == "__main__":
    main()
