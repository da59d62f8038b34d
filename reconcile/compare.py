"""Stage 4: candidate pairs -> a feature table (one row per pair, indexed like the pairs).

Similarities are computed with recordlinkage's `Compare` and the Persian-aware name functions,
then put at each comparison's agreement levels, as `reconcile.levels` declares them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import recordlinkage as rl

from reconcile import affiliations, names
from reconcile.config import Comparison as ComparisonSettings
from reconcile.levels import comparisons
from reconcile.names.parts import part_of_other
from reconcile.schema import (
    AFFILIATION_KEY,
    AGE_GAP,
    CITY_AREA_KEY,
    CITY_KEY,
    DATE_COARSE,
    DATE_END,
    DATE_GAP,
    DATE_PRECISION,
    DATE_SAME_DAY,
    DATE_START,
    FAMILY_CORE_KEY,
    FAMILY_INITIAL,
    FAMILY_KEY,
    FATHER_KEY,
    GIVEN_ABSENT,
    GIVEN_KEY,
    GIVEN_PART,
    IN_ONE_CITY,
    INITIALS,
    PRISON_KEY,
    SAME_AFFILIATION,
    SIM_CITY,
    SIM_FAMILY,
    SIM_FATHER,
    SIM_GIVEN,
    SIM_PRISON,
    SIM_WHOLE,
    WHOLE_NAME,
    raw,
)

SWAPPED = "parts_swapped"  # "left" / "right": that record's given and family name are compared swapped
COARSE_PRECISIONS = ("season", "year")
# Pairs compared at once: the records' fields copied beside them stay within a few hundred MB,
# while each chunk, which parses its names and scores its distinct name pairs anew, is large
# (at 100,000 records, 1,000,000 pairs a chunk: 10% less time than 500,000, 30 MB more at peak).
PAIRS_PER_CHUNK = 1_000_000
MAX_SPLIT_WORDS = 6  # a name is split again after each of its first words, up to this many


def compare(records: pd.DataFrame, pairs: pd.MultiIndex, settings: ComparisonSettings) -> pd.DataFrame:
    """Similarities (`sim_*`), raw differences and levels (`level_*`) for every pair.

    Pairs are compared a chunk at a time: comparing copies both records' fields beside each pair,
    several times the size of the features kept, and a chunk bounds that copy. A pair's features
    depend on its two records alone, so the chunks change nothing.
    """
    if len(pairs) <= PAIRS_PER_CHUNK:
        return _compare_chunk(records, pairs, settings)
    return pd.concat(
        [
            _compare_chunk(records, pairs[start : start + PAIRS_PER_CHUNK], settings)
            for start in range(0, len(pairs), PAIRS_PER_CHUNK)
        ]
    )


def _compare_chunk(records: pd.DataFrame, pairs: pd.MultiIndex, settings: ComparisonSettings) -> pd.DataFrame:
    features = _similarities(records, pairs)
    _compare_swapped_where_order_unknown(features, records, pairs, settings)
    _compare_family_without_glued_titles(features, records, pairs, settings)
    _compare_split_alike(features, records, pairs, settings)
    _floor_with_whole_name(features, records, pairs, settings)
    for comparison in comparisons(settings):
        features["level_" + comparison.name] = comparison.level(features)
    return features


def _similarities(records: pd.DataFrame, pairs: pd.MultiIndex) -> pd.DataFrame:
    compare = rl.Compare(n_jobs=1)
    for key, similarity in ((GIVEN_KEY, SIM_GIVEN), (FAMILY_KEY, SIM_FAMILY), (FATHER_KEY, SIM_FATHER)):
        compare.compare_vectorized(_name_similarity, key, key, label=similarity)
    ages = ["birth_year_estimate", "age"]
    compare.compare_vectorized(_age_gap, ages, ages, label=AGE_GAP)
    compare.compare_vectorized(_name_similarity, CITY_KEY, CITY_KEY, label=SIM_CITY)
    compare.compare_vectorized(_in_one_city, CITY_AREA_KEY, CITY_AREA_KEY, label=IN_ONE_CITY)
    compare.compare_vectorized(_name_similarity, PRISON_KEY, PRISON_KEY, label=SIM_PRISON)
    compare.compare_vectorized(_same_affiliation, AFFILIATION_KEY, AFFILIATION_KEY, label=SAME_AFFILIATION)
    frame = records[[DATE_START, DATE_END, DATE_PRECISION]].assign(missing=records[DATE_START].isna())
    features = compare.compute(pairs, records)
    left, right = pairs.get_level_values(0), pairs.get_level_values(1)
    given = records[GIVEN_KEY].to_numpy(dtype=object)
    given_l, given_r = given[left], given[right]
    family = records[FAMILY_KEY].to_numpy(dtype=object)
    family_l, family_r = family[left], family[right]
    whole = records[WHOLE_NAME].to_numpy(dtype=object)
    # The whole names mostly parse into the records' own keys, whose similarities are known.
    known = (
        names.KnownPart(given_l, given_r, features[SIM_GIVEN].to_numpy()),
        names.KnownPart(family_l, family_r, features[SIM_FAMILY].to_numpy()),
    )
    whole_name = names.similarity_many(whole[left], whole[right], known)
    features.insert(features.columns.get_loc(SIM_FATHER) + 1, SIM_WHOLE, whole_name)
    features[DATE_GAP], features[DATE_SAME_DAY], features[DATE_COARSE] = _date_gap(frame, pairs)
    features[INITIALS] = names.initials_agree(given_l, given_r)
    features[FAMILY_INITIAL] = names.initials_agree(family_l, family_r)
    features[GIVEN_PART] = part_of_other(given_l, given_r)
    features[GIVEN_ABSENT] = ((given_l == "").astype(np.int8) + (given_r == "").astype(np.int8)).astype(
        np.int8
    )
    return features


def _name_similarity(left: pd.Series, right: pd.Series) -> np.ndarray:
    return names.part_similarity(left.to_numpy(dtype=object), right.to_numpy(dtype=object))


def _in_one_city(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Both records' cities lie in one city: Narmak and Tehran, Narmak and Tehranpars."""
    area = left.to_numpy(dtype=object)
    return (area == right.to_numpy(dtype=object)) & (area != "")


def _same_affiliation(left: pd.Series, right: pd.Series) -> np.ndarray:
    return affiliations.agreement(left.to_numpy(dtype=object), right.to_numpy(dtype=object))


def _age_gap(born_l: pd.Series, age_l: pd.Series, born_r: pd.Series, age_r: pd.Series) -> np.ndarray:
    """Years between two records' birth years where both are known (written, or an age at a known
    year), else between their ages: one person's records report one event, at one age."""
    by_birth = np.abs(born_l.to_numpy(dtype=float) - born_r.to_numpy(dtype=float))
    by_age = np.abs(age_l.to_numpy(dtype=float) - age_r.to_numpy(dtype=float))
    return np.where(np.isnan(by_birth), by_age, by_birth)


def _date_gap(frame: pd.DataFrame, pairs: pd.MultiIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days between two date intervals (0 when they overlap), NaN when either is missing."""
    left = frame.iloc[pairs.get_level_values(0)]
    right = frame.iloc[pairs.get_level_values(1)]
    start_l, end_l = left[DATE_START].to_numpy(), left[DATE_END].to_numpy()
    start_r, end_r = right[DATE_START].to_numpy(), right[DATE_END].to_numpy()
    gap = np.maximum(0, np.maximum(start_l, start_r) - np.minimum(end_l, end_r)).astype(float)
    missing = left["missing"].to_numpy() | right["missing"].to_numpy()
    gap[missing] = np.nan
    precision_l, precision_r = left[DATE_PRECISION].to_numpy(), right[DATE_PRECISION].to_numpy()
    same_day = (precision_l == "day") & (precision_r == "day") & (start_l == start_r) & ~missing
    coarse = np.isin(precision_l, COARSE_PRECISIONS) | np.isin(precision_r, COARSE_PRECISIONS)
    return gap, same_day, coarse


def _compare_swapped_where_order_unknown(
    features: pd.DataFrame, records: pd.DataFrame, pairs: pd.MultiIndex, settings: ComparisonSettings
) -> None:
    """Compare given with family and family with given where a list wrote the name in one field.

    Such lists put the surname first without a cue often enough (Amiri Fatemeh / Fatimah Amiri)
    that a parse cannot settle the order. Where either record's name came from one field and
    both parts agree at least `swapped_parts_floor` swapped, and better than straight, the pair
    is compared swapped. Lists with separate given and family columns are never swapped with each
    other, and the floor keeps Kazem Ghasemi and Ghasem Kazemi apart.
    """
    features[SWAPPED] = ""
    one_field = (records[raw("given_name")] == "") & (records[raw("family_name")] == "")
    left, right = pairs.get_level_values(0), pairs.get_level_values(1)
    candidates = np.flatnonzero(one_field.to_numpy()[left] | one_field.to_numpy()[right])
    if not len(candidates):
        return
    given, family = records[GIVEN_KEY].to_numpy(dtype=object), records[FAMILY_KEY].to_numpy(dtype=object)
    chosen_l, chosen_r = left[candidates], right[candidates]
    given_swapped = names.part_similarity(given[chosen_l], family[chosen_r])
    straight = np.fmin(
        features[SIM_GIVEN].to_numpy()[candidates], features[SIM_FAMILY].to_numpy()[candidates]
    )
    # Where one swapped part is already below the floor or no better than straight, the other
    # cannot make the swap win: it is compared only where the first agrees well or is missing.
    family_swapped = np.full(len(candidates), np.nan)
    needed = np.flatnonzero(np.isnan(given_swapped) | _swap_wins(given_swapped, straight, settings))
    family_swapped[needed] = names.part_similarity(family[chosen_l[needed]], given[chosen_r[needed]])
    better = _swap_wins(np.fmin(given_swapped, family_swapped), straight, settings)
    # Name the parts after the record whose order is known: its given name is the given name.
    right_known = ~one_field.to_numpy()[chosen_r]
    rows = candidates[better]
    _set_at(features, rows, SIM_GIVEN, np.where(right_known, family_swapped, given_swapped)[better])
    _set_at(features, rows, SIM_FAMILY, np.where(right_known, given_swapped, family_swapped)[better])
    _set_at(features, rows, SWAPPED, np.where(right_known, "left", "right")[better])


def _swap_wins(swapped: np.ndarray, straight: np.ndarray, settings: ComparisonSettings) -> np.ndarray:
    """Where parts compared swapped agree at least `swapped_parts_floor`, and better than straight."""
    return (swapped >= settings.swapped_parts_floor) & ~(straight >= swapped)


def _set_at(features: pd.DataFrame, rows: np.ndarray, column: str, values: np.ndarray) -> None:
    """Set a column at row positions: the random pairs repeat some pairs, which labels cannot set."""
    updated = features[column].to_numpy(copy=True)
    updated[rows] = values
    features[column] = updated


def _compare_family_without_glued_titles(
    features: pd.DataFrame, records: pd.DataFrame, pairs: pd.MultiIndex, settings: ComparisonSettings
) -> None:
    """Let a family name with a title glued to it (Seyyedkazempour, Hajzamanvand) agree with the
    name without it, as a spelling variant at most: Mir Hosseini and Hosseini are also two families."""
    family = records[FAMILY_KEY].to_numpy(dtype=object)
    core = records[FAMILY_CORE_KEY].to_numpy(dtype=object)
    titled = np.flatnonzero(core != family)
    if not len(titled):
        return
    left, right = pairs.get_level_values(0).to_numpy(), pairs.get_level_values(1).to_numpy()
    straight = features[SWAPPED].to_numpy() == ""  # swapped pairs compared family with given
    rows = np.flatnonzero((np.isin(left, titled) | np.isin(right, titled)) & straight)
    stripped = np.fmax(
        names.part_similarity(core[left[rows]], family[right[rows]]),
        names.part_similarity(family[left[rows]], core[right[rows]]),
    )
    variant = settings.name_levels[1]
    current = features[SIM_FAMILY].to_numpy()[rows]
    _set_at(features, rows, SIM_FAMILY, np.fmax(current, np.fmin(stripped, variant)))


def _compare_split_alike(
    features: pd.DataFrame, records: pd.DataFrame, pairs: pd.MultiIndex, settings: ComparisonSettings
) -> None:
    """Compare names of three or more words split alike where two lists split them differently.

    One list writes "Hurieh Beheshti Tabar" in one field, parsed as Hurieh Beheshti + Tabar; another
    "BEHECHTI TABAR, Hourié"; a third joins what the first writes apart ("Ahmad Reza Nour Amin" /
    احمدرضا نورامین), so counting the other record's words does not tell where to cut. Each record's
    words are cut again after each of its first words, the first ones read as the given name. A
    name from one field may also be written surname first without a cue (Ghorbannazhad Amir
    Hossein / Amirhosein Ghorbannejad): its first words are also read as the family name. Where
    both parts then read at least as similar names (`name_levels[2]`: Effat / Iffat are one name),
    better than as parsed and than any other cut, the parts are compared that way.
    """
    given, family = records[GIVEN_KEY].to_numpy(dtype=object), records[FAMILY_KEY].to_numpy(dtype=object)
    given_words = np.array([len(key.split()) for key in given])
    family_words = np.array([len(key.split()) for key in family])
    all_words = given_words + family_words
    one_field = ((records[raw("given_name")] == "") & (records[raw("family_name")] == "")).to_numpy()
    left, right = pairs.get_level_values(0).to_numpy(), pairs.get_level_values(1).to_numpy()
    straight = features[SWAPPED].to_numpy() == ""
    rows = np.flatnonzero(
        straight
        & (np.fmax(all_words[left], all_words[right]) >= 3)
        & (given_words[left] > 0)
        & (given_words[right] > 0)
    )
    if not len(rows):
        return
    best_given = features[SIM_GIVEN].to_numpy()[rows]
    best_family = features[SIM_FAMILY].to_numpy()[rows]
    best = np.fmin(best_given, best_family)
    for moved, kept in ((left[rows], right[rows]), (right[rows], left[rows])):
        words = all_words[moved]
        cuts = range(1, min(int(words.max()), MAX_SPLIT_WORDS))
        # Given name first, cut after any of its words but where it is cut already; and for a
        # name from one field, surname first, cut after any word.
        readings = [((cut < words) & (cut != given_words[moved]), cut, False) for cut in cuts]
        readings += [(one_field[moved] & (words >= 3) & (cut < words), cut, True) for cut in cuts]
        for applies, cut_after, surname_first in readings:
            at = np.flatnonzero(applies)
            if not len(at):
                continue
            first, rest = _cut_words(given, family, moved[at], np.full(len(at), cut_after))
            split_given, split_family = (rest, first) if surname_first else (first, rest)
            sim_given = names.part_similarity(split_given, given[kept[at]])
            # Both parts must agree, better than as parsed: where the given names already fail
            # that, the family names (each pair of them a new one to score) need no comparing.
            hopeful = np.flatnonzero(_better(sim_given, best[at], settings))
            at, sim_given = at[hopeful], sim_given[hopeful]
            sim_family = names.part_similarity(split_family[hopeful], family[kept[at]])
            agreeing = np.minimum(sim_given, sim_family)  # a part left empty by the split agrees with nothing
            better = _better(agreeing, best[at], settings)
            best_given[at] = np.where(better, sim_given, best_given[at])
            best_family[at] = np.where(better, sim_family, best_family[at])
            best[at] = np.where(better, agreeing, best[at])
    _set_at(features, rows, SIM_GIVEN, best_given)
    _set_at(features, rows, SIM_FAMILY, best_family)


def _cut_words(
    given: np.ndarray, family: np.ndarray, cut: np.ndarray, after: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The words of each `cut` record's name (given, then family) cut after `after` of them: the
    first words ("" where none are left after them) and the rest. Each record is cut at a few
    places only, so each record and place is cut once, however many pairs ask."""
    width = int(after.max()) + 1
    codes, distinct = pd.factorize(cut.astype(np.int64) * width + after)
    record, place = np.divmod(distinct, width)
    words = [f"{g} {f}".split() for g, f in zip(given[record], family[record], strict=True)]
    first = [" ".join(w[:n]) if n < len(w) else "" for w, n in zip(words, place, strict=True)]
    rest = [" ".join(w[n:]) for w, n in zip(words, place, strict=True)]
    return np.array(first, dtype=object)[codes], np.array(rest, dtype=object)[codes]


def _better(agreeing: np.ndarray, best: np.ndarray, settings: ComparisonSettings) -> np.ndarray:
    """Where a reading's agreement would replace the best so far: reading as similar names at
    least, and more than the best (NaN, a part missing, agrees with nothing)."""
    return (agreeing >= settings.name_levels[2]) & ~(best >= agreeing)


def _floor_with_whole_name(
    features: pd.DataFrame, records: pd.DataFrame, pairs: pd.MultiIndex, settings: ComparisonSettings
) -> None:
    """Let whole-name similarity vouch for both parts when the parts were split differently.

    A list that writes the surname first without a cue (Rahimi Amir Hossein) parses into other
    parts than Amir Hossein Rahimi; the whole-name similarity tries the orders and compounds
    and still sees one name. Only a strong whole-name agreement counts; it never lifts swapped
    names (Kazem Ghasemi / Ghasem Kazemi), being itself designed to keep them apart. A clerk may
    also write the whole name in the family-name field (حسین فاطمی, a title or nothing under the
    given name): against a record with both parts, the whole name then vouches for its given name.
    """
    whole = features[SIM_WHOLE].where(features[SIM_WHOLE] >= settings.whole_name_floor)
    given = records[GIVEN_KEY].to_numpy(dtype=object)
    whole_as_family = ((given == "") & (records[FAMILY_KEY].str.count(" ") >= 1)).to_numpy()
    left, right = pairs.get_level_values(0).to_numpy(), pairs.get_level_values(1).to_numpy()
    given_in_family = (whole_as_family[left] & (given[right] != "")) | (
        whole_as_family[right] & (given[left] != "")
    )
    for part in (SIM_GIVEN, SIM_FAMILY):
        compared = features[part].notna().to_numpy() | (given_in_family if part == SIM_GIVEN else False)
        features[part] = np.fmax(features[part], whole.where(compared))
