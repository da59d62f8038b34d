from dataclasses import replace

import numpy as np
import pandas as pd

from reconcile.names import name_key
from reconcile.namesakes import estimate_namesakes
from tests.conftest import default_linkage

LINKAGE = replace(default_linkage(), em_max_iterations=200, em_tolerance=1e-8)

GIVEN = ["mohammad", "ali", "hossein", "reza", "mehdi", "hassan", "abbas", "majid", "saeed", "javad"]
STEMS = ("rez", "karim", "ahmad", "mousav", "jafar", "hashem", "tehran", "shiraz", "kerman", "golestan")
FAMILY = [f"{stem}{end}" for stem in STEMS for end in ("i", "ian", "zadeh", "pour", "nejad", "far")]


def _population(seed: int, people: int) -> tuple[pd.DataFrame, pd.Series]:
    """People with Zipf-like names on four lists of different coverage; returns records and each
    record's true number of other people with the same name."""
    rng = np.random.default_rng(seed)
    weights_given = 1 / np.arange(1, len(GIVEN) + 1)
    weights_family = 1 / np.arange(1, len(FAMILY) + 1) ** 0.5
    given = rng.choice(GIVEN, people, p=weights_given / weights_given.sum())
    family = rng.choice(FAMILY, people, p=weights_family / weights_family.sum())
    rows = []
    for list_id, coverage in (("a", 0.7), ("b", 0.5), ("c", 0.3), ("d", 0.6)):
        for person in np.flatnonzero(rng.random(people) < coverage):
            rows.append((list_id, given[person], family[person]))
    records = pd.DataFrame(rows, columns=["list_id", "given_key", "family_key"]).assign(father_key="")
    carriers = pd.Series(list(zip(given, family, strict=True))).value_counts()
    truth = pd.Series([carriers[(g, f)] - 1 for _, g, f in rows])
    return records, truth


def _records(*rows: tuple[str, ...]) -> pd.DataFrame:
    """Records of (list, given, family[, father])."""
    return pd.DataFrame(
        [(row[0], *(name_key(part) for part in row[1:]), *[""] * (4 - len(row))) for row in rows],
        columns=["list_id", "given_key", "family_key", "father_key"],
    )


def test_a_name_once_on_every_list_has_few_namesakes_a_name_thrice_on_one_list_with_three_fathers_has_two():
    background = [(lst, g, f) for lst in "abc" for g in GIVEN[:8] for f in FAMILY[:8]]
    sons = [("a", "Bijan", "Jazani", father) for father in ("Ali", "Reza", "Hasan")]
    rows = background + [(lst, "Khosrow", "Golsorkhi") for lst in "abc"] + sons
    namesakes = estimate_namesakes(_records(*rows), LINKAGE)
    others = namesakes.others.to_numpy()
    assert others[len(background)] < 0.1
    assert others[-1] >= 2.0


def test_a_rare_name_twice_on_one_list_with_nothing_to_tell_them_apart_is_mostly_one_person_listed_twice():
    """Lists name a person twice (one card from the family, one from the news) far more often
    than they hold two people of one rare name; a common name stays shared."""
    background = [(lst, g, f) for lst in "abc" for g in GIVEN[:8] for f in FAMILY[:8]]
    rare = [("a", "Khosrow", "Golsorkhi")] * 2 + [("b", "Khosrow", "Golsorkhi")]
    namesakes = estimate_namesakes(_records(*background, *rare), LINKAGE)
    assert namesakes.others.to_numpy()[len(background)] < 0.5
    strict = replace(LINKAGE, within_list_duplicate_rate=1e-9)
    assert estimate_namesakes(_records(*background, *rare), strict).others.to_numpy()[len(background)] > 0.9


def test_a_list_naming_one_person_twice_with_the_same_father_counts_one_carrier():
    background = [(lst, g, f) for lst in "abc" for g in GIVEN[:8] for f in FAMILY[:8]]
    twice = [("a", "Khosrow", "Golsorkhi", "Ali")] * 2 + [("b", "Khosrow", "Golsorkhi", "Ali")]
    brothers = [("a", "Bijan", "Jazani", "Reza"), ("a", "Bijan", "Jazani", "Hasan"), ("b", "Bijan", "Jazani")]
    others = estimate_namesakes(_records(*background, *twice, *brothers), LINKAGE).others.to_numpy()
    assert others[len(background)] < 0.5
    assert others[-1] >= 1.0


def test_spellings_scripts_and_surname_first_count_as_one_name_and_a_name_of_one_word_as_its_own():
    records = _records(
        ("a", "Hossein", "Rezaei"),
        ("b", "Hosein", "Rezaee"),
        ("c", "حسین", "رضایی"),
        ("d", "Rezaei", "Hossein"),  # surname first, as parsed
        ("a", "Hassan", "Rezaei"),
        ("b", "", "Rezaei"),
        ("c", "", "رضایی"),
        ("d", "Hossein", ""),
    )
    namesakes = estimate_namesakes(records, LINKAGE)
    names = namesakes.name.tolist()
    assert names[0] == names[1] == names[2] == names[3] != names[4]
    assert names[5] == names[6] not in ("", names[0], names[4])
    assert not np.isnan(namesakes.others.iloc[5])
    assert names[7] == ""  # no family name: not counted
    assert np.isnan(namesakes.others.iloc[7])


def test_estimates_follow_the_true_number_of_carriers_and_the_population():
    records, truth = _population(seed=3, people=1500)
    namesakes = estimate_namesakes(records, LINKAGE)
    assert 1500 * 0.75 < namesakes.population < 1500 * 1.25
    estimate = namesakes.others.to_numpy()
    assert np.corrcoef(estimate, truth)[0, 1] > 0.9
    unique = truth == 0
    assert estimate[unique].mean() < 0.5 < estimate[~unique].mean()


def test_lists_without_two_part_names_or_with_one_list_only_fall_back_to_term_frequencies():
    surnames_only = pd.DataFrame(
        {"list_id": ["a", "b"], "given_key": ["", "ali"], "family_key": ["rezai", ""], "father_key": ""}
    )
    one_list = _records(("a", "Ali", "Rezaei"), ("a", "Reza", "Karimi"))
    for records in (surnames_only, one_list):
        assert estimate_namesakes(records, LINKAGE).others.isna().all()


def test_a_name_on_thousands_of_records_of_one_list_is_counted_as_that_many_carriers():
    # Weighing every way of listing some of 5,000 records twice costs the square of the count;
    # beyond the bound each record is a carrier of its own, and such a name weighs nothing anyway.
    rows = [("a", "Mohammad", "Hosseini")] * 5000 + [("b", "Mohammad", "Hosseini")] * 3
    rows += [("a", "Ali", "Rezaei"), ("b", "Ali", "Rezaei"), ("b", "Hassan", "Karimi")]
    others = estimate_namesakes(_records(*rows), LINKAGE).others.to_numpy()
    assert others[0] >= 4999
    assert others[-3] < 1  # a rare name beside it is still read as one person
