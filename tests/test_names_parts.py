"""A given name written in part against the whole compound: real-world spelling pairs."""

from __future__ import annotations

import pytest

from reconcile.names import name_key
from reconcile.names.parts import key_without_glued_title, part_of_other, without_glued_title

PARTS = [
    ("Reza", "Gholam Reza"),
    ("Hossein", "Gholamhossein"),
    ("Ali", "Ali Asghar"),
    ("Ali", "Alireza"),
    ("Mohammad", "Dost-Mohammad"),
    ("Reza", "Mohammadreza"),
    ("Amir", "Amir Hossein"),
    ("Hosseyn Ali", "Ali"),
    ("Javad", "Mohammad-Javad"),
    ("Ghasem", "Abolghasem"),
    # across scripts
    ("هادی", "Mirhady"),
    ("رضا", "Gholamreza"),
    ("Hossein", "غلامحسین"),
    ("علی", "Ali Asghar"),
]
NOT_PARTS = [
    ("Hassan", "Hossein"),
    ("Ali", "Alia"),  # the rest ("a") is no name part
    ("Ahmad", "Mohammad"),
    ("Mahmoud", "Mohammad"),
    ("Reza", "Reza"),  # the same name is the similarity's business, not a part
    ("Reza", ""),
    ("R", "Reza"),  # an initial has its own level
    ("حسن", "Mohsen"),
    ("رضا", "Reza"),  # one name in two scripts: the similarity's business
    ("احمد", "Mohammad"),
]


@pytest.mark.parametrize(("one", "other"), PARTS)
def test_a_part_of_a_compound_given_name_is_found_either_way(one, other):
    keys_a, keys_b = [name_key(one), name_key(other)], [name_key(other), name_key(one)]
    assert part_of_other(keys_a, keys_b).tolist() == [True, True]


@pytest.mark.parametrize(("one", "other"), NOT_PARTS)
def test_different_or_equal_names_are_no_part(one, other):
    assert not part_of_other([name_key(one)], [name_key(other)])[0]


@pytest.mark.parametrize(
    ("written", "core"),
    [
        ("Seyyedkazempour", "Kazempour"),
        ("Hajzamanvand", "Zamanvand"),
        # The keys would merge letters across the join: seiyedehqanian, mirostamlu, seiyejavadi.
        ("SeiyedDehqanian", "Dehqanian"),
        ("Mirrostamloo", "Rostamloo"),
        ("HADJSEYYEDJAVADI", "Javadi"),
        ("Seyyed-Jamshidian", "Jamshidian"),
        ("سیدجوادی", "جوادی"),
        ("Sayedtabrizian", "Tabrizian"),
        ("Seyedmir Hosseini", "Hosseini"),
        ("Hajizadeh", "Hajizadeh"),  # what a title would leave is a suffix, not a name
        ("Mirza Pour", "Mirza Pour"),
        ("Mirzanejad", "Nejad"),
        ("Mirzaei", "Mirzaei"),
        ("Kazempour", "Kazempour"),
    ],
)
def test_a_title_glued_to_a_family_name_is_read_past(written, core):
    assert key_without_glued_title(written) == name_key(core)


def test_only_a_few_titles_are_read_past():
    # A hostile cell of thousands of titles costs a few strips, not one per title.
    assert without_glued_title("Seyyed" * 4 + "Javadi") == "SeyyedJavadi"
    assert without_glued_title("Seyyed" * 5000).startswith("Seyyed" * 4000)
