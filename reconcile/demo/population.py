"""The synthetic population: people, grouped in households, with the generator's truth.

Brothers and sisters share family name, father's name, city and prison, and often the date,
because that is what makes real lists hard: two records that agree on everything but the
given name are different people.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reconcile.demo import pools
from reconcile.demo.curves import FAMILY_CURVE, FEMALE_SHARE, GIVEN_CURVES, ONE_WORD_SHARE, Restaurant
from reconcile.demo.forms import Forms, family_forms, given_forms
from reconcile.demo.pools import Name

FATE = "executed"
HOUSEHOLD_SIZES = ((1, 0.86), (2, 0.11), (3, 0.03))
SAME_DATE_AS_SIBLING = 0.5
SAME_AFFILIATION_AS_SIBLING = 0.8
# Titles: sayyid families mostly carry Seyed / Sadat; others rarely.
SAYYID_HOUSEHOLD = {True: 0.7, False: 0.04}
MIR_SHARE_OF_SAYYIDS = 0.1
HAJ_SHARE_OVER_35 = 0.15
# Execution dates, July-December 1988 (1367/04/10-1367/10/10), most in the first weeks.
WAVES = (
    (date(1988, 7, 28), date(1988, 9, 15), 0.72),
    (date(1988, 9, 16), date(1988, 10, 31), 0.18),
    (date(1988, 7, 1), date(1988, 7, 27), 0.04),
    (date(1988, 11, 1), date(1988, 12, 31), 0.06),
)
YEAR = 1988


@dataclass(frozen=True)
class Person:
    person_id: str
    household: int
    sex: str  # "m" or "f"
    given: Name
    family: Name
    father: Name
    title: str  # "", "seyed", "mir", "haj", "sadat"
    age: int
    city: str  # place key
    prison: str  # place key
    affiliation: str  # affiliation key
    execution_date: date
    one_word: bool = False  # known by the family name alone on every list

    @property
    def birth_year(self) -> int:
        return YEAR - self.age

    @property
    def canonical_name(self) -> str:
        return f"{self.given.canonical} {self.family.canonical}"


class _Chooser:
    """Weighted choice over a fixed sequence with cumulative weights computed once."""

    def __init__(self, items: Sequence, weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


def _age(rng: random.Random) -> int:
    draw = rng.random()
    if draw < 0.75:
        return max(17, min(35, round(rng.gauss(25, 3.5))))
    if draw < 0.95:
        return rng.randint(30, 45)
    return rng.randint(45, 60)


def _date(rng: random.Random) -> date:
    first, last, _ = rng.choices(WAVES, weights=[weight for _, _, weight in WAVES])[0]
    return first + timedelta(days=rng.randint(0, (last - first).days))


def draw_given(names: Restaurant, forms: Forms, taken: set[str], rng: random.Random) -> Name:
    """A given name not among `taken` (siblings share neither theirs nor their father's), added to it."""
    rank = names.draw(rng)
    for _retry in range(5):
        if forms.form(rank).code not in taken:
            break
        rank = names.draw(rng)
    names.take(rank)
    name = forms.form(rank)
    taken.add(name.code)
    return name


def populate(count: int, rng: random.Random) -> tuple[Person, ...]:
    """`count` people in households, ids P00001... in household order.

    Names follow the frequency curves of real Persian names (`curves`): a household draws its
    family name, each person a given name, from processes that keep meeting new rare names, written
    with the demo's pools first and invented forms after (`forms`)."""
    forms = {sex: given_forms(sex, random.Random(rng.getrandbits(64))) for sex in ("m", "f")}
    family_names = family_forms(random.Random(rng.getrandbits(64)))
    given = {sex: Restaurant(GIVEN_CURVES[sex]) for sex in ("m", "f")}
    fathers, families = Restaurant(GIVEN_CURVES["m"]), Restaurant(FAMILY_CURVE)
    towns = pools.cities()
    choose_city = _Chooser([town.key for town in towns], [town.weight for town in towns])
    choose_affiliation = _Chooser(
        [item.key for item in pools.affiliations()], [item.weight for item in pools.affiliations()]
    )
    people: list[Person] = []
    household = 0
    while len(people) < count:
        household += 1
        family_rank = families.draw(rng)
        family = family_names.form(family_rank)
        father = forms["m"].form(fathers.choose(rng))
        city = choose_city(rng)
        jails = pools.prisons_of(city)
        prison = _Chooser([jail.key for jail in jails], [jail.weight for jail in jails])(rng)
        sayyid = rng.random() < SAYYID_HOUSEHOLD[family.sayyid]
        size = rng.choices(HOUSEHOLD_SIZES, weights=[weight for _, weight in HOUSEHOLD_SIZES])[0][0]
        shared_date = _date(rng)
        shared_affiliation = choose_affiliation(rng)
        taken = {father.code}
        for _ in range(min(size, count - len(people))):
            families.take(family_rank)
            sex = "f" if rng.random() < FEMALE_SHARE else "m"
            name = draw_given(given[sex], forms[sex], taken, rng)
            age = _age(rng)
            title = ""
            if sayyid:
                title = "sadat" if sex == "f" else ("mir" if rng.random() < MIR_SHARE_OF_SAYYIDS else "seyed")
            elif sex == "m" and age > 35 and rng.random() < HAJ_SHARE_OVER_35:
                title = "haj"
            own_date = _date(rng)
            own_affiliation = choose_affiliation(rng)
            people.append(
                Person(
                    person_id=f"P{len(people) + 1:05d}",
                    household=household,
                    sex=sex,
                    given=name,
                    family=family,
                    father=father,
                    title=title,
                    age=age,
                    city=city,
                    prison=prison,
                    affiliation=shared_affiliation
                    if rng.random() < SAME_AFFILIATION_AS_SIBLING
                    else own_affiliation,
                    execution_date=shared_date if rng.random() < SAME_DATE_AS_SIBLING else own_date,
                    one_word=rng.random() < ONE_WORD_SHARE,
                )
            )
    return tuple(people)
