"""Family names written as two words, with a half-space (ZWNJ) or joined: one family name.

The spellings are real victims' names of 1980-1988 as published in Persian and in Latin script.
"""

from __future__ import annotations

import pytest

from reconcile.names import name_key, parse_name, parse_names, similarity

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("written", "given", "family"),
    [
        ("گیتی نیک بخت", "گیتی", "نیکبخت"),
        ("محمد نیک کار", "محمد", "نیککار"),
        ("حسین خوش گفتار", "حسین", "خوشگفتار"),
        ("فاطمه زهرا نیکو اقبال", "فاطمه زهرا", "نیکواقبال"),
        ("ناهید فردوسی راد", "ناهید", "فردوسیراد"),
        ("مهری درخشانی نیا", "مهری", "درخشانینیا"),
        ("کیومرث زهرایی مقدم", "کیومرث", "زهراییمقدم"),
        ("محسن بهرامی فرد", "محسن", "بهرامیفرد"),
        ("محمود فرح منش", "محمود", "فرحمنش"),
        ("علیرضا رجائی منش", "علیرضا", "رجاییمنش"),
        # The -i of a place written apart after its final he: بانه ای = بانه‌ای, Arabic yeh or not.
        ("سهراب بانه ای", "سهراب", "بانهای"),
        ("کیومرث زواره اي", "کیومرث", "زوارهای"),
        ("Nahid Ferdosi Rad", "nahid", "ferdosirad"),
        ("Mohsen Bahrami Fard", "mohsen", "bahramifard"),
        ("Mohammad Nik Kar", "mohamad", "nikar"),
        ("Mehri Derakhshani-Nia", "mehri", "deraxshaninia"),
        # A suffix in a spelling of its own (Nedjad for Nejad) still ends the family name.
        ("Zahra Mirza Nedjad", "zahra", "mirzanejad"),
    ],
)
def test_a_one_field_name_splits_before_a_compound_family_name(written: str, given: str, family: str) -> None:
    parsed = parse_name(written)
    assert (name_key(parsed.given), name_key(parsed.family)) == (given, family)


@pytest.mark.parametrize(
    "written",
    ["نظر مقدم", "Nazar Moghaddam", "Ali Rad", "علی نیک"],
)
def test_a_half_of_a_compound_alone_after_the_given_name_is_the_family_name(written: str) -> None:
    parsed = parse_name(written)
    assert parsed.given and parsed.family == written.split()[1]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("نیک", "نام"),
        ("خوش", "نویس"),
        ("فلاحی", "مقدم"),
        ("کریمی", "نیا"),
        ("Karimi", "Nia"),
        ("Khosh", "Nevis"),
    ],
)
def test_a_space_a_half_space_and_no_space_make_one_family_name(first: str, second: str) -> None:
    spellings = [f"{first} {second}", f"{first}{ZWNJ}{second}", f"{first}{second}"]
    assert len({name_key(parse_name(f"علی {family}").family) for family in spellings}) == 1
    assert len({name_key(parse_names("علی", family).family) for family in spellings}) == 1
    assert all(similarity(f"علی {spellings[0]}", f"علی {other}") == 1.0 for other in spellings[1:])


@pytest.mark.parametrize(
    ("persian", "latin"),
    [
        ("ناهید فردوسی راد", "Nahid Ferdosi Rad"),
        ("محسن بهرامی فرد", "Mohsen Bahrami Fard"),
        ("حسین خوش گفتار", "Hossein Khoshgoftar"),
        ("گیتی نیک بخت", "Giti Nikbakht"),
        ("مهین خوش رفتار", "Mahin Khoshraftar"),
        ("ناهید فردوسی راد", "Nahid Ferdosirad"),
    ],
)
def test_a_compound_written_apart_in_one_script_meets_it_joined_in_the_other(
    persian: str, latin: str
) -> None:
    parsed_persian, parsed_latin = parse_name(persian), parse_name(latin)
    assert len(name_key(parsed_persian.given).split()) == len(name_key(parsed_latin.given).split()) == 1
    assert similarity(persian, latin) >= 0.9


@pytest.mark.parametrize(
    ("written", "family"),
    [
        ("NOURI NIK Mohammad", "NOURI NIK"),
        ("Mohammad NOURI NIK", "NOURI NIK"),
        ("Mohammad KARIMI NIA", "KARIMI NIA"),
        # An affix (Abd begins names, Pour ends them) stays on the side its capitals put it.
        ("POUR ABD Manoutchehr", "POUR ABD"),
        ("Manoutchehr POUR ABD", "POUR ABD"),
        ("Abdol Reza KARIMI POUR", "KARIMI POUR"),
        ("REZACHAHI Gholam", "REZACHAHI"),  # a name's beginning with nothing after it stands alone
    ],
)
def test_a_surname_in_capitals_keeps_its_own_words(written: str, family: str) -> None:
    assert parse_name(written).family == family


def test_the_family_of_prefix_is_set_aside_in_both_scripts() -> None:
    # Al / آل (the family of) before a family name: Latin lists drop it as the Arabic article.
    persian, latin = parse_names("مهدی", "آل اسحاق"), parse_name("AL ESHAQ Mehdi")
    assert name_key(persian.family) == "اسحاق" and name_key(latin.family) == "eshaq"
