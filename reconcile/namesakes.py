"""How many people carry each name, judged from how often it appears on each list.

A name agreement is only as strong as the name is rare. Term frequencies guess that from how
common each part is, as if given and family names were drawn apart; the lists say more. Each
list names a person once, so a name found at most once on every list, when the lists between
them cover most of the people, is most likely carried by one person. A name found three times
on one list belongs to three people when their fathers' names differ; with nothing to tell the
records apart, a rare name may be one person the list names again (`within_list_duplicate_rate`).

For each name the number of its carriers K is estimated from

    K − 1 ~ Poisson(s · N · chance(name))     namesakes by chance
    count on list L ~ Binomial(K, size(L) / N) each carrier is on a list or is not

chance(name) is share(given) · share(family) from the other records; the population N and the
scale s are learnt by EM from the counts themselves (N = Σ E[K], s = Σ E[K − 1] / Σ N·chance),
so nothing about the population is assumed. For an exact agreement on a name, the chance that
another person carries it is then E[K − 1] / N: that replaces the product of the parts' shares.

A name is counted under its skeleton (consonants and long vowels: Hossein = Hosein = حسین, but
not Hassan), given and family name sorted so that a name written surname first counts the same.
A record with a family name and no given name counts under that one word, as a name of its own
(its chance is the share of records without a given name times the word's share): lists that know
a person by one word mostly know that person by that word alone.
A spelling that falls outside its skeleton makes N look larger and the lists' coverage smaller,
which errs towards suspecting namesakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import gammaln

from reconcile.config import Linkage
from reconcile.names.frequency import token_class
from reconcile.names.keys import key_forms
from reconcile.schema import FAMILY_KEY, FATHER_KEY, GIVEN_KEY, LIST_ID

MAX_COVERAGE = 0.99  # no list is taken to hold every carrier of a name for certain
MIN_WINDOW = 16  # carriers weighed for the rarest names; common names get larger windows
POISSON_TAIL_SDS = 8.0  # carriers counted up to the chance mean plus this many standard deviations
# A name on more records of one list than this is taken as that many carriers, none listed twice:
# weighing every way of listing some twice costs the square of the count (50,000 records of one
# name ran for hours), and a name this common weighs nothing as evidence whichever way it is read.
MAX_REPEATS_WEIGHED = 1000


@dataclass(frozen=True)
class Namesakes:
    name: pd.Series  # per record: the name counted ("" where given or family name is missing)
    others: pd.Series  # per record: expected number of other people carrying its name (NaN: no family name)
    by_chance: pd.Series  # per record: the same by chance alone, before the lists' counts are seen
    lists: pd.Series  # per record: its list
    population: float  # N, the estimated number of people behind the records with a family name


def estimate_namesakes(records: pd.DataFrame, settings: Linkage) -> Namesakes:
    """Expected namesakes of every record whose family name is known, with its given name or
    without one (a name of one word is a name too: Lahijani on three lists is one person's)."""
    others = pd.Series(np.nan, index=records.index, name="namesakes")
    by_chance = others.copy()
    fine = _count(records, _skeleton)
    if fine.counts.shape[1] < 2:
        # Without a second list nothing is ever seen twice; term frequencies alone weigh names.
        return Namesakes(fine.names, others, by_chance, records[LIST_ID], 0.0)
    # One person's spellings split across skeletons (Kazem / Kazim) far more often than across
    # consonant keys, and every split would count as one more person: N comes from the coarse count.
    population, _, _ = _fit(_count(records, token_class), settings, population=None)
    population, expected, chance = _fit(fine, settings, population=population)
    named = fine.names != ""
    per_name = fine.names[named]
    others[named] = per_name.map(pd.Series(expected - 1, index=fine.counts.index)).to_numpy()
    by_chance[named] = per_name.map(pd.Series(chance, index=fine.counts.index)).to_numpy()
    return Namesakes(fine.names, others, by_chance, records[LIST_ID], population)


@dataclass(frozen=True)
class _Counts:
    names: pd.Series  # per record, the name it is counted under ("" where a part is missing)
    counts: pd.DataFrame  # records per name (rows) and list (columns)
    fathers: np.ndarray  # per name and list, the different fathers' names given: so many carriers at least
    chance_share: np.ndarray  # per name, the share of people who would carry it by chance


def _count(records: pd.DataFrame, key: Callable[[str], str]) -> _Counts:
    given = records[GIVEN_KEY].map(key)
    family = records[FAMILY_KEY].map(key)
    named = family != ""
    first = given.where(given <= family, family)
    second = family.where(given <= family, given)
    names = (first + "|" + second).where(named, "")
    if not named.any():
        return _Counts(names, pd.DataFrame(), np.zeros((0, 0)), np.zeros(0))
    name_codes, name_index = pd.factorize(names[named])
    list_codes, list_index = pd.factorize(records.loc[named, LIST_ID])
    # A list that names one person twice gives the same father both times: one carrier, not two.
    # (Two people of one name and one father's name on one list are the rarer case.)
    father = records.loc[named, FATHER_KEY].map(key).to_numpy()
    entry = pd.DataFrame({"name": name_codes, "list": list_codes, "father": father})
    repeated = entry.duplicated() & (father != "")
    table = np.zeros((len(name_index), len(list_index)))
    np.add.at(table, (name_codes[~repeated], list_codes[~repeated]), 1)
    fathers = np.zeros_like(table)
    fathered = ~repeated & (father != "")
    np.add.at(fathers, (name_codes[fathered], list_codes[fathered]), 1)
    counts = pd.DataFrame(table, index=name_index, columns=list_index)
    share = _chance_share(given[named], family[named], names[named]).reindex(counts.index).to_numpy()
    return _Counts(names, counts, fathers, share)


def _fit(
    counted: _Counts, settings: Linkage, population: float | None
) -> tuple[float, np.ndarray, np.ndarray]:
    """EM for the scale of chance namesakes and, unless given, the population N.
    Returns N, and per name E[K] and the chance mean of K − 1 (before the counts).

    The scale has a prior at 1 worth `namesake_prior_weight` namesakes: where no name is ever
    seen twice on a list (a few small lists), the counts alone would argue the scale down to
    nothing and every name would pass for unique.
    """
    prior_weight = settings.namesake_prior_weight
    observed = counted.counts.to_numpy(dtype=float)
    list_sizes = observed.sum(axis=0)
    fixed = population is not None
    # Start from the fewest people the counts allow: one per name, as many as any list shows.
    people = population if population is not None else float(observed.max(axis=1).sum())
    most_people = max(float(list_sizes.sum()), people)
    scale = 1.0
    expected = np.ones(len(observed))
    windows: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for _ in range(settings.em_max_iterations):
        chance = np.maximum(scale * people * counted.chance_share, 1e-12)
        coverage = np.clip(list_sizes / people, 1e-9, MAX_COVERAGE)
        # No name has more carriers than there are people.
        needed = np.minimum(observed.max(axis=1) + 1 + _tails(chance), max(np.ceil(people), observed.max()))
        if not windows or any((needed[rows] > window).any() for window, (rows, _) in windows.items()):
            repeat_odds = settings.within_list_duplicate_rate * (1 - coverage) / coverage
            windows = _windows(observed, counted.fathers, needed, repeat_odds)
        for window, (rows, constant) in windows.items():
            carriers = np.arange(1, window + 1, dtype=float)
            # Poisson(k − 1; chance) times the binomials, keeping only the factors that depend on k.
            log_p = (
                constant
                + (carriers - 1) * np.log(chance[rows])[:, None]
                + carriers * np.log1p(-coverage).sum()
            )
            posterior = np.exp(log_p - log_p.max(axis=1, keepdims=True))
            expected[rows] = (posterior @ carriers) / posterior.sum(axis=1)
        # Lists that hardly overlap (or one list alone) cannot bound N from above: the records can.
        new_people = people if fixed else min(float(expected.sum()), most_people)
        new_scale = float(((expected - 1).sum() + prior_weight) / (chance.sum() / scale + prior_weight))
        converged = max(abs(new_people / people - 1), abs(new_scale / scale - 1)) <= settings.em_tolerance
        people, scale = new_people, max(new_scale, 1e-6)
        if converged:
            break
    # However the lists count, a namesake by chance may be on none of them.
    unseen = chance * float(np.prod(1 - np.clip(list_sizes / people, 1e-9, MAX_COVERAGE)))
    return people, np.maximum(expected, 1 + unseen), chance


def _chance_share(given: pd.Series, family: pd.Series, name: pd.Series) -> pd.Series:
    """Per name {a, b}, the share of people who would carry it by chance, in either order:
    share_given(a) · share_family(b) + share_given(b) · share_family(a).

    Each share is counted without the records of this very name (plus one record, so that no
    name is certain to be unique): a name's own carriers are no evidence that someone else
    carries it too, and a rare surname carried by one person would otherwise vouch for itself.
    """
    total = len(name)
    # Each name's parts are read from the name once, not once per record carrying it.
    codes, names = pd.factorize(name, sort=True)
    first, second = (
        np.array(side, dtype=object) for side in zip(*(n.split("|")[:2] for n in names), strict=True)
    )

    def share(column: pd.Series, part: np.ndarray) -> np.ndarray:
        own = np.bincount(codes, weights=column.to_numpy() == part[codes], minlength=len(names))
        overall = column.value_counts().reindex(part, fill_value=0).to_numpy()
        return np.minimum((overall - own + 1) / total, 1.0)

    unlike = first != second
    chance = share(given, first) * share(family, second) + unlike * share(given, second) * share(
        family, first
    )
    return pd.Series(chance, index=names)


def _count_terms(
    observed: np.ndarray, fathers: np.ndarray, carriers: np.ndarray, repeat_odds: np.ndarray
) -> np.ndarray:
    """Per name and number of carriers k, the terms of log P(K = k | counts) that hold through EM:
    − log (k − 1)! and, per list, log Σ over the m carriers it holds of C(k, m) · odds^(count − m).

    A list of `count` records of a name holds m ≤ count of its carriers, the other records naming
    one of them again, each with `repeat_odds` (the duplicate rate against the odds of being on
    the list): a rare name twice on one list is one person listed twice far more often than two
    people. m = count is the binomial of a list that names everyone once; records with different
    fathers' names are different carriers, so m is never below their number."""
    k = carriers[None, :]
    terms = -gammaln(k) + np.zeros((len(observed), 1))
    for count, distinct, odds in zip(observed.T, fathers.T, repeat_odds, strict=True):
        terms[count == 1] += np.log(carriers)  # C(k, 1) = k: the common case, without the sum
        several = np.flatnonzero(count >= 2)
        if not len(several):
            continue
        n, least = count[several], distinct[several]
        by_carriers = np.full((len(several), len(carriers)), -np.inf)
        log_k = gammaln(k + 1)
        weighed = n <= MAX_REPEATS_WEIGHED
        # Beyond the bound only m = count: C(k, count), each record a carrier of its own.
        least = np.where(weighed, least, n)
        for m in [*range(1, int(n[weighed].max(initial=0)) + 1), *np.unique(n[~weighed])]:
            rows = np.flatnonzero((n >= m) & (least <= m))  # the lists' names that can hold m carriers
            if not len(rows):
                continue
            fits = m <= k
            log_ways = log_k - gammaln(m + 1) - gammaln(np.where(fits, k - m, 0) + 1)
            ways = np.where(fits, log_ways + (n[rows, None] - m) * np.log(odds), -np.inf)
            by_carriers[rows] = np.logaddexp(by_carriers[rows], ways)
        terms[several] += by_carriers
    return terms


def _windows(
    observed: np.ndarray, fathers: np.ndarray, needed: np.ndarray, repeat_odds: np.ndarray
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Names grouped by how many carriers their posterior must weigh (rounded up to a power of
    two), each group with its count terms: one range sized for the commonest name would cost
    every name that many columns, and memory would grow with the square of the lists."""
    sizes = np.exp2(np.ceil(np.log2(np.maximum(needed, MIN_WINDOW)))).astype(int)
    return {
        int(size): (
            rows,
            _count_terms(observed[rows], fathers[rows], np.arange(1, size + 1, dtype=float), repeat_odds),
        )
        for size in np.unique(sizes)
        for rows in [np.flatnonzero(sizes == size)]
    }


def _tails(chance_mean: np.ndarray) -> np.ndarray:
    return np.ceil(chance_mean + POISSON_TAIL_SDS * np.sqrt(chance_mean) + POISSON_TAIL_SDS)


def _skeleton(key: str) -> str:
    """Consonants and long vowels, final h dropped: Hossein, Hosein, حسین -> hsin; Hassan -> hsn."""
    return key_forms(key).without_a.rstrip("h") if key else ""
