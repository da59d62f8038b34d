import numpy as np
import pytest

from reconcile.affiliations import agreement, resolve_affiliation


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("سازمان مجاهدین خلق ایران", "pmoi"),
        ("People's Mojahedin", "pmoi"),
        ("Mujahedin-e Khalq", "pmoi"),
        ("MEK", "pmoi"),
        ("منافقین", "pmoi"),  # the government's word for the same organization
        ("سازمان چریک‌های فدایی خلق (اقلیت)", "fadaian_minority"),
        ("OIPFG (Minority)", "fadaian_minority"),
        ("فدائیان اکثریت", "fadaian_majority"),
        ("Fedayin", "fadaian"),
        ("حزب توده ایران", "tudeh"),
        ("Tudeh Party of Iran", "tudeh"),
        ("سازمان کارگران انقلابی ایران (راه کارگر)", "rahekargar"),
        ("Rah-e Kargar", "rahekargar"),
        ("Komaleh", "komala"),
        ("Kurdish Democratic Party", "kdpi"),
        # Names that share a word with another organization stay apart.
        ("Baha'i minority", "bahai"),
        ("اقلیت مذهبی بهائی", "bahai"),
        ("Bahá'í", "bahai"),
        ("Mojahedin of the Islamic Revolution", "mojahedin_enghelab"),
        ("مجاهدین انقلاب اسلامی", "mojahedin_enghelab"),
        ("National Democratic Front", "national_democratic_front"),
        ("Fadaiyan-e Islam", "islamic_fadaian"),
        ("OIPFG (Majority)", "fadaian_majority"),
    ],
)
def test_one_organization_written_many_ways_has_one_key(written: str, key: str) -> None:
    assert resolve_affiliation(written) == key


def test_an_acronym_is_a_whole_word_and_an_unknown_text_keeps_its_folded_self() -> None:
    assert resolve_affiliation("Mekanik") == "mekanik"
    assert resolve_affiliation("  Monarchist ") == "monarchist"
    assert resolve_affiliation("") == ""


@pytest.mark.parametrize("written", ["unknown", "نامعلوم", "none"])
def test_a_placeholder_is_no_affiliation(written: str) -> None:
    assert resolve_affiliation(written) == ""


def test_a_broader_name_does_not_contradict_its_subgroup_but_two_organizations_do() -> None:
    left = np.array(["fadaian", "fadaian_minority", "islamic_fadaian", "pmoi", ""], dtype=object)
    right = np.array(["fadaian_minority", "fadaian_majority", "fadaian", "pmoi", "pmoi"], dtype=object)
    np.testing.assert_array_equal(agreement(left, right), [np.nan, 0.0, 0.0, 1.0, np.nan])
