"""Name-frequency curves: measured on real names, fitted, and measured again on a generated population.

A population's names are described by a few figures that decide how many namesakes a list of a given
size holds: the rank-frequency curve of given names (per sex) and of family names, summarised by a
Pitman-Yor fit (a concentration `theta` and a discount `d`: the chance that the next person brings a new
name is (theta + d·K) / (theta + n) after n persons with K distinct names, so the variety keeps growing
like n^d, the Zipf-like tail), the share of one-word names, of compound given names and of titles,
and the share of persons whose full name (given + family) another person also carries.

`real_names(path)` reads the Omid memorial names of ``../shared/benchmarks/omid_names_1981_1990.csv``
(real people: read at run time, never copied; only these summary figures leave this module).
`measure(names, sizes)` gives the same figures for any sequence of `PersonName`, real or generated.
"""

from __future__ import annotations

import csv
import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln

from reconcile.demo.curves import PitmanYor
from reconcile.demo.population import Person

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "omid_names_1981_1990.csv"
INVISIBLE = re.compile("[\u200b\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
ZWNJ = "\u200c"
# One spelling per letter, so that يوسف and یوسف, مسئول and مسیول count as one name.
FOLD = str.maketrans({"ي": "ی", "ك": "ک", "ئ": "ی", "ؤ": "و", "أ": "ا", "إ": "ا", "ة": "ه"})
TITLES = frozenset({"سید", "میر", "حاج", "شیخ", "سادات"})
# First and second parts of compound given names (محمد رضا, غلامحسین, عبدالله), and family-name
# suffixes that never stand alone as the family name (علی حسین پور: the family name is حسین پور).
HEADS = frozenset(
    str.split("محمد علی امیر غلام ابو ابو عبد حسین حسن اسد عزت نصرت حبیب لطف فتح نور روح ولی میر")
)
TAILS = frozenset(
    str.split(
        "رضا حسین حسن علی جواد مهدی تقی نقی باقر صادق کاظم اسماعیل ابراهیم رحیم کریم الله اله محمد قلی "
        "رسول هادی اصغر اکبر مراد بخش امین"
    )
)
GLUED_HEADS = ("عبدال", "ابوال")  # عبدالکریم, ابوالفضل: the article glues any second part on
SUFFIXES = frozenset(str.split("زاده پور نیا راد فر فرد نژاد وند لو یان دوست مقدم"))
SEXES = ("m", "f")


@dataclass(frozen=True)
class PersonName:
    """A person's name reduced to what the statistics count."""

    sex: str  # "m", "f" or "" when unknown
    given: str  # a key: one spelling, parts joined; "" for a one-word name
    family: str
    compound: bool  # the given name has two parts (Mohammad Reza, Abdollah)
    title: bool  # Seyed, Mir, Haj, Sadat


@dataclass(frozen=True)
class Figures:
    """The figures of one population at one size."""

    persons: int
    given_names: int  # distinct given names
    family_names: int
    family_once: float  # share of family names carried by one person only
    top_family: float  # share of persons carrying the most common family name
    one_word: float
    compound: float  # share of given names (of persons with one) that have two parts
    title: float
    shared_full_name: float  # share of persons (with a given name) whose full name another carries
    female: float  # share of women among persons of known sex


def _words(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)", " ", text)  # an alias in parentheses: keep the main name
    return INVISIBLE.sub("", text).translate(FOLD).replace(ZWNJ, " ").split()


def _given_words(words: list[str]) -> int:
    """How many leading words (after titles) are the given name: 0 for a one-word name, 2 for a spaced
    compound (محمد رضا احمدی), else 1; never so many that only a suffix is left for the family name."""
    if len(words) < 2:
        return 0
    spaced = (words[0] in HEADS and words[1] in TAILS) or words[1] in ("الله", "اله")
    return 2 if len(words) >= 3 and words[2] not in SUFFIXES and spaced else 1


def _is_compound(given: list[str]) -> bool:
    if len(given) >= 2:
        return True
    word = given[0] if given else ""
    return any(
        word.startswith(head) and word[len(head) :] in TAILS for head in HEADS if len(word) > len(head)
    )


def person_name(fa_name: str, gender: str) -> PersonName | None:
    """The figures' view of one real Persian-script name, or None when it has no words."""
    words = _words(fa_name)
    titled = False
    while len(words) > 1 and words[0] in TITLES:
        words, titled = words[1:], True
    if not words:
        return None
    count = _given_words(words)
    given, family = words[:count], words[count:]
    sex = {"male": "m", "female": "f"}.get(gender, "")
    return PersonName(sex, "".join(given), "".join(family), bool(given) and _is_compound(given), titled)


def real_names(path: Path = REAL) -> list[PersonName]:
    """The real file's names in a fixed random order (so a prefix is a random sample); raises
    FileNotFoundError when the file is absent."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    with path.open(encoding="utf-8", newline="") as handle:
        names = [person_name(row["name_fa"], row["gender"]) for row in csv.DictReader(handle)]
    found = [name for name in names if name is not None]
    random.Random(0).shuffle(found)
    return found


def fit_pitman_yor(counts: Sequence[int]) -> PitmanYor:
    """Maximum-likelihood Pitman-Yor parameters for the name counts of one sample (its exchangeable
    partition probability: the order in which names first appeared does not matter)."""
    sizes = np.asarray(counts, dtype=float)
    persons, names = sizes.sum(), len(sizes)

    def negative_log_likelihood(params: np.ndarray) -> float:
        d = 1 / (1 + math.exp(-params[1]))
        theta = math.exp(params[0]) - d
        new_names = np.log(theta + d * np.arange(1, names)).sum()
        growth = gammaln(theta + persons) - gammaln(theta + 1)
        within = (gammaln(sizes - d) - gammaln(1 - d)).sum()
        return -(new_names - growth + within)

    best = minimize(negative_log_likelihood, np.array([math.log(10.0), 0.0]), method="Nelder-Mead")
    d = 1 / (1 + math.exp(-best.x[1]))
    return PitmanYor(theta=math.exp(best.x[0]) - d, d=d)


def fit(names: Sequence[PersonName]) -> dict[str, PitmanYor]:
    """Pitman-Yor fits of given names per sex ("m", "f") and of family names ("family")."""
    fits = {
        sex: fit_pitman_yor(list(Counter(n.given for n in names if n.sex == sex and n.given).values()))
        for sex in SEXES
    }
    fits["family"] = fit_pitman_yor(list(Counter(n.family for n in names).values()))
    return fits


def figures(names: Sequence[PersonName]) -> Figures:
    persons = len(names)
    with_given = [n for n in names if n.given]
    family = Counter(n.family for n in names)
    full = Counter((n.given, n.family) for n in with_given)
    sexed = [n for n in names if n.sex]
    return Figures(
        persons=persons,
        given_names=len({n.given for n in with_given}),
        family_names=len(family),
        family_once=sum(1 for c in family.values() if c == 1) / max(len(family), 1),
        top_family=max(family.values(), default=0) / max(persons, 1),
        one_word=1 - len(with_given) / max(persons, 1),
        compound=sum(n.compound for n in with_given) / max(len(with_given), 1),
        title=sum(n.title for n in names) / max(persons, 1),
        shared_full_name=sum(c for c in full.values() if c > 1) / max(len(with_given), 1),
        female=sum(n.sex == "f" for n in sexed) / max(len(sexed), 1),
    )


def person_names(persons: Sequence[Person]) -> list[PersonName]:
    """A generated population as the figures count it (given and family keys are the phonemic codes)."""
    return [
        PersonName(
            sex=person.sex,
            given="" if person.one_word else person.given.code,
            family=person.family.code,
            compound=not person.one_word and len(person.given.parts) > 1,
            title=bool(person.title),
        )
        for person in persons
    ]


def measure(names: Sequence[PersonName], sizes: Sequence[int]) -> list[Figures]:
    """Figures of the first `size` names for each size no larger than the sample."""
    return [figures(names[:size]) for size in sizes if size <= len(names)]


def shuffled_shared(names: Sequence[PersonName], seed: int = 0) -> float:
    """The shared-full-name share once family names are shuffled among the persons: what it would be
    if given and family names were independent, as the generator draws them."""
    families = [n.family for n in names]
    random.Random(seed).shuffle(families)
    return figures([replace(n, family=f) for n, f in zip(names, families, strict=True)]).shared_full_name
