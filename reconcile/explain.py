"""A short plain-language reason for each scored pair, built from its comparison levels.

"same father's name (Ali); family name spelled Rezaei / Rezaee; ages 24 and 25" tells a
reviewer at a glance what the weight is made of; the per-field bits give the numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.compare import SWAPPED
from reconcile.levels import (
    GIVEN_PART_LEVEL_LABEL,
    IN_ONE_CITY_LEVEL_LABEL,
    INITIAL_LEVEL_LABEL,
    MISSING,
    NEITHER_GIVEN_LEVEL_LABEL,
    ONE_GIVEN_LEVEL_LABEL,
    OVERLAPPING_LEVEL_LABEL,
    OVERLAPPING_VAGUELY_LEVEL_LABEL,
    SAME_DAY_LEVEL_LABEL,
    TOP,
    Comparison,
    by_name,
)
from reconcile.schema import CITY_AREA_KEY, CITY_KEY, DATE_GAP, GIVEN_KEY, PRISON_KEY, raw

NAME_PARTS = (
    ("given", "given name", "given"),
    ("family", "family name", "family"),
    ("father", "father's name", "father"),
)
UNIQUE_NAME_BELOW = 0.05  # expected other carriers under which a name reads as one person's
RELATIVES_SAID_FROM = 0.05  # the chance of relatives is said where it lowers the probability this much
RELATIVES = "relatives (brothers, sisters) would agree this far too"
SWAPPABLE = {"given": "family", "family": "given"}
DATES = {  # how a date level reads; the others give the days between the dates
    SAME_DAY_LEVEL_LABEL: "same date",
    OVERLAPPING_LEVEL_LABEL: "dates overlap",
    OVERLAPPING_VAGUELY_LEVEL_LABEL: "dates compatible (vague)",
}
# Fields that are the same or not: comparison, singular, plural, the records' key column.
SAME_OR_NOT = (
    ("city", "city", "cities", CITY_KEY),
    ("prison", "prison", "prisons", PRISON_KEY),
    ("affiliation", "affiliation", "affiliations", raw("affiliation")),  # as written: keys are internal
)


def explain(
    features: pd.DataFrame,
    left: pd.DataFrame,
    right: pd.DataFrame,
    namesakes: np.ndarray,
    comparisons: tuple[Comparison, ...],
    relatives_lowered: np.ndarray | None = None,
) -> pd.Series:
    """One reason per pair; `left`/`right` are the two records of each pair and `namesakes` the
    expected other carriers of the name they agree on (NaN: not counted), aligned with `features`;
    `comparisons` declare the levels; `relatives_lowered` how much the chance that the two are
    relatives lowered each pair's probability (`reconcile.relatives.lowered`), where the model
    knows relatives."""
    if features.empty:
        return pd.Series([], index=features.index, dtype=object, name="reason")
    fragments: list[pd.Series] = []
    swapped = features[SWAPPED].to_numpy() if SWAPPED in features else np.full(len(features), "")
    declared = by_name(comparisons)
    whole = _whole_name_in_family_field(features, left, right, declared["given"])
    for part, label, column in NAME_PARTS:
        level = features["level_" + part].to_numpy()
        a, b = left[column].to_numpy(dtype=str), right[column].to_numpy(dtype=str)
        if column in SWAPPABLE:  # show the parts that were compared with each other
            other = SWAPPABLE[column]
            a = np.where(swapped == "left", left[other].to_numpy(dtype=str), a)
            b = np.where(swapped == "right", right[other].to_numpy(dtype=str), b)
        identical = np.char.lower(a) == np.char.lower(b)
        shown = np.char.add(np.char.add(a, " / "), b)
        text = np.select(
            [
                level == MISSING,
                (level == TOP) & identical,
                level == TOP,
                declared[part].similar(level),
                declared[part].labelled(level, GIVEN_PART_LEVEL_LABEL),
                declared[part].labelled(level, INITIAL_LEVEL_LABEL),
                declared[part].labelled(level, NEITHER_GIVEN_LEVEL_LABEL),
                declared[part].labelled(level, ONE_GIVEN_LEVEL_LABEL),
            ],
            [
                "",
                np.char.add(f"same {label} ", np.char.add("(", np.char.add(a, ")"))),
                np.char.add(f"{label} spelled ", shown),
                np.char.add(f"{label} similar: ", shown),
                np.char.add(f"{label} {GIVEN_PART_LEVEL_LABEL}: ", shown),
                np.char.add(f"{label} {INITIAL_LEVEL_LABEL}: ", shown),
                f"no {label} on either record",
                # One of the two is empty: show the one that is there.
                np.char.add(f"{label} on one record only: ", np.char.add(a, b)),
            ],
            default=np.char.add(f"different {label}: ", shown),
        )
        if part in SWAPPABLE:  # the whole name vouched for both parts: say so once
            text = np.where(whole != "", whole if part == "given" else "", text)
        fragments.append(pd.Series(text, index=features.index))
    fragments.append(
        pd.Series(np.where(swapped != "", "one list writes the surname first", ""), index=features.index)
    )
    fragments.append(pd.Series([_namesakes(n) for n in namesakes], index=features.index))
    if relatives_lowered is not None:
        said = relatives_lowered >= RELATIVES_SAID_FROM
        fragments.append(pd.Series(np.where(said, RELATIVES, ""), index=features.index))
    fragments.append(_ages(features, left, right))
    for comparison, singular, plural, column in SAME_OR_NOT:
        level = features["level_" + comparison].to_numpy()
        a, b = left[column].to_numpy(dtype=str), right[column].to_numpy(dtype=str)
        text = np.select(
            [level == MISSING, level == TOP, declared[comparison].labelled(level, IN_ONE_CITY_LEVEL_LABEL)],
            ["", np.char.add(f"same {singular} ", a), _in_one_city(left, right)],
            default=np.char.add(np.char.add(f"different {plural}: ", a), np.char.add(" / ", b)),
        )
        fragments.append(pd.Series(text, index=features.index))
    fragments.append(_dates(features, declared["date"]))
    joined = ["; ".join(f for f in row if f) for row in zip(*fragments, strict=True)]
    return pd.Series(joined, index=features.index, dtype=object, name="reason")


def _whole_name_in_family_field(
    features: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame, given: Comparison
) -> np.ndarray:
    """ "whole name spelled Hosein Fatemi / Hossein Fatemi" where one record wrote its whole name in
    the family-name field and the whole name vouched for the given name (`compare`), else ""."""
    one_given = (left[GIVEN_KEY].to_numpy() == "") != (right[GIVEN_KEY].to_numpy() == "")
    vouched = one_given & given.agree(features["level_given"].to_numpy())
    names = [
        np.char.strip(
            np.char.add(
                np.char.add(side["given"].to_numpy(dtype=str), " "), side["family"].to_numpy(dtype=str)
            )
        )
        for side in (left, right)
    ]
    shown = np.char.add("whole name spelled ", np.char.add(np.char.add(names[0], " / "), names[1]))
    return np.where(vouched, shown, "")


def _in_one_city(left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
    """ "narmak and tehran, both in tehran": the cities as named and the one they lie in."""
    named = [side[CITY_KEY].to_numpy(dtype=str) for side in (left, right)]
    city = left[CITY_AREA_KEY].to_numpy(dtype=str)
    return np.char.add(np.char.add(np.char.add(named[0], " and "), np.char.add(named[1], ", both in ")), city)


def _namesakes(others: float) -> str:
    """How the lists' counts of the shared name read: the reason a common name weighs little."""
    if np.isnan(others):
        return ""
    if others < UNIQUE_NAME_BELOW:
        return "nobody else on the lists seems to carry this name"
    if others < 0.5:
        return "another person may carry this name"
    return f"about {others:.0f} other {'person carries' if round(others) == 1 else 'people carry'} this name"


def _ages(features: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    level = features["level_age"].to_numpy()
    a = left["birth_year_estimate"].to_numpy(dtype=float)
    b = right["birth_year_estimate"].to_numpy(dtype=float)
    age_a, age_b = left["age"].to_numpy(dtype=float), right["age"].to_numpy(dtype=float)
    text = [
        ""
        if lv == MISSING
        else f"aged {p:.0f} and {q:.0f}"
        if np.isnan(x) or np.isnan(y)
        else f"born about {x:.0f} and {y:.0f}"
        for lv, x, y, p, q in zip(level, a, b, age_a, age_b, strict=True)
    ]
    return pd.Series(text, index=features.index)


def _dates(features: pd.DataFrame, date: Comparison) -> pd.Series:
    level = features["level_date"].to_numpy()
    gap = features[DATE_GAP].to_numpy(dtype=float)
    text = [
        "" if lv == MISSING else DATES.get(date.levels[lv].label, f"dates {g:.0f} days apart")
        for lv, g in zip(level, gap, strict=True)
    ]
    return pd.Series(text, index=features.index)
