"""Tests of reconcile.names: parsing, keys, blocking, frequencies and the API contract."""

from __future__ import annotations

import numpy as np
import pytest

from reconcile.names import (
    ParsedName,
    blocking_keys,
    name_key,
    normalize_persian,
    parse_name,
    parse_names,
    part_similarity,
    similarity,
    similarity_many,
    to_latin,
    token_frequencies,
)


@pytest.mark.parametrize(
    ("arabic", "persian"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("كريمي", "کریمی"),  # Arabic kaf
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("رضائي", "رضایی"),  # hamza on yeh
        ("محـمد", "محمد"),  # tatweel
        ("مُحَمَّد", "محمد"),  # diacritics
        ("علی‌اکبر", "علیاکبر"),  # ZWNJ half-space closed up
        ("۱۳۶۰", "1360"),  # Persian digits
        ("١٩٨٨", "1988"),  # Arabic digits
    ],
)
def test_normalize_persian_unifies_variants(arabic: str, persian: str) -> None:
    assert normalize_persian(arabic) == normalize_persian(persian)


def test_to_latin_keeps_consonants_and_long_vowels() -> None:
    assert to_latin("مهدی") == "mhdi"
    assert to_latin("حسین") != to_latin("حسن")


@pytest.mark.parametrize(
    ("text", "given", "family", "titles"),
    [
        ("Seyed Mohammad-Hossein Rezaei", "Mohammad Hossein", "Rezaei", ("seyed",)),
        ("REZAEI Mohammad Hossein", "Mohammad Hossein", "REZAEI", ()),
        ("Rezaei, Mohammad Hossein", "Mohammad Hossein", "Rezaei", ()),
        ("رضایی، محمدحسین", "محمدحسین", "رضایی", ()),
        ("Haj Ali Akbar Hashemi", "Ali Akbar", "Hashemi", ("haj",)),
        ("Fatemeh Sadat Hosseini", "Fatemeh", "Hosseini", ("sadat",)),
        ("سید علی حسینی", "علی", "حسینی", ("seyed",)),
        ("Ali Reza Pour", "Ali", "Reza Pour", ()),
        ("Mullah Ahmad Karimi", "Ahmad", "Karimi", ("mullah",)),
        # A hyphen binds its words into one part, even a word that alone is an affix or a given name.
        ("Reza Allah-Yar", "Reza", "Allah Yar", ()),
        ("Jalal Pur-Mohammadi", "Jalal", "Pur Mohammadi", ()),
        ("Seyed-Ali Taheri-Far", "Ali", "Taheri Far", ("seyed",)),
        ("Ali Mir-Hosseini", "Ali", "MirHosseini", ()),  # a title inside a surname is the surname's
        ("KARIMI-Ali", "Ali", "KARIMI", ()),
        ("سیده‌زهرا حسینی", "زهرا", "حسینی", ("seyedeh",)),
        ("Seyedeh Zahra Hosseini", "Zahra", "Hosseini", ("seyedeh",)),
        ("Mahmud Khusraw Nizhad", "Mahmud", "Khusraw Nizhad", ()),
        # Persian joins the title to the given name; Latin lists write it apart.
        ("سیدرضا اشرفی", "رضا", "اشرفی", ("seyed",)),
        ("میرمحمود حسینی", "محمود", "حسینی", ("mir",)),
        ("علی سیدی", "علی", "سیدی", ()),
        # Some Latin lists run Seyyed into the given name too, whichever order and spelling.
        ("ZAREIAN, Seïedmortéza", "Mortéza", "ZAREIAN", ("seyed",)),
        ("HASSANI Seiyedahmad", "Ahmad", "HASSANI", ("seyed",)),
        ("NÉZAMI Seyed-Mohammad", "Mohammad", "NÉZAMI", ("seyed",)),
        ("Seyedehzahra Karimi", "Zahra", "Karimi", ("seyedeh",)),
        ("Sayyidali Rezai", "Ali", "Rezai", ("seyed",)),
        ("Miriam Seyedi", "Miriam", "Seyedi", ()),  # Mir is left on Latin given names: Miriam
        # Before a suffix, a title word is the stem of a surname.
        ("Javad Mirza Zade", "Javad", "Mirza Zade", ()),
        ("Ali Haji Pour", "Ali", "Haji Pour", ()),
        # A misspelled title at the head of a name, read as a scanner or a German list wrote it.
        ("Seyecl Gholam Reza Kazemnejad", "Gholam Reza", "Kazemnejad", ("seyed",)),
        ("Sejjed Modschtaba Eskandari", "Modschtaba", "Eskandari", ("seyed",)),
        ("Saeed Karimi", "Saeed", "Karimi", ()),  # Saeed and Sayid fold alike; Saeed is a name
        ("Sajid Karimi", "Sajid", "Karimi", ()),  # read the German way Sajid is Sayid: still a name
    ],
)
def test_parse_name_structure(text: str, given: str, family: str, titles: tuple[str, ...]) -> None:
    parsed = parse_name(text)
    assert (parsed.given, parsed.family, parsed.titles) == (given, family, titles)
    assert not parsed.is_placeholder


@pytest.mark.parametrize(
    ("text", "father"),
    [
        ("Ali Rezaei son of Hassan", "Hassan"),
        ("Ali Rezaei, fils de Hassan", "Hassan"),
        ("علی رضایی فرزند حسن", "حسن"),
        ("Zahra Ahmadi daughter of Mohammad", "Mohammad"),
        ("HASHEMI, Abol-Ghasem (son of Ebrahim)", "Ebrahim"),  # a bracketed father is kept
        ("علی رضایی (فرزند حسن)", "حسن"),
    ],
)
def test_father_phrase_goes_to_father_name(text: str, father: str) -> None:
    parsed = parse_name(text)
    assert parsed.father_name == father
    assert father not in (parsed.given, parsed.family)


@pytest.mark.parametrize(
    "text",
    [
        "ناشناس",
        "نامعلوم",
        "unknown",
        "Unknown",
        "N.N.",
        "N. N.",
        "NN",
        "name withheld",
        "Name withheld at the family's request",
        "Unknown person no. 3",
        "",
        "  ",
    ],
)
def test_placeholders_are_no_name(text: str) -> None:
    assert parse_name(text).is_placeholder
    assert name_key(text) == ""


def test_one_placeholder_word_leaves_the_other_part_a_name() -> None:
    parsed = parse_name("Unknown Rezaei")
    assert (name_key(parsed.given), name_key(parsed.family)) == ("", "rezai")


def test_apostrophe_does_not_split_a_name() -> None:
    assert parse_name("Ja'far Sa'idi") == ParsedName("Ja'far", "Sa'idi", (), "", False)
    assert name_key("Ja'far") == name_key("Jafar")
    assert name_key("Sa'id") == name_key("Saeed")


def test_parse_names_separate_columns() -> None:
    for title in ("Seyed", "Seiyed", "Saiyed"):  # Seyyed as clerks spell it
        parsed = parse_names(f"{title} Mohammad", "Mousavi")
        assert (parsed.given, parsed.family, parsed.titles) == ("Mohammad", "Mousavi", ("seyed",))
    for given, name in (("Seyedmohammad", "Mohammad"), ("سیدمحمد", "محمد")):  # a title run in, either script
        assert (parse_names(given, "Nezami").given, parse_names(given, "Nezami").titles) == (name, ("seyed",))
    for family in ("حاج احمدی", "حاج\u200cاحمدی"):  # a title in a family-name field is the surname's
        assert name_key(parse_names("احمد", family).family) == "حاجاحمدی"
    assert name_key(parse_names("Ahmad", "Haj-Ahmadi").family) == "hajahmadi"
    surname = parse_names("مهدی", "میرزا پور")
    assert (surname.family, surname.titles, name_key(surname.family)) == ("میرزا پور", (), "میرزاپور")
    assert parse_names("ناشناس", "").is_placeholder


@pytest.mark.parametrize(
    "variants",
    [
        ["Rezaei", "Rezaee", "Rezayi", "Reza'i", "Rezai"],
        ["Ghasem", "Qasem"],
        ["Khosrow", "Xosrow", "Khosrov"],
        ["Djafar", "Jafar", "Dschafar", "Ja'far"],
        ["Fatemeh", "Fateme"],
        ["Nezhad", "Nejad"],
        ["Davood", "Dawood", "Davud"],
        ["Hooshang", "Houshang", "Hushang"],
        ["Alipour", "Ali Pour", "Ali-Pour"],
        ["Gholamreza", "Gholam Reza", "Gholam-Reza"],
        ["Mirzazadeh", "Mirza Zadeh", "Mirza-Zade"],
        ["Mohammad", "Mhd", "Mohd."],
        ["Nematollah", "Nemat Allah", "Nemat-ollah", "Ne'matullah"],
    ],
)
def test_name_key_folds_romanization_habits(variants: list[str]) -> None:
    keys = {name_key(v).replace(" ", "") for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"), [("Hassan", "Hossein"), ("Hosseini", "Hasani"), ("Zahra", "Zohreh"), ("Karimi", "Kazemi")]
)
def test_name_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_part_similarity_contract() -> None:
    keys_a = [name_key("Hossein"), "", name_key("حسین"), name_key("Rezaei")]
    keys_b = [name_key("Husayn"), name_key("Ali"), name_key("Hossein"), name_key("Rezaei")]
    out = part_similarity(keys_a, keys_b)
    assert out.shape == (4,)
    assert np.isnan(out[1])
    assert out[3] == 1.0
    assert np.all((out[~np.isnan(out)] >= 0) & (out[~np.isnan(out)] <= 1))
    assert part_similarity([], []).shape == (0,)


def test_part_similarity_rejects_unequal_lengths() -> None:
    with pytest.raises(ValueError):
        part_similarity(["a"], [])


def test_similarity_many_matches_similarity() -> None:
    a = ["Mohammad Hossein Rezaei", "Kazem Ghasemi", "ناشناس"]
    b = ["محمدحسین رضایی", "Ghasem Kazemi", "ناشناس"]
    many = similarity_many(a, b)
    assert many.shape == (3,)
    assert many[2] == 0.0
    for i in range(3):
        assert similarity(a[i], b[i]) == pytest.approx(max(many[i], similarity_many([b[i]], [a[i]])[0]))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hossein", "Husayn"),
        ("Hossein", "حسین"),
        ("Hosseini", "Husseini"),
        ("Rezaei", "رضایی"),
        ("Mohammad", "Muhammad"),
        ("Fatemeh", "فاطمه"),
        ("Abbas", "عباس"),
        ("Ja'far", "جعفر"),
    ],
)
def test_blocking_keys_keep_variants_together(a: str, b: str) -> None:
    assert set(blocking_keys(name_key(a))) & set(blocking_keys(name_key(b)))


def test_blocking_keys_of_empty_key() -> None:
    assert blocking_keys("") == []


def test_token_frequencies_pool_scripts() -> None:
    keys = [name_key(x) for x in ["Mohammad Ali", "محمد", "Muhammad", "Khorramshahi"]]
    freq = token_frequencies(keys)
    assert freq[name_key("Mohammad")] == pytest.approx(3 / 5)
    assert freq[name_key("محمد")] == freq[name_key("Mohammad")]
    assert freq[name_key("Khorramshahi")] == pytest.approx(1 / 5)
    assert freq[name_key("Khorramshahi")] < freq[name_key("Mohammad")]
    assert token_frequencies([]) == {}


@pytest.mark.parametrize(
    ("written", "family_key"),
    [
        ("AGHA-NIA Ahmad", "aqania"),
        ("MOLLA RAD Chahin", "molarad"),
        ("MIRZA ZADÉ Parviz", "mirzazade"),
        ("MIRZA-RAD Mehdi", "mirzarad"),
    ],
)
def test_a_title_before_a_surname_ending_is_the_surname_first_half(written: str, family_key: str) -> None:
    parsed = parse_name(written)
    assert name_key(parsed.family) == family_key and not parsed.titles
