import pytest

from reconcile.affiliations import resolve_affiliation


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
    ],
)
def test_one_organization_written_many_ways_has_one_key(written: str, key: str) -> None:
    assert resolve_affiliation(written) == key


def test_an_acronym_is_a_whole_word_and_an_unknown_text_keeps_its_folded_self() -> None:
    assert resolve_affiliation("Mekanik") == "mekanik"
    assert resolve_affiliation("  Monarchist ") == "monarchist"
    assert resolve_affiliation("") == ""
