from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from reconcile.classify import (
    NAMESAKE_BITS,
    Model,
    _AbsenceLevels,
    _left_out_once_by_marginal,
    evidence,
    fit,
    pair_namesakes,
)
from reconcile.levels import (
    DIFFERENT,
    MISSING,
    NEITHER_GIVEN_LEVEL_LABEL,
    ONE_GIVEN_LEVEL_LABEL,
    Comparison,
    Level,
    comparisons,
)
from reconcile.namesakes import Namesakes
from tests.conftest import default_comparison, default_linkage

LINKAGE = replace(default_linkage(), namesake_max_bits=4.0, min_value_share=0.0)


def _levels(*labels: str, agreeing: int) -> tuple[Level, ...]:
    """Levels by their labels, the first `agreeing` counting as agreement; these tests give each
    pair its level, so no level's test is ever asked."""
    unasked = lambda features: np.zeros(len(features), dtype=bool)  # noqa: E731
    return tuple(Level(label, unasked, agrees=rank < agreeing) for rank, label in enumerate(labels))


NAME_LEVELS = _levels("≥ 0.97", "≥ 0.90", "≥ 0.80", "≥ 0.65", "different", agreeing=2)
CITY_LEVELS = _levels("same", "different", agreeing=1)
COMPARISONS = (
    Comparison("given", "sim_given", NAME_LEVELS, tf_column="given_key", tf_of_names=True),
    Comparison("family", "sim_family", NAME_LEVELS, tf_column="family_key", tf_of_names=True),
    Comparison("city", "sim_city", CITY_LEVELS),
)
FLAT = np.full(5, 0.2)
MODEL = Model(
    m={"given": FLAT, "family": FLAT, "city": np.array([0.9, 0.1])},
    u={"given": FLAT, "family": FLAT, "city": np.array([0.1, 0.9])},
    prior=1e-4,
    priors={},
    name_m_pairs=0,
)


def _evidence(features, records, comparisons, namesakes: Namesakes, settings) -> pd.DataFrame:
    others = pair_namesakes(features, namesakes, comparisons)
    return evidence(features, records, MODEL, comparisons, others, namesakes.population, settings)


def _case(others: list[float], names: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, Namesakes]:
    """Records 0-1 agree on one counted name, records 2-3 on two different counted names."""
    # Other people's names make "ali", "rezai", "reza" and "karimi" uncommon as name parts.
    fillers = [f"name{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(6)]
    records = pd.DataFrame(
        {
            "given_key": ["ali", "ali", "reza", "reza", *fillers],
            "family_key": ["rezai", "rezai", "karimi", "karimi", *reversed(fillers)],
        }
    )
    features = pd.DataFrame(
        {"level_given": [0, 0], "level_family": [0, 0], "level_city": [0, MISSING]},
        index=pd.MultiIndex.from_tuples([(0, 1), (2, 3)]),
    )
    names_all = pd.Series([*names, *[""] * 36])
    counted = pd.Series([*others, *[np.nan] * 36])
    lists = pd.Series(["a", "b"] * 20)
    namesakes = Namesakes(names_all, counted, by_chance=counted, lists=lists, population=1000.0)
    return features, records, namesakes


def test_a_counted_name_weighs_log2_of_people_over_other_carriers_and_other_fields_still_add():
    features, records, namesakes = _case([0.01, 0.01, 3.0, 3.0], ["a|r", "a|r", "k|r", "k|r"])
    bits = _evidence(features, records, COMPARISONS, namesakes, replace(LINKAGE, namesake_max_bits=np.inf))
    name_bits = bits[["bits_given", "bits_family", NAMESAKE_BITS]].sum(axis=1).to_numpy()
    np.testing.assert_allclose(name_bits, [np.log2(1000 / 0.01), np.log2(1000 / 3.0)])
    np.testing.assert_allclose(bits["bits_city"], [np.log2(9), 0.0])


def test_records_counted_under_different_names_keep_their_term_frequencies():
    features, records, namesakes = _case([0.01, 0.01, 3.0, 3.0], ["a|r", "a|r", "k|r", "x|r"])
    assert np.isnan(pair_namesakes(features, namesakes, COMPARISONS)[1])
    bits = _evidence(features, records, COMPARISONS, namesakes, replace(LINKAGE, namesake_max_bits=np.inf))
    assert bits[NAMESAKE_BITS].iloc[1] == 0.0
    assert bits[NAMESAKE_BITS].iloc[0] != 0.0


def test_the_lists_counts_raise_a_names_weight_at_most_the_cap_and_lower_it_freely():
    features, records, namesakes = _case([1e-6, 1e-6, 50.0, 50.0], ["a|r", "a|r", "k|r", "k|r"])
    bits = _evidence(features, records, COMPARISONS, namesakes, LINKAGE)
    assert bits[NAMESAKE_BITS].iloc[0] == 4.0
    uncapped = _evidence(
        features, records, COMPARISONS, namesakes, replace(LINKAGE, namesake_max_bits=np.inf)
    )
    assert bits[NAMESAKE_BITS].iloc[1] == uncapped[NAMESAKE_BITS].iloc[1] < 0


def test_agreeing_on_a_rare_value_weighs_more_than_on_a_common_one():
    # Eight records in Tehran, two in Sari: two records from Sari agree on rarer evidence.
    records = pd.DataFrame({"given_key": "", "family_key": "", "city_key": ["tehran"] * 8 + ["sari"] * 2})
    features = pd.DataFrame(
        {"level_given": MISSING, "level_family": MISSING, "level_city": [0, 0, 1]},
        index=pd.MultiIndex.from_tuples([(0, 1), (8, 9), (0, 8)]),
    )
    by_value = (*COMPARISONS[:2], Comparison("city", "sim_city", CITY_LEVELS, tf_column="city_key"))
    missing = pd.Series([np.nan] * 10)
    uncounted = Namesakes(pd.Series([""] * 10), missing, missing, pd.Series(["a"] * 10), population=0.0)
    bits = _evidence(features, records, by_value, uncounted, LINKAGE)
    np.testing.assert_allclose(
        bits["bits_city"], [np.log2(0.9 / 0.8), np.log2(0.9 / 0.2), np.log2(0.1 / 0.9)]
    )
    # However rare a value, it counts at most as rare as the settings allow.
    floored = _evidence(features, records, by_value, uncounted, replace(LINKAGE, min_value_share=0.25))
    np.testing.assert_allclose(floored["bits_city"].iloc[1], np.log2(0.9 / 0.25))


def test_a_rare_family_name_spelled_two_ways_weighs_more_than_a_common_one_spelled_two_ways():
    """Sabouri / Saburi (one of 40 records) against Ahmadi / Ahmady (half of them), both at the
    spelling-variant level: the rarer name is stronger evidence, as at the exact level."""
    family = ["ahmadi"] * 10 + ["ahmady"] * 10 + ["saburi", "sabouri"] + [f"rare{i}" for i in range(18)]
    records = pd.DataFrame({"given_key": "", "family_key": family})
    features = pd.DataFrame(
        {"level_given": MISSING, "level_family": [1, 1, 0], "level_city": MISSING},
        index=pd.MultiIndex.from_tuples([(0, 10), (20, 21), (20, 20)]),
    )
    missing = pd.Series([np.nan] * len(family))
    uncounted = Namesakes(
        pd.Series([""] * len(family)), missing, missing, pd.Series(["a"] * 40), population=0.0
    )
    bits = _evidence(features, records, COMPARISONS, uncounted, LINKAGE)["bits_family"].to_numpy()
    common_variant, rare_variant, rare_exact = bits
    assert rare_variant > common_variant
    # The variant level keeps its own m/u ratio (here 1) and gains the name's rarity as the exact one does.
    np.testing.assert_allclose(rare_exact - rare_variant, np.log2(0.2 / 0.2))


def test_two_records_of_one_list_weigh_their_name_by_chance_namesakes_not_by_their_own_count():
    names = pd.Series(["a|r", "a|r", "a|r"])
    counted = pd.Series([1.0, 1.0, 1.0])  # the list's repeat made the name look like two people's
    by_chance = pd.Series([0.01, 0.01, 0.01])
    namesakes = Namesakes(names, counted, by_chance, pd.Series(["a", "a", "b"]), population=1000.0)
    features = pd.DataFrame(
        {"level_given": [0, 0], "level_family": [0, 0]}, index=pd.MultiIndex.from_tuples([(0, 1), (0, 2)])
    )
    np.testing.assert_allclose(pair_namesakes(features, namesakes, COMPARISONS), [0.01, 1.0])


def test_two_records_of_one_word_are_weighed_by_the_carriers_of_that_word_as_a_name():
    # Lahijani on two lists, neither with a given name; a third record adds a given name to it.
    absent = _levels(
        "≥ 0.97", "≥ 0.90", "≥ 0.80", "≥ 0.65", NEITHER_GIVEN_LEVEL_LABEL, "one only", "different", agreeing=2
    )
    with_absence = (
        Comparison("given", "sim_given", absent, tf_column="given_key", tf_of_names=True),
        *COMPARISONS[1:],
    )
    neither, one = 4, 5
    names = pd.Series(["|lhjni", "|lhjni", "ali|lhjni"])
    counted = pd.Series([0.02, 0.02, 0.5])
    namesakes = Namesakes(names, counted, counted, pd.Series(["a", "b", "c"]), population=1000.0)
    features = pd.DataFrame(
        {"level_given": [neither, one], "level_family": [0, 0]},
        index=pd.MultiIndex.from_tuples([(0, 1), (0, 2)]),
    )
    others = pair_namesakes(features, namesakes, with_absence)
    np.testing.assert_allclose(others[0], 0.02)
    assert np.isnan(others[1])


def test_a_given_name_left_out_by_one_record_weighs_as_among_strangers_however_many_candidates_share_the_surname():
    # A surname-only record is a candidate of every carrier of its surname: EM over such crowds
    # (here 50 strangers to each true pair) would learn "one given name left out" as strong
    # evidence against, although leaving a name out says nothing about whom a record names.
    declared = comparisons(default_comparison())
    given = next(c for c in declared if c.name == "given")
    one, same, different = given.position(ONE_GIVEN_LEVEL_LABEL), 0, given.position(DIFFERENT)
    true_pairs, crowd = 200, 10_000

    def features(given_levels: list[int], family_levels: list[int]) -> pd.DataFrame:
        frame = pd.DataFrame({"level_" + c.name: MISSING for c in declared}, index=range(len(given_levels)))
        return frame.assign(level_given=given_levels, level_family=family_levels).astype(np.int8)

    candidates = features([same] * true_pairs + [one] * crowd, [0] * (true_pairs + crowd))
    strangers = features(
        [one] * 1_000 + [different] * 9_000,
        [len(c.levels) - 1 for c in declared if c.name == "family"] * 10_000,
    )
    model = fit(
        candidates,
        strangers,
        declared,
        default_linkage(),
        np.full(len(candidates), "a ~ b"),
        {"a": 5_000, "b": 5_000},
    )
    # Strangers lack a given name on one record in 10 % of pairs, and nothing says one person's
    # records do so less: the level weighs (nearly) nothing.
    assert abs(np.log2(model.m["given"][one] / model.u["given"][one])) < 0.2


def test_where_lists_leave_out_the_given_name_for_the_same_people_one_left_out_weighs_against():
    # A record lacks its given name in 10 % of cases (strangers: both 1 %, one 18 %); one person's
    # two records both lack it in 5 % of pairs, so one of them alone lacks it in 2 x (10 - 5) %.
    given = next(c for c in comparisons(default_comparison()) if c.name == "given")
    both, once = given.position(NEITHER_GIVEN_LEVEL_LABEL), given.position(ONE_GIVEN_LEVEL_LABEL)
    u = np.full(len(given.levels), 0.01)
    u[once] = 0.18
    u[-1] = 1 - u.sum() + u[-1]
    m = np.full(len(given.levels), 0.02)
    m[both] = 0.05
    m[0] = 1 - m.sum() + m[0]
    held = _left_out_once_by_marginal(m, u, _AbsenceLevels.of(given))
    assert held[once] == pytest.approx(0.10)
    assert held.sum() == pytest.approx(1.0)
    assert np.log2(held[once] / u[once]) < -0.8


def test_where_nearly_every_record_lacks_a_given_name_the_shares_stay_probabilities():
    # 99 % of records lack it, yet EM saw few pairs where both do: 2 (q - m(both)) would pass 1.
    given = next(c for c in comparisons(default_comparison()) if c.name == "given")
    both, once = given.position(NEITHER_GIVEN_LEVEL_LABEL), given.position(ONE_GIVEN_LEVEL_LABEL)
    u = np.full(len(given.levels), 0.001)
    u[both], u[once] = 0.98, 0.015
    u[-1] = 1 - u.sum() + u[-1]
    m = np.full(len(given.levels), 0.02)
    m[0] = 1 - m.sum() + m[0]
    held = _left_out_once_by_marginal(m, u, _AbsenceLevels.of(given))
    assert (held > 0).all() and held.sum() == pytest.approx(1.0)
    assert held[once] <= 2 * (1 - (u[both] + u[once] / 2)) + 1e-12
