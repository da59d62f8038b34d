"""How often names repeat in a population: Pitman-Yor processes fitted to real Persian names.

Each person draws a given name (per sex), and each household a family name, from a Pitman-Yor
process (the two-parameter Chinese restaurant): after n persons carrying K distinct names, the
next one brings a new name with chance (theta + d·K) / (theta + n) and otherwise takes a name
already carried by c persons with weight c - d. The discount d makes the variety keep growing
like n^d, the long tail of rare family names real lists show, so that a full name repeats about
as often as it does among real victims (3 % of persons) instead of in a fixed pool (a third).

The parameters were fitted by `benchmarks/scenarios/name_curves.py` on the names of
`../shared/benchmarks/omid_names_1981_1990.csv` (real people: only these figures leave it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PitmanYor:
    """A concentration `theta` and a discount `d` (0 ≤ d < 1)."""

    theta: float
    d: float


GIVEN_CURVES = {"m": PitmanYor(theta=37.08, d=0.4468), "f": PitmanYor(theta=44.23, d=0.2521)}
FAMILY_CURVE = PitmanYor(theta=540.3, d=0.7317)
FEMALE_SHARE = 0.107
ONE_WORD_SHARE = 0.036  # persons known by one word only (the family name): every list names them by it


@dataclass
class Restaurant:
    """A Pitman-Yor process drawn one person at a time: `draw` proposes a name rank, `take` keeps it.

    Rank 0 is the first name drawn, so ranks index a sequence of forms, most common first."""

    curve: PitmanYor
    counts: list[int] = field(default_factory=list)
    seats: list[int] = field(default_factory=list)  # the rank of every person so far

    def draw(self, rng: random.Random) -> int:
        persons, names = len(self.seats), len(self.counts)
        theta, d = self.curve.theta, self.curve.d
        if rng.random() * (theta + persons) < theta + d * names:
            return names
        while True:  # an existing name with weight count - d: pick a person, keep with (count - d) / count
            rank = self.seats[rng.randrange(persons)]
            if rng.random() * self.counts[rank] < self.counts[rank] - d:
                return rank

    def take(self, rank: int) -> None:
        if rank == len(self.counts):
            self.counts.append(0)
        self.counts[rank] += 1
        self.seats.append(rank)

    def choose(self, rng: random.Random) -> int:
        """Draw and keep."""
        rank = self.draw(rng)
        self.take(rank)
        return rank
