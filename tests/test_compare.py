import numpy as np
import pandas as pd
import pytest

from reconcile.compare import SWAPPED, compare
from reconcile.config import load_settings
from reconcile.explain import explain
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
from reconcile.load import load
from reconcile.normalize import normalize
from tests.conftest import settings_text

LISTS = """
[[lists]]
id = "one_field"
role = "allegation"
path = "one_field.csv"
[lists.columns]
record_id = "No"
name = "Name"

[[lists]]
id = "split"
role = "corroborating"
path = "split.csv"
[lists.columns]
record_id = "No"
given_name = "Given"
family_name = "Family"
"""

# Surname first in one field (no comma, no capitals to tell); the split list knows its order.
ONE_FIELD = "No,Name\n1,Amiri Fatemeh\n2,Sadeghi Hossein\n"
SPLIT = "No,Given,Family\n1,Fatimah,Amiri\n2,Kazem,Ghasemi\n3,Ghasem,Kazemi\n4,Hossein,Sadeghi\n"


def _features(project, one_field: str, split: str) -> pd.DataFrame:
    folder = project({"reconcile.toml": settings_text(LISTS), "one_field.csv": one_field, "split.csv": split})
    settings = load_settings(folder / "reconcile.toml")
    records = normalize(load(settings).records, settings).records
    position = {(r.list_id, r.record_id): i for i, r in enumerate(records.itertuples())}
    wanted = [
        (("one_field", "1"), ("split", "1")),
        (("one_field", "2"), ("split", "4")),
        (("split", "2"), ("split", "3")),
    ]
    pairs = pd.MultiIndex.from_tuples([(position[a], position[b]) for a, b in wanted])
    return compare(records, pairs, settings.comparison)


def test_a_surname_written_first_in_one_field_is_compared_swapped(project):
    features = _features(project, ONE_FIELD, SPLIT)
    # Fatemeh / Fatimah (its Arabic-habit spelling) are the given names, Amiri / Amiri the family names.
    assert features["level_given"].tolist()[:2] == [0, 0]
    assert features["level_family"].tolist()[:2] == [0, 0]
    assert features["parts_swapped"].tolist() == ["left", "left", ""]


def test_two_lists_with_given_and_family_columns_are_never_swapped(project):
    features = _features(project, ONE_FIELD, SPLIT)
    # Kazem Ghasemi / Ghasem Kazemi: different people, whatever the swapped parts look like.
    assert features["level_given"].iloc[2] >= 3
    assert features["level_family"].iloc[2] >= 3


AFFILIATED = """
[[lists]]
id = "english"
role = "allegation"
path = "english.csv"
[lists.columns]
record_id = "No"
name = "Name"
affiliation = "Affiliation"

[[lists]]
id = "persian"
role = "corroborating"
path = "persian.csv"
[lists.columns]
record_id = "No"
name = "Name"
affiliation = "Affiliation"
"""


def test_an_affiliation_agrees_across_languages_and_is_missing_where_unknown(project):
    english = (
        "No,Name,Affiliation\n1,Ali Rezaei,People's Mojahedin\n2,Reza Karimi,Tudeh Party\n3,Hasan Amini,\n"
    )
    persian = "No,Name,Affiliation\n1,علی رضایی,سازمان مجاهدین خلق ایران\n2,رضا کریمی,مجاهدین خلق\n3,حسن امینی,حزب توده\n"
    folder = project(
        {"reconcile.toml": settings_text(AFFILIATED), "english.csv": english, "persian.csv": persian}
    )
    settings = load_settings(folder / "reconcile.toml")
    records = normalize(load(settings).records, settings).records
    pairs = pd.MultiIndex.from_tuples([(0, 3), (1, 4), (2, 5)])
    features = compare(records, pairs, settings.comparison)
    assert features["level_affiliation"].tolist() == [0, 1, MISSING]


def test_cities_and_affiliations_are_weighed_by_how_rare_they_are(project):
    folder = project({"reconcile.toml": settings_text(LISTS)})
    by_name = {c.name: c for c in comparisons(load_settings(folder / "reconcile.toml").comparison)}
    assert by_name["city"].tf_column == "city_key" and not by_name["city"].tf_of_names
    assert by_name["affiliation"].tf_column == "affiliation_key"
    assert by_name["given"].tf_of_names and by_name["prison"].tf_column is None


TWO_LAYOUTS = """
[[lists]]
id = "allegations"
role = "allegation"
path = "allegations.csv"
[lists.columns]
record_id = "No"
name = "Name"

[[lists]]
id = "ngo"
role = "corroborating"
path = "ngo.csv"
[lists.columns]
record_id = "Id"
given_name = "Given"
family_name = "Family"
"""


def _two_layouts(project, allegations: str, ngo: str):
    """Settings and normalized records of an allegation list with one name column and an NGO list
    with given and family columns."""
    folder = project(
        {"reconcile.toml": settings_text(TWO_LAYOUTS), "allegations.csv": allegations, "ngo.csv": ngo}
    )
    settings = load_settings(folder / "reconcile.toml")
    return settings, normalize(load(settings).records, settings).records


def test_one_field_names_are_compared_swapped_even_in_a_sample_that_repeats_pairs(project):
    """The random pairs that estimate chance agreement repeat pairs on small lists; setting the
    swapped comparison by label then ended two-list runs (one name column, given/family columns)."""
    settings, records = _two_layouts(
        project,
        "No,Name\n1,Qolamreza Rezazade\n2,Hosein Xosravi\n",
        "Id,Given,Family\n1,Mohammed,Rezazadeh\n2,XOSRAVI,Hussein\n",
    )
    position = {key: n for n, key in enumerate(zip(records["list_id"], records["record_id"], strict=True))}
    swapped_pair = (position[("allegations", "2")], position[("ngo", "2")])
    other_pair = (position[("allegations", "1")], position[("ngo", "1")])
    pairs = pd.MultiIndex.from_tuples([swapped_pair, other_pair, swapped_pair, swapped_pair])
    features = compare(records, pairs, settings.comparison)
    assert features[SWAPPED].tolist() == ["left", "", "left", "left"]
    assert (features["sim_given"].to_numpy()[[0, 2, 3]] > 0.9).all()


def test_an_initial_that_fits_is_its_own_level_between_weak_agreement_and_a_different_name(project):
    settings, records = _two_layouts(
        project, 'No,Name\n1,"TALEBI, R."\n2,"TALEBI, A."\n', "Id,Given,Family\n1,Reza,Talebi\n"
    )
    pairs = pd.MultiIndex.from_tuples([(0, 2), (1, 2)])
    levels = compare(records, pairs, settings.comparison)["level_given"].tolist()
    given = by_name(comparisons(settings.comparison))["given"]
    initial, different = given.position(INITIAL_LEVEL_LABEL), given.position(DIFFERENT)
    assert levels == [initial, different]
    # Only the levels of a given name left out come between: they never take a pair with two names.
    assert all(level.of_absence for level in given.levels[initial + 1 : different])


def _reason_of_first_pair(features: pd.DataFrame, records: pd.DataFrame, settings) -> pd.Series:
    """The written reason of the first pair compared, records 0 and 2."""
    return explain(
        features.iloc[:1],
        records.iloc[[0]],
        records.iloc[[2]],
        np.array([np.nan]),
        comparisons(settings.comparison),
    )


def test_a_family_name_given_by_its_initial_is_weak_agreement_and_says_so(project):
    settings, records = _two_layouts(
        project, "No,Name\n1,Abbas Z.\n2,Abbas K.\n", "Id,Given,Family\n1,Abbas,Zanjanian\n"
    )
    pairs = pd.MultiIndex.from_tuples([(0, 2), (1, 2)])
    features = compare(records, pairs, settings.comparison)
    family = by_name(comparisons(settings.comparison))["family"]
    assert features["level_family"].tolist() == [
        family.position(INITIAL_LEVEL_LABEL),
        family.position(DIFFERENT),
    ]
    reasons = _reason_of_first_pair(features, records, settings)
    assert "family name initial fits: Z / Zanjanian" in reasons.iloc[0]


def test_a_given_name_left_out_by_both_records_or_by_one_is_a_level_not_a_missing_field(project):
    settings, records = _two_layouts(
        project, "No,Name\n1,TALEBI\n2,Reza TALEBI\n", "Id,Given,Family\n1,,Talebi\n2,Reza,Talebi\n"
    )
    pairs = pd.MultiIndex.from_tuples([(0, 2), (1, 2), (0, 3), (1, 3)])
    features = compare(records, pairs, settings.comparison)
    given = by_name(comparisons(settings.comparison))["given"]
    neither, one = given.position(NEITHER_GIVEN_LEVEL_LABEL), given.position(ONE_GIVEN_LEVEL_LABEL)
    assert features["level_given"].tolist() == [neither, one, one, 0]
    assert (features["level_family"] == 0).all()
    left, right = records.iloc[[0, 1]], records.iloc[[2, 2]]
    reasons = explain(
        features.iloc[:2], left, right, np.array([np.nan, np.nan]), comparisons(settings.comparison)
    )
    assert reasons.iloc[0].startswith("no given name on either record; same family name")
    assert reasons.iloc[1].startswith("given name on one record only: Reza; same family name")


def test_a_part_of_a_compound_given_name_is_its_own_level_above_an_initial(project):
    settings, records = _two_layouts(
        project,
        'No,Name\n1,"ZEBARDAST, Gholam Reza"\n2,"ZEBARDAST, Bahram"\n',
        "Id,Given,Family\n1,Reza,Zebardast\n",
    )
    pairs = pd.MultiIndex.from_tuples([(0, 2), (1, 2)])
    levels = compare(records, pairs, settings.comparison)["level_given"].tolist()
    given = by_name(comparisons(settings.comparison))["given"]
    part_of_other = given.position(GIVEN_PART_LEVEL_LABEL)
    assert part_of_other == len(settings.comparison.name_levels)  # right below the similarity cuts
    assert levels == [part_of_other, given.position(DIFFERENT)]
    assert given.position(INITIAL_LEVEL_LABEL) == part_of_other + 1


def _split_against_one_field(project, same: str, stranger: str, given: str, family: str):
    """Features of a record with given and family names against two one-field names: the same
    person (first) and a stranger; and the similarity cuts."""
    settings, records = _two_layouts(
        project, f'No,Name\n1,"{same}"\n2,"{stranger}"\n', f"Id,Given,Family\n1,{given},{family}\n"
    )
    features = compare(records, pd.MultiIndex.from_tuples([(0, 2), (1, 2)]), settings.comparison)
    return features[["sim_given", "sim_family"]].to_numpy(), settings.comparison.name_levels


@pytest.mark.parametrize(
    ("same", "stranger", "given", "family"),
    [
        ("Hurieh Beheshti Tabar", "Hurieh Beheshti Kermani", "Hourié", "BEHECHTI TABAR"),
        # Four Latin words against two joined Persian ones: the cut is after the second word,
        # which counting the Persian record's words (one given name) would never try.
        ("Ahmad Reza Nour Amin", "Ahmad Reza Nour Karimi", "احمدرضا", "نورامین"),
    ],
)
def test_names_split_differently_are_compared_split_alike(project, same, stranger, given, family):
    (same_parts, stranger_parts), cuts = _split_against_one_field(project, same, stranger, given, family)
    assert (same_parts >= cuts[1]).all()
    assert stranger_parts[1] < cuts[1]  # another family stays apart


def test_a_split_reading_holds_where_the_given_names_are_only_similar(project):
    # Effat / Iffat (عفت) is one name in two spellings that read less alike than a variant: the
    # family name that agrees once the words are split alike must still count.
    (same_parts, stranger_parts), cuts = _split_against_one_field(
        project, "Iffat Ismaili Eyvanaki", "Iffat Ismaili Kermani", "Effat", "ESMAILI EYVANAKI"
    )
    assert same_parts[1] >= cuts[1] and cuts[2] <= same_parts[0] < cuts[1]
    assert stranger_parts[1] < cuts[2]  # Kermani is another family


def test_a_one_field_name_written_surname_first_is_also_read_that_way(project):
    settings, records = _two_layouts(
        project,
        'No,Name\n1,"Ghorbannazhad Amir Hossein"\n2,"Datnuli Ghulam Raza"\n3,"Ghorbani Amir Hossein"\n',
        "Id,Given,Family\n1,Amirhosein,Ghorbannejad\n2,Gholamreza,Datnouli\n",
    )
    pairs = pd.MultiIndex.from_tuples([(0, 3), (1, 4), (2, 3)])
    features = compare(records, pairs, settings.comparison)
    variant = settings.comparison.name_levels[1]
    assert (features[["sim_given", "sim_family"]].to_numpy()[:2] >= variant).all()
    assert features["sim_family"].to_numpy()[2] < variant  # Ghorbani is another family


def test_a_whole_name_written_in_the_family_name_field_agrees_with_both_parts(project):
    settings, records = _two_layouts(
        project,
        'No,Name\n1,"Hosein Fatemi"\n2,"Ali Fatemi"\n',
        "Id,Given,Family\n1,Seyed,Hossein Fatemi\n",  # a title under the given name, the rest as family
    )
    pairs = pd.MultiIndex.from_tuples([(0, 2), (1, 2)])
    features = compare(records, pairs, settings.comparison)
    assert features["level_given"].tolist()[0] == 0 and features["level_family"].tolist()[0] == 0
    given = by_name(comparisons(settings.comparison))["given"]
    assert features["level_given"].tolist()[1] == given.position(ONE_GIVEN_LEVEL_LABEL)  # Ali is not Hossein
    reasons = _reason_of_first_pair(features, records, settings)
    assert reasons.iloc[0] == "whole name spelled Hosein Fatemi / Seyed Hossein Fatemi"
