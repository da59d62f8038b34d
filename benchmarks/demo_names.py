"""How often names repeat in the demo's population, beside the real victims' names of the same size.

    .venv/bin/python benchmarks/demo_names.py

Prints the `name_curves` figures (distinct names, family names carried once, one-word and compound
names, titles, the share of persons whose full name another person carries) and the Pitman-Yor
fits, for the demo's listed persons (seed 1988) and, when ``../shared/benchmarks`` is present, for as
many real names of the Omid memorial (read in place, never copied).
"""

from __future__ import annotations

import random
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks.scenarios, run as a script from anywhere

from benchmarks.scenarios import name_curves  # noqa: E402
from reconcile.demo.lists import Plan  # noqa: E402
from reconcile.demo.population import populate  # noqa: E402

SEED = 1988


def main() -> None:
    plan = Plan()
    demo = name_curves.person_names(populate(plan.persons, random.Random(f"{SEED}:population")))
    rows = {"demo": demo}
    try:
        rows["real"] = name_curves.real_names()[: len(demo)]
    except FileNotFoundError as missing:
        print(f"real names skipped: {missing}")
    for label, names in rows.items():
        figures = asdict(name_curves.figures(names))
        print(
            label,
            "  ".join(
                f"{key} {value:.3f}" if isinstance(value, float) else f"{key} {value}"
                for key, value in figures.items()
            ),
        )
        fits = name_curves.fit(names)
        print(
            " " * len(label),
            "  ".join(f"{kind}: theta {fit.theta:.1f} d {fit.d:.3f}" for kind, fit in fits.items()),
        )


if __name__ == "__main__":
    main()
