"""The comparisons' levels as declared: their order, what they mean, and where a pair lands."""

from dataclasses import replace

import numpy as np
import pandas as pd

from reconcile.levels import (
    DIFFERENT,
    GIVEN_PART_LEVEL_LABEL,
    INITIAL_LEVEL_LABEL,
    MISSING,
    NEITHER_GIVEN_LEVEL_LABEL,
    ONE_GIVEN_LEVEL_LABEL,
    by_name,
    comparisons,
)
from reconcile.schema import (
    AGE_GAP,
    DATE_COARSE,
    DATE_GAP,
    DATE_SAME_DAY,
    GIVEN_ABSENT,
    GIVEN_PART,
    IN_ONE_CITY,
    INITIALS,
    SIM_CITY,
    SIM_GIVEN,
)
from tests.conftest import default_comparison


def test_every_comparison_declares_its_levels_once_from_agreement_to_different():
    for comparison in comparisons(default_comparison()):
        labels = [level.label for level in comparison.levels]
        assert labels[-1] == DIFFERENT, comparison.name
        assert len(set(labels)) == len(labels), comparison.name


def test_the_top_two_similarity_levels_of_a_name_agree_and_the_top_three_read_similar():
    settings = default_comparison()
    declared = by_name(comparisons(settings))
    for name in ("given", "family", "father"):
        levels = np.arange(len(declared[name].levels))
        assert declared[name].agree(levels).tolist() == [i < 2 for i in levels]
        assert declared[name].similar(levels).tolist() == [i < 3 for i in levels]
        assert not declared[name].agree(np.array([MISSING])).any()


def test_a_given_name_takes_the_first_declared_level_its_features_pass():
    settings = default_comparison()  # name levels cut at 0.97, 0.90, 0.80, 0.65
    features = pd.DataFrame(
        {
            SIM_GIVEN: [1.0, 0.95, 0.85, 0.7, 0.4, 0.4, 0.4, 0.97, np.nan],
            GIVEN_PART: [False, False, False, False, True, True, False, True, True],
            INITIALS: [False, False, False, False, False, True, True, True, True],
            GIVEN_ABSENT: [0, 0, 0, 0, 0, 0, 0, 0, 0],
        }
    )
    given = by_name(comparisons(settings))["given"]
    part, initial = given.position(GIVEN_PART_LEVEL_LABEL), given.position(INITIAL_LEVEL_LABEL)
    assert given.level(features).tolist() == [0, 1, 2, 3, part, part, initial, 0, MISSING]
    no_likeness = features.assign(**{GIVEN_PART: False, INITIALS: False})
    assert given.level(no_likeness)[4] == given.position(DIFFERENT)


def test_a_given_name_left_out_is_a_level_of_its_own_only_where_a_record_lacks_it():
    given = by_name(comparisons(default_comparison()))["given"]
    features = pd.DataFrame(
        {
            SIM_GIVEN: [np.nan, np.nan, 0.3, 1.0, np.nan],
            GIVEN_PART: False,
            INITIALS: False,
            GIVEN_ABSENT: [2, 1, 1, 2, 0],  # the last: no similarity although both have a name
        }
    )
    neither, one = given.position(NEITHER_GIVEN_LEVEL_LABEL), given.position(ONE_GIVEN_LEVEL_LABEL)
    assert given.level(features).tolist() == [neither, one, given.position(DIFFERENT), 0, MISSING]
    assert not given.agree(np.array([neither, one])).any()


def test_ages_cities_and_dates_take_their_declared_levels():
    settings = default_comparison()  # ages within 2 years, dates within 20 days
    declared = by_name(comparisons(settings))
    ages = pd.DataFrame({AGE_GAP: [0.0, 1.0, 2.0, 3.0, np.nan]})
    assert declared["age"].level(ages).tolist() == [0, 0, 1, 2, MISSING]
    cities = pd.DataFrame({SIM_CITY: [1.0, 0.5, 0.5, np.nan], IN_ONE_CITY: [True, True, False, False]})
    assert declared["city"].level(cities).tolist() == [0, 1, 2, MISSING]
    dates = pd.DataFrame(
        {
            DATE_GAP: [0.0, 0.0, 0.0, 15.0, 40.0, np.nan],
            DATE_SAME_DAY: [True, False, False, False, False, False],
            DATE_COARSE: [False, False, True, True, False, False],
        }
    )
    labels = [declared["date"].levels[level].label for level in declared["date"].level(dates)[:-1]]
    assert labels == [
        "same day",
        "overlapping months",
        "overlapping season or year",
        "within 20 days",
        DIFFERENT,
    ]
    assert declared["date"].level(dates)[-1] == MISSING


def test_with_two_similarity_cuts_a_different_name_does_not_read_similar():
    settings = replace(default_comparison(), name_levels=(0.95, 0.80))
    declared = by_name(comparisons(settings))
    assert declared["family"].similar(np.arange(3)).tolist() == [True, True, False]
    given = declared["given"]
    assert not given.similar(np.array([given.position(GIVEN_PART_LEVEL_LABEL)])).any()
