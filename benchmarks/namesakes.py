"""Time and memory of the namesake estimate as lists grow (synthetic names, three lists).

    .venv/bin/python benchmarks/namesakes.py                 # 20,000 / 50,000 / 120,000 people
    .venv/bin/python benchmarks/namesakes.py --people 200000

Each size runs in a fresh process, so the peak memory printed is that size's own. Prints
figures only; never part of `make test`.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import tomllib
from importlib import resources

import numpy as np
import pandas as pd

from reconcile.config import Linkage
from reconcile.namesakes import estimate_namesakes

LISTS = (("a", 0.6), ("b", 0.4), ("c", 0.3))  # list id, share of the people it names
CONSONANTS = "bdfgkmnprstvz"


def synthetic_records(people: int, seed: int = 0) -> pd.DataFrame:
    """Zipf-like given names over a short pool and family names over a long one, as in Iran."""
    rng = np.random.default_rng(seed)
    given_pool = np.array([_word("g", i) for i in range(2_000)])
    family_pool = np.array([_word("f", i) for i in range(50_000)])
    given_weight = 1 / np.arange(1, len(given_pool) + 1) ** 1.1
    family_weight = 1 / np.arange(1, len(family_pool) + 1) ** 0.9
    given = rng.choice(given_pool, people, p=given_weight / given_weight.sum())
    family = rng.choice(family_pool, people, p=family_weight / family_weight.sum())
    frames = []
    for list_id, coverage in LISTS:
        named = np.flatnonzero(rng.random(people) < coverage)
        frames.append(
            pd.DataFrame(
                {"list_id": list_id, "given_key": given[named], "family_key": family[named], "father_key": ""}
            )
        )
    return pd.concat(frames, ignore_index=True)


def _word(prefix: str, number: int) -> str:
    letters = []
    while True:
        number, digit = divmod(number, len(CONSONANTS))
        letters.append(CONSONANTS[digit] + "a")
        if not number:
            return prefix + "".join(letters)


def measure(people: int) -> None:
    defaults = tomllib.loads(
        resources.files("reconcile.resources").joinpath("defaults.toml").read_text("utf-8")
    )
    records = synthetic_records(people)
    started = time.perf_counter()
    namesakes = estimate_namesakes(records, Linkage(**defaults["linkage"]))
    seconds = time.perf_counter() - started
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(
        f"{people:>9,} people, {len(records):>9,} records: {seconds:5.1f} s, "
        f"peak memory {peak_gb:.2f} GB, N estimated {namesakes.population:,.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, nargs="*", default=[20_000, 50_000, 120_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, in this process
    args = parser.parse_args()
    if args.one:
        measure(args.one)
        return
    for people in args.people:
        subprocess.run([sys.executable, __file__, "--one", str(people)], check=True)


if __name__ == "__main__":
    main()
