"""Each comparison's agreement levels, declared once: compare puts pairs at them, classify and
explain ask them what a level means.

Splink-style, a comparison is a list of levels from strongest agreement to "different", each
with its label and the test that puts a pair there over the feature table; a pair is at the first
level whose test holds. A pair where either record lacks the field is "missing", which is never
counted as a mismatch, unless the comparison declares levels of absence: a given name left out by
both records is then a level whose weight is learnt like any other (lists that know only a surname
tend to do so for the same people, so two surname-only records agree more often than chance would
have it), and left out by one a level whose weight follows from that and from how often records
lack the name (`classify`). A level is stored as its position in the list (`level_*` columns).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.config import Comparison as ComparisonSettings
from reconcile.schema import (
    AFFILIATION_KEY,
    AGE_GAP,
    CITY_KEY,
    DATE_COARSE,
    DATE_GAP,
    DATE_SAME_DAY,
    FAMILY_INITIAL,
    FAMILY_KEY,
    FATHER_KEY,
    GIVEN_ABSENT,
    GIVEN_KEY,
    GIVEN_PART,
    IN_ONE_CITY,
    INITIALS,
    SAME_AFFILIATION,
    SIM_CITY,
    SIM_FAMILY,
    SIM_FATHER,
    SIM_GIVEN,
    SIM_PRISON,
)

MISSING = -1  # level of a pair where either side lacks the field
TOP = 0  # a comparison's first level: the strongest agreement
DIFFERENT = "different"  # every comparison's last level: none of the others holds
GIVEN_PART_LEVEL_LABEL = "one part of the other"
INITIAL_LEVEL_LABEL = "initial fits"
NEITHER_GIVEN_LEVEL_LABEL = "no given name on either record"
ONE_GIVEN_LEVEL_LABEL = "a given name on one record only"
IN_ONE_CITY_LEVEL_LABEL = "in the same city"
SAME_DAY_LEVEL_LABEL = "same day"
OVERLAPPING_LEVEL_LABEL = "overlapping months"
OVERLAPPING_VAGUELY_LEVEL_LABEL = "overlapping season or year"
AGREEING_NAME_LEVELS = 2  # the top two similarity cuts read one name, exactly or spelled another way
SIMILAR_NAME_LEVELS = 3  # the top three read as similar names; weaker cuts as different names alike

Test = Callable[[pd.DataFrame], np.ndarray]  # feature table -> True for the pairs a level holds


@dataclass(frozen=True)
class Level:
    """One level of a comparison: its label and the test that puts a pair there."""

    label: str
    test: Test
    agrees: bool = False  # the two values count as one: the same, or spelled another way
    similar: bool = False  # a name part reads "similar" in a pair's reason (agreeing levels do too)
    of_absence: bool = False  # tested only where a record lacks the field; the others only where both have it
    left_out_once: bool = False  # the field on one record only: its m follows from how often records lack it


# Every comparison's last level: a pair that no other level took.
_OTHERWISE = Level(DIFFERENT, lambda features: np.ones(len(features), dtype=bool))


@dataclass(frozen=True)
class Comparison:
    """A field compared at levels, strongest agreement first and `DIFFERENT` last.

    A pair is at the first level whose test holds; where `column` is NaN (either record lacks
    the field) it is at the first level of absence whose test holds, else `MISSING`.
    """

    name: str
    column: str  # the feature the levels read
    levels: tuple[Level, ...]
    tf_column: str | None = None  # records' key column whose frequency adjusts the top level
    tf_of_names: bool = False  # frequencies of name parts, pooled across parts and scripts

    def level(self, features: pd.DataFrame) -> np.ndarray:
        """Each pair's level: the position of the first level whose test holds."""
        absent = np.isnan(features[self.column].to_numpy(dtype=float))
        tests = [
            declared.test(features) & (absent if declared.of_absence else ~absent) for declared in self.levels
        ]
        # A few levels fit one byte: the feature table holds one level per comparison and pair.
        return np.select(tests, list(range(len(tests))), default=MISSING).astype(np.int8)

    def position(self, label: str) -> int:
        """The level (its position) declared with this label."""
        return [declared.label for declared in self.levels].index(label)

    def agree(self, level: np.ndarray) -> np.ndarray:
        """True where a pair's level counts as the two values agreeing (never where missing)."""
        return self._at(level, lambda declared: declared.agrees)

    def similar(self, level: np.ndarray) -> np.ndarray:
        """True where a pair's level reads as similar values (never where missing)."""
        return self._at(level, lambda declared: declared.similar)

    def labelled(self, level: np.ndarray, label: str) -> np.ndarray:
        """True where a pair's level is the one with this label (nowhere if none has it)."""
        return self._at(level, lambda declared: declared.label == label)

    def _at(self, level: np.ndarray, pick: Callable[[Level], bool]) -> np.ndarray:
        return np.isin(level, [i for i, declared in enumerate(self.levels) if pick(declared)])


def comparisons(settings: ComparisonSettings) -> tuple[Comparison, ...]:
    """Every comparison, each with its levels in the order a pair is tested against them."""
    cuts = settings.name_levels
    same_place = cuts[1]  # a place or prison is the same at the weakest cut that still reads one name
    tolerance = settings.age_tolerance_years
    days = settings.date_tolerance_days
    return (
        _name_part(
            "given",
            SIM_GIVEN,
            GIVEN_KEY,
            cuts,
            # A part of a compound and an initial that fits are weak agreement, between a weak
            # similarity and a different name, in that order.
            Level(GIVEN_PART_LEVEL_LABEL, _holds(GIVEN_PART)),
            Level(INITIAL_LEVEL_LABEL, _holds(INITIALS)),
            Level(NEITHER_GIVEN_LEVEL_LABEL, _equals(GIVEN_ABSENT, 2), of_absence=True),
            # A surname-only record against a full name (`classify` says why it is not learnt).
            Level(ONE_GIVEN_LEVEL_LABEL, _equals(GIVEN_ABSENT, 1), of_absence=True, left_out_once=True),
        ),
        # Lists that keep a family's privacy write its name as an initial (Abbas Z.).
        _name_part(
            "family", SIM_FAMILY, FAMILY_KEY, cuts, Level(INITIAL_LEVEL_LABEL, _holds(FAMILY_INITIAL))
        ),
        _name_part("father", SIM_FATHER, FATHER_KEY, cuts),
        Comparison(
            "age",
            AGE_GAP,
            (
                Level("within 1 year", _at_most(AGE_GAP, 1.0)),
                Level(f"within {tolerance:g} years", _at_most(AGE_GAP, tolerance)),
                _OTHERWISE,
            ),
        ),
        Comparison(
            "city",
            SIM_CITY,
            (
                _same(SIM_CITY, same_place),
                # A place inside a city agrees with the city, less than two records naming one place.
                Level(IN_ONE_CITY_LEVEL_LABEL, _holds(IN_ONE_CITY)),
                _OTHERWISE,
            ),
            tf_column=CITY_KEY,
        ),
        Comparison("prison", SIM_PRISON, (_same(SIM_PRISON, same_place), _OTHERWISE)),
        Comparison(
            "affiliation",
            SAME_AFFILIATION,
            (_same(SAME_AFFILIATION, 1.0), _OTHERWISE),
            tf_column=AFFILIATION_KEY,
        ),
        Comparison(
            "date",
            DATE_GAP,
            (
                Level(SAME_DAY_LEVEL_LABEL, _holds(DATE_SAME_DAY)),
                Level(OVERLAPPING_LEVEL_LABEL, _overlapping_at_month_precision),
                Level(OVERLAPPING_VAGUELY_LEVEL_LABEL, _at_most(DATE_GAP, 0.0)),
                Level(f"within {days} days", _at_most(DATE_GAP, float(days))),
                _OTHERWISE,
            ),
        ),
    )


def by_name(declared: tuple[Comparison, ...]) -> dict[str, Comparison]:
    return {comparison.name: comparison for comparison in declared}


def _name_part(name: str, similarity: str, key: str, cuts: tuple[float, ...], *weaker: Level) -> Comparison:
    """A name part: its similarity cut at each of `cuts`, closest first, then the `weaker` kinds of
    likeness, then different; an agreement weighs as much as the name is rare."""
    cut_levels = tuple(
        Level(
            f"similarity ≥ {cut:.2f}",
            _at_least(similarity, cut),
            agrees=rank < AGREEING_NAME_LEVELS,
            similar=rank < SIMILAR_NAME_LEVELS,
        )
        for rank, cut in enumerate(cuts)
    )
    return Comparison(name, similarity, (*cut_levels, *weaker, _OTHERWISE), tf_column=key, tf_of_names=True)


def _same(column: str, cut: float) -> Level:
    """Two records give the same place or affiliation: `column` is at least `cut`."""
    return Level("same", _at_least(column, cut), agrees=True)


def _at_least(column: str, cut: float) -> Test:
    return lambda features: features[column].to_numpy(dtype=float) >= cut


def _at_most(column: str, bound: float) -> Test:
    return lambda features: features[column].to_numpy(dtype=float) <= bound


def _equals(column: str, value: int) -> Test:
    return lambda features: features[column].to_numpy() == value


def _holds(column: str) -> Test:
    return lambda features: features[column].to_numpy(dtype=bool)


def _overlapping_at_month_precision(features: pd.DataFrame) -> np.ndarray:
    """Two dates that overlap, neither of them known only to the season or year."""
    return _at_most(DATE_GAP, 0.0)(features) & ~features[DATE_COARSE].to_numpy(dtype=bool)


def log_bayes(level: np.ndarray, m: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Per pair, ln(m / u) at its level: the evidence of one comparison; 0 where it is missing."""
    ratio = np.log(m / u)
    return np.where(level == MISSING, 0.0, ratio[np.clip(level, 0, len(m) - 1)])


def level_shares(levels: np.ndarray, weight: np.ndarray, prior: np.ndarray, prior_pairs: float) -> np.ndarray:
    """Weighted share of pairs at each level, pulled towards `prior` by `prior_pairs` pseudo-pairs.

    The pull keeps a level never seen from getting an infinite weight, and keeps small lists
    from drifting far from what is known about how records of one person agree.
    """
    present = levels != MISSING
    counts = np.bincount(levels[present], weights=weight[present], minlength=len(prior)) + prior * prior_pairs
    return counts / counts.sum()


Patterns = tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]  # levels, pair of lists, pairs


def distinct_patterns(
    levels: Mapping[str, np.ndarray], sizes: Mapping[str, int], groups: Mapping[str, np.ndarray]
) -> Patterns:
    """The distinct combinations of a pair of lists and levels, each with its levels, its pair of
    lists (position in `groups`) and how many pairs have it; `sizes` are each comparison's number
    of levels. Pairs alike in both are alike to EM, and there are far fewer combinations than pairs
    (a few thousand for millions of pairs)."""
    count = len(next(iter(levels.values())))
    group = np.zeros(count, dtype=np.int64)
    for position, rows in enumerate(groups.values()):
        group[rows] = position
    code = group.copy()
    for name, level in levels.items():
        code = code * (sizes[name] + 1) + (level.astype(np.int64) + 1)  # + 1: MISSING is -1
    _, first, pairs = np.unique(code, return_index=True, return_counts=True)
    return {n: level[first] for n, level in levels.items()}, group[first], pairs.astype(float)
